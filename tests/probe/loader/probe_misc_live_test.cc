// Live tests: credentials, ptrace, prctl, memfd_create, module loading, mount, userfaultfd.
#include <fcntl.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/ptrace.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <string>

#include "live_probe_fixture.h"
#include "probe/abi/ppm_codes.h"

namespace peregrine::probe::testing {
namespace {

using ProbeMiscTest = LiveProbeTest;

TEST_F(ProbeMiscTest, SetidFamilyStoresArguments) {
  const uid_t uid = geteuid();
  const gid_t gid = getegid();
  // Raw syscalls: glibc's wrappers would repeat them on every thread.
  auto records = Capture(
      {SYS_setuid, SYS_setgid, SYS_setreuid, SYS_setregid, SYS_setresuid, SYS_setresgid}, [&] {
        syscall(SYS_setuid, uid);
        syscall(SYS_setgid, gid);
        syscall(SYS_setreuid, -1, uid);
        syscall(SYS_setregid, gid, -1);
        syscall(SYS_setresuid, -1, uid, -1);
        syscall(SYS_setresgid, -1, -1, gid);
      });
  Captured su = One(records, PG_PPME_SETUID_X);
  EXPECT_EQ(su.I64(0), 0);
  EXPECT_EQ(su.U32(1), uid);
  EXPECT_EQ(One(records, PG_PPME_SETGID_X).U32(1), gid);
  Captured sre = One(records, PG_PPME_SETREUID_X);
  EXPECT_EQ(sre.U32(1), 0xFFFFFFFFu);
  EXPECT_EQ(sre.U32(2), uid);
  Captured srg = One(records, PG_PPME_SETREGID_X);
  EXPECT_EQ(srg.U32(1), gid);
  EXPECT_EQ(srg.U32(2), 0xFFFFFFFFu);
  Captured sres = One(records, PG_PPME_SETRESUID_X);
  ASSERT_EQ(sres.view.nparams(), 4u);
  EXPECT_EQ(sres.U32(1), 0xFFFFFFFFu);
  EXPECT_EQ(sres.U32(2), uid);
  EXPECT_EQ(sres.U32(3), 0xFFFFFFFFu);
  Captured sresg = One(records, PG_PPME_SETRESGID_X);
  EXPECT_EQ(sresg.U32(3), gid);
}

TEST_F(ProbeMiscTest, PtraceRequestIsPpmEncoded) {
  auto records = Capture({SYS_ptrace}, [&] {
    syscall(SYS_ptrace, PTRACE_ATTACH, 0x7ffffff0, 0x1234, 0);
    syscall(SYS_ptrace, PTRACE_CONT, 0x7ffffff0, 0, 9);
  });
  std::vector<Captured> calls;
  for (const Captured& c : records) {
    if (c.view.type() == PG_PPME_PTRACE_X) calls.push_back(c);
  }
  ASSERT_EQ(calls.size(), 2u);
  EXPECT_EQ(calls[0].I64(0), -ESRCH);
  EXPECT_EQ(calls[0].Raw(1), std::string("\0\x34\x12\0\0\0\0\0\0", 9));  // DYN u64 addr
  EXPECT_EQ(calls[0].U16(3), PG_PPM_PTRACE_ATTACH);
  EXPECT_EQ(calls[0].I64(4), 0x7ffffff0);
  EXPECT_EQ(calls[1].Raw(2), std::string("\x01\x09", 2));  // DYN signal for CONT
  EXPECT_EQ(calls[1].U16(3), PG_PPM_PTRACE_CONT);
}

TEST_F(ProbeMiscTest, PrctlNameAndOtherOptions) {
  char old_name[17] = {};
  prctl(PR_GET_NAME, old_name);
  auto records = Capture({SYS_prctl}, [&] {
    prctl(PR_SET_NAME, "pg-prctl");
    prctl(PR_SET_DUMPABLE, 1);
  });
  prctl(PR_SET_NAME, old_name);
  std::vector<Captured> calls;
  for (const Captured& c : records) {
    if (c.view.type() == PG_PPME_PRCTL_X) calls.push_back(c);
  }
  ASSERT_EQ(calls.size(), 2u);
  EXPECT_EQ(calls[0].U32(1), uint32_t{PG_PPM_PR_SET_NAME});
  EXPECT_EQ(calls[0].Str(2), "pg-prctl");
  EXPECT_EQ(calls[0].I64(3), 0);
  EXPECT_EQ(calls[1].U32(1), 4u);  // PR_SET_DUMPABLE
  EXPECT_TRUE(calls[1].P(2).empty());
  EXPECT_EQ(calls[1].I64(3), 1);
}

TEST_F(ProbeMiscTest, MemfdCreate) {
  int fd = -1;
  auto records = Capture({SYS_memfd_create}, [&] {
    fd = static_cast<int>(syscall(SYS_memfd_create, "pg-memfd", 1 /* MFD_CLOEXEC */));
  });
  ASSERT_GE(fd, 0);
  close(fd);
  Captured r = One(records, PG_PPME_MEMFD_CREATE_X);
  EXPECT_EQ(r.I64(0), fd);
  EXPECT_EQ(r.Str(1), "pg-memfd");
  EXPECT_EQ(r.U32(2), uint32_t{PG_PPM_MFD_CLOEXEC});
}

TEST_F(ProbeMiscTest, ModuleLoadingAttempts) {
  const char image[] =
      "\x7f"
      "ELFnot-a-module";
  int devnull = open("/dev/null", O_RDONLY);
  long init_res = 0, finit_res = 0;
  auto records = Capture({SYS_init_module, SYS_finit_module}, [&] {
    init_res = syscall(SYS_init_module, image, sizeof(image), "pg=1");
    finit_res = syscall(SYS_finit_module, devnull, "opt=2", 0);
  });
  close(devnull);
  ASSERT_LT(init_res, 0);
  ASSERT_LT(finit_res, 0);
  Captured im = One(records, PG_PPME_INIT_MODULE_X);
  EXPECT_LT(im.I64(0), 0);
  EXPECT_EQ(im.Raw(1), std::string(image, sizeof(image)));
  EXPECT_EQ(im.U64(2), sizeof(image));
  EXPECT_EQ(im.Str(3), "pg=1");
  Captured fm = One(records, PG_PPME_FINIT_MODULE_X);
  EXPECT_LT(fm.I64(0), 0);
  EXPECT_EQ(fm.I64(1), devnull);
  EXPECT_EQ(fm.Str(2), "opt=2");
  EXPECT_EQ(fm.U32(3), 0u);
}

TEST_F(ProbeMiscTest, MountAndUmount2) {
  auto records = Capture({SYS_mount, SYS_umount2}, [&] {
    syscall(SYS_mount, "pgdev", "/nonexistent/pg-mnt", "tmpfs", 0xC0ED0000 | MS_NOSUID | MS_NODEV,
            nullptr);
    syscall(SYS_umount2, "/nonexistent/pg-mnt", MNT_DETACH);
  });
  Captured m = One(records, PG_PPME_MOUNT_X);
  EXPECT_EQ(m.I64(0), -ENOENT);
  EXPECT_EQ(m.Str(1), "pgdev");
  EXPECT_EQ(m.Str(2), "/nonexistent/pg-mnt");
  EXPECT_EQ(m.Str(3), "tmpfs");
  EXPECT_EQ(m.U32(4), uint32_t{MS_NOSUID | MS_NODEV});  // magic removed
  Captured u = One(records, PG_PPME_UMOUNT2_X);
  EXPECT_EQ(u.I64(0), -ENOENT);
  EXPECT_EQ(u.Str(1), "/nonexistent/pg-mnt");
  EXPECT_EQ(u.U32(2), uint32_t{MNT_DETACH});
}

TEST_F(ProbeMiscTest, Userfaultfd) {
  long fd = -1;
  auto records =
      Capture({SYS_userfaultfd}, [&] { fd = syscall(SYS_userfaultfd, O_CLOEXEC | O_NONBLOCK); });
  if (fd >= 0) close(static_cast<int>(fd));
  Captured r = One(records, PG_PPME_USERFAULTFD_X);
  EXPECT_EQ(r.I64(0), fd >= 0 ? fd : -errno);
  EXPECT_EQ(r.U32(1), uint32_t{PG_PPM_O_CLOEXEC | PG_PPM_O_NONBLOCK});
}

TEST_F(ProbeMiscTest, UnsupportedSyscallIsRejected) {
  absl::Status s = probe_->SetSyscallInterest(SYS_getppid, true);
  EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(s.message().find("no filler"), absl::string_view::npos) << s;
  EXPECT_EQ(probe_->SetInterest({SYS_openat, SYS_getppid}, false).code(),
            absl::StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace peregrine::probe::testing
