#include "bench/harness/live_daemon.h"

#include <sys/resource.h>

#include <cstdlib>
#include <fstream>

#include "absl/strings/str_cat.h"
#include "runtime/engine/engine_config.h"
#include "runtime/engine/ruleset_loader.h"
#include "runtime/live/interest.h"

namespace peregrine::bench {

std::string UpstreamRulesPath() {
  return PEREGRINE_SHARED_DIR "/corpus/falco-rules/falco_rules.yaml";
}
std::string OwnRulesPath() { return PEREGRINE_SOURCE_DIR "/rules"; }

double ProcessCpuSeconds() {
  rusage u;
  getrusage(RUSAGE_SELF, &u);
  return static_cast<double>(u.ru_utime.tv_sec + u.ru_stime.tv_sec) +
         static_cast<double>(u.ru_utime.tv_usec + u.ru_stime.tv_usec) / 1e6;
}

long ProcessStatusKb(const char* key) {
  std::ifstream in("/proc/self/status");
  std::string line;
  const std::string k = std::string(key) + ":";
  while (std::getline(in, line)) {
    if (line.rfind(k, 0) == 0) return std::atol(line.c_str() + k.size());
  }
  return -1;
}

LiveSnapshot LiveSnapshot::operator-(const LiveSnapshot& e) const {
  LiveSnapshot d;
  d.emitted = emitted - e.emitted;
  d.kernel_drops = kernel_drops - e.kernel_drops;
  d.approver_dropped = approver_dropped - e.approver_dropped;
  d.path_approver_dropped = path_approver_dropped - e.path_approver_dropped;
  d.queue_drops = queue_drops - e.queue_drops;
  d.cpu_seconds = cpu_seconds - e.cpu_seconds;
  d.at = at;
  return d;
}

LiveDaemon::LiveDaemon(std::string counted_rule)
    : counted_rule_(std::move(counted_rule)), sink_([this](const runtime::Alert& a) {
        alerts_.fetch_add(1, std::memory_order_relaxed);
        if (!counted_rule_.empty() && a.rule_name == counted_rule_) {
          rule_alerts_.fetch_add(1, std::memory_order_relaxed);
        }
      }) {}

absl::StatusOr<std::unique_ptr<LiveDaemon>> LiveDaemon::Start(const LiveDaemonOptions& options) {
  std::unique_ptr<LiveDaemon> d(new LiveDaemon(options.counted_rule));
  runtime::EngineConfig config;
  config.rule_matching = options.rule_matching;
  std::vector<compiler::Diagnostic> diagnostics;
  absl::StatusOr<std::unique_ptr<runtime::Ruleset>> ruleset =
      runtime::LoadRuleset(options.rules, config, &diagnostics);
  if (!ruleset.ok()) {
    for (const compiler::Diagnostic& diag : diagnostics) {
      if (diag.severity == compiler::Severity::kError) {
        return absl::InvalidArgumentError(
            absl::StrCat(ruleset.status().message(), ": ", diag.message));
      }
    }
    return ruleset.status();
  }
  d->live_.Publish(*std::move(ruleset));
  runtime::live::LiveOptions lo;
  lo.workers = options.workers;
  lo.ring_bytes_per_cpu = options.ring_bytes_per_cpu;
  lo.queue_bytes = options.queue_bytes;
  lo.rule_matching = options.rule_matching;
  lo.approvers = options.approvers;
  absl::StatusOr<std::unique_ptr<runtime::live::LivePipeline>> pipeline =
      runtime::live::LivePipeline::Create(d->live_, d->sink_, lo);
  if (!pipeline.ok()) return pipeline.status();
  d->pipeline_ = *std::move(pipeline);
  LiveDaemon* self = d.get();
  d->runner_ = std::thread([self] { self->run_status_ = self->pipeline_->Run(&self->stop_); });
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
  while (!d->pipeline_->running()) {
    if (std::chrono::steady_clock::now() > deadline) {
      d->stop_.store(true);
      d->runner_.join();
      d->stopped_ = true;
      return absl::DeadlineExceededError(
          absl::StrCat("live pipeline did not start: ", d->run_status_.ToString()));
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  return d;
}

LiveDaemon::~LiveDaemon() {
  if (!stopped_) (void)Stop();
}

LiveSnapshot LiveDaemon::Snapshot() const {
  LiveSnapshot s;
  absl::StatusOr<std::vector<pg_probe_counters>> kc = pipeline_->probe().CountersPerCpu();
  if (kc.ok()) {
    for (const pg_probe_counters& c : *kc) {
      s.emitted += c.emitted;
      for (uint64_t x : c.drops) s.kernel_drops += x;
      s.approver_dropped += c.approver_dropped;
      s.path_approver_dropped += c.path_approver_dropped;
    }
  }
  for (uint64_t q : pipeline_->QueueDropsNow()) s.queue_drops += q;
  s.cpu_seconds = ProcessCpuSeconds();
  s.at = std::chrono::steady_clock::now();
  return s;
}

bool LiveDaemon::WaitCaughtUp(std::chrono::milliseconds timeout) {
  const uint64_t until = pipeline_->NowTs();
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (pipeline_->processed_until() <= until) {
    if (std::chrono::steady_clock::now() > deadline) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  return true;
}

absl::Status LiveDaemon::SetApprovers(bool on) {
  runtime::live::InterestSet interest = pipeline_->interest();
  if (!on) {
    interest.drop_failed.clear();
    interest.path_approvers.clear();
    interest.comm_approvers.clear();
  }
  return runtime::live::ApplyInterest(pipeline_->probe(), interest);
}

absl::Status LiveDaemon::Stop() {
  if (stopped_) return run_status_;
  stop_.store(true);
  if (runner_.joinable()) runner_.join();
  stopped_ = true;
  return run_status_;
}

}  // namespace peregrine::bench
