// Hot reload under load on the live probe (root and the kernel: label `live`). A load generator
// opens one file over and over while the rules file is rewritten 20 times (5 broken); the
// ReloadController picks each change up (inotify), publishes it, and updates the probe's
// interest and approvers around the swap as the daemon does. Every open must raise exactly one
// alert, from one generation; nothing may be dropped; the broken rulesets must be rejected. The
// rulesets alternate with and without a mkdirat rule, so the kernel's syscall interest really
// changes: the last one wants mkdirat, which the first did not ask the kernel for.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "runtime/engine/engine_config.h"
#include "runtime/engine/ruleset_loader.h"
#include "runtime/live/interest.h"
#include "runtime/live/live_pipeline.h"
#include "runtime/reload/reload_controller.h"

namespace peregrine::runtime::reload {
namespace {

using Clock = std::chrono::steady_clock;

std::string Rules(int version, const std::string& target, const std::string& dir, bool broken) {
  if (broken) {
    return absl::StrCat("- rule: broken v", version, "\n  desc: d\n  condition: evt.type = openat",
                        " and undefined_macro_v", version, "\n  output: x\n  priority: INFO\n");
  }
  std::string text = absl::StrCat("- rule: open target v", version, "\n  desc: d\n",
                                  "  condition: evt.type = openat and fd.name = ", target,
                                  "\n  output: v", version, " %fd.name\n  priority: INFO\n");
  if (version % 2 == 0 && version > 0) {
    absl::StrAppend(&text, "- rule: mkdir v", version, "\n  desc: d\n",
                    "  condition: evt.type = mkdirat and evt.arg.path startswith ", dir,
                    "\n  output: m %evt.arg.path\n  priority: INFO\n");
  }
  return text;
}

void WriteAtomically(const std::string& path, const std::string& text) {
  {
    std::ofstream out(path + ".tmp", std::ios::trunc);
    out << text;
  }
  std::filesystem::rename(path + ".tmp", path);
}

double Percentile(std::vector<double> v, double p) {
  std::sort(v.begin(), v.end());
  const size_t i = static_cast<size_t>(p * static_cast<double>(v.size() - 1) + 0.5);
  return v[std::min(i, v.size() - 1)];
}

TEST(HotReloadLiveTest, TwentySwapsWhileTheProbeRunsNoEventLostNoneMatchedTwice) {
  const std::string dir = absl::StrCat("/tmp/pg_live_reload_", getpid());
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  const std::string target = dir + "/target";
  std::ofstream(target) << "x";
  const std::string rules = dir + "/rules.yaml";
  WriteAtomically(rules, Rules(0, target, dir, false));

  absl::StatusOr<EngineConfig> engine = EngineConfigFromOverrides({});
  ASSERT_TRUE(engine.ok());
  LiveRuleset live;
  {
    auto first = LoadRuleset({rules}, *engine, nullptr);
    ASSERT_TRUE(first.ok()) << first.status();
    live.Publish(*std::move(first));
  }

  absl::Mutex mu;
  std::map<uint64_t, uint64_t> opens_by_generation;
  std::map<uint64_t, std::string> rule_of_generation;
  std::map<uint64_t, Clock::time_point> first_seen;
  uint64_t mixed = 0;
  uint64_t mkdir_alerts = 0;
  CallbackAlertSink sink([&](const Alert& alert) {
    absl::MutexLock lock(&mu);
    const uint64_t gen = alert.ruleset->generation();
    if (alert.rule_name.rfind("mkdir", 0) == 0) {
      ++mkdir_alerts;
      return;
    }
    if (opens_by_generation[gen]++ == 0) {
      first_seen[gen] = Clock::now();
      rule_of_generation[gen] = std::string(alert.rule_name);
    } else if (rule_of_generation[gen] != alert.rule_name) {
      ++mixed;
    }
  });
  live::LiveOptions options;
  options.workers = 1;
  options.ring_bytes_per_cpu = 32u << 20;
  options.queue_bytes = 16u << 20;
  auto pipeline = live::LivePipeline::Create(live, sink, options);
  if (!pipeline.ok() && pipeline.status().code() == absl::StatusCode::kPermissionDenied) {
    GTEST_SKIP() << "the kernel refused the probe: " << pipeline.status();
  }
  ASSERT_TRUE(pipeline.ok()) << pipeline.status();
  live::LivePipeline& p = **pipeline;
  const std::vector<int>& initial = p.interest().syscalls;
  ASSERT_EQ(std::count(initial.begin(), initial.end(), SYS_mkdirat), 0)
      << "the first ruleset should not need mkdirat (the state tables track it?)";

  live::InterestSet current = p.interest();
  ReloadHooks hooks;
  hooks.before_publish = [&](const Ruleset& next) {
    const live::InterestSet want = live::ComputeInterest(next.compiled());
    ASSERT_TRUE(live::ApplyInterest(p.probe(), live::InterestDuringSwap(current, want)).ok());
  };
  hooks.after_publish = [&](const Ruleset& now_live) {
    const live::InterestSet want = live::ComputeInterest(now_live.compiled());
    ASSERT_TRUE(live::ApplyInterest(p.probe(), want).ok());
    current = want;
  };
  std::vector<std::string> log;
  hooks.log = [&](const std::string& line) {
    absl::MutexLock lock(&mu);
    log.push_back(line);
  };
  ReloadOptions reload_options;
  reload_options.debounce = std::chrono::milliseconds(50);
  RulesetBuilder builder = [&]() -> absl::StatusOr<ReloadCandidate> {
    std::vector<compiler::Diagnostic> diagnostics;
    auto r = LoadRuleset({rules}, *engine, &diagnostics);
    if (!r.ok()) {
      std::string why(r.status().message());
      for (const compiler::Diagnostic& d : diagnostics) absl::StrAppend(&why, "\n", d.message);
      return absl::InvalidArgumentError(why);
    }
    ReloadCandidate c;
    c.ruleset = *std::move(r);
    return c;
  };

  std::atomic<bool> stop{false};
  std::thread runner([&] { ASSERT_TRUE(p.Run(&stop).ok()); });
  while (!p.running()) std::this_thread::sleep_for(std::chrono::milliseconds(2));
  auto controller = ReloadController::Create(live, builder, hooks, reload_options, {rules});
  ASSERT_TRUE(controller.ok()) << controller.status();

  // The load generator: known number of opens of the target.
  std::atomic<bool> generating{true};
  std::atomic<uint64_t> opens{0};
  std::thread generator([&] {
    while (generating.load()) {
      for (int i = 0; i < 20; ++i) {
        const int fd = open(target.c_str(), O_RDONLY | O_CLOEXEC);
        if (fd >= 0) {
          close(fd);
          opens.fetch_add(1);
        }
      }
      std::this_thread::sleep_for(std::chrono::microseconds(500));
    }
  });

  std::vector<double> latencies_ms;
  int rejected = 0;
  for (int k = 0; k < 20; ++k) {
    const int version = k + 1;
    const bool broken = k % 4 == 2;  // versions 3, 7, 11, 15, 19
    const uint64_t before = live.generation();
    const auto written = Clock::now();
    WriteAtomically(rules, Rules(version, target, dir, broken));
    ASSERT_TRUE((*controller)->WaitForAttempts(k + 1, absl::Seconds(30)));
    const ReloadRecord r = (*controller)->history().back();
    if (broken) {
      EXPECT_FALSE(r.ok);
      EXPECT_NE(r.error.find(absl::StrCat("undefined_macro_v", version)), std::string::npos)
          << r.error;
      EXPECT_EQ(live.generation(), before);
      ++rejected;
      continue;
    }
    ASSERT_TRUE(r.ok) << r.error;
    bool seen = false;
    for (int i = 0; i < 5000 && !seen; ++i) {
      {
        absl::MutexLock lock(&mu);
        auto it = first_seen.find(r.generation);
        if (it != first_seen.end()) {
          latencies_ms.push_back(
              std::chrono::duration<double, std::milli>(it->second - written).count());
          seen = true;
        }
      }
      if (!seen) std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
    EXPECT_TRUE(seen) << "generation " << r.generation << " raised no alert";
  }
  generating.store(false);
  generator.join();
  // The last ruleset asked the kernel for mkdirat at run time: a mkdirat now raises its alert.
  ASSERT_EQ(syscall(SYS_mkdirat, AT_FDCWD, (dir + "/made").c_str(), 0755), 0);
  const uint64_t until = p.NowTs();
  for (int i = 0; i < 1000 && p.processed_until() <= until; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  stop.store(true);
  runner.join();
  controller->reset();

  const live::LiveCounters& c = p.counters();
  uint64_t matched = 0;
  {
    absl::MutexLock lock(&mu);
    for (const auto& [gen, n] : opens_by_generation) matched += n;
    for (const auto& [gen, rule] : rule_of_generation) {
      EXPECT_EQ(rule.rfind("open target v", 0), 0u) << rule;
    }
    EXPECT_EQ(mixed, 0u);
    EXPECT_EQ(mkdir_alerts, 1u);
  }
  EXPECT_EQ(c.kernel_drops(), 0u);
  EXPECT_EQ(c.queue_drops(), 0u);
  EXPECT_EQ(matched, opens.load()) << "opens and alerts differ: lost or doubled events";
  EXPECT_EQ(rejected, 5);
  EXPECT_EQ(live.generation(), 16u);
  std::printf(
      "hot reload (live probe, %llu opens, %zu generations saw events, debounce 50 ms): "
      "change->live p50 %.1f ms p99 %.1f ms\n",
      static_cast<unsigned long long>(opens.load()), opens_by_generation.size(),
      Percentile(latencies_ms, 0.5), Percentile(latencies_ms, 0.99));
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace peregrine::runtime::reload
