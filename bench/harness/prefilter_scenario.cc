// `peregrine-bench prefilter`: on a file-heavy workload (failed opens of a missing path and
// successful open/close of --open-path), the share of the syscalls of interest the kernel
// resolves itself (drop-failed and path approvers: approver drops / calls the probe saw) and the
// share of the workload's opens dropped in the kernel, approvers on vs off, and what that saves
// the daemon (records delivered, daemon CPU). One daemon on the rules (upstream by default); the
// approvers are switched in the running probe, rounds alternate on/off, medians are reported.
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "bench/harness/live_daemon.h"
#include "bench/harness/scenario_report.h"
#include "bench/harness/scenarios.h"
#include "bench/load/load_generator.h"
#include "compiler/prefilter/kernel_prefilter.h"
#include "probe/abi/ppm_codes.h"
#include "probe/abi/scap_record.h"
#include "probe/loader/probe.h"
#include "runtime/catalog/event_codes.h"
#include "runtime/live/interest.h"

namespace peregrine::bench {
namespace {

struct PrefilterArgs {
  CommonArgs common;
  std::vector<std::string> rules;
  std::string mix = "openfail=3,open=1";
  std::string open_path = "/etc/hostname";
  uint64_t ops = 200000;  // per round and process
  int procs = 1;
  int rounds = 3;
};

bool ParseArgs(int argc, char** argv, PrefilterArgs* a) {
  for (int i = 0; i < argc; ++i) {
    if (ParseCommonArg(argc, argv, &i, &a->common)) continue;
    const char* s = argv[i];
    const bool has = i + 1 < argc;
    if (std::strcmp(s, "--rules") == 0 && has) {
      a->rules.emplace_back(argv[++i]);
    } else if (std::strcmp(s, "--open-path") == 0 && has) {
      a->open_path = argv[++i];
    } else if (std::strcmp(s, "--mix") == 0 && has) {
      a->mix = argv[++i];
    } else if (std::strcmp(s, "--ops") == 0 && has) {
      a->ops = std::strtoull(argv[++i], nullptr, 10);
    } else if (std::strcmp(s, "--procs") == 0 && has) {
      a->procs = std::atoi(argv[++i]);
    } else if (std::strcmp(s, "--rounds") == 0 && has) {
      a->rounds = std::atoi(argv[++i]);
    } else {
      std::fprintf(stderr,
                   "usage: peregrine-bench prefilter [--rules PATH]... [--mix openfail=3,open=1] "
                   "[--open-path PATH] [--ops N] [--procs N] [--rounds N] [--json] "
                   "[--results PATH|--no-results]\n");
      return false;
    }
  }
  if (a->rules.empty()) a->rules.push_back(UpstreamRulesPath());
  return a->ops > 0 && a->procs > 0 && a->rounds > 0;
}

// Open-family records of the load's processes (children of this one) that a second probe with the
// daemon's interest delivers while `spec` runs, with or without the approvers: the exact share of
// the workload's opens the kernel drops, unaffected by the rest of the machine.
struct WorkloadOpens {
  uint64_t delivered = 0;
  uint64_t lost = 0;  // ring drops of that probe (the count is then a lower bound)
};

absl::StatusOr<WorkloadOpens> CountWorkloadOpens(const runtime::live::InterestSet& interest,
                                                 const load::LoadSpec& spec, bool approvers) {
  probe::ProbeOptions options;
  options.ring_bytes_per_cpu = 16u << 20;
  absl::StatusOr<std::unique_ptr<probe::Probe>> p = probe::Probe::Create(options);
  if (!p.ok()) return p.status();
  runtime::live::InterestSet set = interest;
  if (!approvers) {
    set.drop_failed.clear();
    set.path_approvers.clear();
  }
  if (absl::Status s = runtime::live::ApplyInterest(**p, set); !s.ok()) return s;
  const uint32_t self = static_cast<uint32_t>(getpid());
  std::atomic<bool> done{false};
  WorkloadOpens out;
  auto count = [&](const probe::RingRecord& r) {
    if (r.ctx == nullptr || r.ctx->ppid != self || r.event_size < sizeof(pg_scap_event_header)) {
      return;
    }
    pg_scap_event_header h;
    std::memcpy(&h, r.event, sizeof(h));
    out.delivered += h.type == PG_PPME_OPENAT_X || h.type == PG_PPME_OPEN_X ||
                     h.type == PG_PPME_OPENAT2_X || h.type == PG_PPME_CREAT_X;
  };
  std::thread drainer([&] {
    while (!done.load()) {
      for (int ring = 0; ring < (*p)->ring_count(); ++ring) (void)(*p)->Drain(ring, count);
      std::this_thread::sleep_for(std::chrono::milliseconds(2));
    }
  });
  absl::StatusOr<load::LoadResult> r = load::RunLoad(spec);
  done.store(true);
  drainer.join();
  if (!r.ok()) return r.status();
  (void)(*p)->DrainAll(count);
  absl::StatusOr<pg_probe_counters> c = (*p)->TotalCounters();
  if (!c.ok()) return c.status();
  out.lost = c->drops[PG_DROP_RING_FULL];
  return out;
}

struct Side {
  std::vector<double> share, delivered, dropped_in_kernel, cpu_ms, wall_ms, drops;
  std::vector<double> opens_dropped_share, path_dropped, background_per_s;
};

}  // namespace

int RunPrefilter(int argc, char** argv) {
  PrefilterArgs args;
  if (!ParseArgs(argc, argv, &args)) return 2;
  absl::StatusOr<load::LoadMix> mix = load::LoadMix::Parse(args.mix);
  if (!mix.ok()) {
    std::fprintf(stderr, "peregrine-bench prefilter: %s\n", mix.status().ToString().c_str());
    return 2;
  }
  ScenarioReport report("prefilter");
  LiveDaemonOptions o;
  o.rules = args.rules;
  absl::StatusOr<std::unique_ptr<LiveDaemon>> daemon = LiveDaemon::Start(o);
  if (!daemon.ok()) {
    std::fprintf(stderr, "peregrine-bench prefilter: %s\n", daemon.status().ToString().c_str());
    return 1;
  }
  LiveDaemon& d = **daemon;
  const size_t approver_syscalls = d.pipeline().interest().drop_failed.size();
  const size_t path_approvers = d.pipeline().interest().path_approvers.size();
  // Which rule keeps failed openat/open calls in user space (when one does): the reason a
  // failed-open workload is or is not resolved in the kernel.
  std::string blockers;
  {
    const compiler::CompiledRuleset& compiled = d.live().Current()->compiled();
    const compiler::prefilter::KernelPrefilter kp =
        compiler::prefilter::BuildKernelPrefilter(compiled);
    for (const auto& [name, code] :
         {std::pair<const char*, int>{"openat", PG_EVT_SYSCALL_OPENAT_2_X},
          {"open", PG_EVT_SYSCALL_OPEN_X}}) {
      const int rule = kp.failure_blocker_by_code[code];
      absl::StrAppend(&blockers, blockers.empty() ? "" : "; ", "failed ", name, ": ",
                      kp.drop_failed.test(code) ? "dropped in the kernel"
                      : rule >= 0 ? absl::StrCat("kept (rule '", compiled.program.rules[rule].name,
                                                 "' can match it)")
                                  : "kept");
      // The path approvers of the same code.
      auto path = kp.paths.by_code.find(static_cast<uint16_t>(code));
      for (const bool failed : {false, true}) {
        const bool has = path != kp.paths.by_code.end() &&
                         (failed ? path->second.on_failure : path->second.on_success).has_value();
        const auto& reasons =
            failed ? kp.paths.failure_blocker_by_code : kp.paths.success_blocker_by_code;
        auto reason = reasons.find(static_cast<uint16_t>(code));
        absl::StrAppend(
            &blockers, "; ", failed ? "failed " : "successful ", name, " by path: ",
            has ? absl::StrCat(
                      (failed ? *path->second.on_failure : *path->second.on_success).size(),
                      " patterns, the others dropped")
            : reason != reasons.end() ? absl::StrCat("kept (", reason->second, ")")
                                      : "kept");
      }
    }
  }
  d.WaitCaughtUp();

  Side on, off;
  for (int round = 0; round < args.rounds; ++round) {
    for (const bool approvers : {true, false}) {
      if (absl::Status s = d.SetApprovers(approvers); !s.ok()) {
        std::fprintf(stderr, "peregrine-bench prefilter: %s\n", s.ToString().c_str());
        return 1;
      }
      load::LoadSpec spec;
      spec.mix = *mix;
      spec.processes = args.procs;
      spec.max_ops_per_process = args.ops;
      spec.seconds = 60;  // a safety bound: the run ends on the operation count
      spec.open_path = args.open_path;
      // The rest of the machine's approver drops over an idle interval, as a rate: subtracted
      // from the round's drops to estimate the workload's own.
      const LiveSnapshot idle_start = d.Snapshot();
      std::this_thread::sleep_for(std::chrono::milliseconds(300));
      const LiveSnapshot idle = d.Snapshot() - idle_start;
      const double background_per_s =
          static_cast<double>(idle.approver_dropped) / idle.seconds_since(idle_start);
      const LiveSnapshot before = d.Snapshot();
      absl::StatusOr<load::LoadResult> r = load::RunLoad(spec);
      if (!r.ok()) {
        std::fprintf(stderr, "peregrine-bench prefilter: %s\n", r.status().ToString().c_str());
        return 1;
      }
      d.WaitCaughtUp();
      const LiveSnapshot delta = d.Snapshot() - before;
      // Every call to a syscall of interest the probe saw: delivered, dropped by an approver,
      // or lost.
      const double seen =
          static_cast<double>(delta.emitted + delta.approver_dropped + delta.kernel_drops);
      Side& side = approvers ? on : off;
      side.share.push_back(seen > 0 ? static_cast<double>(delta.approver_dropped) / seen : 0);
      side.delivered.push_back(static_cast<double>(delta.emitted));
      side.dropped_in_kernel.push_back(static_cast<double>(delta.approver_dropped));
      side.cpu_ms.push_back(delta.cpu_seconds * 1e3);
      side.wall_ms.push_back(r->seconds * 1e3);
      side.drops.push_back(static_cast<double>(delta.kernel_drops + delta.queue_drops));
      // The workload's open calls (one per open op), and how many calls the approvers dropped:
      // the workload is opens and closes, so the drops are its opens, plus whatever the rest of
      // the machine dropped meanwhile, estimated from the idle rate and subtracted (the estimate
      // is noisy on a shared machine: the share is clamped to [0, 1]).
      const double opens =
          static_cast<double>(r->ops[static_cast<size_t>(load::LoadOp::kOpenClose)] +
                              r->ops[static_cast<size_t>(load::LoadOp::kOpenMissing)] +
                              r->ops[static_cast<size_t>(load::LoadOp::kOpenMissingLegacy)]);
      const double own = static_cast<double>(delta.approver_dropped) -
                         background_per_s * delta.seconds_since(before);
      side.opens_dropped_share.push_back(opens > 0 ? std::clamp(own / opens, 0.0, 1.0) : 0);
      side.background_per_s.push_back(background_per_s);
      side.path_dropped.push_back(static_cast<double>(delta.path_approver_dropped));
    }
  }
  // The workload alone: a second probe counts its open records, approvers on and off.
  std::vector<double> workload_share;
  uint64_t workload_lost = 0;
  for (int round = 0; round < args.rounds; ++round) {
    load::LoadSpec spec;
    spec.mix = *mix;
    spec.processes = args.procs;
    spec.max_ops_per_process = std::min<uint64_t>(args.ops, 50000);
    spec.seconds = 60;
    spec.open_path = args.open_path;
    absl::StatusOr<WorkloadOpens> with = CountWorkloadOpens(d.pipeline().interest(), spec, true);
    absl::StatusOr<WorkloadOpens> without =
        CountWorkloadOpens(d.pipeline().interest(), spec, false);
    if (!with.ok() || !without.ok()) {
      std::fprintf(stderr, "peregrine-bench prefilter: %s\n",
                   (with.ok() ? without.status() : with.status()).ToString().c_str());
      return 1;
    }
    workload_lost += with->lost + without->lost;
    workload_share.push_back(without->delivered > 0
                                 ? 1.0 - static_cast<double>(with->delivered) /
                                             static_cast<double>(without->delivered)
                                 : 0);
  }
  (void)d.SetApprovers(true);
  const absl::Status stopped = d.Stop();
  if (!stopped.ok()) {
    std::fprintf(stderr, "peregrine-bench prefilter: %s\n", stopped.ToString().c_str());
    return 1;
  }
  report.Note(absl::StrCat("rules: ", args.rules[0], "; workload ", mix->ToString(),
                           " (open: ", args.open_path, "), ", args.ops, " ops × ", args.procs,
                           " process(es) per round; ", args.rounds,
                           " rounds, approvers on/off alternating (medians)"));
  report.Note(absl::StrCat(approver_syscalls, " syscalls carry a drop-failed approver and ",
                           path_approvers,
                           " (syscall, outcome) pairs a path approver for these rules; the counts "
                           "include the rest of the machine's activity during a round"));
  report.AddText("failed_open_plan", blockers, "kernel plan for failed opens");
  report.Add("approver_syscalls", static_cast<double>(approver_syscalls), "",
             "syscalls with an approver");
  report.Add("kernel_resolved_share_on", Median(on.share), "",
             "share resolved in the kernel, approvers on");
  report.Add("kernel_resolved_share_off", Median(off.share), "",
             "share resolved in the kernel, approvers off");
  report.Add("workload_opens_dropped_share", Median(workload_share), "",
             "share of the workload's open records dropped in the kernel (own probe, on vs off)");
  report.Add("workload_probe_ring_drops", static_cast<double>(workload_lost), "events",
             "ring drops of that probe (0 = exact)");
  report.Add("opens_dropped_share_on", Median(on.opens_dropped_share), "",
             "same, estimated from the daemon's machine-wide counters, approvers on");
  report.Add("opens_dropped_share_off", Median(off.opens_dropped_share), "",
             "same, estimated from the daemon's machine-wide counters, approvers off");
  report.Add("path_approver_drops_on", Median(on.path_dropped), "calls",
             "opens dropped by path approvers, on (machine-wide)");
  report.Add("background_approver_drops_per_s_on", Median(on.background_per_s), "calls/s",
             "approver drops of the rest of the machine, idle interval, on");
  report.Add("records_delivered_on", Median(on.delivered), "records", "records to user space, on");
  report.Add("records_delivered_off", Median(off.delivered), "records",
             "records to user space, off");
  report.Add("approver_drops_on", Median(on.dropped_in_kernel), "calls",
             "calls dropped by approvers, on");
  report.Add("daemon_cpu_ms_on", Median(on.cpu_ms), "ms", "daemon CPU per round, on");
  report.Add("daemon_cpu_ms_off", Median(off.cpu_ms), "ms", "daemon CPU per round, off");
  const double off_cpu = Median(off.cpu_ms);
  report.Add("daemon_cpu_saved_share", off_cpu > 0 ? 1.0 - Median(on.cpu_ms) / off_cpu : 0, "",
             "daemon CPU saved by the approvers");
  report.Add("workload_ms_on", Median(on.wall_ms), "ms", "workload wall time, on");
  report.Add("workload_ms_off", Median(off.wall_ms), "ms", "workload wall time, off");
  report.Add("drops_on", Median(on.drops), "events", "lost events (ring/queue), on");
  report.Add("drops_off", Median(off.drops), "events", "lost events (ring/queue), off");
  return FinishScenario(report, args.common);
}

}  // namespace peregrine::bench
