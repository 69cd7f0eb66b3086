// Runs the `peregrine` binary as a user would and checks its output and exit status.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

namespace {

const char kBinary[] = PEREGRINE_BINARY;
const char kCapture[] = PEREGRINE_SHARED_DIR "/corpus/captures/dev-mixed.scap";
const char kAlerts[] = PEREGRINE_SHARED_DIR "/corpus/captures/dev-mixed.falco-alerts.jsonl";
const char kRules[] = PEREGRINE_SHARED_DIR "/corpus/falco-rules/falco_rules.yaml";

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

struct Result {
  int status = -1;  // exit status, or 128 + signal
  std::string out;
  std::string err;
};

// Runs peregrine with `args` (TZ=UTC, FALCO_HOSTNAME=vm as on the reference host). With
// `signal_after_ms` > 0, sends SIGTERM after that long.
Result RunPeregrine(const std::vector<std::string>& args, int signal_after_ms = 0) {
  char out_path[] = "/tmp/peregrine_test_outXXXXXX";
  char err_path[] = "/tmp/peregrine_test_errXXXXXX";
  const int out_fd = mkstemp(out_path);
  const int err_fd = mkstemp(err_path);
  Result r;
  const pid_t pid = fork();
  if (pid == 0) {
    dup2(out_fd, 1);
    dup2(err_fd, 2);
    setenv("TZ", "UTC", 1);
    setenv("FALCO_HOSTNAME", "vm", 1);
    std::vector<char*> argv;
    argv.push_back(const_cast<char*>(kBinary));
    for (const std::string& a : args) argv.push_back(const_cast<char*>(a.c_str()));
    argv.push_back(nullptr);
    execv(kBinary, argv.data());
    _exit(127);
  }
  if (signal_after_ms > 0) {
    std::this_thread::sleep_for(std::chrono::milliseconds(signal_after_ms));
    kill(pid, SIGTERM);
  }
  int wstatus = 0;
  waitpid(pid, &wstatus, 0);
  r.status = WIFEXITED(wstatus) ? WEXITSTATUS(wstatus) : 128 + WTERMSIG(wstatus);
  close(out_fd);
  close(err_fd);
  r.out = ReadFile(out_path);
  r.err = ReadFile(err_path);
  unlink(out_path);
  unlink(err_path);
  return r;
}

TEST(PeregrineBinaryTest, ReplayPrintsFalcosJsonAlerts) {
  Result r = RunPeregrine({"-r", kRules, "--replay", kCapture, "-o", "json_output=true"});
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_EQ(r.out, ReadFile(kAlerts));
  EXPECT_NE(r.err.find("Events detected: 3"), std::string::npos) << r.err;
}

TEST(PeregrineBinaryTest, FalcosReplayCommandLineWorksToo) {
  // The options of the command that produced the reference alerts (README of the capture).
  Result r = RunPeregrine({"-r", kRules, "-o", "engine.kind=replay", "-o",
                           std::string("engine.replay.capture_file=") + kCapture, "-o",
                           "json_output=true", "-o", "webserver.enabled=false", "-o",
                           "syslog_output.enabled=false", "-o", "log_syslog=false"});
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_EQ(r.out, ReadFile(kAlerts));
}

TEST(PeregrineBinaryTest, TextAlertsByDefault) {
  Result r = RunPeregrine({"-r", kRules, "--replay", kCapture});
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_EQ(r.out.rfind("09:19:27.554634511: Warning Sensitive file opened for reading", 0), 0u)
      << r.out;
  EXPECT_EQ(std::count(r.out.begin(), r.out.end(), '\n'), 3);
}

TEST(PeregrineBinaryTest, ListsAndValidatesRules) {
  Result list = RunPeregrine({"-r", kRules, "-L"});
  ASSERT_EQ(list.status, 0) << list.err;
  EXPECT_NE(list.out.find("\nRead sensitive file untrusted "), std::string::npos);
  Result valid = RunPeregrine({"-V", kRules});
  EXPECT_EQ(valid.status, 0) << valid.err;
  EXPECT_NE(valid.out.find(std::string(kRules) + ": Ok"), std::string::npos) << valid.out;

  char bad_path[] = "/tmp/peregrine_bad_rulesXXXXXX.yaml";
  const int fd = mkstemps(bad_path, 5);
  const std::string bad =
      "- rule: broken\n  desc: x\n  condition: proc.nme = x\n  output: x\n"
      "  priority: WARNING\n";
  ASSERT_EQ(write(fd, bad.data(), bad.size()), static_cast<ssize_t>(bad.size()));
  close(fd);
  Result invalid = RunPeregrine({"-V", bad_path});
  EXPECT_EQ(invalid.status, 1);
  EXPECT_NE(invalid.out.find(": Invalid"), std::string::npos) << invalid.out;
  EXPECT_NE(invalid.err.find("proc.nme"), std::string::npos) << invalid.err;
  Result replay_bad = RunPeregrine({"-r", bad_path, "--replay", kCapture});
  EXPECT_EQ(replay_bad.status, 1);
  EXPECT_TRUE(replay_bad.out.empty());
  unlink(bad_path);
}

TEST(PeregrineBinaryTest, UnfinishedModesSaySo) {
  // Live mode itself is tested in tests/tools/peregrine_live (it needs root and the kernel).
  // --capture-out works live (tests/tools/peregrine_live); here it can only fail: the file cannot
  // be created, or (without root) the probe cannot load.
  Result capture_out =
      RunPeregrine({"-r", kRules, "--capture-out", "/nonexistent/dir/x.pgcap", "--duration", "1"});
  EXPECT_EQ(capture_out.status, 1);
  EXPECT_TRUE(capture_out.err.find("capture file /nonexistent/dir/x.pgcap") != std::string::npos ||
              capture_out.err.find("must run as root") != std::string::npos)
      << capture_out.err;
  Result config = RunPeregrine({"-c", "/nonexistent/falco.yaml"});
  EXPECT_EQ(config.status, 1);
  EXPECT_NE(config.err.find("cannot read configuration file /nonexistent/falco.yaml"),
            std::string::npos)
      << config.err;
  Result dry = RunPeregrine({"-r", kRules, "--dry-run"});
  EXPECT_EQ(dry.status, 0) << dry.err;
  Result bad_flag = RunPeregrine({"--frobnicate"});
  EXPECT_EQ(bad_flag.status, 1);
  EXPECT_NE(bad_flag.err.find("--frobnicate"), std::string::npos);
  Result bad_value =
      RunPeregrine({"-r", kRules, "-o", "rule_matching=sometimes", "--replay", kCapture});
  EXPECT_EQ(bad_value.status, 1);
  Result no_rules = RunPeregrine({"-r", "/nonexistent/rules.yaml", "--dry-run"});
  EXPECT_EQ(no_rules.status, 1);
  EXPECT_NE(no_rules.err.find("/nonexistent/rules.yaml"), std::string::npos) << no_rules.err;
  Result missing = RunPeregrine({"-r", kRules, "--replay", "/nonexistent.scap"});
  EXPECT_EQ(missing.status, 1);
  EXPECT_NE(missing.err.find("/nonexistent.scap"), std::string::npos);
}

class LongCaptureTest : public ::testing::Test {
 protected:
  // Twenty copies of the capture in a row (gzip members and scap sections both concatenate):
  // about two seconds of replay, long enough to interrupt.
  static void SetUpTestSuite() {
    const std::string one = ReadFile(kCapture);
    std::ofstream out(Path(), std::ios::binary);
    for (int i = 0; i < 20; ++i) out << one;
  }
  static void TearDownTestSuite() { unlink(Path().c_str()); }
  static std::string Path() { return "/tmp/peregrine_long_capture_" + std::to_string(getpid()); }

  static uint64_t EventsRead(const std::string& err) {
    const size_t at = err.find("Events read: ");
    return at == std::string::npos ? 0 : std::stoull(err.substr(at + 13));
  }
};

TEST_F(LongCaptureTest, SigtermStopsCleanlyWithTheSummary) {
  Result r = RunPeregrine({"-r", kRules, "--replay", Path()}, /*signal_after_ms=*/300);
  EXPECT_EQ(r.status, 0) << r.err;
  const uint64_t events = EventsRead(r.err);
  EXPECT_LT(events, 20u * 426824u) << r.err;
  // Every alert raised before the stop was written whole.
  EXPECT_TRUE(r.out.empty() || r.out.back() == '\n');
}

TEST_F(LongCaptureTest, DurationStopsTheReplay) {
  Result r = RunPeregrine({"-r", kRules, "--replay", Path(), "--duration", "0.2"});
  EXPECT_EQ(r.status, 0) << r.err;
  EXPECT_LT(EventsRead(r.err), 20u * 426824u) << r.err;
}

}  // namespace
