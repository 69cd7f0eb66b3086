#include "runtime/live/proc_scanner.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <string>

#include "gtest/gtest.h"

namespace peregrine::runtime::live {
namespace {

using probe::scap::FdInfo;
using probe::scap::FdType;

TEST(ProcScannerTest, ScansThisProcessThreadIdentityAndFds) {
  const int file = open("/etc/hostname", O_RDONLY);
  ASSERT_GE(file, 0);
  const int listener = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ASSERT_EQ(bind(listener, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)), 0);
  ASSERT_EQ(listen(listener, 1), 0);
  socklen_t len = sizeof(addr);
  getsockname(listener, reinterpret_cast<sockaddr*>(&addr), &len);
  int pipefd[2];
  ASSERT_EQ(pipe(pipefd), 0);

  auto tables = ProcScanner().ScanAll();
  ASSERT_TRUE(tables.ok()) << tables.status();
  const int64_t pid = getpid();
  auto t = std::find_if(tables->threads.begin(), tables->threads.end(),
                        [&](const auto& x) { return x.tid == pid; });
  ASSERT_NE(t, tables->threads.end());
  EXPECT_EQ(t->pid, pid);
  EXPECT_EQ(t->ptid, getppid());
  EXPECT_EQ(t->uid, geteuid());
  char exe[4096] = {};
  ASSERT_GT(readlink("/proc/self/exe", exe, sizeof(exe) - 1), 0);
  EXPECT_EQ(t->exepath, exe);
  EXPECT_EQ(t->comm, std::string(exe).substr(std::string(exe).rfind('/') + 1, 15));
  char cwd[4096];
  ASSERT_NE(getcwd(cwd, sizeof(cwd)), nullptr);
  EXPECT_EQ(t->cwd, cwd);
  EXPECT_FALSE(t->cgroups.empty());
  EXPECT_TRUE(t->IsMainThread());
  EXPECT_FALSE(tables->users.empty());
  EXPECT_TRUE(tables->machine_info.present);
  EXPECT_GT(tables->machine_info.num_cpus, 0u);

  auto fd_of = [&](int num) -> const FdInfo* {
    for (const FdInfo& f : tables->fds) {
      if (f.tid == pid && f.fd == num) return &f;
    }
    return nullptr;
  };
  const FdInfo* f = fd_of(file);
  ASSERT_NE(f, nullptr);
  EXPECT_EQ(f->type, FdType::kFile);
  EXPECT_EQ(f->name, "/etc/hostname");
  const FdInfo* s = fd_of(listener);
  ASSERT_NE(s, nullptr);
  EXPECT_EQ(s->type, FdType::kIpv4ServSock);
  EXPECT_EQ(s->l4proto, 2);
  EXPECT_EQ(s->src_port, ntohs(addr.sin_port));
  EXPECT_EQ(s->src_addr[0], 127);
  EXPECT_EQ(s->src_addr[3], 1);
  const FdInfo* p = fd_of(pipefd[0]);
  ASSERT_NE(p, nullptr);
  EXPECT_EQ(p->type, FdType::kFifo);
  close(file);
  close(listener);
  close(pipefd[0]);
  close(pipefd[1]);
}

TEST(ProcScannerTest, MissingThreadAndProcRootAreReported) {
  probe::scap::ThreadInfo t;
  EXPECT_FALSE(ProcScanner().ScanThread(1 << 30, 1 << 30, &t));
  auto tables = ProcScanner(ProcScanOptions{.proc_root = "/nonexistent/proc"}).ScanAll();
  EXPECT_FALSE(tables.ok());
}

}  // namespace
}  // namespace peregrine::runtime::live
