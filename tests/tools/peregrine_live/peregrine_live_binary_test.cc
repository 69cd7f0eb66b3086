// Runs `peregrine` live (no --replay) as a user would: real actions, alerts on stdout and in a
// file, SIGTERM flushes and exits 0, --duration ends the run.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

namespace {

const char kBinary[] = PEREGRINE_BINARY;
const char kRules[] = PEREGRINE_SHARED_DIR "/corpus/falco-rules/falco_rules.yaml";

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

struct Running {
  pid_t pid = -1;
  std::string out_path;
  std::string err_path;
};

Running Start(const std::vector<std::string>& args) {
  Running r;
  char out_path[] = "/tmp/pg_live_bin_outXXXXXX";
  char err_path[] = "/tmp/pg_live_bin_errXXXXXX";
  const int out_fd = mkstemp(out_path);
  const int err_fd = mkstemp(err_path);
  r.out_path = out_path;
  r.err_path = err_path;
  r.pid = fork();
  if (r.pid == 0) {
    dup2(out_fd, 1);
    dup2(err_fd, 2);
    std::vector<char*> argv{const_cast<char*>(kBinary)};
    for (const std::string& a : args) argv.push_back(const_cast<char*>(a.c_str()));
    argv.push_back(nullptr);
    execv(kBinary, argv.data());
    _exit(127);
  }
  close(out_fd);
  close(err_fd);
  return r;
}

// Waits until stderr says the live pipeline started (or the process ended). False on timeout.
bool WaitStarted(const Running& r) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
  while (std::chrono::steady_clock::now() < deadline) {
    if (ReadFile(r.err_path).find("peregrine: live:") != std::string::npos) return true;
    if (waitpid(r.pid, nullptr, WNOHANG) != 0) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return false;
}

int Wait(const Running& r) {
  int status = 0;
  waitpid(r.pid, &status, 0);
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

TEST(PeregrineLiveBinaryTest, AlertsOnStdoutAndFileThenSigtermFlushesAndExitsZero) {
  const std::string file = "/tmp/pg_live_bin_alerts_" + std::to_string(getpid()) + ".jsonl";
  unlink(file.c_str());
  Running r = Start({"-r", kRules, "-o", "json_output=true", "-o", "file_output.enabled=true", "-o",
                     "file_output.filename=" + file});
  ASSERT_TRUE(WaitStarted(r)) << ReadFile(r.err_path);
  // The pipeline releases events behind a short reorder window; give the readers a cycle.
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  ASSERT_EQ(std::system("cat /etc/shadow > /dev/null"), 0);
  std::this_thread::sleep_for(std::chrono::milliseconds(500));
  kill(r.pid, SIGTERM);
  EXPECT_EQ(Wait(r), 0) << ReadFile(r.err_path);
  const std::string out = ReadFile(r.out_path);
  const std::string err = ReadFile(r.err_path);
  EXPECT_NE(out.find("\"rule\":\"Read sensitive file untrusted\""), std::string::npos) << out;
  EXPECT_NE(out.find("\"proc.cmdline\":\"cat /etc/shadow\""), std::string::npos) << out;
  EXPECT_NE(out.find("\"priority\":\"Warning\""), std::string::npos) << out;
  // The file holds the same alert lines as stdout.
  EXPECT_EQ(ReadFile(file), out);
  EXPECT_NE(err.find("Events detected:"), std::string::npos) << err;
  EXPECT_NE(err.find("drops: kernel 0"), std::string::npos) << err;
  unlink(file.c_str());
  unlink(r.out_path.c_str());
  unlink(r.err_path.c_str());
}

TEST(PeregrineLiveBinaryTest, TextAlertsAndDurationEndsTheRun) {
  Running r = Start({"-r", kRules, "--duration", "3", "--workers", "2"});
  ASSERT_TRUE(WaitStarted(r)) << ReadFile(r.err_path);
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  ASSERT_EQ(std::system("cat /etc/shadow > /dev/null"), 0);
  const auto t0 = std::chrono::steady_clock::now();
  EXPECT_EQ(Wait(r), 0) << ReadFile(r.err_path);
  EXPECT_LT(std::chrono::steady_clock::now() - t0, std::chrono::seconds(10));
  const std::string out = ReadFile(r.out_path);
  EXPECT_NE(out.find(": Warning Sensitive file opened for reading by non-trusted program | "
                     "file=/etc/shadow"),
            std::string::npos)
      << out;
  EXPECT_NE(out.find("command=cat /etc/shadow"), std::string::npos) << out;
  unlink(r.out_path.c_str());
  unlink(r.err_path.c_str());
}

TEST(PeregrineLiveBinaryTest, UnwritableCaptureOutAndBadOutputsSaySo) {
  Running r = Start({"-r", kRules, "--capture-out", "/nonexistent/dir/x.pgcap"});
  EXPECT_EQ(Wait(r), 1);
  EXPECT_NE(ReadFile(r.err_path).find("capture file /nonexistent/dir/x.pgcap"), std::string::npos)
      << ReadFile(r.err_path);
  // Outputs come from the one configuration path: a bad value is an error naming the key.
  Running f = Start({"-r", kRules, "-o", "file_output.enabled=maybe"});
  EXPECT_EQ(Wait(f), 1);
  EXPECT_NE(ReadFile(f.err_path).find("file_output.enabled"), std::string::npos);
  for (const Running* x : {&r, &f}) {
    unlink(x->out_path.c_str());
    unlink(x->err_path.c_str());
  }
}

}  // namespace
