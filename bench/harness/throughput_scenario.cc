// `peregrine-bench throughput`: the highest event rate the live daemon sustains with zero drops.
// The daemon pipeline runs the upstream rules in this process; the load generator (child
// processes) issues the syscall mix at a target rate that grows step by step until the first
// drop (kernel ring or worker queue), or until the generator cannot reach its target (on a
// small machine the generator runs out of CPU first: the report says which bound was hit).
// For the fastest step without drops it reports events/s, events/s per core (events / daemon
// CPU-seconds), the daemon's CPU% and RSS.
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "bench/harness/live_daemon.h"
#include "bench/harness/scenario_report.h"
#include "bench/harness/scenarios.h"
#include "bench/load/load_generator.h"

namespace peregrine::bench {
namespace {

struct ThroughputArgs {
  CommonArgs common;
  std::vector<std::string> rules;
  std::string mix = "open=1";
  int procs = 1;
  int workers = 1;
  double start_rate = 20000;  // operations/s of the first step
  double factor = 1.5;
  double step_seconds = 1.0;
  int max_steps = 12;
  uint32_t ring_kib = 8192;
};

bool ParseArgs(int argc, char** argv, ThroughputArgs* a) {
  for (int i = 0; i < argc; ++i) {
    if (ParseCommonArg(argc, argv, &i, &a->common)) continue;
    const char* s = argv[i];
    const bool has = i + 1 < argc;
    if (std::strcmp(s, "--rules") == 0 && has) {
      a->rules.emplace_back(argv[++i]);
    } else if (std::strcmp(s, "--mix") == 0 && has) {
      a->mix = argv[++i];
    } else if (std::strcmp(s, "--procs") == 0 && has) {
      a->procs = std::atoi(argv[++i]);
    } else if (std::strcmp(s, "--workers") == 0 && has) {
      a->workers = std::atoi(argv[++i]);
    } else if (std::strcmp(s, "--start-rate") == 0 && has) {
      a->start_rate = std::atof(argv[++i]);
    } else if (std::strcmp(s, "--factor") == 0 && has) {
      a->factor = std::atof(argv[++i]);
    } else if (std::strcmp(s, "--step-seconds") == 0 && has) {
      a->step_seconds = std::atof(argv[++i]);
    } else if (std::strcmp(s, "--max-steps") == 0 && has) {
      a->max_steps = std::atoi(argv[++i]);
    } else if (std::strcmp(s, "--ring-kib") == 0 && has) {
      a->ring_kib = static_cast<uint32_t>(std::atoi(argv[++i]));
    } else {
      std::fprintf(stderr,
                   "usage: peregrine-bench throughput [--rules PATH]... [--mix open=1] "
                   "[--procs N] [--workers N] [--start-rate OPS] [--factor F] "
                   "[--step-seconds S] [--max-steps N] [--ring-kib K] [--json] "
                   "[--results PATH|--no-results]\n");
      return false;
    }
  }
  if (a->rules.empty()) a->rules.push_back(UpstreamRulesPath());
  return a->procs > 0 && a->workers > 0 && a->start_rate > 0 && a->factor > 1 &&
         a->step_seconds > 0 && a->max_steps > 0;
}

struct Step {
  double target_ops = 0, achieved_ops = 0;
  double events_per_s = 0, events_per_cpu_s = 0, cpu_percent = 0;
  uint64_t events = 0, drops = 0;
  bool caught_up = true;
};

}  // namespace

int RunThroughput(int argc, char** argv) {
  ThroughputArgs args;
  if (!ParseArgs(argc, argv, &args)) return 2;
  absl::StatusOr<load::LoadMix> mix = load::LoadMix::Parse(args.mix);
  if (!mix.ok()) {
    std::fprintf(stderr, "peregrine-bench throughput: %s\n", mix.status().ToString().c_str());
    return 2;
  }
  ScenarioReport report("throughput");
  LiveDaemonOptions o;
  o.rules = args.rules;
  o.workers = args.workers;
  o.ring_bytes_per_cpu = args.ring_kib << 10;
  absl::StatusOr<std::unique_ptr<LiveDaemon>> daemon = LiveDaemon::Start(o);
  if (!daemon.ok()) {
    std::fprintf(stderr, "peregrine-bench throughput: %s\n", daemon.status().ToString().c_str());
    return 1;
  }
  LiveDaemon& d = **daemon;
  d.WaitCaughtUp();

  std::vector<Step> steps;
  double rate = args.start_rate;
  std::string bound = "max-steps";
  for (int n = 0; n < args.max_steps; ++n, rate *= args.factor) {
    load::LoadSpec spec;
    spec.mix = *mix;
    spec.processes = args.procs;
    spec.ops_per_second = rate;
    spec.seconds = args.step_seconds;
    const LiveSnapshot before = d.Snapshot();
    absl::StatusOr<load::LoadResult> r = load::RunLoad(spec);
    if (!r.ok()) {
      std::fprintf(stderr, "peregrine-bench throughput: %s\n", r.status().ToString().c_str());
      return 1;
    }
    Step s;
    s.caught_up = d.WaitCaughtUp();
    const LiveSnapshot delta = d.Snapshot() - before;
    s.target_ops = rate;
    s.achieved_ops = r->ops_per_second;
    s.events = delta.emitted;
    s.drops = delta.kernel_drops + delta.queue_drops;
    s.events_per_s = static_cast<double>(delta.emitted) / r->seconds;
    s.events_per_cpu_s =
        delta.cpu_seconds > 0 ? static_cast<double>(delta.emitted) / delta.cpu_seconds : 0;
    s.cpu_percent = 100.0 * delta.cpu_seconds / delta.seconds_since(before);
    steps.push_back(s);
    if (!args.common.json) {
      std::fprintf(stderr,
                   "  step %2d: target %9.0f ops/s, achieved %9.0f ops/s, %9.0f events/s, "
                   "daemon CPU %5.1f%%, drops %llu\n",
                   n + 1, s.target_ops, s.achieved_ops, s.events_per_s, s.cpu_percent,
                   static_cast<unsigned long long>(s.drops));
    }
    if (s.drops > 0) {
      bound = "drops";
      break;
    }
    if (s.achieved_ops < 0.9 * rate) {
      bound = "generator";
      break;
    }
  }
  const long rss = ProcessStatusKb("VmRSS"), hwm = ProcessStatusKb("VmHWM");
  const long anon = ProcessStatusKb("RssAnon");
  const uint64_t alerts = d.alerts();
  const absl::Status stopped = d.Stop();
  if (!stopped.ok()) {
    std::fprintf(stderr, "peregrine-bench throughput: %s\n", stopped.ToString().c_str());
    return 1;
  }
  // The best step: the fastest in events/s without drops.
  const Step* best = nullptr;
  const Step* first_drop = nullptr;
  for (const Step& s : steps) {
    if (s.drops == 0 && (best == nullptr || s.events_per_s > best->events_per_s)) best = &s;
    if (s.drops > 0 && first_drop == nullptr) first_drop = &s;
  }
  report.Note(absl::StrCat("rules: ", args.rules[0], args.rules.size() > 1 ? " …" : "", "; mix ",
                           mix->ToString(), " from ", args.procs, " process(es); ", args.workers,
                           " worker(s); ring ", args.ring_kib, " KiB per CPU"));
  report.Note(absl::StrFormat("%zu steps of %.1f s from %.0f ops/s ×%.2f; ramp ended by: %s",
                              steps.size(), args.step_seconds, args.start_rate, args.factor,
                              bound));
  if (bound == "generator") {
    report.Note(
        "no drop: the load generator could not reach its target rate first, so the "
        "zero-drop rate below is a lower bound of the daemon's");
  }
  report.AddText("bound", bound, "ramp ended by");
  report.Add("steps", static_cast<double>(steps.size()), "", "steps");
  if (best != nullptr) {
    report.Add("zero_drop_events_per_s", best->events_per_s, "events/s",
               "highest rate without drops");
    report.Add("zero_drop_ops_per_s", best->achieved_ops, "ops/s", "  generator rate there");
    report.Add("events_per_s_per_core", best->events_per_cpu_s, "events/CPU-s",
               "  events per daemon CPU-second");
    report.Add("daemon_cpu_percent", best->cpu_percent, "%", "  daemon CPU");
  } else {
    report.Note("every step dropped events: no zero-drop rate (lower --start-rate)");
  }
  if (first_drop != nullptr) {
    report.Add("first_drop_events_per_s", first_drop->events_per_s, "events/s",
               "rate of the first step with drops");
    report.Add("first_drop_drops", static_cast<double>(first_drop->drops), "events",
               "  drops in that step");
  }
  report.Add("rss_kib", static_cast<double>(rss), "KiB", "daemon RSS at the end");
  report.Add("rss_peak_kib", static_cast<double>(hwm), "KiB", "daemon RSS peak");
  report.Add("rss_anon_kib", static_cast<double>(anon), "KiB", "daemon anonymous RSS (no rings)");
  report.Add("alerts", static_cast<double>(alerts), "", "alerts raised");
  return FinishScenario(report, args.common);
}

}  // namespace peregrine::bench
