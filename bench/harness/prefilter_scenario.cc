// `peregrine-bench prefilter`: on a file-heavy workload (failed opens of a missing path and
// successful open/close), the share of the syscalls of interest the kernel resolves itself
// (drop-failed approvers: approver drops / calls the probe saw), approvers on vs off, and what
// that saves the daemon (records delivered, daemon CPU). One daemon on the upstream rules; the
// approvers are switched in the running probe, rounds alternate on/off, medians are reported.
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "bench/harness/live_daemon.h"
#include "bench/harness/scenario_report.h"
#include "bench/harness/scenarios.h"
#include "bench/load/load_generator.h"
#include "compiler/prefilter/kernel_prefilter.h"
#include "runtime/catalog/event_codes.h"

namespace peregrine::bench {
namespace {

struct PrefilterArgs {
  CommonArgs common;
  std::vector<std::string> rules;
  std::string mix = "openfail=3,open=1";
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
                   "[--ops N] [--procs N] [--rounds N] [--json] [--results PATH|--no-results]\n");
      return false;
    }
  }
  if (a->rules.empty()) a->rules.push_back(UpstreamRulesPath());
  return a->ops > 0 && a->procs > 0 && a->rounds > 0;
}

struct Side {
  std::vector<double> share, delivered, dropped_in_kernel, cpu_ms, wall_ms, drops;
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
    }
  }
  (void)d.SetApprovers(true);
  const absl::Status stopped = d.Stop();
  if (!stopped.ok()) {
    std::fprintf(stderr, "peregrine-bench prefilter: %s\n", stopped.ToString().c_str());
    return 1;
  }
  report.Note(absl::StrCat("rules: ", args.rules[0], "; workload ", mix->ToString(), ", ", args.ops,
                           " ops × ", args.procs, " process(es) per round; ", args.rounds,
                           " rounds, approvers on/off alternating (medians)"));
  report.Note(absl::StrCat(approver_syscalls,
                           " syscalls carry a drop-failed approver for these rules; the counts "
                           "include the rest of the machine's activity during a round"));
  report.AddText("failed_open_plan", blockers, "kernel plan for failed opens");
  report.Add("approver_syscalls", static_cast<double>(approver_syscalls), "",
             "syscalls with an approver");
  report.Add("kernel_resolved_share_on", Median(on.share), "",
             "share resolved in the kernel, approvers on");
  report.Add("kernel_resolved_share_off", Median(off.share), "",
             "share resolved in the kernel, approvers off");
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
