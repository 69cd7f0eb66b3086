// `peregrine-bench reload`: hot-reload latency and events lost. The live daemon pipeline runs
// the upstream rules plus a marker rule (an open of one file) with runtime/reload's
// ReloadController, widening and narrowing the probe's interest around each swap as the daemon
// does. While a load generator opens the marker file at a steady rate, the scenario requests N
// reloads (each rebuilds the rules from the files). Latency = request → new ruleset live (p50,
// p99; also the compile and swap parts); events lost = marker opens issued − marker alerts.
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/time/time.h"
#include "bench/harness/live_daemon.h"
#include "bench/harness/scenario_report.h"
#include "bench/harness/scenarios.h"
#include "bench/load/load_generator.h"
#include "runtime/engine/engine_config.h"
#include "runtime/engine/ruleset_loader.h"
#include "runtime/live/interest.h"
#include "runtime/reload/reload_controller.h"

namespace peregrine::bench {
namespace {

constexpr char kMarkerRule[] = "peregrine-bench reload marker";

struct ReloadArgs {
  CommonArgs common;
  std::vector<std::string> rules;
  int reloads = 10;
  int interval_ms = 300;
  double rate = 20000;  // marker opens per second
};

bool ParseArgs(int argc, char** argv, ReloadArgs* a) {
  for (int i = 0; i < argc; ++i) {
    if (ParseCommonArg(argc, argv, &i, &a->common)) continue;
    const char* s = argv[i];
    const bool has = i + 1 < argc;
    if (std::strcmp(s, "--rules") == 0 && has) {
      a->rules.emplace_back(argv[++i]);
    } else if (std::strcmp(s, "--reloads") == 0 && has) {
      a->reloads = std::atoi(argv[++i]);
    } else if (std::strcmp(s, "--interval-ms") == 0 && has) {
      a->interval_ms = std::atoi(argv[++i]);
    } else if (std::strcmp(s, "--rate") == 0 && has) {
      a->rate = std::atof(argv[++i]);
    } else {
      std::fprintf(stderr,
                   "usage: peregrine-bench reload [--rules PATH]... [--reloads N] "
                   "[--interval-ms MS] [--rate OPS] [--json] [--results PATH|--no-results]\n");
      return false;
    }
  }
  if (a->rules.empty()) a->rules.push_back(UpstreamRulesPath());
  return a->reloads > 0 && a->interval_ms >= 0 && a->rate > 0;
}

// A temporary directory holding the marker file and the marker rule; removed on destruction.
class MarkerFiles {
 public:
  MarkerFiles() {
    char tmpl[] = "/tmp/peregrine-bench-reload-XXXXXX";
    if (mkdtemp(tmpl) != nullptr) dir_ = tmpl;
  }
  ~MarkerFiles() {
    std::error_code ec;
    if (!dir_.empty()) std::filesystem::remove_all(dir_, ec);
  }
  bool ok() const { return !dir_.empty(); }
  std::string marker() const { return dir_ + "/marker"; }
  std::string rules() const { return dir_ + "/marker_rule.yaml"; }
  bool Write() const {
    std::ofstream(marker()) << "x\n";
    std::ofstream r(rules());
    r << "- rule: " << kMarkerRule << "\n"
      << "  desc: an open of the benchmark's marker file\n"
      << "  condition: evt.type in (open, openat, openat2) and evt.dir = < and fd.name = \""
      << marker() << "\"\n"
      << "  output: marker opened (fd=%fd.name proc=%proc.name)\n"
      << "  priority: DEBUG\n";
    r.close();
    return static_cast<bool>(r);
  }

 private:
  std::string dir_;
};

}  // namespace

int RunReload(int argc, char** argv) {
  ReloadArgs args;
  if (!ParseArgs(argc, argv, &args)) return 2;
  MarkerFiles files;
  if (!files.ok() || !files.Write()) {
    std::fprintf(stderr, "peregrine-bench reload: cannot write the marker files in /tmp\n");
    return 1;
  }
  ScenarioReport report("reload");
  std::vector<std::string> paths = args.rules;
  paths.push_back(files.rules());
  LiveDaemonOptions o;
  o.rules = paths;
  o.rule_matching = runtime::RuleMatching::kAll;
  o.counted_rule = kMarkerRule;
  absl::StatusOr<std::unique_ptr<LiveDaemon>> daemon = LiveDaemon::Start(o);
  if (!daemon.ok()) {
    std::fprintf(stderr, "peregrine-bench reload: %s\n", daemon.status().ToString().c_str());
    return 1;
  }
  LiveDaemon& d = **daemon;
  runtime::live::LivePipeline& pipeline = d.pipeline();

  // The daemon's interest handling around a swap (tools/peregrine/live_mode.cc).
  runtime::live::InterestSet current = pipeline.interest();
  runtime::reload::ReloadHooks hooks;
  hooks.before_publish = [&pipeline, &current](const runtime::Ruleset& next) {
    const runtime::live::InterestSet want = runtime::live::ComputeInterest(next.compiled());
    (void)runtime::live::ApplyInterest(pipeline.probe(),
                                       runtime::live::InterestDuringSwap(current, want));
  };
  hooks.after_publish = [&pipeline, &current](const runtime::Ruleset& now_live) {
    current = runtime::live::ComputeInterest(now_live.compiled());
    (void)runtime::live::ApplyInterest(pipeline.probe(), current);
  };
  runtime::reload::RulesetBuilder builder =
      [&paths]() -> absl::StatusOr<runtime::reload::ReloadCandidate> {
    runtime::EngineConfig config;
    config.rule_matching = runtime::RuleMatching::kAll;
    absl::StatusOr<std::unique_ptr<runtime::Ruleset>> rs =
        runtime::LoadRuleset(paths, config, /*diagnostics=*/nullptr);
    if (!rs.ok()) return rs.status();
    runtime::reload::ReloadCandidate c;
    c.ruleset = *std::move(rs);
    c.description = absl::StrCat(paths.size(), " rules files");
    return c;
  };
  runtime::reload::ReloadOptions ro;
  ro.watch = false;
  absl::StatusOr<std::unique_ptr<runtime::reload::ReloadController>> controller =
      runtime::reload::ReloadController::Create(d.live(), builder, hooks, ro, {});
  if (!controller.ok()) {
    std::fprintf(stderr, "peregrine-bench reload: %s\n", controller.status().ToString().c_str());
    return 1;
  }
  d.WaitCaughtUp();
  const LiveSnapshot before = d.Snapshot();
  const uint64_t alerts_before = d.alerts_of_rule();

  // The marker load runs from before the first reload until after the last.
  load::LoadSpec spec;
  spec.mix.weights[static_cast<int>(load::LoadOp::kOpenClose)] = 1;
  spec.open_path = files.marker();
  spec.ops_per_second = args.rate;
  spec.seconds = 0.6 + args.reloads * (args.interval_ms / 1e3 + 0.5);
  absl::StatusOr<load::LoadResult> load_result;
  std::thread load_thread([&] { load_result = load::RunLoad(spec); });
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  int completed = 0;
  for (int n = 1; n <= args.reloads; ++n) {
    (*controller)->RequestReload(absl::StrCat("bench reload ", n));
    if (!(*controller)->WaitForAttempts(static_cast<uint64_t>(n), absl::Seconds(60))) break;
    completed = n;
    std::this_thread::sleep_for(std::chrono::milliseconds(args.interval_ms));
  }
  load_thread.join();
  d.WaitCaughtUp();
  const LiveSnapshot delta = d.Snapshot() - before;
  const uint64_t marker_alerts = d.alerts_of_rule() - alerts_before;
  const std::vector<runtime::reload::ReloadRecord> history = (*controller)->history();
  controller->reset();
  const absl::Status stopped = d.Stop();
  if (!load_result.ok() || !stopped.ok()) {
    std::fprintf(stderr, "peregrine-bench reload: %s\n",
                 (!load_result.ok() ? load_result.status() : stopped).ToString().c_str());
    return 1;
  }
  std::vector<double> latency, compile, swap;
  int ok = 0;
  for (const runtime::reload::ReloadRecord& r : history) {
    if (!r.ok) continue;
    ++ok;
    latency.push_back(r.latency_ms);
    compile.push_back(r.compile_ms);
    swap.push_back(r.swap_us);
  }
  const uint64_t opens = load_result->ops[static_cast<int>(load::LoadOp::kOpenClose)];
  const double lost = opens > marker_alerts ? static_cast<double>(opens - marker_alerts) : 0;
  report.Note(absl::StrCat("rules: ", args.rules[0], " + a marker rule; ", args.reloads,
                           " reloads every ", args.interval_ms, " ms under ", args.rate,
                           " marker opens/s"));
  report.Add("reloads_ok", ok, "", "reloads published");
  report.Add("reloads_requested", completed, "", "reloads completed (of those requested)");
  report.Add("latency_p50_ms", Percentile(latency, 50), "ms", "reload latency p50");
  report.Add("latency_p99_ms", Percentile(latency, 99), "ms", "reload latency p99");
  report.Add("compile_p50_ms", Percentile(compile, 50), "ms", "  of which rebuild, p50");
  report.Add("swap_p50_us", Percentile(swap, 50), "us", "  of which swap, p50");
  report.Add("swap_p99_us", Percentile(swap, 99), "us", "  swap p99");
  report.Add("marker_opens", static_cast<double>(opens), "events", "marker opens issued");
  report.Add("marker_alerts", static_cast<double>(marker_alerts), "alerts", "marker alerts");
  report.Add("events_lost", lost, "events", "events lost (opens - alerts)");
  report.Add("kernel_drops", static_cast<double>(delta.kernel_drops), "events",
             "kernel drops during the run");
  report.Add("queue_drops", static_cast<double>(delta.queue_drops), "events",
             "queue drops during the run");
  return FinishScenario(report, args.common);
}

}  // namespace peregrine::bench
