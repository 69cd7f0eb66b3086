// PeregrineMetrics: the daemon's named metric families (events, matches, alerts, drops, latency,
// ruleset), created in one place so every name and label is spelled once.
#ifndef PEREGRINE_RUNTIME_METRICS_PEREGRINE_METRICS_H_
#define PEREGRINE_RUNTIME_METRICS_PEREGRINE_METRICS_H_

#include <array>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "absl/base/thread_annotations.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "runtime/metrics/registry.h"

namespace peregrine::runtime::metrics {

// Families (all prefixed peregrine_):
//   events_total{type}                       events processed, by event type name
//   rule_matches_total{rule}                 rule matches, by rule name
//   alerts_total{priority}                   alerts raised, by priority name
//   drops_total{category,name}               lost events/alerts: kernel_ring/<cpu>, queue/<name>,
//                                            output/<sink> (the output manager adds its own)
//   stage_latency_seconds{stage}             histogram per pipeline stage: decode, state, match,
//                                            output (sampled events; stage_latency.h)
//   ruleset_generation                       gauge, bumped by every swap
//   ruleset_info{hash}                       1 for the live ruleset's hash
//   process_*                                RSS, CPU, threads (process_metrics.h)
// The For*() lookups take the registry's lock: call them at setup (or on first sight of a new
// type/rule) and keep the returned pointer for the hot path. Thread-safe. Borrows the registry,
// which must outlive this object.
class PeregrineMetrics {
 public:
  static absl::StatusOr<std::unique_ptr<PeregrineMetrics>> Create(Registry& registry);
  ~PeregrineMetrics();

  Counter* ForEventType(std::string_view type);
  Counter* ForRule(std::string_view rule);
  // priority 0 (Emergency) … 7 (Debug); pre-created, no lock.
  Counter* ForPriority(int priority) { return alerts_by_priority_[priority & 7]; }
  Counter* ForDrop(std::string_view category, std::string_view name);
  Histogram* ForStage(std::string_view stage);

  // Records a ruleset swap: generation and content hash (hex) of the live ruleset.
  void SetRuleset(uint64_t generation, std::string_view hash);

  Registry& registry() { return registry_; }

 private:
  explicit PeregrineMetrics(Registry& registry) : registry_(registry) {}

  Registry& registry_;
  std::array<Counter*, 8> alerts_by_priority_{};
  Gauge* ruleset_generation_ = nullptr;
  absl::Mutex mu_;
  std::string ruleset_hash_ ABSL_GUARDED_BY(mu_);
  int ruleset_collector_ = 0;
  int process_collector_ = 0;
};

// Default latency buckets in seconds: 100 ns … ~1.6 s by factors of 4.
std::vector<double> DefaultLatencyBounds();

}  // namespace peregrine::runtime::metrics

#endif  // PEREGRINE_RUNTIME_METRICS_PEREGRINE_METRICS_H_
