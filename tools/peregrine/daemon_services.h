// DaemonServices: what a running peregrine owns beside its event path — the metrics registry and
// its /metrics server (peregrine.metrics), the output manager with every enabled output and the
// engine's alert sink into it, and the drop monitor (syscall_event_drops).
#ifndef PEREGRINE_TOOLS_PEREGRINE_DAEMON_SERVICES_H_
#define PEREGRINE_TOOLS_PEREGRINE_DAEMON_SERVICES_H_

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "absl/status/statusor.h"
#include "runtime/config/config.h"
#include "runtime/engine/output_alert_sink.h"
#include "runtime/matcher/ruleset.h"
#include "runtime/metrics/drop_handler.h"
#include "runtime/metrics/metrics_server.h"
#include "runtime/metrics/peregrine_metrics.h"
#include "runtime/metrics/registry.h"
#include "runtime/outputs/internal_alert.h"
#include "runtime/outputs/output_manager.h"

namespace peregrine::cli {

// Cumulative loss counters of the event path, sampled by the monitor once a second.
struct DropSnapshot {
  uint64_t events = 0;                   // events delivered to user space
  std::vector<uint64_t> kernel_per_cpu;  // kernel ring drops (all categories), by CPU
  std::vector<uint64_t> queue_per_ring;  // reader → worker queue drops, by ring
};
using DropSampler = std::function<DropSnapshot()>;

// Owns the registry, the metrics families, the optional server, the output manager, the alert
// sink and the monitor thread. Create/StartMonitor/Shutdown from the main thread; sink() is
// thread-safe; OnRuleset from any thread.
class DaemonServices {
 public:
  // Errors: an output that cannot be set up (http_output without url, …), a metrics server that
  // cannot listen (address in use).
  static absl::StatusOr<std::unique_ptr<DaemonServices>> Create(
      const runtime::config::Config& config, std::string hostname);
  ~DaemonServices();
  DaemonServices(const DaemonServices&) = delete;
  DaemonServices& operator=(const DaemonServices&) = delete;

  runtime::AlertSink& sink() { return *sink_; }
  runtime::metrics::PeregrineMetrics& metrics() { return *metrics_; }
  runtime::metrics::Registry& registry() { return registry_; }
  runtime::outputs::OutputManager& outputs() { return *outputs_; }
  // The /metrics port, 0 without a server.
  uint16_t metrics_port() const { return server_ != nullptr ? server_->port() : 0; }

  // Starts the monitor thread. Every 50 ms it forwards `external_stop` (may be null) to stop();
  // every second it samples `sampler` (may be empty: no drop handling), adds the new drops to
  // peregrine_drops_total{category="kernel_ring"|"queue"} and runs the DropHandler, whose
  // `alert` action sends Falco's internal alert to the outputs and whose `exit` action sets
  // stop() and exit_on_drops(). Call once.
  void StartMonitor(DropSampler sampler, const std::atomic<bool>* external_stop);
  // What the event path should watch to stop.
  const std::atomic<bool>& stop() const { return stop_; }
  bool exit_on_drops() const { return exit_on_drops_.load(); }

  // The live ruleset's generation and hash in the metrics.
  void OnRuleset(const runtime::Ruleset& ruleset);

  // Stops the monitor, delivers what the outputs hold within peregrine.shutdown_flush_ms, and
  // stops the metrics server. Idempotent. Returns false when alerts were left undelivered.
  bool Shutdown();

 private:
  DaemonServices() = default;
  void MonitorLoop(DropSampler sampler, const std::atomic<bool>* external_stop);
  void CountDrops(const DropSnapshot& now);

  runtime::metrics::Registry registry_;
  std::unique_ptr<runtime::metrics::PeregrineMetrics> metrics_;
  std::unique_ptr<runtime::outputs::OutputManager> outputs_;
  std::unique_ptr<runtime::OutputAlertSink> sink_;
  std::unique_ptr<runtime::metrics::MetricsServer> server_;
  runtime::metrics::DropPolicy drop_policy_;
  runtime::outputs::InternalAlertOptions internal_alerts_;
  uint32_t shutdown_flush_ms_ = 5000;
  std::atomic<bool> stop_{false};
  std::atomic<bool> exit_on_drops_{false};
  std::atomic<bool> quit_monitor_{false};
  std::thread monitor_;
  bool shut_down_ = false;
  // Monitor thread only: last cumulative values and their counters.
  DropSnapshot last_;
  std::vector<runtime::metrics::Counter*> kernel_counters_;
  std::vector<runtime::metrics::Counter*> queue_counters_;
};

}  // namespace peregrine::cli

#endif  // PEREGRINE_TOOLS_PEREGRINE_DAEMON_SERVICES_H_
