// OutputManager: fans each alert out to every enabled sink's worker.
#ifndef PEREGRINE_RUNTIME_OUTPUTS_OUTPUT_MANAGER_H_
#define PEREGRINE_RUNTIME_OUTPUTS_OUTPUT_MANAGER_H_

#include <memory>
#include <vector>

#include "absl/time/time.h"
#include "runtime/metrics/registry.h"
#include "runtime/outputs/alert.h"
#include "runtime/outputs/output_worker.h"
#include "runtime/outputs/sink.h"

namespace peregrine::runtime::outputs {

// Owns one OutputWorker per sink, each with its own queue of `queue_capacity` alerts
// (`outputs_queue.capacity`, 0 = unbounded) and thread. Enqueue() never blocks: an alert a full
// queue cannot take is dropped for that sink only and counted. With a registry it exports, per
// output: peregrine_output_alerts_total{output,result}, peregrine_output_queue_depth{output} and
// peregrine_drops_total{category="output",name} (queue full + shutdown + failed writes); the
// registry must outlive the manager. Thread-safe: Enqueue/Reopen/Stats from any thread; Shutdown
// from one.
class OutputManager {
 public:
  OutputManager(std::vector<std::unique_ptr<Sink>> sinks, size_t queue_capacity,
                metrics::Registry* registry = nullptr);
  ~OutputManager();  // Shutdown(absl::ZeroDuration()) if not done
  OutputManager(const OutputManager&) = delete;
  OutputManager& operator=(const OutputManager&) = delete;

  // Shares the alert with every sink; returns how many accepted it.
  size_t Enqueue(Alert alert) { return Enqueue(std::make_shared<const Alert>(std::move(alert))); }
  size_t Enqueue(AlertPtr alert);
  // Files and connections are reopened before each sink's next write (SIGUSR1).
  void Reopen();
  // Delivers what is queued until `deadline` has passed, then stops every worker; the alerts left
  // are counted as dropped_shutdown. True when nothing was left behind.
  bool Shutdown(absl::Duration deadline);
  // Waits until every queue is empty and every sink idle (tests).
  bool WaitIdle(absl::Duration timeout);

  std::vector<OutputStats> Stats() const;
  size_t size() const { return workers_.size(); }

 private:
  std::vector<std::unique_ptr<OutputWorker>> workers_;
  metrics::Registry* registry_;  // nullable
  int collector_ = 0;
  bool shut_down_ = false;
};

}  // namespace peregrine::runtime::outputs

#endif  // PEREGRINE_RUNTIME_OUTPUTS_OUTPUT_MANAGER_H_
