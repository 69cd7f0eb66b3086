// Live tests: process lifecycle — clone family (parent and child records), execve success from
// sched_process_exec, failed execve/execveat from sys_exit, procexit.
#include <fcntl.h>
#include <linux/sched.h>
#include <sched.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <climits>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>

#include "live_probe_fixture.h"
#include "probe/abi/ppm_codes.h"

namespace peregrine::probe::testing {
namespace {

using ProbeProcTest = LiveProbeTest;

// Waits for `pid` and returns its raw wait status.
int Reap(pid_t pid) {
  int status = 0;
  waitpid(pid, &status, __WALL);
  return status;
}

// The "0::" (cgroup v2) path of process `pid`, from /proc/<pid>/cgroup.
std::string V2CgroupOf(pid_t pid) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/cgroup");
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind("0::", 0) == 0) return line.substr(3);
  }
  return "";
}

// The cgroup v2 mount: /sys/fs/cgroup/unified on hybrid hosts, else /sys/fs/cgroup.
std::string V2Mount() {
  constexpr long kCgroup2Magic = 0x63677270;
  struct statfs fs;
  if (statfs("/sys/fs/cgroup/unified", &fs) == 0 && fs.f_type == kCgroup2Magic) {
    return "/sys/fs/cgroup/unified";
  }
  if (statfs("/sys/fs/cgroup", &fs) == 0 && fs.f_type == kCgroup2Magic) return "/sys/fs/cgroup";
  return "";
}

// Checks the common clone-layout fields of a record made by thread `tid` of process `pid`.
void ExpectCloneBlock(const Captured& r, int64_t res, int tid, int pid, uint32_t ppm_flags) {
  ASSERT_EQ(r.view.nparams(), 21u);
  EXPECT_EQ(r.I64(0), res);
  EXPECT_FALSE(r.Str(1).empty());  // exe = argv[0] of the test binary
  EXPECT_EQ(r.I64(3), tid);
  EXPECT_EQ(r.I64(4), pid);
  EXPECT_TRUE(r.P(6).empty());  // cwd is always empty
  EXPECT_GT(r.I64(7), 0);       // fdlimit
  EXPECT_GT(r.U32(10), 0u);     // vm_size
  EXPECT_EQ(r.Str(13), std::string(r.ctx.comm));
  EXPECT_EQ(r.U32(15), ppm_flags);
  EXPECT_EQ(r.U32(16), geteuid());
  EXPECT_EQ(r.U32(17), getegid());
}

TEST_F(ProbeProcTest, ForkEmitsParentAndChildRecordsAndProcexit) {
  pid_t child = -1;
  std::vector<int> extra;
  int status = 0;
  auto records = Capture(
      {SYS_fork},
      [&] {
        child = static_cast<pid_t>(syscall(SYS_fork));
        if (child == 0) syscall(SYS_exit_group, 7);
        extra.push_back(child);
        status = Reap(child);
      },
      /*procexit=*/true, &extra);
  ASSERT_GT(child, 0);
  EXPECT_EQ(WEXITSTATUS(status), 7);
  std::vector<Captured> forks;
  for (const Captured& c : records) {
    if (c.view.type() == PG_PPME_FORK_X) forks.push_back(c);
  }
  ASSERT_EQ(forks.size(), 2u);
  for (const Captured& f : forks) {
    if (f.view.tid() == static_cast<uint64_t>(gettid())) {
      ExpectCloneBlock(f, child, gettid(), getpid(), 0);
      EXPECT_EQ(f.U64(20), 0u);  // pidns_init_start_ts: 0 in the parent
    } else {
      EXPECT_EQ(f.view.tid(), static_cast<uint64_t>(child));
      ExpectCloneBlock(f, 0, child, child, 0);
      EXPECT_EQ(f.ctx.ppid, static_cast<uint32_t>(getpid()));
      EXPECT_EQ(f.I64(5), getpid());  // ptid
    }
  }
  Captured exit = One(records, PG_PPME_PROCEXIT_E);
  EXPECT_EQ(exit.view.tid(), static_cast<uint64_t>(child));
  EXPECT_EQ(exit.I64(0), 7 << 8);
  EXPECT_EQ(exit.I64(1), 7);
  EXPECT_EQ(exit.U8(2), 0);
  EXPECT_EQ(exit.U8(3), 0);
  EXPECT_EQ(exit.I64(4), 0);  // no children
}

TEST_F(ProbeProcTest, GlibcForkIsCloneWithPpmFlags) {
  pid_t child = -1;
  auto records = Capture({SYS_clone}, [&] {
    child = fork();
    if (child == 0) _exit(0);
    Reap(child);
  });
  ASSERT_GT(child, 0);
  // Only the parent's record is ours (the child's tid is not collected here).
  Captured r = One(records, PG_PPME_CLONE_X);
  ExpectCloneBlock(r, child, gettid(), getpid(),
                   PG_PPM_CL_CLONE_CHILD_CLEARTID | PG_PPM_CL_CLONE_CHILD_SETTID);
}

TEST_F(ProbeProcTest, VforkAndClone3) {
  pid_t vchild = -1, c3child = -1;
  auto records = Capture({SYS_vfork, SYS_clone3}, [&] {
    vchild = vfork();
    if (vchild == 0) _exit(0);
    Reap(vchild);
    clone_args args{};
    args.flags = CLONE_PARENT_SETTID;
    pid_t ptid = 0;
    args.parent_tid = reinterpret_cast<uint64_t>(&ptid);
    args.exit_signal = SIGCHLD;
    c3child = static_cast<pid_t>(syscall(SYS_clone3, &args, sizeof(args)));
    if (c3child == 0) syscall(SYS_exit_group, 0);
    Reap(c3child);
  });
  ASSERT_GT(vchild, 0);
  ASSERT_GT(c3child, 0);
  ExpectCloneBlock(One(records, PG_PPME_VFORK_X), vchild, gettid(), getpid(),
                   PG_PPM_CL_CLONE_VFORK | PG_PPM_CL_CLONE_VM);
  ExpectCloneBlock(One(records, PG_PPME_CLONE3_X), c3child, gettid(), getpid(),
                   PG_PPM_CL_CLONE_PARENT_SETTID);
}

TEST_F(ProbeProcTest, SuccessfulExecveIsReportedFromTheNewImage) {
  pid_t child = -1;
  std::vector<int> extra;
  auto records = Capture(
      {SYS_execve, SYS_fork},
      [&] {
        child = static_cast<pid_t>(syscall(SYS_fork));
        if (child == 0) {
          const char* argv[] = {"/bin/true", "pg-arg1", "second arg", nullptr};
          const char* envp[] = {"PG_TEST=1", "OTHER=x", nullptr};
          syscall(SYS_execve, "/bin/true", argv, envp);
          syscall(SYS_exit_group, 99);
        }
        extra.push_back(child);
        EXPECT_EQ(WEXITSTATUS(Reap(child)), 0);
      },
      false, &extra);
  Captured r = One(records, PG_PPME_EXECVE_X);
  ASSERT_EQ(r.view.nparams(), 31u);
  EXPECT_EQ(r.view.tid(), static_cast<uint64_t>(child));
  EXPECT_EQ(r.I64(0), 0);
  EXPECT_EQ(r.Str(1), "/bin/true");
  EXPECT_EQ(r.Raw(2), std::string("pg-arg1\0second arg\0", 19));
  EXPECT_EQ(r.I64(3), child);
  EXPECT_EQ(r.I64(4), child);
  EXPECT_EQ(r.I64(5), getpid());
  EXPECT_EQ(r.Str(13), "true");
  EXPECT_EQ(std::string(r.ctx.comm), "true");
  // The child ran in this process's cgroup.
  EXPECT_EQ(r.Raw(14), "unified=" + V2CgroupOf(getpid()) + std::string(1, '\0'));
  EXPECT_EQ(r.Raw(15), std::string("PG_TEST=1\0OTHER=x\0", 18));
  EXPECT_EQ(r.U32(19), 0u);  // not from a memfd
  char real[PATH_MAX];
  ASSERT_NE(realpath("/bin/true", real), nullptr);
  struct stat st;
  ASSERT_EQ(stat(real, &st), 0);
  EXPECT_EQ(r.U64(23), st.st_ino);
  EXPECT_EQ(r.U64(25), uint64_t(st.st_mtim.tv_sec) * 1000000000ull + st.st_mtim.tv_nsec);
  EXPECT_EQ(r.U32(26), geteuid());
  EXPECT_EQ(r.Str(27), real);
  EXPECT_EQ(r.U32(29), getegid());
  EXPECT_EQ(r.Str(30), "/bin/true");
  EXPECT_EQ(r.ctx.exe_ino, st.st_ino);
}

TEST_F(ProbeProcTest, FailedExecveCarriesRequestedArgvAndCallerIdentity) {
  const char* argv[] = {"pg-missing", "-x", nullptr};
  const char* envp[] = {"A=1", nullptr};
  auto records = Capture({SYS_execve}, [&] { syscall(SYS_execve, "/nonexistent/pg", argv, envp); });
  Captured r = One(records, PG_PPME_EXECVE_X);
  ASSERT_EQ(r.view.nparams(), 31u);
  EXPECT_EQ(r.I64(0), -ENOENT);
  EXPECT_EQ(r.Str(1), "pg-missing");
  EXPECT_EQ(r.Raw(2), std::string("-x\0", 3));
  EXPECT_EQ(r.I64(3), gettid());
  EXPECT_EQ(r.Raw(15), std::string("A=1\0", 4));
  EXPECT_EQ(r.Str(30), "/nonexistent/pg");
  struct stat st;
  ASSERT_EQ(stat("/proc/self/exe", &st), 0);
  EXPECT_EQ(r.U64(23), st.st_ino);  // the caller's executable
}

TEST_F(ProbeProcTest, FailedExecveatIsCode331WithoutFilename) {
  const char* argv[] = {"pg-at", nullptr};
  const char* envp[] = {nullptr};
  auto records = Capture(
      {SYS_execveat}, [&] { syscall(SYS_execveat, AT_FDCWD, "/nonexistent/pg", argv, envp, 0); });
  Captured r = One(records, PG_PPME_EXECVEAT_X);
  ASSERT_EQ(r.view.nparams(), 30u);
  EXPECT_EQ(r.I64(0), -ENOENT);
  EXPECT_EQ(r.Str(1), "pg-at");
  EXPECT_TRUE(r.P(2).empty());
}

TEST_F(ProbeProcTest, ExecveCarriesTheV2CgroupTheProcessMovedInto) {
  // A container-like nested v2 cgroup: the child moves itself there, then execs; the record's
  // cgroups parameter names it (so a replay on another host finds the container id).
  const std::string mount = V2Mount();
  if (mount.empty()) GTEST_SKIP() << "no cgroup v2 mount";
  const std::string top = "/pg-cgroups-test-" + std::to_string(getpid());
  const std::string leaf = top + "/docker-" + std::string(64, 'a') + ".scope";
  ASSERT_EQ(mkdir((mount + top).c_str(), 0755), 0) << strerror(errno);
  ASSERT_EQ(mkdir((mount + leaf).c_str(), 0755), 0) << strerror(errno);
  const std::string procs = mount + leaf + "/cgroup.procs";
  pid_t child = -1;
  std::vector<int> extra;
  auto records = Capture(
      {SYS_execve, SYS_fork},
      [&] {
        child = static_cast<pid_t>(syscall(SYS_fork));
        if (child == 0) {
          const int fd = open(procs.c_str(), O_WRONLY);
          if (fd < 0 || write(fd, "0", 1) != 1) syscall(SYS_exit_group, 98);
          close(fd);
          const char* argv[] = {"/bin/true", nullptr};
          const char* envp[] = {nullptr};
          syscall(SYS_execve, "/bin/true", argv, envp);
          syscall(SYS_exit_group, 99);
        }
        extra.push_back(child);
        EXPECT_EQ(WEXITSTATUS(Reap(child)), 0);
      },
      false, &extra);
  rmdir((mount + leaf).c_str());
  rmdir((mount + top).c_str());
  Captured r = One(records, PG_PPME_EXECVE_X);
  EXPECT_EQ(r.I64(0), 0);
  EXPECT_EQ(r.Raw(14), "unified=" + leaf + std::string(1, '\0'));
}

TEST_F(ProbeProcTest, ExecFromMemfdIsFlagged) {
  int src = open("/bin/true", O_RDONLY);
  ASSERT_GE(src, 0);
  int mfd = static_cast<int>(syscall(SYS_memfd_create, "pgmem", 0));
  ASSERT_GE(mfd, 0);
  char buf[65536];
  ssize_t n;
  while ((n = read(src, buf, sizeof(buf))) > 0) ASSERT_EQ(write(mfd, buf, n), n);
  close(src);
  pid_t child = -1;
  std::vector<int> extra;
  auto records = Capture(
      {SYS_execveat, SYS_fork},
      [&] {
        child = static_cast<pid_t>(syscall(SYS_fork));
        if (child == 0) {
          const char* argv[] = {"pgmem", nullptr};
          const char* envp[] = {nullptr};
          syscall(SYS_execveat, mfd, "", argv, envp, AT_EMPTY_PATH);
          syscall(SYS_exit_group, 99);
        }
        extra.push_back(child);
        EXPECT_EQ(WEXITSTATUS(Reap(child)), 0);
      },
      false, &extra);
  close(mfd);
  Captured r = One(records, PG_PPME_EXECVE_X);  // successful execveat reports as execve
  EXPECT_EQ(r.I64(0), 0);
  EXPECT_EQ(r.U32(19) & PG_EXE_FROM_MEMFD, uint32_t{PG_EXE_FROM_MEMFD});
  EXPECT_EQ(r.ctx.exe_flags & PG_EXE_FROM_MEMFD, uint32_t{PG_EXE_FROM_MEMFD});
  EXPECT_EQ(r.Str(27), "memfd:pgmem");
}

}  // namespace
}  // namespace peregrine::probe::testing
