// DropHandler: Falco's syscall_event_drops reaction (log / alert / exit, token-bucket throttled).
#ifndef PEREGRINE_RUNTIME_METRICS_DROP_HANDLER_H_
#define PEREGRINE_RUNTIME_METRICS_DROP_HANDLER_H_

#include <cstdint>
#include <functional>
#include <string>
#include <utility>
#include <vector>

#include "runtime/metrics/token_bucket.h"

namespace peregrine::runtime::metrics {

enum class DropAction : uint8_t { kIgnore, kLog, kAlert, kExit };

// falco.yaml `syscall_event_drops` (spec §7); defaults are Falco's.
struct DropPolicy {
  double threshold = 0.1;  // fraction of lost events, drops / (events + drops), in one interval
  std::vector<DropAction> actions = {DropAction::kLog, DropAction::kAlert};
  double rate = 0.03333;  // notifications per second
  double max_burst = 1;
};

// Cumulative counters since start; the handler works on the differences between two calls.
struct DropSample {
  uint64_t events = 0;                                  // events delivered to user space
  std::vector<std::pair<std::string, uint64_t>> drops;  // by category: ("kernel_ring", n), …
};

// What happened in one interval that crossed the threshold.
struct DropReport {
  uint64_t n_evts = 0;
  uint64_t n_drops = 0;
  double ratio = 0;
  std::vector<std::pair<std::string, uint64_t>> drops;  // per category, this interval
  double interval_seconds = 0;
  // "Falco internal: syscall event drop. 12 system calls dropped in last second."
  std::string Message() const;
};

// Called by the daemon once per interval (Falco: every second) with cumulative counters. When the
// interval's drop ratio exceeds the threshold and the token bucket has a token, it runs the
// configured actions: `log` calls hooks.log with the message, `alert` calls hooks.alert (the
// caller emits the internal Debug alert "Falco internal: syscall event drop"), `exit` makes
// Check() return kExit. `ignore` (alone or with others) disables every action.
// Thread-compatible: one owner thread calls Check().
class DropHandler {
 public:
  struct Hooks {
    std::function<void(const std::string&)> log;
    std::function<void(const DropReport&)> alert;
  };
  enum class Verdict { kContinue, kExit };

  DropHandler(DropPolicy policy, Hooks hooks, uint64_t now_ns);

  Verdict Check(const DropSample& cumulative, uint64_t now_ns);

  // Intervals that crossed the threshold and acted / were silenced by the token bucket.
  uint64_t notifications() const { return notifications_; }
  uint64_t suppressed() const { return suppressed_; }

 private:
  DropPolicy policy_;
  Hooks hooks_;
  TokenBucket bucket_;
  bool ignore_;
  DropSample last_;
  uint64_t last_ns_;
  uint64_t notifications_ = 0;
  uint64_t suppressed_ = 0;
};

}  // namespace peregrine::runtime::metrics

#endif  // PEREGRINE_RUNTIME_METRICS_DROP_HANDLER_H_
