// Process metrics: resident memory and CPU time of this process, read from /proc at scrape time.
#ifndef PEREGRINE_RUNTIME_METRICS_PROCESS_METRICS_H_
#define PEREGRINE_RUNTIME_METRICS_PROCESS_METRICS_H_

#include <cstdint>
#include <optional>

#include "runtime/metrics/registry.h"

namespace peregrine::runtime::metrics {

struct ProcessUsage {
  uint64_t resident_bytes = 0;
  double cpu_seconds = 0;  // user + system
  uint64_t threads = 0;
};

// Reads /proc/self/stat; nullopt when it cannot be read or parsed.
std::optional<ProcessUsage> ReadProcessUsage();

// Adds a collector exporting peregrine_process_resident_memory_bytes,
// peregrine_process_cpu_seconds_total and peregrine_process_threads. Returns the collector id.
int RegisterProcessMetrics(Registry& registry);

}  // namespace peregrine::runtime::metrics

#endif  // PEREGRINE_RUNTIME_METRICS_PROCESS_METRICS_H_
