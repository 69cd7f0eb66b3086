// Live tests: file syscalls produce scap records with the spec's parameter layouts (§13).
#include <fcntl.h>
#include <linux/openat2.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "live_probe_fixture.h"
#include "probe/abi/ppm_codes.h"

namespace peregrine::probe::testing {
namespace {

class ProbeFileTest : public LiveProbeTest {
 protected:
  void SetUp() override {
    LiveProbeTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    char tmpl[] = "/tmp/pg_probe_test_XXXXXX";
    ASSERT_NE(mkdtemp(tmpl), nullptr);
    dir_ = tmpl;
  }
  void TearDown() override {
    if (!dir_.empty()) std::system(("rm -rf " + dir_).c_str());
  }
  std::string Path(const char* name) const { return dir_ + "/" + name; }
  std::string dir_;
};

int64_t RealtimeNs() {
  timespec now;
  clock_gettime(CLOCK_REALTIME, &now);
  return int64_t(now.tv_sec) * 1000000000 + now.tv_nsec;
}

std::string ReadFirstLine(const std::string& path) {
  std::ifstream in(path);
  std::string line;
  std::getline(in, line);
  return line;
}

// Field `n` (1-based) of /proc/self/stat.
std::string StatField(int n) {
  std::string stat = ReadFirstLine("/proc/self/stat");
  std::string rest = stat.substr(stat.rfind(')') + 2);  // after "pid (comm) "
  std::istringstream in(rest);
  std::string field;
  for (int i = 3; i <= n; ++i) in >> field;
  return field;
}

uint64_t CapEff() {
  std::ifstream in("/proc/self/status");
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind("CapEff:", 0) == 0) return std::stoull(line.substr(7), nullptr, 16);
  }
  return 0;
}

TEST_F(ProbeFileTest, OpenatCreatesFileWithPpmFlagsDevInoAndContext) {
  const std::string path = Path("created");
  int fd = -1;
  int64_t before_ns = 0, after_ns = 0;
  auto records = Capture({SYS_openat}, [&] {
    before_ns = RealtimeNs();
    fd = openat(AT_FDCWD, path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0640);
    after_ns = RealtimeNs();
  });
  ASSERT_GE(fd, 0);
  struct stat st;
  ASSERT_EQ(fstat(fd, &st), 0);
  close(fd);

  Captured r = One(records, PG_PPME_OPENAT_X);
  ASSERT_EQ(r.view.nparams(), 7u);
  EXPECT_EQ(r.I64(0), fd);
  EXPECT_EQ(r.I64(1), AT_FDCWD);
  EXPECT_EQ(r.Str(2), path);
  EXPECT_EQ(r.U32(3), uint32_t{PG_PPM_O_WRONLY | PG_PPM_O_CREAT | PG_PPM_O_EXCL | PG_PPM_O_CLOEXEC |
                               PG_PPM_O_F_CREATED});
  EXPECT_EQ(r.U32(4), 0640u);
  EXPECT_EQ(r.U32(5), static_cast<uint32_t>(st.st_dev));
  EXPECT_EQ(r.U64(6), st.st_ino);

  // Header and process context.
  EXPECT_EQ(r.view.tid(), static_cast<uint64_t>(gettid()));
  // The record's time is the wall clock at the syscall's exit: between the readings around the
  // call, give or take 1 ms for the probe's clock offset (realtime - monotonic, sampled apart).
  const int64_t ts = static_cast<int64_t>(r.view.ts());
  EXPECT_GE(ts, before_ns - 1000000);
  EXPECT_LE(ts, after_ns + 1000000);
  ASSERT_TRUE(r.has_ctx);
  EXPECT_EQ(r.ctx.pid, static_cast<uint32_t>(getpid()));
  EXPECT_EQ(r.ctx.tid, static_cast<uint32_t>(gettid()));
  EXPECT_EQ(r.ctx.ppid, static_cast<uint32_t>(getppid()));
  EXPECT_EQ(r.ctx.uid, getuid());
  EXPECT_EQ(r.ctx.gid, getgid());
  EXPECT_EQ(r.ctx.euid, geteuid());
  EXPECT_EQ(r.ctx.egid, getegid());
  EXPECT_EQ(std::string(r.ctx.comm), ReadFirstLine("/proc/self/comm"));
  EXPECT_EQ(r.ctx.loginuid,
            static_cast<uint32_t>(std::stoul(ReadFirstLine("/proc/self/loginuid"))));
  EXPECT_EQ(r.ctx.tty, std::stoul(StatField(7)));
  EXPECT_EQ(r.ctx.cap_effective, CapEff());
  struct stat ns;
  ASSERT_EQ(stat("/proc/self/ns/mnt", &ns), 0);
  EXPECT_EQ(r.ctx.mntns_ino, ns.st_ino);
  ASSERT_EQ(stat("/proc/self/ns/pid", &ns), 0);
  EXPECT_EQ(r.ctx.pidns_ino, ns.st_ino);
  ASSERT_EQ(stat("/proc/self/exe", &ns), 0);
  EXPECT_EQ(r.ctx.exe_ino, ns.st_ino);
  EXPECT_EQ(r.ctx.exe_flags, 0u);
  // cgroup v2: the id is the inode number of the cgroup's directory.
  std::string cg = ReadFirstLine("/proc/self/cgroup");  // "0::/path"
  if (cg.rfind("0::", 0) == 0 && stat(("/sys/fs/cgroup" + cg.substr(3)).c_str(), &ns) == 0) {
    EXPECT_EQ(r.ctx.cgroup_id, ns.st_ino);
  }
  // Start time: /proc/self/stat field 22 is in clock ticks since boot.
  const uint64_t ticks = std::stoull(StatField(22));
  const uint64_t hz = sysconf(_SC_CLK_TCK);
  EXPECT_EQ(r.ctx.start_time / (1000000000ull / hz), ticks);
}

TEST_F(ProbeFileTest, FailedOpenatCarriesErrnoAndEmptyDevIno) {
  auto records = Capture({SYS_openat}, [&] {
    EXPECT_LT(openat(AT_FDCWD, "/nonexistent/pg/file", O_RDONLY | O_DIRECTORY), 0);
  });
  Captured r = One(records, PG_PPME_OPENAT_X);
  EXPECT_EQ(r.I64(0), -ENOENT);
  EXPECT_EQ(r.Str(2), "/nonexistent/pg/file");
  EXPECT_EQ(r.U32(3), uint32_t{PG_PPM_O_RDONLY | PG_PPM_O_DIRECTORY});
  EXPECT_TRUE(r.P(5).empty());
  EXPECT_TRUE(r.P(6).empty());
}

// The probe copies a record of up to 512 bytes into a 64-byte size class of the ring and a longer
// one through the output helper (probe/bpf/helpers/store.h). Paths of every length from 17 to 600
// bytes put the failed openat records (185 bytes + the path) into every class from 256 bytes up,
// on both sides of each boundary, and past 512: each must arrive whole, in call order.
TEST_F(ProbeFileTest, OpenatRecordsOfEverySizeAcrossRingSizeClassesArriveWhole) {
  std::vector<std::string> paths;
  for (size_t len = 17; len <= 600; ++len) {
    std::string path = "/pg-no-such-dir/";
    while (path.size() < len) path += (path.size() % 100 == 0) ? '/' : char('a' + path.size() % 26);
    paths.push_back(path);
  }
  auto records = Capture({SYS_openat}, [&] {
    for (const std::string& path : paths) EXPECT_LT(openat(AT_FDCWD, path.c_str(), O_RDONLY), 0);
  });
  std::vector<std::string> seen;
  for (const Captured& c : records) {
    if (c.view.type() == PG_PPME_OPENAT_X) seen.push_back(c.Str(2));
  }
  ASSERT_EQ(seen.size(), paths.size());
  for (size_t i = 0; i < paths.size(); ++i) EXPECT_EQ(seen[i], paths[i]);
}

TEST_F(ProbeFileTest, OpenExistingFileIsNotMarkedCreated) {
  int fd = -1;
  auto records = Capture({SYS_open}, [&] {
    fd = static_cast<int>(syscall(SYS_open, "/dev/null", O_RDWR | O_APPEND | O_NONBLOCK));
  });
  ASSERT_GE(fd, 0);
  struct stat st;
  ASSERT_EQ(fstat(fd, &st), 0);
  close(fd);
  Captured r = One(records, PG_PPME_OPEN_X);
  ASSERT_EQ(r.view.nparams(), 6u);
  EXPECT_EQ(r.I64(0), fd);
  EXPECT_EQ(r.Str(1), "/dev/null");
  EXPECT_EQ(r.U32(2), uint32_t{PG_PPM_O_RDWR | PG_PPM_O_APPEND | PG_PPM_O_NONBLOCK});
  EXPECT_EQ(r.U32(4), static_cast<uint32_t>(st.st_dev));
  EXPECT_EQ(r.U64(5), st.st_ino);
}

TEST_F(ProbeFileTest, Creat) {
  const std::string path = Path("creat");
  int fd = -1;
  auto records = Capture({SYS_creat}, [&] { fd = creat(path.c_str(), 0600); });
  ASSERT_GE(fd, 0);
  struct stat st;
  ASSERT_EQ(fstat(fd, &st), 0);
  close(fd);
  Captured r = One(records, PG_PPME_CREAT_X);
  ASSERT_EQ(r.view.nparams(), 6u);
  EXPECT_EQ(r.I64(0), fd);
  EXPECT_EQ(r.Str(1), path);
  EXPECT_EQ(r.U32(2), 0600u);
  EXPECT_EQ(r.U32(3), static_cast<uint32_t>(st.st_dev));
  EXPECT_EQ(r.U64(4), st.st_ino);
  EXPECT_EQ(r.U16(5), 0u);
}

TEST_F(ProbeFileTest, Openat2ReadsOpenHow) {
  const std::string path = Path("o2");
  open_how how{};
  how.flags = O_RDWR | O_CREAT | O_TRUNC;
  how.mode = 0604;
  how.resolve = RESOLVE_NO_SYMLINKS | RESOLVE_BENEATH;
  int dirfd = open(dir_.c_str(), O_RDONLY | O_DIRECTORY);
  ASSERT_GE(dirfd, 0);
  int fd = -1;
  auto records = Capture({SYS_openat2}, [&] {
    fd = static_cast<int>(syscall(SYS_openat2, dirfd, "o2", &how, sizeof(how)));
  });
  ASSERT_GE(fd, 0) << strerror(errno);
  struct stat st;
  ASSERT_EQ(fstat(fd, &st), 0);
  close(fd);
  close(dirfd);
  Captured r = One(records, PG_PPME_OPENAT2_X);
  ASSERT_EQ(r.view.nparams(), 8u);
  EXPECT_EQ(r.I64(0), fd);
  EXPECT_EQ(r.I64(1), dirfd);
  EXPECT_EQ(r.Str(2), "o2");
  EXPECT_EQ(r.U32(3),
            uint32_t{PG_PPM_O_RDWR | PG_PPM_O_CREAT | PG_PPM_O_TRUNC | PG_PPM_O_F_CREATED});
  EXPECT_EQ(r.U32(4), 0604u);
  EXPECT_EQ(r.U32(5), uint32_t{PG_PPM_RESOLVE_NO_SYMLINKS | PG_PPM_RESOLVE_BENEATH});
  EXPECT_EQ(r.U32(6), static_cast<uint32_t>(st.st_dev));
  EXPECT_EQ(r.U64(7), st.st_ino);
}

TEST_F(ProbeFileTest, CloseAndDupFamily) {
  int fd = open("/dev/null", O_RDONLY);
  ASSERT_GE(fd, 0);
  int d1 = -1, d2 = -1, d3 = -1;
  auto records = Capture({SYS_dup, SYS_dup2, SYS_dup3, SYS_close}, [&] {
    d1 = static_cast<int>(syscall(SYS_dup, fd));
    d2 = static_cast<int>(syscall(SYS_dup2, fd, 90));
    d3 = static_cast<int>(syscall(SYS_dup3, fd, 91, O_CLOEXEC));
    syscall(SYS_close, d1);
    syscall(SYS_close, 12345);
  });
  close(fd);
  close(d2);
  close(d3);
  Captured dup = One(records, PG_PPME_DUP_X);
  EXPECT_EQ(dup.I64(0), d1);
  EXPECT_EQ(dup.I64(1), fd);
  Captured dup2 = One(records, PG_PPME_DUP2_X);
  EXPECT_EQ(dup2.I64(0), 90);
  EXPECT_EQ(dup2.I64(1), fd);
  EXPECT_EQ(dup2.I64(2), 90);
  Captured dup3 = One(records, PG_PPME_DUP3_X);
  EXPECT_EQ(dup3.I64(0), 91);
  EXPECT_EQ(dup3.I64(2), 91);
  EXPECT_EQ(dup3.U32(3), uint32_t{PG_PPM_O_CLOEXEC});
  int closes = 0;
  for (const Captured& c : records) {
    if (c.view.type() != PG_PPME_CLOSE_X) continue;
    ++closes;
    if (c.I64(1) == d1) {
      EXPECT_EQ(c.I64(0), 0);
    } else {
      EXPECT_EQ(c.I64(1), 12345);
      EXPECT_EQ(c.I64(0), -EBADF);
    }
  }
  EXPECT_EQ(closes, 2);
}

TEST_F(ProbeFileTest, UnlinkRenameMkdirRmdir) {
  const std::string a = Path("a"), b = Path("b"), c = Path("c"), d = Path("d");
  close(creat(a.c_str(), 0600));
  int dirfd = open(dir_.c_str(), O_RDONLY | O_DIRECTORY);
  auto records =
      Capture({SYS_rename, SYS_renameat, SYS_renameat2, SYS_unlink, SYS_unlinkat, SYS_mkdir,
               SYS_mkdirat, SYS_rmdir},
              [&] {
                syscall(SYS_rename, a.c_str(), b.c_str());
                syscall(SYS_renameat, dirfd, "b", AT_FDCWD, c.c_str());
                syscall(SYS_renameat2, AT_FDCWD, c.c_str(), dirfd, "a", RENAME_NOREPLACE);
                syscall(SYS_unlink, a.c_str());
                syscall(SYS_mkdir, d.c_str(), 0711);
                syscall(SYS_rmdir, d.c_str());
                syscall(SYS_mkdirat, dirfd, "e", 0700);
                syscall(SYS_unlinkat, dirfd, "e", AT_REMOVEDIR);
              });
  close(dirfd);
  Captured rn = One(records, PG_PPME_RENAME_X);
  EXPECT_EQ(rn.I64(0), 0);
  EXPECT_EQ(rn.Str(1), a);
  EXPECT_EQ(rn.Str(2), b);
  Captured rat = One(records, PG_PPME_RENAMEAT_X);
  EXPECT_EQ(rat.I64(0), 0);
  EXPECT_EQ(rat.I64(1), dirfd);
  EXPECT_EQ(rat.Str(2), "b");
  EXPECT_EQ(rat.I64(3), AT_FDCWD);
  EXPECT_EQ(rat.Str(4), c);
  Captured r2 = One(records, PG_PPME_RENAMEAT2_X);
  EXPECT_EQ(r2.I64(0), 0);
  EXPECT_EQ(r2.I64(3), dirfd);
  EXPECT_EQ(r2.Str(4), "a");
  EXPECT_EQ(r2.U32(5), 1u);  // RENAME_NOREPLACE
  Captured ul = One(records, PG_PPME_UNLINK_X);
  EXPECT_EQ(ul.I64(0), 0);
  EXPECT_EQ(ul.Str(1), a);
  Captured mk = One(records, PG_PPME_MKDIR_X);
  EXPECT_EQ(mk.I64(0), 0);
  EXPECT_EQ(mk.Str(1), d);
  EXPECT_EQ(mk.U32(2), 0711u);
  Captured rm = One(records, PG_PPME_RMDIR_X);
  EXPECT_EQ(rm.I64(0), 0);
  EXPECT_EQ(rm.Str(1), d);
  Captured mkat = One(records, PG_PPME_MKDIRAT_X);
  EXPECT_EQ(mkat.I64(1), dirfd);
  EXPECT_EQ(mkat.Str(2), "e");
  EXPECT_EQ(mkat.U32(3), 0700u);
  Captured ulat = One(records, PG_PPME_UNLINKAT_X);
  EXPECT_EQ(ulat.I64(0), 0);
  EXPECT_EQ(ulat.Str(2), "e");
  EXPECT_EQ(ulat.U32(3), uint32_t{PG_PPM_AT_REMOVEDIR});
}

TEST_F(ProbeFileTest, SymlinkLinkChmod) {
  const std::string target = Path("t"), sl = Path("sl"), hl = Path("hl");
  close(creat(target.c_str(), 0600));
  int dirfd = open(dir_.c_str(), O_RDONLY | O_DIRECTORY);
  int fd = open(target.c_str(), O_RDONLY);
  auto records = Capture(
      {SYS_symlink, SYS_symlinkat, SYS_link, SYS_linkat, SYS_chmod, SYS_fchmod, SYS_fchmodat}, [&] {
        syscall(SYS_symlink, "t", sl.c_str());
        syscall(SYS_symlinkat, "/etc/passwd", dirfd, "sl2");
        syscall(SYS_link, target.c_str(), hl.c_str());
        syscall(SYS_linkat, dirfd, "t", AT_FDCWD, Path("hl2").c_str(), AT_SYMLINK_FOLLOW);
        syscall(SYS_chmod, target.c_str(), 04755);
        syscall(SYS_fchmod, fd, 0644);
        syscall(SYS_fchmodat, dirfd, "t", 0400);
      });
  close(fd);
  close(dirfd);
  Captured s = One(records, PG_PPME_SYMLINK_X);
  EXPECT_EQ(s.I64(0), 0);
  EXPECT_EQ(s.Str(1), "t");
  EXPECT_EQ(s.Str(2), sl);
  Captured sat = One(records, PG_PPME_SYMLINKAT_X);
  EXPECT_EQ(sat.Str(1), "/etc/passwd");
  EXPECT_EQ(sat.I64(2), dirfd);
  EXPECT_EQ(sat.Str(3), "sl2");
  Captured l = One(records, PG_PPME_LINK_X);
  EXPECT_EQ(l.I64(0), 0);
  EXPECT_EQ(l.Str(1), target);
  EXPECT_EQ(l.Str(2), hl);
  Captured lat = One(records, PG_PPME_LINKAT_X);
  EXPECT_EQ(lat.I64(0), 0);
  EXPECT_EQ(lat.I64(1), dirfd);
  EXPECT_EQ(lat.Str(2), "t");
  EXPECT_EQ(lat.I64(3), AT_FDCWD);
  EXPECT_EQ(lat.Str(4), Path("hl2"));
  EXPECT_EQ(lat.U32(5), uint32_t{PG_PPM_AT_SYMLINK_FOLLOW});
  Captured ch = One(records, PG_PPME_CHMOD_X);
  EXPECT_EQ(ch.I64(0), 0);
  EXPECT_EQ(ch.Str(1), target);
  EXPECT_EQ(ch.U32(2), 04755u);
  Captured fch = One(records, PG_PPME_FCHMOD_X);
  EXPECT_EQ(fch.I64(1), fd);
  EXPECT_EQ(fch.U32(2), 0644u);
  Captured fchat = One(records, PG_PPME_FCHMODAT_X);
  EXPECT_EQ(fchat.I64(1), dirfd);
  EXPECT_EQ(fchat.Str(2), "t");
  EXPECT_EQ(fchat.U32(3), 0400u);
}

TEST_F(ProbeFileTest, UninterestingSyscallsProduceNoRecord) {
  auto records = Capture({}, [&] {
    for (int i = 0; i < 100; ++i) {
      getppid();
      close(open("/dev/null", O_RDONLY));
    }
  });
  EXPECT_TRUE(records.empty()) << records.size() << " records, first type "
                               << records.front().view.type();
  // Marked openat only: the closes and getppids stay out.
  records = Capture({SYS_openat}, [&] {
    getppid();
    close(openat(AT_FDCWD, "/dev/null", O_RDONLY));
  });
  ASSERT_EQ(records.size(), 1u);
  EXPECT_EQ(records[0].view.type(), PG_PPME_OPENAT_X);
}

}  // namespace
}  // namespace peregrine::probe::testing
