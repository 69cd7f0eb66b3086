// Path approvers in the kernel: with patterns installed for openat/open/creat/openat2, an open of
// a checkable path that matches none is dropped and counted; matching paths, relative and
// non-canonical paths, directories and (without a failure entry) failed calls are delivered.
#include <fcntl.h>
#include <linux/openat2.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cstdlib>
#include <string>
#include <vector>

#include "probe/abi/path_approver.h"
#include "probe/abi/ppm_codes.h"
#include "tests/probe/loader/live_probe_fixture.h"

namespace peregrine::probe::testing {
namespace {

class PathApproverLiveTest : public LiveProbeTest {
 protected:
  void SetUp() override {
    LiveProbeTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    char tmpl[] = "/tmp/pg_pa_XXXXXX";
    ASSERT_NE(mkdtemp(tmpl), nullptr);
    dir_ = tmpl;
    // A file the patterns keep and one they do not.
    for (const char* name : {"/keep_me", "/drop_me", "/.dot_drop", "/a..b", "/..."}) {
      int fd = open((dir_ + name).c_str(), O_CREAT | O_WRONLY, 0600);
      ASSERT_GE(fd, 0);
      close(fd);
    }
  }
  void TearDown() override {
    if (probe_ != nullptr) {
      EXPECT_TRUE(probe_->SetPathApprovers({}).ok());
    }
    if (!dir_.empty()) {
      unlink((dir_ + "/keep_me").c_str());
      unlink((dir_ + "/drop_me").c_str());
      unlink((dir_ + "/created").c_str());
      for (const char* name : {"/.dot_drop", "/a..b", "/..."}) unlink((dir_ + name).c_str());
      rmdir(dir_.c_str());
    }
  }

  // Installs, for successful calls of `nr`: keep paths ending in "keep_me" or equal to
  // /etc/hostname.
  void Install(int nr, bool failed_calls = false) {
    PathApproverEntry e;
    e.syscall_nr = nr;
    e.failed_calls = failed_calls;
    e.patterns = {{PG_PATH_SUFFIX, "keep_me"}, {PG_PATH_EXACT, "/etc/hostname"}};
    ASSERT_TRUE(probe_->SetPathApprovers({e}).ok());
  }

  uint64_t Approved() {
    auto c = probe_->TotalCounters();
    EXPECT_TRUE(c.ok()) << c.status();
    return c.ok() ? c->approver_dropped : 0;
  }

  // The paths of the open-family records of this thread `action` produced, and how many calls
  // the approvers dropped meanwhile (machine-wide: other processes' opens are checked too, so
  // the tests compare it with ≥; the records of this thread show exactly what was dropped).
  std::vector<std::string> Paths(int nr, uint16_t code, uint32_t path_param,
                                 const std::function<void()>& action, uint64_t* dropped) {
    const uint64_t before = Approved();
    std::vector<Captured> records = Capture({nr}, action);
    *dropped = Approved() - before;
    std::vector<std::string> out;
    for (const Captured& c : records) {
      if (c.view.type() == code) out.push_back(c.Str(path_param));
    }
    return out;
  }

  std::string dir_;
};

void OpenClose(const std::string& path, int flags = O_RDONLY) {
  int fd = openat(AT_FDCWD, path.c_str(), flags);
  if (fd >= 0) close(fd);
}

TEST_F(PathApproverLiveTest, UnmatchedOpenatIsDroppedAndCounted) {
  Install(SYS_openat);
  uint64_t dropped = 0;
  auto paths = Paths(
      SYS_openat, PG_PPME_OPENAT_X, 2,
      [&] {
        OpenClose(dir_ + "/drop_me");
        OpenClose(dir_ + "/keep_me");
        OpenClose("/etc/hostname");
      },
      &dropped);
  EXPECT_GE(dropped, 1u);
  EXPECT_EQ(paths, (std::vector<std::string>{dir_ + "/keep_me", "/etc/hostname"}));
}

TEST_F(PathApproverLiveTest, CanonicalPathsWithDotsInNamesAreChecked) {
  Install(SYS_openat);
  uint64_t dropped = 0;
  // Dots inside names are not "." or ".." segments: these paths are canonical and dropped.
  auto paths = Paths(
      SYS_openat, PG_PPME_OPENAT_X, 2,
      [&] {
        OpenClose(dir_ + "/.dot_drop");
        OpenClose(dir_ + "/a..b");
        OpenClose(dir_ + "/...");
        OpenClose(dir_ + "/keep_me");
      },
      &dropped);
  EXPECT_GE(dropped, 3u);
  EXPECT_EQ(paths, std::vector<std::string>{dir_ + "/keep_me"});
}

TEST_F(PathApproverLiveTest, WithoutAnEntryNothingIsDropped) {
  uint64_t dropped = 0;
  auto paths = Paths(
      SYS_openat, PG_PPME_OPENAT_X, 2, [&] { OpenClose(dir_ + "/drop_me"); }, &dropped);
  EXPECT_EQ(paths, std::vector<std::string>{dir_ + "/drop_me"});
}

TEST_F(PathApproverLiveTest, RelativeNonCanonicalAndDirectoryOpensAreDelivered) {
  Install(SYS_openat);
  const std::string base = dir_.substr(dir_.rfind('/') + 1);  // "pg_pa_XXXXXX"
  std::vector<std::string> expected = {
      dir_,                                // the dirfd: O_DIRECTORY
      "drop_me",                           // relative (dirfd)
      dir_ + "//drop_me",                  // "//"
      dir_ + "/./drop_me",                 // "/./"
      "/tmp/../tmp/" + base + "/drop_me",  // "/../"
      dir_,                                // a directory, without O_DIRECTORY
      dir_ + "/",                          // trailing slash
      dir_ + "/.",                         // trailing "/."
      "/tmp",                              // O_DIRECTORY
  };
  uint64_t dropped = 0;
  auto paths = Paths(
      SYS_openat, PG_PPME_OPENAT_X, 2,
      [&] {
        int dfd = open(dir_.c_str(), O_RDONLY | O_DIRECTORY);
        ASSERT_GE(dfd, 0);
        int fd = openat(dfd, "drop_me", O_RDONLY);
        if (fd >= 0) close(fd);
        close(dfd);
        for (size_t i = 2; i < expected.size() - 1; ++i) OpenClose(expected[i]);
        OpenClose("/tmp", O_RDONLY | O_DIRECTORY);
      },
      &dropped);
  EXPECT_EQ(paths, expected);
}

TEST_F(PathApproverLiveTest, FailedCallsUseTheirOwnEntry) {
  Install(SYS_openat);  // successful calls only
  uint64_t dropped = 0;
  auto paths = Paths(
      SYS_openat, PG_PPME_OPENAT_X, 2, [&] { OpenClose(dir_ + "/missing"); }, &dropped);
  EXPECT_EQ(paths, std::vector<std::string>{dir_ + "/missing"});
  Install(SYS_openat, /*failed_calls=*/true);
  paths = Paths(
      SYS_openat, PG_PPME_OPENAT_X, 2,
      [&] {
        OpenClose(dir_ + "/missing");
        OpenClose(dir_ + "/missing_keep_me");
        OpenClose(dir_ + "/drop_me");  // succeeds: no entry for successful calls now
      },
      &dropped);
  EXPECT_GE(dropped, 1u);
  EXPECT_EQ(paths, (std::vector<std::string>{dir_ + "/missing_keep_me", dir_ + "/drop_me"}));
}

TEST_F(PathApproverLiveTest, OpenCreatAndOpenat2HaveTheirOwnSlots) {
  const std::string drop = dir_ + "/drop_me", keep = dir_ + "/keep_me";
  uint64_t dropped = 0;
  Install(SYS_open);
  auto paths = Paths(
      SYS_open, PG_PPME_OPEN_X, 1,
      [&] {
        close(static_cast<int>(syscall(SYS_open, drop.c_str(), O_RDONLY)));
        close(static_cast<int>(syscall(SYS_open, keep.c_str(), O_RDONLY)));
      },
      &dropped);
  EXPECT_GE(dropped, 1u);
  EXPECT_EQ(paths, std::vector<std::string>{keep});

  Install(SYS_creat);
  const std::string created = dir_ + "/created";
  paths = Paths(
      SYS_creat, PG_PPME_CREAT_X, 1,
      [&] {
        close(static_cast<int>(syscall(SYS_creat, created.c_str(), 0600)));
        close(static_cast<int>(syscall(SYS_creat, keep.c_str(), 0600)));
      },
      &dropped);
  EXPECT_GE(dropped, 1u);
  EXPECT_EQ(paths, std::vector<std::string>{keep});

  Install(SYS_openat2);
  paths = Paths(
      SYS_openat2, PG_PPME_OPENAT2_X, 2,
      [&] {
        open_how how{};
        how.flags = O_RDONLY;
        close(static_cast<int>(syscall(SYS_openat2, AT_FDCWD, drop.c_str(), &how, sizeof(how))));
        close(static_cast<int>(syscall(SYS_openat2, AT_FDCWD, keep.c_str(), &how, sizeof(how))));
        how.flags = O_RDONLY | O_DIRECTORY;
        close(static_cast<int>(syscall(SYS_openat2, AT_FDCWD, dir_.c_str(), &how, sizeof(how))));
      },
      &dropped);
  EXPECT_GE(dropped, 1u);
  EXPECT_EQ(paths, (std::vector<std::string>{keep, dir_}));
}

TEST_F(PathApproverLiveTest, ContainsAndPrefixPatternsAndAnEmptySet) {
  PathApproverEntry e;
  e.syscall_nr = SYS_openat;
  e.patterns = {{PG_PATH_CONTAINS, "ep_m"}, {PG_PATH_PREFIX, "/etc/host"}};
  ASSERT_TRUE(probe_->SetPathApprovers({e}).ok());
  uint64_t dropped = 0;
  auto paths = Paths(
      SYS_openat, PG_PPME_OPENAT_X, 2,
      [&] {
        OpenClose(dir_ + "/drop_me");
        OpenClose(dir_ + "/keep_me");
        OpenClose("/etc/hostname");
        OpenClose("/etc/passwd");
      },
      &dropped);
  EXPECT_GE(dropped, 2u);
  EXPECT_EQ(paths, (std::vector<std::string>{dir_ + "/keep_me", "/etc/hostname"}));
  e.patterns.clear();  // no rule can match any checkable path
  ASSERT_TRUE(probe_->SetPathApprovers({e}).ok());
  paths = Paths(
      SYS_openat, PG_PPME_OPENAT_X, 2,
      [&] {
        OpenClose(dir_ + "/keep_me");
        OpenClose("drop_me_relative_missing");
      },
      &dropped);
  EXPECT_GE(dropped, 1u);
  EXPECT_EQ(paths, std::vector<std::string>{"drop_me_relative_missing"});
}

// A substring is found wherever it starts: after several false candidates (lanes equal to its
// first byte), across an 8-byte word boundary, and as the path's last bytes; a prefix of it at
// the end is no match.
TEST_F(PathApproverLiveTest, SubstringFoundAfterFalseCandidatesAndAtTheEnd) {
  PathApproverEntry e;
  e.syscall_nr = SYS_openat;
  e.patterns = {{PG_PATH_CONTAINS, "zq9"}};
  ASSERT_TRUE(probe_->SetPathApprovers({e}).ok());
  uint64_t dropped = 0;
  const std::string many_candidates = dir_ + "/zzzzzzzzzzzzzq9x";
  const std::string at_end = dir_ + "/a.zq9";
  // Existing files: the approver installed here is for successful opens.
  const std::vector<std::string> files = {many_candidates, dir_ + "/zzzzzzzzzq", at_end,
                                          dir_ + "/z9q"};
  for (const std::string& name : files) close(open(name.c_str(), O_CREAT | O_WRONLY, 0644));
  auto paths = Paths(
      SYS_openat, PG_PPME_OPENAT_X, 2,
      [&] {
        OpenClose(many_candidates);
        OpenClose(dir_ + "/zzzzzzzzzq");  // "zq" at the end: no "zq9"
        OpenClose(at_end);
        OpenClose(dir_ + "/z9q");
      },
      &dropped);
  EXPECT_GE(dropped, 2u);
  EXPECT_EQ(paths, (std::vector<std::string>{many_candidates, at_end}));
  for (const std::string& name : files) unlink(name.c_str());
}

// The probe compares only the pattern groups a path's second and last bytes allow: a suffix
// still matches when no prefix can (and the reverse), and a one-byte prefix ("/") keeps every
// checkable path.
TEST_F(PathApproverLiveTest, QuickRejectionKeepsEveryGroupThatCanMatch) {
  PathApproverEntry e;
  e.syscall_nr = SYS_openat;
  e.patterns = {{PG_PATH_SUFFIX, "ep_me"}, {PG_PATH_PREFIX, "/etc/host"}};
  ASSERT_TRUE(probe_->SetPathApprovers({e}).ok());
  uint64_t dropped = 0;
  auto paths = Paths(
      SYS_openat, PG_PPME_OPENAT_X, 2,
      [&] {
        OpenClose(dir_ + "/keep_me");  // second byte 't': no prefix; suffix "ep_me" matches
        OpenClose(dir_ + "/drop_me");  // neither
        OpenClose("/etc/hostname");    // prefix; last byte 'e' also lets the suffix be tried
        OpenClose("/etc/passwd");      // second byte 'e': prefix tried, no match; 'd': no suffix
      },
      &dropped);
  EXPECT_GE(dropped, 2u);
  EXPECT_EQ(paths, (std::vector<std::string>{dir_ + "/keep_me", "/etc/hostname"}));
  e.patterns = {{PG_PATH_SUFFIX, "ep_me"}, {PG_PATH_PREFIX, "/"}};
  ASSERT_TRUE(probe_->SetPathApprovers({e}).ok());
  paths = Paths(
      SYS_openat, PG_PPME_OPENAT_X, 2,
      [&] {
        OpenClose(dir_ + "/drop_me");
        OpenClose("/etc/passwd");
      },
      &dropped);
  EXPECT_EQ(paths, (std::vector<std::string>{dir_ + "/drop_me", "/etc/passwd"}));
}

TEST_F(PathApproverLiveTest, InvalidEntriesAreRejected) {
  PathApproverEntry e;
  e.syscall_nr = SYS_read;
  EXPECT_FALSE(probe_->SetPathApprovers({e}).ok());
  e.syscall_nr = SYS_openat;
  e.patterns = {{PG_PATH_PREFIX, std::string(PG_PATH_PATTERN_MAX_BYTES + 1, 'a')}};
  EXPECT_FALSE(probe_->SetPathApprovers({e}).ok());
  e.patterns = {{PG_PATH_CONTAINS, std::string(PG_PATH_CONTAINS_MAX_BYTES + 1, 'a')}};
  EXPECT_FALSE(probe_->SetPathApprovers({e}).ok());
  e.patterns =
      std::vector<PathApproverEntry::Pattern>(PG_PATH_CONTAINS_MAX + 1, {PG_PATH_CONTAINS, "x"});
  EXPECT_FALSE(probe_->SetPathApprovers({e}).ok());
  e.patterns =
      std::vector<PathApproverEntry::Pattern>(PG_PATH_PATTERNS_MAX + 1, {PG_PATH_PREFIX, "/"});
  EXPECT_FALSE(probe_->SetPathApprovers({e}).ok());
}

}  // namespace
}  // namespace peregrine::probe::testing
