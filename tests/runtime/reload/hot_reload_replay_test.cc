// Hot reload under load, through the replay engine: a load generator replays a real capture
// (looping until every reload is done) while the rules file on disk is rewritten 20 times
// (5 of them broken); the ReloadController picks each change up through inotify. Every event
// must be matched by exactly one ruleset generation, none lost; broken rulesets must be rejected
// and logged. Prints the change-to-live latency p50/p99 (no timing asserts).
#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "runtime/engine/capture_source.h"
#include "runtime/engine/engine_config.h"
#include "runtime/engine/event_pipeline.h"
#include "runtime/engine/ruleset_loader.h"
#include "runtime/matcher/live_ruleset.h"
#include "runtime/reload/reload_controller.h"

namespace peregrine::runtime::reload {
namespace {

using Clock = std::chrono::steady_clock;

const char kCapture[] = PEREGRINE_SHARED_DIR "/corpus/captures/dev-mixed.scap";

std::string ReadAll(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

// Version k of the rules: one rule that matches every event (so the expected match count is
// the number of evaluated events), named after k so each alert tells which ruleset raised it.
std::string ValidRules(int k) {
  return absl::StrCat("- rule: every event v", k, "\n  desc: matches everything\n",
                      "  condition: evt.num > 0\n  output: v", k, " %evt.num\n",
                      "  priority: INFO\n");
}

// Two kinds of broken rules: a YAML syntax error, and an undefined macro.
std::string BrokenRules(int k, bool yaml_error) {
  if (yaml_error) return absl::StrCat("- rule: broken v", k, "\n  condition: [evt.num > 0\n");
  return absl::StrCat("- rule: broken v", k, "\n  desc: d\n",
                      "  condition: evt.num > 0 and no_such_macro_", k, "\n  output: x\n",
                      "  priority: INFO\n");
}

// Writes the way deployment tools do: a temporary file renamed over the old one.
void WriteRules(const std::string& path, const std::string& text) {
  const std::string tmp = path + ".tmp";
  {
    std::ofstream out(tmp, std::ios::trunc);
    out << text;
  }
  std::filesystem::rename(tmp, path);
}

// The load generator: the capture's events, again and again, until `done` turns true at the
// end of a copy. Counts what it hands out.
class LoopingSource final : public EventSource {
 public:
  LoopingSource(std::string bytes, const std::atomic<bool>& done)
      : bytes_(std::move(bytes)), done_(done) {
    Open();
  }
  std::string_view format() const override { return "scap"; }
  void SeedState(StateTracker& state) override { inner_->SeedState(state); }
  absl::StatusOr<bool> Next(SourceEvent* out) override {
    while (true) {
      absl::StatusOr<bool> more = inner_->Next(out);
      if (!more.ok()) return more;
      if (*more) {
        ++handed_out_;
        return true;
      }
      ++copies_;
      if (done_.load()) return false;
      Open();
    }
  }
  SourceStats stats() const override { return {}; }
  uint64_t handed_out() const { return handed_out_; }
  int copies() const { return copies_; }

 private:
  void Open() {
    absl::StatusOr<std::unique_ptr<EventSource>> s = OpenCaptureBytes(bytes_);
    ASSERT_TRUE(s.ok()) << s.status();
    inner_ = *std::move(s);
  }
  std::string bytes_;
  const std::atomic<bool>& done_;
  std::unique_ptr<EventSource> inner_;
  uint64_t handed_out_ = 0;
  int copies_ = 0;
};

// Counts matches by the generation of the ruleset that raised them, checks that the rule
// belongs to that generation, and notes when each generation was first seen on the event path.
class GenerationCountingSink final : public AlertSink {
 public:
  bool Emit(const Alert& alert) override {
    const uint64_t gen = alert.ruleset->generation();
    absl::MutexLock lock(&mu_);
    auto [it, inserted] = by_generation_.try_emplace(gen, 0);
    ++it->second;
    if (inserted) {
      first_seen_[gen] = Clock::now();
      rule_of_[gen] = std::string(alert.rule_name);
    } else if (rule_of_[gen] != alert.rule_name) {
      ++mixed_;
    }
    return true;
  }
  std::map<uint64_t, uint64_t> by_generation() const {
    absl::MutexLock lock(&mu_);
    return by_generation_;
  }
  std::optional<Clock::time_point> FirstSeen(uint64_t gen) const {
    absl::MutexLock lock(&mu_);
    auto it = first_seen_.find(gen);
    if (it == first_seen_.end()) return std::nullopt;
    return it->second;
  }
  std::map<uint64_t, std::string> rule_of() const {
    absl::MutexLock lock(&mu_);
    return rule_of_;
  }
  uint64_t mixed() const {
    absl::MutexLock lock(&mu_);
    return mixed_;
  }

 private:
  mutable absl::Mutex mu_;
  std::map<uint64_t, uint64_t> by_generation_;
  std::map<uint64_t, Clock::time_point> first_seen_;
  std::map<uint64_t, std::string> rule_of_;
  uint64_t mixed_ = 0;
};

double Percentile(std::vector<double> v, double p) {
  std::sort(v.begin(), v.end());
  const size_t i = static_cast<size_t>(p * static_cast<double>(v.size() - 1) + 0.5);
  return v[std::min(i, v.size() - 1)];
}

TEST(HotReloadReplayTest, TwentySwapsUnderLoadEveryEventMatchedByExactlyOneGeneration) {
  const std::string dir =
      absl::StrCat(std::filesystem::temp_directory_path().string(), "/pg_hot_reload_", getpid());
  std::filesystem::create_directories(dir);
  const std::string rules = dir + "/rules.yaml";
  WriteRules(rules, ValidRules(0));

  absl::StatusOr<EngineConfig> engine = EngineConfigFromOverrides({});
  ASSERT_TRUE(engine.ok()) << engine.status();
  LiveRuleset live;
  {
    absl::StatusOr<std::unique_ptr<Ruleset>> first = LoadRuleset({rules}, *engine, nullptr);
    ASSERT_TRUE(first.ok()) << first.status();
    live.Publish(*std::move(first));
  }

  absl::Mutex log_mu;
  std::vector<std::string> log;
  ReloadHooks hooks;
  hooks.log = [&](const std::string& line) {
    absl::MutexLock lock(&log_mu);
    log.push_back(line);
  };
  ReloadOptions options;
  options.debounce = std::chrono::milliseconds(50);
  RulesetBuilder builder = [&]() -> absl::StatusOr<ReloadCandidate> {
    std::vector<compiler::Diagnostic> diagnostics;
    absl::StatusOr<std::unique_ptr<Ruleset>> r = LoadRuleset({rules}, *engine, &diagnostics);
    if (!r.ok()) {
      std::string why(r.status().message());
      for (const compiler::Diagnostic& d : diagnostics) {
        if (d.severity == compiler::Severity::kError) absl::StrAppend(&why, "\n", d.message);
      }
      return absl::InvalidArgumentError(why);
    }
    ReloadCandidate c;
    c.ruleset = *std::move(r);
    c.description = rules;
    return c;
  };
  absl::StatusOr<std::unique_ptr<ReloadController>> controller =
      ReloadController::Create(live, builder, hooks, options, {rules});
  ASSERT_TRUE(controller.ok()) << controller.status();

  std::atomic<bool> done{false};
  LoopingSource source(ReadAll(kCapture), done);
  GenerationCountingSink sink;
  EventPipeline pipeline(live, sink, PipelineOptions{});
  absl::Status run_status;
  std::thread event_path([&] { run_status = pipeline.Run(source); });

  // 20 rewrites: every fourth one (k = 3, 7, 11, 15, 19) broken.
  std::vector<double> latencies_ms;
  std::vector<int> broken_steps;
  std::map<uint64_t, int> version_of_generation = {{1, 0}};
  for (int k = 0; k < 20; ++k) {
    const bool broken = k % 4 == 3;
    const uint64_t before = live.generation();
    const auto written = Clock::now();
    WriteRules(rules,
               broken ? BrokenRules(k + 1, /*yaml_error=*/(k / 4) % 2 == 0) : ValidRules(k + 1));
    ASSERT_TRUE((*controller)->WaitForAttempts(k + 1, absl::Seconds(30))) << "reload " << k;
    const ReloadRecord record = (*controller)->history().back();
    if (broken) {
      broken_steps.push_back(k);
      EXPECT_FALSE(record.ok) << record.trigger;
      EXPECT_EQ(live.generation(), before) << "a broken ruleset was published";
      continue;
    }
    ASSERT_TRUE(record.ok) << record.error;
    ASSERT_EQ(record.generation, before + 1);
    version_of_generation[record.generation] = k + 1;
    // Change → live: until the event path evaluated an event with the new generation.
    std::optional<Clock::time_point> seen;
    for (int i = 0; i < 1000 && !(seen = sink.FirstSeen(record.generation)); ++i) {
      std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
    ASSERT_TRUE(seen.has_value()) << "generation " << record.generation << " never evaluated";
    latencies_ms.push_back(std::chrono::duration<double, std::milli>(*seen - written).count());
  }
  done.store(true);
  event_path.join();
  ASSERT_TRUE(run_status.ok()) << run_status;

  // Every event evaluated was matched exactly once, by one generation; none was lost.
  const PipelineCounters& c = pipeline.counters();
  EXPECT_EQ(c.events, source.handed_out());
  uint64_t matched = 0;
  for (const auto& [gen, n] : sink.by_generation()) {
    matched += n;
    ASSERT_TRUE(version_of_generation.count(gen)) << "alerts from unpublished generation " << gen;
  }
  EXPECT_EQ(matched, c.evaluated);
  EXPECT_EQ(c.evaluated + c.state_only, c.events);
  EXPECT_EQ(c.alerts_dropped, 0u);
  EXPECT_EQ(sink.mixed(), 0u) << "a generation raised alerts of two rulesets";
  for (const auto& [gen, rule] : sink.rule_of()) {
    EXPECT_EQ(rule, absl::StrCat("every event v", version_of_generation[gen])) << gen;
  }
  EXPECT_EQ(live.generation(), 16u);  // 1 + 15 valid swaps
  EXPECT_EQ(c.ruleset_swaps + 1, sink.by_generation().size());

  // The broken ones were rejected and logged with their errors.
  const std::vector<ReloadRecord> history = (*controller)->history();
  ASSERT_EQ(history.size(), 20u);
  int rejected = 0;
  for (int k : broken_steps) {
    ++rejected;
    EXPECT_FALSE(history[k].error.empty());
  }
  EXPECT_EQ(rejected, 5);
  {
    absl::MutexLock lock(&log_mu);
    int rejected_lines = 0;
    int swapped_lines = 0;
    for (const std::string& line : log) {
      if (line.find("reload rejected") != std::string::npos) ++rejected_lines;
      if (line.find("ruleset swapped") != std::string::npos &&
          line.find("hash ") != std::string::npos && line.find("compile ") != std::string::npos) {
        ++swapped_lines;
      }
    }
    EXPECT_EQ(rejected_lines, 5);
    EXPECT_EQ(swapped_lines, 15);
    int macro_named = 0;
    for (const std::string& line : log) {
      if (line.find("Undefined macro 'no_such_macro_") != std::string::npos) ++macro_named;
    }
    EXPECT_EQ(macro_named, 2) << "the undefined macros' errors were not logged";
  }

  std::vector<double> compile_ms;
  std::vector<double> swap_us;
  for (const ReloadRecord& r : history) {
    if (!r.ok) continue;
    compile_ms.push_back(r.compile_ms);
    swap_us.push_back(r.swap_us);
  }
  std::printf(
      "hot reload (replay, %d capture copies, %llu events, %zu generations seen, debounce 50 "
      "ms): change->live p50 %.1f ms p99 %.1f ms; compile p50 %.2f ms; swap p50 %.1f us p99 %.1f "
      "us\n",
      source.copies(), static_cast<unsigned long long>(c.events), sink.by_generation().size(),
      Percentile(latencies_ms, 0.5), Percentile(latencies_ms, 0.99), Percentile(compile_ms, 0.5),
      Percentile(swap_us, 0.5), Percentile(swap_us, 0.99));
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace peregrine::runtime::reload
