// EventTypeCounters: one thread's cache of the peregrine_events_total{type} counters.
#ifndef PEREGRINE_RUNTIME_ENGINE_EVENT_TYPE_COUNTERS_H_
#define PEREGRINE_RUNTIME_ENGINE_EVENT_TYPE_COUNTERS_H_

#include <cstdint>
#include <vector>

#include "runtime/metrics/counter.h"
#include "runtime/metrics/peregrine_metrics.h"

namespace peregrine::runtime {

// Counts events by type name (enter and exit events of a syscall share a name). The counter of a
// type is looked up in the registry the first time the type is seen, then kept: afterwards
// Count() is an array index and a relaxed atomic add. Borrows `metrics` (nullable: then Count()
// does nothing), which must outlive it. Owned by one thread.
class EventTypeCounters {
 public:
  explicit EventTypeCounters(metrics::PeregrineMetrics* metrics) : metrics_(metrics) {}

  void Count(uint16_t type) {
    if (metrics_ == nullptr) return;
    if (type < by_code_.size() && by_code_[type] != nullptr) {
      by_code_[type]->Increment();
      return;
    }
    CountSlow(type);
  }

 private:
  void CountSlow(uint16_t type);

  metrics::PeregrineMetrics* metrics_;
  std::vector<metrics::Counter*> by_code_;
};

}  // namespace peregrine::runtime

#endif  // PEREGRINE_RUNTIME_ENGINE_EVENT_TYPE_COUNTERS_H_
