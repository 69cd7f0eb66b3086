#include "runtime/metrics/peregrine_metrics.h"

#include <cassert>

#include "runtime/metrics/process_metrics.h"

namespace peregrine::runtime::metrics {
namespace {

constexpr std::array<std::string_view, 8> kPriorityNames = {
    "Emergency", "Alert", "Critical", "Error", "Warning", "Notice", "Informational", "Debug"};

// Names and labels below are constants of this file, so a registry error is a bug here.
template <typename T>
T* MustGet(absl::StatusOr<T*> metric) {
  assert(metric.ok() && "built-in metric rejected by the registry");
  return metric.ok() ? *metric : nullptr;
}

}  // namespace

absl::StatusOr<std::unique_ptr<PeregrineMetrics>> PeregrineMetrics::Create(Registry& registry) {
  std::unique_ptr<PeregrineMetrics> m(new PeregrineMetrics(registry));
  for (size_t p = 0; p < kPriorityNames.size(); ++p) {
    auto counter = registry.GetCounter("peregrine_alerts_total", "Alerts raised, by priority",
                                       {{"priority", std::string(kPriorityNames[p])}});
    if (!counter.ok()) return counter.status();
    m->alerts_by_priority_[p] = *counter;
  }
  auto generation =
      registry.GetGauge("peregrine_ruleset_generation", "Generation of the live ruleset");
  if (!generation.ok()) return generation.status();
  m->ruleset_generation_ = *generation;
  PeregrineMetrics* self = m.get();
  m->ruleset_collector_ = registry.AddCollector([self](SampleWriter& out) {
    absl::MutexLock lock(&self->mu_);
    if (self->ruleset_hash_.empty()) return;
    out.Write(MetricType::kGauge, "peregrine_ruleset_info",
              "Always 1; the hash label identifies the live ruleset",
              {{"hash", self->ruleset_hash_}}, 1);
  });
  m->process_collector_ = RegisterProcessMetrics(registry);
  return m;
}

PeregrineMetrics::~PeregrineMetrics() {
  registry_.RemoveCollector(ruleset_collector_);
  registry_.RemoveCollector(process_collector_);
}

Counter* PeregrineMetrics::ForEventType(std::string_view type) {
  return MustGet(registry_.GetCounter("peregrine_events_total", "Events processed, by type",
                                      {{"type", std::string(type)}}));
}

Counter* PeregrineMetrics::ForRule(std::string_view rule) {
  return MustGet(registry_.GetCounter("peregrine_rule_matches_total", "Rule matches, by rule",
                                      {{"rule", std::string(rule)}}));
}

Counter* PeregrineMetrics::ForDrop(std::string_view category, std::string_view name) {
  return MustGet(
      registry_.GetCounter("peregrine_drops_total", "Lost events and alerts, by category and name",
                           {{"category", std::string(category)}, {"name", std::string(name)}}));
}

Histogram* PeregrineMetrics::ForStage(std::string_view stage) {
  return MustGet(registry_.GetHistogram("peregrine_stage_latency_seconds",
                                        "Time spent per event in each pipeline stage",
                                        DefaultLatencyBounds(), {{"stage", std::string(stage)}}));
}

void PeregrineMetrics::SetRuleset(uint64_t generation, std::string_view hash) {
  ruleset_generation_->Set(static_cast<double>(generation));
  absl::MutexLock lock(&mu_);
  ruleset_hash_ = std::string(hash);
}

std::vector<double> DefaultLatencyBounds() { return Histogram::ExponentialBounds(1e-7, 4, 12); }

}  // namespace peregrine::runtime::metrics
