#include "tools/peregrine/live_mode.h"

#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <string_view>
#include <thread>
#include <utility>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "runtime/engine/summary.h"
#include "runtime/live/interest.h"
#include "runtime/live/live_pipeline.h"

namespace peregrine::cli {
int RunLive(const LiveModeArgs& args, const runtime::config::Config& config,
            const runtime::EngineConfig& engine, runtime::LiveRuleset& live,
            DaemonServices& services, const ReloadStarter& start_reload,
            const std::atomic<bool>* signal_stop) {
  runtime::live::LiveOptions options;
  if (args.capture_out) options.capture_path = *args.capture_out;
  int workers =
      args.workers_flag > 0 ? args.workers_flag : static_cast<int>(config.peregrine.workers);
  if (workers <= 0) workers = std::max(1, static_cast<int>(std::thread::hardware_concurrency()));
  options.workers = workers;
  options.ring_bytes_per_cpu = static_cast<uint32_t>(config.peregrine.ring_buffer_bytes);
  options.rule_matching = engine.rule_matching;
  options.metrics = &services.metrics();
  if (args.duration_seconds) {
    options.duration = std::chrono::duration_cast<std::chrono::steady_clock::duration>(
        std::chrono::duration<double>(*args.duration_seconds));
  }
  absl::StatusOr<std::unique_ptr<runtime::live::LivePipeline>> created =
      runtime::live::LivePipeline::Create(live, services.sink(), options);
  if (!created.ok()) {
    std::fprintf(stderr, "peregrine: cannot start live capture: %s\n",
                 std::string(created.status().message()).c_str());
    return 1;
  }
  runtime::live::LivePipeline& pipeline = **created;
  const runtime::live::InterestSet& interest = pipeline.interest();
  std::fprintf(stderr,
               "peregrine: live: %d rings, %d worker(s), %zu syscalls of interest%s, %llu "
               "threads seeded from /proc\n",
               pipeline.ring_count(), options.workers, interest.syscalls.size(),
               interest.unsupported.empty()
                   ? ""
                   : absl::StrCat(" (no probe filler yet for: ",
                                  absl::StrJoin(interest.unsupported, ", "), ")")
                         .c_str(),
               static_cast<unsigned long long>(pipeline.counters().seeded_threads));

  services.StartMonitor(
      [&pipeline] {
        DropSnapshot s;
        absl::StatusOr<std::vector<pg_probe_counters>> kc = pipeline.probe().CountersPerCpu();
        if (kc.ok()) {
          for (const pg_probe_counters& c : *kc) {
            uint64_t d = 0;
            for (uint64_t x : c.drops) d += x;
            s.kernel_per_cpu.push_back(d);
            s.events += c.emitted;
          }
        }
        s.queue_per_ring = pipeline.QueueDropsNow();
        return s;
      },
      signal_stop);

  // Interest around a swap: the probe reads the interest map at every syscall, so widening
  // before the publication means the next ruleset never misses an event it needs, and
  // narrowing after it stops what only the old one wanted. Probe::SetInterest is thread-safe.
  // Approvers likewise: during the swap only those both rulesets allow stay on, so a failed call
  // the next ruleset can match is never dropped (runtime/live/interest.h InterestDuringSwap).
  runtime::live::InterestSet current = interest;
  runtime::reload::ReloadHooks hooks;
  hooks.before_publish = [&pipeline, &current](const runtime::Ruleset& next) {
    const runtime::live::InterestSet want = runtime::live::ComputeInterest(next.compiled());
    const absl::Status s = runtime::live::ApplyInterest(
        pipeline.probe(), runtime::live::InterestDuringSwap(current, want));
    if (!s.ok()) std::fprintf(stderr, "peregrine: reload: interest: %s\n", s.ToString().c_str());
  };
  hooks.after_publish = [&pipeline, &current](const runtime::Ruleset& now_live) {
    const runtime::live::InterestSet want = runtime::live::ComputeInterest(now_live.compiled());
    const absl::Status s = runtime::live::ApplyInterest(pipeline.probe(), want);
    if (!s.ok()) {
      std::fprintf(stderr, "peregrine: reload: interest: %s\n", s.ToString().c_str());
      return;
    }
    std::fprintf(stderr, "peregrine: reload: %zu syscalls of interest now\n", want.syscalls.size());
    current = want;
  };
  std::unique_ptr<runtime::reload::ReloadController> reload = start_reload(std::move(hooks));

  const absl::Status status = pipeline.Run(&services.stop());
  reload.reset();  // before the pipeline and its probe go
  const runtime::live::LiveCounters& c = pipeline.counters();
  std::fputs(runtime::FormatSummary(c.pipeline).c_str(), stderr);
  std::string per_cpu;
  for (size_t cpu = 0; cpu < c.kernel_per_cpu.size(); ++cpu) {
    uint64_t d = 0;
    for (uint64_t x : c.kernel_per_cpu[cpu].drops) d += x;
    absl::StrAppend(&per_cpu, cpu == 0 ? "" : " ", "cpu", cpu, "=", d);
  }
  std::fprintf(stderr,
               "Live: %llu records read; drops: kernel %llu (%s), queue %llu; malformed %llu; "
               "late %llu\n",
               static_cast<unsigned long long>(c.records_read),
               static_cast<unsigned long long>(c.kernel_drops()), per_cpu.c_str(),
               static_cast<unsigned long long>(c.queue_drops()),
               static_cast<unsigned long long>(c.malformed),
               static_cast<unsigned long long>(c.late_events));
  if (args.capture_out) {
    std::fprintf(stderr, "Capture: %llu records (%llu bytes) written to %s\n",
                 static_cast<unsigned long long>(c.capture_records),
                 static_cast<unsigned long long>(c.capture_bytes), args.capture_out->c_str());
  }
  if (!status.ok()) {
    std::fprintf(stderr, "peregrine: live capture failed: %s\n",
                 std::string(status.message()).c_str());
    return 1;
  }
  return 0;
}

}  // namespace peregrine::cli
