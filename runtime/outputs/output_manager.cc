#include "runtime/outputs/output_manager.h"

namespace peregrine::runtime::outputs {

OutputManager::OutputManager(std::vector<std::unique_ptr<Sink>> sinks, size_t queue_capacity,
                             metrics::Registry* registry)
    : registry_(registry) {
  for (auto& sink : sinks) {
    workers_.push_back(std::make_unique<OutputWorker>(std::move(sink), queue_capacity));
  }
  if (registry_ == nullptr) return;
  collector_ = registry_->AddCollector([this](metrics::SampleWriter& out) {
    for (const OutputStats& s : Stats()) {
      const auto result = [&](const char* r, uint64_t v) {
        out.Write(metrics::MetricType::kCounter, "peregrine_output_alerts_total",
                  "Alerts per output and outcome", {{"output", s.name}, {"result", r}},
                  static_cast<double>(v));
      };
      result("enqueued", s.enqueued);
      result("delivered", s.delivered);
      result("failed", s.failed);
      result("dropped_queue_full", s.dropped_queue_full);
      result("dropped_shutdown", s.dropped_shutdown);
      out.Write(metrics::MetricType::kGauge, "peregrine_output_queue_depth",
                "Alerts waiting in each output's queue", {{"output", s.name}},
                static_cast<double>(s.queue_depth));
      out.Write(metrics::MetricType::kCounter, "peregrine_drops_total",
                "Lost events and alerts, by category and name",
                {{"category", "output"}, {"name", s.name}},
                static_cast<double>(s.dropped_queue_full + s.dropped_shutdown + s.failed));
    }
  });
}

OutputManager::~OutputManager() {
  Shutdown(absl::ZeroDuration());
  if (registry_ != nullptr) registry_->RemoveCollector(collector_);
}

size_t OutputManager::Enqueue(AlertPtr alert) {
  size_t accepted = 0;
  for (auto& worker : workers_) accepted += worker->Enqueue(alert) ? 1 : 0;
  return accepted;
}

void OutputManager::Reopen() {
  for (auto& worker : workers_) worker->RequestReopen();
}

bool OutputManager::Shutdown(absl::Duration deadline) {
  if (shut_down_) return true;
  shut_down_ = true;
  // One deadline for all: the workers drain in parallel.
  const absl::Time end = absl::Now() + deadline;
  bool all = true;
  for (auto& worker : workers_) all = worker->Shutdown(end) && all;
  return all;
}

bool OutputManager::WaitIdle(absl::Duration timeout) {
  const absl::Time end = absl::Now() + timeout;
  bool all = true;
  for (auto& worker : workers_) all = worker->WaitIdle(end - absl::Now()) && all;
  return all;
}

std::vector<OutputStats> OutputManager::Stats() const {
  std::vector<OutputStats> out;
  for (const auto& worker : workers_) out.push_back(worker->stats());
  return out;
}

}  // namespace peregrine::runtime::outputs
