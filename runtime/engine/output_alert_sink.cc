#include "runtime/engine/output_alert_sink.h"

#include <utility>

namespace peregrine::runtime {

metrics::Counter* OutputAlertSink::RuleCounter(std::string_view rule) {
  const absl::string_view key(rule.data(), rule.size());
  absl::MutexLock lock(&mu_);
  auto it = rule_counters_.find(key);
  if (it != rule_counters_.end()) return it->second;
  metrics::Counter* counter = metrics_->ForRule(rule);
  rule_counters_.emplace(std::string(rule), counter);
  return counter;
}

bool OutputAlertSink::Emit(const Alert& alert) {
  const int priority = static_cast<int>(alert.priority);
  if (metrics_ != nullptr) {
    if (metrics::Counter* c = RuleCounter(alert.rule_name); c != nullptr) c->Increment();
    if (metrics::Counter* c = metrics_->ForPriority(priority); c != nullptr) c->Increment();
  }
  outputs::Alert out;
  out.priority = static_cast<uint8_t>(priority);
  out.rule = std::string(alert.rule_name);
  out.source = "syscall";
  out.time_ns = alert.ts;
  out.message = std::string(alert.text);
  const size_t accepted = manager_.Enqueue(std::move(out));
  return accepted > 0 || manager_.size() == 0;
}

}  // namespace peregrine::runtime
