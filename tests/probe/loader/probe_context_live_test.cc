// The process context the probe puts in every record, read from the task by the kernel: the ids
// a process has in its own pid namespace (vpid, vtid) and that namespace, for a process on the
// host and for a thread of a process in a nested pid namespace (a container's processes).
#include <fcntl.h>
#include <sched.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include <cstdlib>
#include <string>
#include <thread>

#include "probe/abi/ppm_codes.h"
#include "tests/probe/loader/live_probe_fixture.h"

namespace peregrine::probe::testing {
namespace {

class ProbeContextTest : public LiveProbeTest {};

TEST_F(ProbeContextTest, HostProcessSeesItsOwnIds) {
  auto records = Capture({SYS_openat}, [] { close(open("/dev/null", O_RDONLY)); });
  Captured r = One(records, PG_PPME_OPENAT_X);
  ASSERT_TRUE(r.has_ctx);
  // The test runs in the host's pid namespace (level 0): virtual ids equal the real ones.
  EXPECT_EQ(r.ctx.vpid, static_cast<uint32_t>(getpid()));
  EXPECT_EQ(r.ctx.vtid, static_cast<uint32_t>(gettid()));
}

// What a thread in a nested pid namespace reports about itself through the pipe.
struct NestedIds {
  int host_pid = 0, host_tid = 0;  // from /proc/thread-self, which the host's /proc resolves
  int ns_pid = 0, ns_tid = 0;      // getpid()/gettid() inside the namespace
  uint64_t pidns_ino = 0;
};

// In a grandchild that is pid 1 of a new pid namespace, a second thread opens /dev/null after
// writing its ids to `fd`. Returns false when the namespace cannot be made.
bool RunInNestedPidNamespace(int fd) {
  const pid_t child = fork();
  if (child == 0) {
    if (unshare(CLONE_NEWPID) != 0) _exit(3);
    const pid_t grandchild = fork();
    if (grandchild == 0) {
      std::thread worker([fd] {
        NestedIds ids;
        char link[64] = {};
        if (readlink("/proc/thread-self", link, sizeof(link) - 1) <= 0) _exit(4);
        if (std::sscanf(link, "%d/task/%d", &ids.host_pid, &ids.host_tid) != 2) _exit(5);
        ids.ns_pid = getpid();
        ids.ns_tid = gettid();
        struct stat st;
        if (stat("/proc/thread-self/ns/pid", &st) != 0) _exit(6);
        ids.pidns_ino = st.st_ino;
        if (write(fd, &ids, sizeof(ids)) != sizeof(ids)) _exit(7);
        close(open("/dev/null", O_RDONLY));
      });
      worker.join();
      _exit(0);
    }
    int status = 0;
    if (grandchild < 0 || waitpid(grandchild, &status, 0) != grandchild) _exit(8);
    _exit(WIFEXITED(status) ? WEXITSTATUS(status) : 9);
  }
  int status = 0;
  return child > 0 && waitpid(child, &status, 0) == child && WIFEXITED(status) &&
         WEXITSTATUS(status) == 0;
}

TEST_F(ProbeContextTest, ThreadInNestedPidNamespaceSeesNamespaceIds) {
  int pipe_fds[2];
  ASSERT_EQ(pipe(pipe_fds), 0);
  NestedIds ids;
  std::vector<int> tids;
  bool ran = false;
  auto records = Capture(
      {SYS_openat},
      [&] {
        ran = RunInNestedPidNamespace(pipe_fds[1]);
        if (ran && read(pipe_fds[0], &ids, sizeof(ids)) == sizeof(ids)) {
          tids.push_back(ids.host_tid);
        }
      },
      false, &tids);
  close(pipe_fds[0]);
  close(pipe_fds[1]);
  ASSERT_TRUE(ran) << "could not run a process in a new pid namespace";
  ASSERT_EQ(tids.size(), 1u) << "the nested thread did not report its ids";
  ASSERT_EQ(ids.ns_pid, 1) << "the grandchild is the namespace's init";
  ASSERT_NE(ids.ns_tid, ids.ns_pid) << "the worker is not the leader";

  Captured r;
  bool found = false;
  for (const Captured& c : records) {
    if (c.view.type() == PG_PPME_OPENAT_X && c.view.tid() == uint64_t(ids.host_tid)) {
      r = c;
      found = true;
    }
  }
  ASSERT_TRUE(found) << "no openat record from the nested thread";
  ASSERT_TRUE(r.has_ctx);
  EXPECT_EQ(r.ctx.pid, static_cast<uint32_t>(ids.host_pid));
  EXPECT_EQ(r.ctx.tid, static_cast<uint32_t>(ids.host_tid));
  EXPECT_EQ(r.ctx.vpid, static_cast<uint32_t>(ids.ns_pid));
  EXPECT_EQ(r.ctx.vtid, static_cast<uint32_t>(ids.ns_tid));
  EXPECT_EQ(r.ctx.pidns_ino, ids.pidns_ino);
  struct stat host_ns;
  ASSERT_EQ(stat("/proc/self/ns/pid", &host_ns), 0);
  EXPECT_NE(r.ctx.pidns_ino, static_cast<uint64_t>(host_ns.st_ino)) << "not the host namespace";
}

}  // namespace
}  // namespace peregrine::probe::testing
