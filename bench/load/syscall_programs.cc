#include "bench/load/syscall_programs.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <string>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"

namespace peregrine::bench::load {
namespace {

int OpenCloseLoop(uint64_t n) {
  for (uint64_t i = 0; i < n; ++i) {
    const int fd = open("/etc/hostname", O_RDONLY | O_CLOEXEC);
    if (fd < 0) return 1;
    close(fd);
  }
  return 0;
}

// Client side in this process, an echo server in a child.
int LoopbackEcho(uint64_t n) {
  const int l = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof(addr);
  if (l < 0 || bind(l, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) != 0 ||
      listen(l, 1) != 0 || getsockname(l, reinterpret_cast<sockaddr*>(&addr), &len) != 0) {
    return 2;
  }
  const pid_t server = fork();
  if (server < 0) return 3;
  if (server == 0) {
    const int c = accept(l, nullptr, nullptr);
    if (c < 0) _exit(4);
    char b = 0;
    while (read(c, &b, 1) == 1) {
      if (write(c, &b, 1) != 1) _exit(5);
    }
    _exit(0);
  }
  close(l);
  const int s = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  const int one = 1;
  setsockopt(s, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
  int rc = 0;
  if (s < 0 || connect(s, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) != 0) {
    rc = 6;
  } else {
    char b = 'x';
    for (uint64_t i = 0; i < n && rc == 0; ++i) {
      if (write(s, &b, 1) != 1 || read(s, &b, 1) != 1) rc = 7;
    }
    close(s);
  }
  int ws = 0;
  waitpid(server, &ws, 0);
  if (rc == 0 && !(WIFEXITED(ws) && WEXITSTATUS(ws) == 0)) rc = 8;
  return rc;
}

}  // namespace

const char* SyscallProgramName(SyscallProgram program) {
  switch (program) {
    case SyscallProgram::kDd:
      return "dd";
    case SyscallProgram::kOpenClose:
      return "open_close";
    case SyscallProgram::kLoopbackEcho:
      return "loopback_echo";
  }
  return "?";
}

absl::StatusOr<double> TimeProgram(SyscallProgram program, uint64_t iterations) {
  const std::string count = absl::StrCat("count=", iterations);
  const auto start = std::chrono::steady_clock::now();
  const pid_t pid = fork();
  if (pid < 0) return absl::InternalError(absl::StrCat("fork: ", std::strerror(errno)));
  if (pid == 0) {
    prctl(PR_SET_PDEATHSIG, SIGKILL);
    switch (program) {
      case SyscallProgram::kDd: {
        const char* argv[] = {"dd",          "if=/dev/zero", "of=/dev/null", "bs=512",
                              count.c_str(), "status=none",  nullptr};
        execvp("dd", const_cast<char* const*>(argv));
        _exit(127);
      }
      case SyscallProgram::kOpenClose:
        _exit(OpenCloseLoop(iterations));
      case SyscallProgram::kLoopbackEcho:
        _exit(LoopbackEcho(iterations));
    }
    _exit(126);
  }
  int ws = 0;
  while (waitpid(pid, &ws, 0) < 0 && errno == EINTR) {
  }
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  if (!WIFEXITED(ws) || WEXITSTATUS(ws) != 0) {
    return absl::InternalError(absl::StrCat(SyscallProgramName(program), " failed (status ",
                                            WIFEXITED(ws) ? WEXITSTATUS(ws) : -1, ")"));
  }
  return seconds;
}

}  // namespace peregrine::bench::load
