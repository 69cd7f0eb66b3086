// Issue 6: the upstream live scenarios performed while `peregrine --capture-out FILE` runs, then
// `peregrine --replay FILE` of that capture must raise the same alerts as the live run did: same
// rules, same event times, same key output fields — user and group names and the session leader
// included (capture format 1.1 holds the user and group tables and the session ids) — and the
// container id once the container's cgroup is gone (the exec record carries its cgroup path).
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "tests/runtime/live/upstream_scenarios.h"

namespace peregrine::runtime::live::testing {
namespace {

const char kBinary[] = PEREGRINE_BINARY;

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

// Runs peregrine with `args`, stdout and stderr to files; returns the pid.
pid_t Start(const std::vector<std::string>& args, const std::string& out, const std::string& err) {
  const pid_t pid = fork();
  if (pid == 0) {
    FILE* o = std::freopen(out.c_str(), "w", stdout);
    FILE* e = std::freopen(err.c_str(), "w", stderr);
    if (o == nullptr || e == nullptr) _exit(126);
    std::vector<char*> argv{const_cast<char*>(kBinary)};
    for (const std::string& a : args) argv.push_back(const_cast<char*>(a.c_str()));
    argv.push_back(nullptr);
    execv(kBinary, argv.data());
    _exit(127);
  }
  return pid;
}

int Wait(pid_t pid) {
  int status = 0;
  waitpid(pid, &status, 0);
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

struct Alert {
  std::string rule;
  std::string json;
};

// The JSON alert lines of a run (one per line, `-o json_output=true`).
std::vector<Alert> ParseAlerts(const std::string& text) {
  std::vector<Alert> out;
  std::istringstream in(text);
  std::string line;
  while (std::getline(in, line)) {
    const std::string key = "\"rule\":\"";
    const size_t at = line.find(key);
    if (at == std::string::npos) continue;
    const size_t end = line.find('"', at + key.size());
    out.push_back({line.substr(at + key.size(), end - at - key.size()), line});
  }
  return out;
}

// The key output fields of a JSON alert, as `"field":value` texts.
std::vector<std::string> KeyFields(const std::string& json) {
  static const char* const kKeys[] = {
      "rule",           "priority",      "evt.time",     "evt.type",       "evt.arg.flags",
      "evt.arg.target", "fd.name",       "proc.name",    "proc.cmdline",   "proc.exepath",
      "proc.pname",     "proc.aname[2]", "proc.tty",     "proc.cwd",       "user.name",
      "user.uid",       "user.loginuid", "container.id", "container.name", "group.name",
      "proc.sname"};
  std::vector<std::string> out;
  for (const char* key : kKeys) {
    const std::string k = std::string("\"") + key + "\":";
    const size_t at = json.find(k);
    if (at == std::string::npos) continue;
    size_t end = at + k.size();
    if (end < json.size() && json[end] == '"') {
      end = json.find('"', end + 1) + 1;
    } else {
      end = json.find_first_of(",}", end);
    }
    out.push_back(json.substr(at, end - at));
  }
  return out;
}

std::map<std::string, int> CountByRule(const std::vector<Alert>& alerts) {
  std::map<std::string, int> n;
  for (const Alert& a : alerts) ++n[a.rule];
  return n;
}

TEST(CaptureReplayLiveTest, ReplayOfALiveCaptureRaisesTheSameAlerts) {
  const std::string base = "/tmp/pg_capture_replay_" + std::to_string(getpid());
  const std::string capture = base + ".pgcap";
  unlink(capture.c_str());
  const pid_t live = Start(
      {"-r", kUpstreamRules, "-o", "json_output=true", "--capture-out", capture, "--workers", "2"},
      base + ".live.out", base + ".live.err");
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  bool started = false;
  while (!started && std::chrono::steady_clock::now() < deadline) {
    started = ReadFile(base + ".live.err").find("peregrine: live:") != std::string::npos;
    if (!started && waitpid(live, nullptr, WNOHANG) != 0) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  if (!started) {
    kill(live, SIGKILL);
    Wait(live);
    const std::string err = ReadFile(base + ".live.err");
    if (err.find("must run as root") != std::string::npos) GTEST_SKIP() << err;
    FAIL() << "peregrine did not start: " << err;
  }
  // The pipeline releases events behind a short reorder window; give the readers a cycle.
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  std::vector<ScenarioRun> runs;
  for (const Scenario& s : UpstreamScenarios()) {
    SCOPED_TRACE(s.name);
    runs.push_back(s.perform());
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(500));
  kill(live, SIGTERM);
  ASSERT_EQ(Wait(live), 0) << ReadFile(base + ".live.err");
  const std::string live_err = ReadFile(base + ".live.err");
  EXPECT_NE(live_err.find("drops: kernel 0"), std::string::npos) << live_err;
  EXPECT_NE(live_err.find("records ("), std::string::npos) << live_err;

  // Replayed after the cleanups, as on another host: the container's cgroup no longer exists,
  // so its id cannot come from the context's cgroup id, only from the exec record's cgroups.
  for (const ScenarioRun& run : runs) run.cleanup();
  const pid_t replay = Start({"-r", kUpstreamRules, "-o", "json_output=true", "--replay", capture},
                             base + ".replay.out", base + ".replay.err");
  ASSERT_EQ(Wait(replay), 0) << ReadFile(base + ".replay.err");

  const std::vector<Alert> live_alerts = ParseAlerts(ReadFile(base + ".live.out"));
  const std::vector<Alert> replay_alerts = ParseAlerts(ReadFile(base + ".replay.out"));
  for (const ScenarioRun& run : runs) {
    SCOPED_TRACE(run.rule);
    std::vector<std::string> in_live, in_replay;
    for (const Alert& a : live_alerts) {
      if (AlertMatches(a.rule, a.json, run)) in_live.push_back(a.json);
    }
    for (const Alert& a : replay_alerts) {
      if (AlertMatches(a.rule, a.json, run)) in_replay.push_back(a.json);
    }
    ASSERT_EQ(in_live.size(), 1u) << "live run: no single '" << run.rule << "' alert";
    ASSERT_EQ(in_replay.size(), 1u) << "replay: no single '" << run.rule << "' alert";
    EXPECT_EQ(KeyFields(in_replay[0]), KeyFields(in_live[0]))
        << "live:   " << in_live[0] << "\nreplay: " << in_replay[0];
    EXPECT_GE(KeyFields(in_live[0]).size(), 10u) << in_live[0];
    for (const std::string& json : in_replay) {
      for (const std::string& s : run.must_not_contain) {
        EXPECT_EQ(json.find(s), std::string::npos) << s << " in " << json;
      }
    }
  }
  // Everything else the host did meanwhile is in the capture too: the same rules fire.
  EXPECT_EQ(CountByRule(replay_alerts), CountByRule(live_alerts))
      << "live:\n"
      << ReadFile(base + ".live.out") << "replay:\n"
      << ReadFile(base + ".replay.out");
  for (const char* suffix : {".pgcap", ".live.out", ".live.err", ".replay.out", ".replay.err"}) {
    unlink((base + suffix).c_str());
  }
}

}  // namespace
}  // namespace peregrine::runtime::live::testing
