// Shared fixture of the live end-to-end tests: one LivePipeline per test suite, running on a
// rules file with JSON alerts collected in memory, and helpers that wait until the pipeline has
// processed everything up to the end of an action (the actions themselves: live_actions.h).
#ifndef PEREGRINE_TESTS_RUNTIME_LIVE_LIVE_PIPELINE_FIXTURE_H_
#define PEREGRINE_TESTS_RUNTIME_LIVE_LIVE_PIPELINE_FIXTURE_H_

#include <fcntl.h>
#include <pty.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include <utmp.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "gtest/gtest.h"
#include "runtime/engine/alert_sink.h"
#include "runtime/engine/engine_config.h"
#include "runtime/engine/ruleset_loader.h"
#include "runtime/live/live_pipeline.h"
#include "runtime/matcher/live_ruleset.h"
#include "tests/runtime/live/live_actions.h"

namespace peregrine::runtime::live::testing {

struct CollectedAlert {
  std::string rule;
  std::string json;  // the whole JSON alert
};

class LivePipelineTest : public ::testing::Test {
 protected:
  // Starts the pipeline on `rules_path` (call from SetUpTestSuite of the derived suite).
  static void StartPipeline(const std::string& rules_path, int workers = 1) {
    state_ = new SuiteState;
    EngineConfig config;
    config.ruleset.format.json_output = true;
    config.ruleset.format.hostname = "test";
    config.rule_matching = RuleMatching::kAll;
    std::vector<compiler::Diagnostic> diagnostics;
    auto ruleset = LoadRuleset({rules_path}, config, &diagnostics);
    if (!ruleset.ok()) {
      state_->error = "rules did not load: " + std::string(ruleset.status().message());
      return;
    }
    state_->live.Publish(*std::move(ruleset));
    state_->sink = std::make_unique<CallbackAlertSink>([](const Alert& alert) {
      std::lock_guard<std::mutex> lock(state_->mu);
      state_->alerts.push_back(
          CollectedAlert{std::string(alert.rule_name), std::string(alert.text)});
    });
    LiveOptions options;
    options.workers = workers;
    // Generous buffers: CI and developer machines are shared, and a build running beside the
    // tests can starve the readers for a while. Drops are counted and printed either way.
    options.ring_bytes_per_cpu = 32u << 20;
    options.queue_bytes = 16u << 20;
    options.rule_matching = RuleMatching::kAll;
    auto pipeline = LivePipeline::Create(state_->live, *state_->sink, options);
    if (!pipeline.ok()) {
      state_->error = pipeline.status().ToString();
      state_->kernel_refused = pipeline.status().code() == absl::StatusCode::kPermissionDenied;
      if (state_->kernel_refused) {
        std::fprintf(stderr,
                     "\n*** LIVE PIPELINE TESTS SKIPPED: the kernel refused the probe ***\n*** "
                     "%s ***\n\n",
                     state_->error.c_str());
      }
      return;
    }
    state_->pipeline = *std::move(pipeline);
    state_->runner = std::thread([] { state_->run_status = state_->pipeline->Run(&state_->stop); });
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    while (!state_->pipeline->running() && std::chrono::steady_clock::now() < deadline) {
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
  }

  static void StopPipeline() {
    if (state_ == nullptr) return;
    state_->stop.store(true);
    if (state_->runner.joinable()) state_->runner.join();
    if (state_->pipeline != nullptr) {
      const LiveCounters& c = state_->pipeline->counters();
      std::fprintf(stderr,
                   "live pipeline: %llu events, %llu alerts, kernel drops %llu, queue drops %llu, "
                   "late %llu\n",
                   static_cast<unsigned long long>(c.pipeline.events),
                   static_cast<unsigned long long>(c.pipeline.alerts),
                   static_cast<unsigned long long>(c.kernel_drops()),
                   static_cast<unsigned long long>(c.queue_drops()),
                   static_cast<unsigned long long>(c.late_events));
    }
    delete state_;
    state_ = nullptr;
  }

  void SetUp() override {
    ASSERT_NE(state_, nullptr);
    if (state_->pipeline == nullptr) {
      if (state_->kernel_refused) GTEST_SKIP() << "kernel refused the probe: " << state_->error;
      FAIL() << "live pipeline did not start: " << state_->error;
    }
    ASSERT_TRUE(state_->pipeline->running());
  }

  // Waits until every event stamped before now has been processed; then returns the alerts
  // raised since `*cursor` (and moves the cursor).
  static std::vector<CollectedAlert> AlertsSince(size_t* cursor) {
    const uint64_t now = state_->pipeline->NowTs();
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    while (state_->pipeline->processed_until() <= now &&
           std::chrono::steady_clock::now() < deadline) {
      std::this_thread::sleep_for(std::chrono::milliseconds(2));
    }
    EXPECT_GT(state_->pipeline->processed_until(), now) << "pipeline did not catch up in 10 s";
    std::lock_guard<std::mutex> lock(state_->mu);
    std::vector<CollectedAlert> out(state_->alerts.begin() + *cursor, state_->alerts.end());
    *cursor = state_->alerts.size();
    return out;
  }

  static size_t Cursor() {
    std::lock_guard<std::mutex> lock(state_->mu);
    return state_->alerts.size();
  }

  // Runs `action`, then returns the alerts of rule `rule` it raised whose JSON contains every
  // string of `must_contain` (e.g. "\"proc.name\":\"cat\"").
  static std::vector<CollectedAlert> AlertsOf(const std::function<void()>& action,
                                              const std::string& rule,
                                              const std::vector<std::string>& must_contain) {
    size_t cursor = Cursor();
    action();
    std::vector<CollectedAlert> all = AlertsSince(&cursor);
    std::vector<CollectedAlert> out;
    for (const CollectedAlert& a : all) {
      if (a.rule != rule) continue;
      bool ok = true;
      for (const std::string& s : must_contain) ok = ok && a.json.find(s) != std::string::npos;
      if (ok) out.push_back(a);
    }
    if (out.empty()) {
      std::string seen;
      for (const CollectedAlert& a : all) seen += "\n  " + a.json;
      ADD_FAILURE() << "no '" << rule << "' alert with the expected fields; alerts raised:" << seen;
    }
    return out;
  }

  // A fresh directory under /tmp, removed by the caller's rm -rf.
  static std::string TempDir() { return MakeTempDir(); }

  struct SuiteState {
    LiveRuleset live;
    std::unique_ptr<AlertSink> sink;
    std::unique_ptr<LivePipeline> pipeline;
    std::thread runner;
    std::atomic<bool> stop{false};
    absl::Status run_status;
    std::mutex mu;
    std::vector<CollectedAlert> alerts;
    std::string error;
    bool kernel_refused = false;
  };
  static inline SuiteState* state_ = nullptr;
};

}  // namespace peregrine::runtime::live::testing

#endif  // PEREGRINE_TESTS_RUNTIME_LIVE_LIVE_PIPELINE_FIXTURE_H_
