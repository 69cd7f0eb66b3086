// Live end to end: /etc/passwd changes while the pipeline runs, and the next alert about a
// process of the new uid names the new user without a restart (and stops naming it once the
// entry is gone again). The test edits the real /etc/passwd: the original bytes are restored by
// a scope guard, failure or not, and also kept in a backup file under /tmp meanwhile.
#include <fcntl.h>
#include <grp.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>

#include "absl/strings/numbers.h"
#include "absl/strings/str_split.h"
#include "tests/runtime/live/live_pipeline_fixture.h"

namespace peregrine::runtime::live::testing {
namespace {

constexpr char kPasswd[] = "/etc/passwd";
constexpr char kUserName[] = "pg_users_live";

std::string ReadAll(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

// Writes `text` over `path` in place (keeps its inode, owner and mode).
bool WriteInPlace(const std::string& path, const std::string& text, bool append) {
  const int fd = open(path.c_str(), O_WRONLY | (append ? O_APPEND : O_TRUNC));
  if (fd < 0) return false;
  const bool ok = write(fd, text.data(), text.size()) == static_cast<ssize_t>(text.size());
  return close(fd) == 0 && ok;
}

// A uid no /etc/passwd line uses.
uint32_t UnusedUid() {
  const std::string passwd = ReadAll(kPasswd);
  for (uint32_t uid = 54321;; ++uid) {
    bool used = false;
    for (absl::string_view line : absl::StrSplit(passwd, '\n')) {
      std::vector<absl::string_view> f = absl::StrSplit(line, ':');
      uint32_t v = 0;
      if (f.size() > 2 && absl::SimpleAtoi(f[2], &v) && v == uid) used = true;
    }
    if (!used) return uid;
  }
}

// Restores /etc/passwd to the bytes it had at construction.
class PasswdGuard {
 public:
  PasswdGuard() : original_(ReadAll(kPasswd)) {
    std::ofstream(backup_, std::ios::binary) << original_;
    std::fprintf(stderr, "/etc/passwd backed up to %s while the test edits it\n", backup_.c_str());
  }
  ~PasswdGuard() { Restore(); }
  PasswdGuard(const PasswdGuard&) = delete;
  PasswdGuard& operator=(const PasswdGuard&) = delete;

  bool Restore() {
    if (restored_) return true;
    if (!WriteInPlace(kPasswd, original_, /*append=*/false) || ReadAll(kPasswd) != original_) {
      std::fprintf(stderr, "*** could not restore /etc/passwd: the original is in %s ***\n",
                   backup_.c_str());
      return false;
    }
    std::remove(backup_.c_str());
    restored_ = true;
    return true;
  }
  const std::string& original() const { return original_; }

 private:
  std::string original_;
  std::string backup_ = "/tmp/pg_users_live_passwd.bak";
  bool restored_ = false;
};

class UserTablesLiveTest : public LivePipelineTest {
 protected:
  static void SetUpTestSuite() {
    uid_ = UnusedUid();
    dir_ = TempDir();
    const std::string rules = dir_ + "/rules.yaml";
    std::ofstream(rules) << "- rule: Exec by watched uid\n"
                            "  desc: a program started by the test's uid\n"
                            "  condition: evt.type in (execve, execveat) and evt.dir = < and "
                            "user.uid = "
                         << uid_
                         << "\n"
                            "  output: exec by uid %user.uid (user=%user.name)\n"
                            "  priority: WARNING\n";
    StartPipeline(rules, /*workers=*/2);
  }
  static void TearDownTestSuite() {
    StopPipeline();
    std::system(("rm -rf " + dir_).c_str());
  }

  // Runs /bin/true as uid_ (gid uid_, no supplementary groups).
  static void ExecAsUid() {
    const int rc = Spawn({}, {}, [] {
      if (setgroups(0, nullptr) != 0 || setgid(uid_) != 0 || setuid(uid_) != 0) return 90;
      execl("/bin/true", "true", static_cast<char*>(nullptr));
      return 127;
    });
    ASSERT_EQ(rc, 0);
  }

  // Waits until the pipeline published a user-table generation newer than `seen`.
  static bool WaitForReload(uint64_t seen) {
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    while (state_->pipeline->user_tables_generation() <= seen) {
      if (std::chrono::steady_clock::now() > deadline) return false;
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    return true;
  }

  static inline uint32_t uid_ = 0;
  static inline std::string dir_;
};

TEST_F(UserTablesLiveTest, NewPasswdEntryNamesTheUserWithoutRestart) {
  ASSERT_EQ(geteuid(), 0u) << "needs root to edit /etc/passwd and change uid";
  const std::string uid = std::to_string(uid_);
  const std::string name_field = std::string("\"user.name\":\"") + kUserName + "\"";
  const std::string uid_field = "\"user.uid\":" + uid;

  // Before: the uid is unknown, the alert cannot name it.
  std::vector<CollectedAlert> before = AlertsOf(ExecAsUid, "Exec by watched uid", {uid_field});
  for (const CollectedAlert& a : before) EXPECT_EQ(a.json.find(name_field), std::string::npos);

  {
    PasswdGuard guard;
    const uint64_t g0 = state_->pipeline->user_tables_generation();
    std::string line = std::string(kUserName) + ":x:" + uid + ":" + uid +
                       "::/nonexistent:" + "/usr/sbin/nologin\n";
    if (!guard.original().empty() && guard.original().back() != '\n') line = "\n" + line;
    ASSERT_TRUE(WriteInPlace(kPasswd, line, /*append=*/true));
    ASSERT_TRUE(WaitForReload(g0)) << "the pipeline did not re-read /etc/passwd within 10 s";

    AlertsOf(ExecAsUid, "Exec by watched uid", {uid_field, name_field});

    // Removing the entry again is noticed the same way.
    const uint64_t g1 = state_->pipeline->user_tables_generation();
    ASSERT_TRUE(guard.Restore());
    ASSERT_TRUE(WaitForReload(g1)) << "the pipeline did not notice /etc/passwd restored";
  }
  std::vector<CollectedAlert> after = AlertsOf(ExecAsUid, "Exec by watched uid", {uid_field});
  for (const CollectedAlert& a : after) EXPECT_EQ(a.json.find(name_field), std::string::npos);
}

}  // namespace
}  // namespace peregrine::runtime::live::testing
