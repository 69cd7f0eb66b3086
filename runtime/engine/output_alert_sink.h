// OutputAlertSink: the engine's alerts into runtime/outputs' OutputManager (every enabled output),
// counted in the rule-match and priority metrics on the way.
#ifndef PEREGRINE_RUNTIME_ENGINE_OUTPUT_ALERT_SINK_H_
#define PEREGRINE_RUNTIME_ENGINE_OUTPUT_ALERT_SINK_H_

#include <string>

#include "absl/base/thread_annotations.h"
#include "absl/container/flat_hash_map.h"
#include "absl/synchronization/mutex.h"
#include "runtime/engine/alert_sink.h"
#include "runtime/metrics/peregrine_metrics.h"
#include "runtime/outputs/output_manager.h"

namespace peregrine::runtime {

// Each alert becomes an outputs::Alert {priority, rule, source "syscall", time, message = the
// formatted text} shared by every sink's queue. Emit() never blocks on a sink: a full queue drops
// the alert for that sink only (counted by the manager); Emit() returns false only when no sink
// took it (and there was at least one sink). With `metrics` it increments
// peregrine_rule_matches_total{rule} and peregrine_alerts_total{priority}.
// Flush() does nothing: the owner drains the manager with OutputManager::Shutdown(deadline) at
// exit. Borrows the manager and the metrics (nullable), which must outlive it. Thread-safe.
class OutputAlertSink final : public AlertSink {
 public:
  OutputAlertSink(outputs::OutputManager& manager, metrics::PeregrineMetrics* metrics)
      : manager_(manager), metrics_(metrics) {}

  bool Emit(const Alert& alert) override;

 private:
  metrics::Counter* RuleCounter(std::string_view rule);

  outputs::OutputManager& manager_;
  metrics::PeregrineMetrics* metrics_;
  absl::Mutex mu_;
  absl::flat_hash_map<std::string, metrics::Counter*> rule_counters_ ABSL_GUARDED_BY(mu_);
};

}  // namespace peregrine::runtime

#endif  // PEREGRINE_RUNTIME_ENGINE_OUTPUT_ALERT_SINK_H_
