#include "tools/peregrine/daemon_services.h"

#include <time.h>

#include <cstdio>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "runtime/config/output_wiring.h"
#include "runtime/outputs/internal_alert.h"

namespace peregrine::cli {
namespace {

uint64_t RealtimeNs() {
  timespec ts;
  clock_gettime(CLOCK_REALTIME, &ts);
  return static_cast<uint64_t>(ts.tv_sec) * 1'000'000'000 + static_cast<uint64_t>(ts.tv_nsec);
}

uint64_t Sum(const std::vector<uint64_t>& v) {
  uint64_t n = 0;
  for (uint64_t x : v) n += x;
  return n;
}

}  // namespace

absl::StatusOr<std::unique_ptr<DaemonServices>> DaemonServices::Create(
    const runtime::config::Config& config, std::string hostname) {
  std::unique_ptr<DaemonServices> s(new DaemonServices());
  absl::StatusOr<std::unique_ptr<runtime::metrics::PeregrineMetrics>> metrics =
      runtime::metrics::PeregrineMetrics::Create(s->registry_);
  if (!metrics.ok()) return metrics.status();
  s->metrics_ = *std::move(metrics);
  absl::StatusOr<std::unique_ptr<runtime::outputs::OutputManager>> outputs =
      runtime::config::CreateOutputManager(config, &s->registry_);
  if (!outputs.ok()) return outputs.status();
  s->outputs_ = *std::move(outputs);
  s->sink_ = std::make_unique<runtime::OutputAlertSink>(*s->outputs_, s->metrics_.get());
  if (config.peregrine.metrics.enabled) {
    absl::StatusOr<std::unique_ptr<runtime::metrics::MetricsServer>> server =
        runtime::metrics::MetricsServer::Create(
            s->registry_, config.peregrine.metrics.listen_address, config.peregrine.metrics.port);
    if (!server.ok()) {
      return absl::Status(server.status().code(),
                          absl::StrCat("peregrine.metrics: ", server.status().message()));
    }
    s->server_ = *std::move(server);
  }
  s->drop_policy_ = config.syscall_event_drops;
  s->internal_alerts_ = runtime::config::InternalAlertOptionsFor(config, std::move(hostname));
  s->shutdown_flush_ms_ = config.peregrine.shutdown_flush_ms;
  return s;
}

DaemonServices::~DaemonServices() { Shutdown(); }

void DaemonServices::OnRuleset(const runtime::Ruleset& ruleset) {
  metrics_->SetRuleset(ruleset.generation(), absl::StrFormat("%016x", ruleset.hash()));
}

void DaemonServices::StartMonitor(DropSampler sampler, const std::atomic<bool>* external_stop) {
  monitor_ = std::thread(
      [this, sampler = std::move(sampler), external_stop] { MonitorLoop(sampler, external_stop); });
}

void DaemonServices::CountDrops(const DropSnapshot& now) {
  const auto add = [this](const char* category, const char* prefix,
                          const std::vector<uint64_t>& cur, std::vector<uint64_t>* last,
                          std::vector<runtime::metrics::Counter*>* counters) {
    for (size_t i = 0; i < cur.size(); ++i) {
      if (i >= counters->size()) {
        counters->push_back(metrics_->ForDrop(category, absl::StrCat(prefix, i)));
        last->push_back(0);
      }
      if (cur[i] > (*last)[i] && (*counters)[i] != nullptr) {
        (*counters)[i]->Increment(cur[i] - (*last)[i]);
      }
      (*last)[i] = cur[i];
    }
  };
  add("kernel_ring", "cpu", now.kernel_per_cpu, &last_.kernel_per_cpu, &kernel_counters_);
  add("queue", "ring", now.queue_per_ring, &last_.queue_per_ring, &queue_counters_);
}

void DaemonServices::MonitorLoop(DropSampler sampler, const std::atomic<bool>* external_stop) {
  runtime::metrics::DropHandler::Hooks hooks;
  hooks.log = [](const std::string& line) {
    std::fprintf(stderr, "peregrine: %s\n", line.c_str());
  };
  hooks.alert = [this](const runtime::metrics::DropReport& report) {
    std::vector<std::pair<std::string, runtime::outputs::InternalFieldValue>> fields = {
        {"n_evts", report.n_evts}, {"n_drops", report.n_drops}};
    for (const auto& [category, n] : report.drops) {
      fields.emplace_back(absl::StrCat("n_drops_", category), n);
    }
    outputs_->Enqueue(runtime::outputs::MakeInternalAlert(
        internal_alerts_, /*priority=*/7, report.Message(), std::move(fields), RealtimeNs()));
  };
  runtime::metrics::DropHandler handler(drop_policy_, std::move(hooks), RealtimeNs());
  int ticks = 0;
  while (!quit_monitor_.load()) {
    timespec pause{0, 50'000'000};
    nanosleep(&pause, nullptr);
    if (external_stop != nullptr && external_stop->load()) stop_.store(true);
    if (!sampler || ++ticks < 20) continue;
    ticks = 0;
    const DropSnapshot now = sampler();
    CountDrops(now);
    runtime::metrics::DropSample sample;
    sample.events = now.events;
    sample.drops = {{"kernel_ring", Sum(now.kernel_per_cpu)}, {"queue", Sum(now.queue_per_ring)}};
    if (handler.Check(sample, RealtimeNs()) == runtime::metrics::DropHandler::Verdict::kExit) {
      exit_on_drops_.store(true);
      stop_.store(true);
    }
  }
}

bool DaemonServices::Shutdown() {
  if (shut_down_) return true;
  shut_down_ = true;
  quit_monitor_.store(true);
  if (monitor_.joinable()) monitor_.join();
  const bool delivered = outputs_->Shutdown(absl::Milliseconds(shutdown_flush_ms_));
  if (server_ != nullptr) server_->Stop();
  return delivered;
}

}  // namespace peregrine::cli
