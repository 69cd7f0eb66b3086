// Live tests: the fd-table and working-directory fillers (fcntl, pipe, pipe2, chdir, fchdir)
// produce scap records with the current layouts of scap-format Appendix A.
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <string>

#include "live_probe_fixture.h"
#include "probe/abi/ppm_codes.h"

namespace peregrine::probe::testing {
namespace {

class ProbeFdTest : public LiveProbeTest {};

TEST_F(ProbeFdTest, FcntlDupfdCloexecCarriesNewFdCommandAndArgument) {
  const int fd = open("/dev/null", O_RDONLY);
  ASSERT_GE(fd, 0);
  int dup_fd = -1;
  auto records = Capture({SYS_fcntl}, [&] { dup_fd = fcntl(fd, F_DUPFD_CLOEXEC, 100); });
  ASSERT_GE(dup_fd, 100);
  close(dup_fd);
  close(fd);
  Captured r = One(records, PG_PPME_FCNTL_X);
  ASSERT_EQ(r.view.nparams(), 4u);
  EXPECT_EQ(r.I64(0), dup_fd);
  EXPECT_EQ(r.I64(1), fd);
  EXPECT_EQ(r.U8(2), PG_PPM_F_DUPFD_CLOEXEC);
  EXPECT_EQ(r.U64(3), 100u);
  ASSERT_TRUE(r.has_ctx);
  EXPECT_EQ(r.ctx.tid, static_cast<uint32_t>(gettid()));
}

TEST_F(ProbeFdTest, FcntlCommandsMapToThePpmTable) {
  const int fd = open("/dev/null", O_RDONLY);
  ASSERT_GE(fd, 0);
  int dupfd = -1;
  int seal_errno = 0;
  auto records = Capture({SYS_fcntl}, [&] {
    dupfd = fcntl(fd, F_DUPFD, 0);
    fcntl(fd, F_SETFD, FD_CLOEXEC);
    fcntl(fd, F_GETFL);
    fcntl(fd, F_SETFL, O_NONBLOCK);
    // Not in the PPM table: UNKNOWN; it fails on /dev/null (not a memfd).
    if (fcntl(fd, F_ADD_SEALS, 0) != 0) seal_errno = errno;
  });
  ASSERT_NE(seal_errno, 0);
  ASSERT_GE(dupfd, 0);
  close(dupfd);
  close(fd);
  ASSERT_EQ(records.size(), 5u);
  EXPECT_EQ(records[0].U8(2), PG_PPM_F_DUPFD);
  EXPECT_EQ(records[0].I64(0), dupfd);
  EXPECT_EQ(records[1].U8(2), PG_PPM_F_SETFD);
  EXPECT_EQ(records[1].U64(3), static_cast<uint64_t>(FD_CLOEXEC));
  EXPECT_EQ(records[1].I64(0), 0);
  EXPECT_EQ(records[2].U8(2), PG_PPM_F_GETFL);
  EXPECT_EQ(records[3].U8(2), PG_PPM_F_SETFL);
  EXPECT_EQ(records[3].U64(3), static_cast<uint64_t>(O_NONBLOCK));
  EXPECT_EQ(records[4].U8(2), PG_PPM_FCNTL_UNKNOWN);
  EXPECT_EQ(records[4].I64(0), -seal_errno);
  for (const Captured& c : records) EXPECT_EQ(c.I64(1), fd);
}

TEST_F(ProbeFdTest, PipeCarriesBothEndsAndTheInode) {
  int fds[2] = {-1, -1};
  auto records = Capture({SYS_pipe}, [&] { ASSERT_EQ(syscall(SYS_pipe, fds), 0); });
  struct stat st;
  ASSERT_EQ(fstat(fds[0], &st), 0);
  close(fds[0]);
  close(fds[1]);
  Captured r = One(records, PG_PPME_PIPE_X);
  ASSERT_EQ(r.view.nparams(), 4u);
  EXPECT_EQ(r.I64(0), 0);
  EXPECT_EQ(r.I64(1), fds[0]);
  EXPECT_EQ(r.I64(2), fds[1]);
  EXPECT_EQ(r.U64(3), st.st_ino);
}

TEST_F(ProbeFdTest, Pipe2CarriesFlagsWithoutAccessMode) {
  int fds[2] = {-1, -1};
  auto records = Capture({SYS_pipe2}, [&] { ASSERT_EQ(pipe2(fds, O_CLOEXEC | O_NONBLOCK), 0); });
  struct stat st;
  ASSERT_EQ(fstat(fds[1], &st), 0);
  close(fds[0]);
  close(fds[1]);
  Captured r = One(records, PG_PPME_PIPE2_X);
  ASSERT_EQ(r.view.nparams(), 5u);
  EXPECT_EQ(r.I64(0), 0);
  EXPECT_EQ(r.I64(1), fds[0]);
  EXPECT_EQ(r.I64(2), fds[1]);
  EXPECT_EQ(r.U64(3), st.st_ino);
  EXPECT_EQ(r.U32(4), uint32_t{PG_PPM_O_CLOEXEC | PG_PPM_O_NONBLOCK});
}

TEST_F(ProbeFdTest, FailedPipe2HasNoFds) {
  auto records = Capture({SYS_pipe2}, [&] {
    EXPECT_NE(syscall(SYS_pipe2, nullptr, 0), 0);  // EFAULT
  });
  Captured r = One(records, PG_PPME_PIPE2_X);
  EXPECT_EQ(r.I64(0), -EFAULT);
  EXPECT_EQ(r.I64(1), -1);
  EXPECT_EQ(r.I64(2), -1);
  EXPECT_EQ(r.U64(3), 0u);
}

class ProbeCwdTest : public LiveProbeTest {
 protected:
  void SetUp() override {
    LiveProbeTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    char cwd[4096];
    ASSERT_NE(getcwd(cwd, sizeof(cwd)), nullptr);
    old_cwd_ = cwd;
    char tmpl[] = "/tmp/pg_probe_cwd_XXXXXX";
    ASSERT_NE(mkdtemp(tmpl), nullptr);
    dir_ = tmpl;
    ASSERT_EQ(mkdir((dir_ + "/sub").c_str(), 0755), 0);
  }
  void TearDown() override {
    if (!old_cwd_.empty()) {
      EXPECT_EQ(chdir(old_cwd_.c_str()), 0);
    }
    if (!dir_.empty()) std::system(("rm -rf " + dir_).c_str());
  }
  std::string old_cwd_;
  std::string dir_;
};

TEST_F(ProbeCwdTest, ChdirCarriesThePathAsPassed) {
  ASSERT_EQ(chdir(dir_.c_str()), 0);
  auto records = Capture({SYS_chdir}, [&] {
    EXPECT_EQ(chdir("sub"), 0);
    EXPECT_NE(chdir("missing"), 0);
  });
  ASSERT_EQ(records.size(), 2u);
  EXPECT_EQ(records[0].view.type(), PG_PPME_CHDIR_X);
  ASSERT_EQ(records[0].view.nparams(), 2u);
  EXPECT_EQ(records[0].I64(0), 0);
  EXPECT_EQ(records[0].Str(1), "sub");
  EXPECT_EQ(records[1].I64(0), -ENOENT);
  EXPECT_EQ(records[1].Str(1), "missing");
}

TEST_F(ProbeCwdTest, FchdirCarriesTheFd) {
  const int dirfd = open(dir_.c_str(), O_RDONLY | O_DIRECTORY);
  ASSERT_GE(dirfd, 0);
  auto records = Capture({SYS_fchdir}, [&] {
    EXPECT_EQ(fchdir(dirfd), 0);
    EXPECT_NE(fchdir(-1), 0);
  });
  close(dirfd);
  ASSERT_EQ(records.size(), 2u);
  EXPECT_EQ(records[0].view.type(), PG_PPME_FCHDIR_X);
  ASSERT_EQ(records[0].view.nparams(), 2u);
  EXPECT_EQ(records[0].I64(0), 0);
  EXPECT_EQ(records[0].I64(1), dirfd);
  EXPECT_EQ(records[1].I64(0), -EBADF);
  EXPECT_EQ(records[1].I64(1), -1);
}

}  // namespace
}  // namespace peregrine::probe::testing
