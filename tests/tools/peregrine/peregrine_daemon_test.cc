// The peregrine binary as a daemon: -c configuration with outputs, /metrics while it runs,
// SIGHUP hot reload, and rules bundles from `rulec bundle` (round trip, tampered bundle
// rejected, rollback to the stored bundle when the new one is broken).
#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"

namespace {

const char kBinary[] = PEREGRINE_BINARY;
const char kRulec[] = RULEC_BINARY;
const char kCapture[] = PEREGRINE_SHARED_DIR "/corpus/captures/dev-mixed.scap";
const char kRules[] = PEREGRINE_SHARED_DIR "/corpus/falco-rules/falco_rules.yaml";

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

size_t Count(const std::string& text, const std::string& what) {
  size_t n = 0;
  for (size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
  return n;
}

// A child process with stdout and stderr in files.
struct Child {
  pid_t pid = -1;
  std::string out_path;
  std::string err_path;
  std::string out() const { return ReadFile(out_path); }
  std::string err() const { return ReadFile(err_path); }
  int Wait() {
    int wstatus = 0;
    waitpid(pid, &wstatus, 0);
    return WIFEXITED(wstatus) ? WEXITSTATUS(wstatus) : 128 + WTERMSIG(wstatus);
  }
};

Child Start(const char* binary, const std::vector<std::string>& args, const std::string& tag) {
  Child c;
  c.out_path = absl::StrCat("/tmp/pg_daemon_", getpid(), "_", tag, ".out");
  c.err_path = absl::StrCat("/tmp/pg_daemon_", getpid(), "_", tag, ".err");
  c.pid = fork();
  if (c.pid == 0) {
    freopen(c.out_path.c_str(), "w", stdout);
    freopen(c.err_path.c_str(), "w", stderr);
    setenv("TZ", "UTC", 1);
    setenv("FALCO_HOSTNAME", "vm", 1);
    std::vector<char*> argv{const_cast<char*>(binary)};
    for (const std::string& a : args) argv.push_back(const_cast<char*>(a.c_str()));
    argv.push_back(nullptr);
    execv(binary, argv.data());
    _exit(127);
  }
  return c;
}

int RunChild(const char* binary, const std::vector<std::string>& args, const std::string& tag,
             Child* out) {
  *out = Start(binary, args, tag);
  return out->Wait();
}

// Polls until `pred` holds or 20 s pass.
template <typename Pred>
bool Eventually(Pred pred) {
  for (int i = 0; i < 2000; ++i) {
    if (pred()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return false;
}

std::string HttpGet(uint16_t port, const std::string& path) {
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(port);
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) != 0) {
    close(fd);
    return "";
  }
  const std::string req = "GET " + path + " HTTP/1.1\r\nHost: localhost\r\n\r\n";
  (void)!write(fd, req.data(), req.size());
  std::string resp;
  char buf[65536];
  ssize_t n;
  while ((n = read(fd, buf, sizeof(buf))) > 0) resp.append(buf, static_cast<size_t>(n));
  close(fd);
  return resp;
}

class PeregrineDaemonTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = absl::StrCat("/tmp/pg_daemon_test_", getpid());
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  // `copies` captures in a row: long enough to act on a running daemon.
  std::string LongCapture(int copies) {
    const std::string path = dir_ + "/long.scap";
    const std::string one = ReadFile(kCapture);
    std::ofstream out(path, std::ios::binary);
    for (int i = 0; i < copies; ++i) out << one;
    return path;
  }
  std::string WriteConfig(const std::string& yaml) {
    const std::string path = dir_ + "/falco.yaml";
    std::ofstream(path) << yaml;
    return path;
  }

  std::string dir_;
};

TEST_F(PeregrineDaemonTest, ConfigFileOutputsGoToTheFile) {
  const std::string events = dir_ + "/events.json";
  const std::string config = WriteConfig(absl::StrCat(
      "rules_files:\n  - ", kRules, "\njson_output: true\nstdout_output:\n  enabled: false\n",
      "syslog_output:\n  enabled: false\nfile_output:\n  enabled: true\n  keep_alive: true\n",
      "  filename: ", events, "\n"));
  Child c;
  ASSERT_EQ(RunChild(kBinary, {"-c", config, "--replay", kCapture}, "file", &c), 0) << c.err();
  EXPECT_TRUE(c.out().empty()) << c.out();  // stdout_output disabled
  const std::string alerts = ReadFile(events);
  EXPECT_EQ(Count(alerts, "\n"), 3u) << alerts;
  EXPECT_EQ(Count(alerts, "\"rule\":\"Read sensitive file untrusted\""), 1u) << alerts;
  EXPECT_EQ(Count(alerts, "\"source\":\"syscall\""), 3u) << alerts;

  // -o overrides the file; a wrong type is an error with the file's line.
  Child text;
  ASSERT_EQ(RunChild(kBinary, {"-c", config, "-o", "json_output=false", "--replay", kCapture},
                     "text", &text),
            0);
  EXPECT_NE(ReadFile(events).find(": Warning Sensitive file opened"), std::string::npos);
  WriteConfig("json_output: maybe\n");
  Child bad;
  EXPECT_EQ(RunChild(kBinary, {"-c", config, "--dry-run"}, "bad", &bad), 1);
  EXPECT_NE(bad.err().find("falco.yaml:1:14: json_output: expected a boolean"), std::string::npos)
      << bad.err();
}

TEST_F(PeregrineDaemonTest, MetricsEndpointServesTheSeriesWhileRunning) {
  const std::string config = WriteConfig(
      absl::StrCat("stdout_output:\n  enabled: false\nsyslog_output:\n  enabled: false\n",
                   "file_output:\n  enabled: true\n  filename: ", dir_, "/metrics-events.txt\n",
                   "peregrine:\n  metrics:\n    enabled: true\n    port: 0\n"));
  Child c = Start(kBinary, {"-c", config, "-r", kRules, "--replay", LongCapture(20)}, "metrics");
  uint16_t port = 0;
  ASSERT_TRUE(Eventually([&] {
    const std::string err = c.err();
    const size_t at = err.find("metrics on http://127.0.0.1:");
    if (at == std::string::npos) return false;
    port = static_cast<uint16_t>(std::stoi(err.substr(at + 28)));
    return true;
  })) << c.err();
  std::string body;
  ASSERT_TRUE(Eventually([&] {
    body = HttpGet(port, "/metrics");
    return body.find("peregrine_rule_matches_total{rule=\"Read sensitive file untrusted\"}") !=
           std::string::npos;
  })) << body;
  EXPECT_NE(body.find("HTTP/1.1 200"), std::string::npos);
  EXPECT_NE(body.find("peregrine_events_total{type=\"openat\"}"), std::string::npos) << body;
  EXPECT_NE(body.find("peregrine_alerts_total{priority=\"Warning\"}"), std::string::npos) << body;
  EXPECT_NE(body.find("peregrine_ruleset_generation 1"), std::string::npos) << body;
  EXPECT_NE(body.find("peregrine_ruleset_info{hash=\""), std::string::npos) << body;
  EXPECT_NE(body.find("peregrine_output_alerts_total{output=\"file\""), std::string::npos) << body;
  // Per-stage latency: one event (and one alert) in 64 is timed in each stage.
  for (const char* stage : {"decode", "state", "match", "output"}) {
    const std::string count =
        absl::StrCat("peregrine_stage_latency_seconds_count{stage=\"", stage, "\"} ");
    EXPECT_TRUE(Eventually([&] {
      body = HttpGet(port, "/metrics");
      const size_t at = body.find(count);
      return at != std::string::npos && body.compare(at + count.size(), 2, "0\n") != 0;
    })) << stage
        << " never sampled:\n"
        << body;
    EXPECT_NE(body.find(absl::StrCat("peregrine_stage_latency_seconds_bucket{stage=\"", stage,
                                     "\",le=\"+Inf\"}")),
              std::string::npos)
        << body;
  }
  kill(c.pid, SIGTERM);
  EXPECT_EQ(c.Wait(), 0) << c.err();
}

TEST_F(PeregrineDaemonTest, SighupReloadsTheRulesAndABrokenReloadIsRejected) {
  const std::string rules = dir_ + "/rules.yaml";
  const auto write_rules = [&](const std::string& text) {
    std::ofstream(rules + ".tmp") << text;
    std::filesystem::rename(rules + ".tmp", rules);
  };
  const std::string rule_a =
      "- rule: shadow A\n  desc: d\n  condition: evt.type = openat and fd.name = /etc/shadow\n"
      "  output: A %fd.name\n  priority: WARNING\n";
  write_rules(rule_a);
  Child c = Start(kBinary,
                  {"-r", rules, "-o", "syslog_output.enabled=false", "-o",
                   "peregrine.reload.watch=false", "--replay", LongCapture(40)},
                  "hup");
  ASSERT_TRUE(Eventually([&] { return c.err().find("hot reload on SIGHUP") != std::string::npos; }))
      << c.err();
  write_rules(
      "- rule: broken\n  condition: evt.type = openat and nope_macro\n  desc: d\n"
      "  output: x\n  priority: INFO\n");
  kill(c.pid, SIGHUP);
  ASSERT_TRUE(Eventually([&] {
    return c.err().find("reload rejected (SIGHUP)") != std::string::npos;
  })) << c.err();
  EXPECT_NE(c.err().find("Undefined macro 'nope_macro'"), std::string::npos) << c.err();
  write_rules(
      "- rule: shadow B\n  desc: d\n  condition: evt.type = openat and fd.name = /etc/shadow\n"
      "  output: B %fd.name\n  priority: WARNING\n");
  kill(c.pid, SIGHUP);
  ASSERT_TRUE(Eventually([&] {
    return c.err().find("ruleset swapped (SIGHUP): generation 2") != std::string::npos;
  })) << c.err();
  // Let some copies of the capture go through the new rules, then stop.
  ASSERT_TRUE(Eventually([&] { return c.out().find(" B /etc/shadow") != std::string::npos; }))
      << c.out();
  kill(c.pid, SIGTERM);
  EXPECT_EQ(c.Wait(), 0) << c.err();
  EXPECT_NE(c.err().find("   shadow B: "), std::string::npos) << c.err();
}

TEST_F(PeregrineDaemonTest, BundleRoundTripTamperedRejectedBrokenRolledBack) {
  const std::string state = dir_ + "/state";
  const std::string v1 = dir_ + "/v1.tar.gz";
  Child made;
  ASSERT_EQ(RunChild(kRulec, {"bundle", "-o", v1, "--version", "v1", kRules}, "bundle1", &made), 0)
      << made.err();
  EXPECT_NE(made.out().find("version v1, 1 rules files"), std::string::npos) << made.out();

  const std::vector<std::string> common = {"-o",       "syslog_output.enabled=false",
                                           "-o",       "peregrine.bundle_state_dir=" + state,
                                           "--replay", kCapture};
  const auto with = [&](std::vector<std::string> head) {
    head.insert(head.end(), common.begin(), common.end());
    return head;
  };
  // Round trip: the bundle raises what the plain rules file raises.
  Child plain;
  ASSERT_EQ(RunChild(kBinary, with({"-r", kRules}), "plain", &plain), 0) << plain.err();
  Child first;
  ASSERT_EQ(RunChild(kBinary, with({"--bundle", v1}), "first", &first), 0) << first.err();
  EXPECT_EQ(first.out(), plain.out());
  EXPECT_NE(first.err().find("bundle v1"), std::string::npos) << first.err();
  EXPECT_TRUE(std::filesystem::exists(state + "/current/bundle.tar.gz"));

  // Tampered: one rules file changed after bundling → rejected, the stored v1 runs.
  const std::string tampered = dir_ + "/tampered.tar.gz";
  {
    const std::string x = dir_ + "/x";
    std::filesystem::create_directories(x);
    ASSERT_EQ(system(("tar -C " + x + " -xzf " + v1).c_str()), 0);
    // Same size, one byte changed: only the digest can tell.
    std::string text = ReadFile(x + "/rules/falco_rules.yaml");
    text[text.size() / 2] = text[text.size() / 2] == 'a' ? 'b' : 'a';
    std::ofstream(x + "/rules/falco_rules.yaml", std::ios::trunc) << text;
    ASSERT_EQ(system(("tar -C " + x + " -czf " + tampered + " manifest.json rules").c_str()), 0);
  }
  Child t;
  ASSERT_EQ(RunChild(kBinary, with({"--bundle", tampered}), "tampered", &t), 0) << t.err();
  EXPECT_NE(t.err().find("bundle rejected"), std::string::npos) << t.err();
  EXPECT_NE(t.err().find("sha256 mismatch"), std::string::npos) << t.err();
  EXPECT_NE(t.err().find("rolled back to the stored current bundle, version v1"), std::string::npos)
      << t.err();
  EXPECT_EQ(t.out(), plain.out());

  // Broken: verifies, but its rules do not compile → rolled back to v1.
  const std::string broken_rules = dir_ + "/broken.yaml";
  std::ofstream(broken_rules) << "- rule: x\n  condition: evt.type = openat and nope\n  desc: d\n"
                              << "  output: o\n  priority: INFO\n";
  const std::string v2 = dir_ + "/v2.tar.gz";
  Child refused;
  EXPECT_EQ(
      RunChild(kRulec, {"bundle", "-o", v2, "--version", "v2", broken_rules}, "v2check", &refused),
      1);
  EXPECT_FALSE(std::filesystem::exists(v2));
  ASSERT_EQ(RunChild(kRulec, {"bundle", "-o", v2, "--version", "v2", "--no-check", broken_rules},
                     "v2", &made),
            0);
  Child b;
  ASSERT_EQ(RunChild(kBinary, with({"--bundle", v2}), "broken", &b), 0) << b.err();
  EXPECT_NE(b.err().find("(version v2) does not compile"), std::string::npos) << b.err();
  EXPECT_NE(b.err().find("rolled back to the stored current bundle, version v1"), std::string::npos)
      << b.err();
  EXPECT_EQ(b.out(), plain.out());

  // A good v3 becomes current and v1 previous.
  const std::string v3 = dir_ + "/v3.tar.gz";
  ASSERT_EQ(RunChild(kRulec, {"bundle", "-o", v3, "--version", "v3", kRules}, "v3", &made), 0);
  Child third;
  ASSERT_EQ(RunChild(kBinary, with({"--bundle", v3}), "third", &third), 0) << third.err();
  EXPECT_NE(ReadFile(state + "/current/rules/falco_rules.yaml").size(), 0u);
  Child list;
  EXPECT_EQ(system(("tar -xzOf " + state +
                    "/previous/bundle.tar.gz manifest.json | grep -q "
                    "'\"version\":\"v1\"'")
                       .c_str()),
            0);
  EXPECT_EQ(system(("tar -xzOf " + state +
                    "/current/bundle.tar.gz manifest.json | grep -q "
                    "'\"version\":\"v3\"'")
                       .c_str()),
            0);

  // Nothing to roll back to: a fresh state directory and a broken bundle → exit 1.
  Child none;
  EXPECT_EQ(RunChild(kBinary,
                     {"--bundle", v2, "-o", "peregrine.bundle_state_dir=" + dir_ + "/empty",
                      "--replay", kCapture},
                     "none", &none),
            1);
  EXPECT_NE(none.err().find("no stored bundle to roll back to"), std::string::npos) << none.err();
}

}  // namespace
