// LiveDaemon: the live daemon's pipeline (probe → readers → queues → workers → rules) running
// in this process on its own thread, as the benchmarks drive it: counters read while it runs
// (kernel records, drops, approver drops, queue drops, this process's CPU time), a wait for it to
// catch up with the rings, and alert counts by rule. The load runs in child processes, so this
// process's CPU time is the daemon's (readers, workers and an idle main thread). Needs root.
//
// Usage:
//   LiveDaemonOptions o;  o.rules = {UpstreamRulesPath()};
//   PEREGRINE_ASSIGN_OR_RETURN(auto daemon, LiveDaemon::Start(o));
//   LiveSnapshot before = daemon->Snapshot();  RunLoad(...);  daemon->WaitCaughtUp();
//   LiveSnapshot delta = daemon->Snapshot() - before;
#ifndef PEREGRINE_BENCH_HARNESS_LIVE_DAEMON_H_
#define PEREGRINE_BENCH_HARNESS_LIVE_DAEMON_H_

#include <atomic>
#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "runtime/engine/alert_sink.h"
#include "runtime/live/live_pipeline.h"
#include "runtime/matcher/live_ruleset.h"

namespace peregrine::bench {

// The upstream falco_rules.yaml of the shared corpus, and Peregrine's rules/ directory.
std::string UpstreamRulesPath();
std::string OwnRulesPath();

struct LiveDaemonOptions {
  std::vector<std::string> rules;
  int workers = 1;
  bool approvers = true;
  uint32_t ring_bytes_per_cpu = 8u << 20;  // the daemon's defaults
  size_t queue_bytes = 4u << 20;
  runtime::RuleMatching rule_matching = runtime::RuleMatching::kFirst;
  // Alerts of this rule are counted apart (alerts_of_rule()).
  std::string counted_rule;
};

// Cumulative counters at one instant; subtract two for an interval.
struct LiveSnapshot {
  uint64_t emitted = 0;                // records the probe wrote to the rings
  uint64_t kernel_drops = 0;           // every kernel drop category
  uint64_t approver_dropped = 0;       // calls the approvers filtered out in the kernel
  uint64_t path_approver_dropped = 0;  // of which opens dropped by a path approver
  uint64_t queue_drops = 0;            // records refused by full worker queues
  double cpu_seconds = 0;              // this process, user + system
  std::chrono::steady_clock::time_point at;

  LiveSnapshot operator-(const LiveSnapshot& earlier) const;
  double seconds_since(const LiveSnapshot& earlier) const {
    return std::chrono::duration<double>(at - earlier.at).count();
  }
};

// Owns the ruleset, the pipeline and its thread. Start/Snapshot/WaitCaughtUp/Stop from one
// thread; the alert counters are atomics written by the workers.
class LiveDaemon {
 public:
  // Compiles the rules, loads the probe, starts the pipeline and waits until it runs.
  static absl::StatusOr<std::unique_ptr<LiveDaemon>> Start(const LiveDaemonOptions& options);
  ~LiveDaemon();  // stops the pipeline if still running
  LiveDaemon(const LiveDaemon&) = delete;
  LiveDaemon& operator=(const LiveDaemon&) = delete;

  LiveSnapshot Snapshot() const;
  // Waits until the workers processed every record stamped before this call; false after
  // `timeout`.
  bool WaitCaughtUp(std::chrono::milliseconds timeout = std::chrono::milliseconds(5000));
  // Turns the drop-failed approvers on or off in the running probe.
  absl::Status SetApprovers(bool on);
  // Stops the pipeline and returns Run()'s status; counters() is complete afterwards.
  absl::Status Stop();

  runtime::live::LivePipeline& pipeline() { return *pipeline_; }
  runtime::LiveRuleset& live() { return live_; }
  const runtime::live::LiveCounters& counters() const { return pipeline_->counters(); }
  uint64_t alerts() const { return alerts_.load(); }
  uint64_t alerts_of_rule() const { return rule_alerts_.load(); }

 private:
  explicit LiveDaemon(std::string counted_rule);

  runtime::LiveRuleset live_;
  std::string counted_rule_;
  std::atomic<uint64_t> alerts_{0};
  std::atomic<uint64_t> rule_alerts_{0};
  runtime::CallbackAlertSink sink_;
  std::unique_ptr<runtime::live::LivePipeline> pipeline_;
  std::atomic<bool> stop_{false};
  std::thread runner_;
  absl::Status run_status_;
  bool stopped_ = false;
};

// This process's CPU time (user + system) and resident memory from /proc/self/status
// ("VmRSS", "VmHWM", "RssAnon"; KiB, -1 when absent).
double ProcessCpuSeconds();
long ProcessStatusKb(const char* key);

}  // namespace peregrine::bench

#endif  // PEREGRINE_BENCH_HARNESS_LIVE_DAEMON_H_
