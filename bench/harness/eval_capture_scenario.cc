// `peregrine-bench eval-capture`: rule evaluation ns/event, interpreter vs JIT (O2), on a recorded
// capture (default: the shared corpus's dev-mixed.scap) for the upstream rules and for rules/.
// Each pass replays the whole capture in memory through the state tables and the field reader;
// the baseline pass does everything but the match call, so evaluation = (pass − baseline) /
// evaluated events. Passes alternate (baseline, interpreter, JIT) run by run; medians.
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "bench/harness/eval_benchmark.h"
#include "bench/harness/live_daemon.h"
#include "bench/harness/scenario_report.h"
#include "bench/harness/scenarios.h"
#include "compiler/interp/interpreter.h"
#include "compiler/jit/jit_matcher.h"
#include "compiler/jit/jit_program.h"
#include "probe/capture/scap/input_stream.h"
#include "runtime/engine/capture_source.h"
#include "runtime/events/event.h"
#include "runtime/matcher/event_field_reader.h"
#include "runtime/state/state_tracker.h"

namespace peregrine::bench {
namespace {

using Clock = std::chrono::steady_clock;

struct EvalCaptureArgs {
  CommonArgs common;
  std::string capture = PEREGRINE_SHARED_DIR "/corpus/captures/dev-mixed.scap";
  std::vector<std::string> rules;  // each is one ruleset; default: upstream and rules/
  int runs = 3;
};

bool ParseArgs(int argc, char** argv, EvalCaptureArgs* a) {
  for (int i = 0; i < argc; ++i) {
    if (ParseCommonArg(argc, argv, &i, &a->common)) continue;
    const char* s = argv[i];
    const bool has = i + 1 < argc;
    if (std::strcmp(s, "--capture") == 0 && has) {
      a->capture = argv[++i];
    } else if (std::strcmp(s, "--rules") == 0 && has) {
      a->rules.emplace_back(argv[++i]);
    } else if (std::strcmp(s, "--runs") == 0 && has) {
      a->runs = std::atoi(argv[++i]);
    } else {
      std::fprintf(stderr,
                   "usage: peregrine-bench eval-capture [--capture FILE] [--rules PATH]... "
                   "[--runs N] [--json] [--results PATH|--no-results]\n");
      return false;
    }
  }
  if (a->rules.empty()) a->rules = {UpstreamRulesPath(), OwnRulesPath()};
  return a->runs > 0;
}

absl::StatusOr<std::string> Inflate(const std::string& path) {
  absl::StatusOr<std::unique_ptr<probe::scap::InputStream>> in = probe::scap::OpenCaptureFile(path);
  if (!in.ok()) return in.status();
  std::string out;
  std::vector<uint8_t> chunk(1 << 20);
  while (true) {
    absl::StatusOr<size_t> got = (*in)->Read(chunk.data(), chunk.size());
    if (!got.ok()) return got.status();
    if (*got == 0) break;
    out.append(reinterpret_cast<const char*>(chunk.data()), *got);
  }
  return out;
}

struct Pass {
  double ns = 0;
  uint64_t events = 0, evaluated = 0, matches = 0;
};

// One replay of `bytes`; `match` is null for the baseline.
template <typename MatchFn>
absl::StatusOr<Pass> Replay(const std::string& bytes, MatchFn&& match) {
  absl::StatusOr<std::unique_ptr<runtime::EventSource>> source = runtime::OpenCaptureBytes(bytes);
  if (!source.ok()) return source.status();
  runtime::StateTracker state;
  (*source)->SeedState(state);
  runtime::EventFieldReader reader;
  runtime::SourceEvent ev;
  std::vector<uint32_t> matches;
  matches.reserve(256);
  Pass p;
  const Clock::time_point start = Clock::now();
  while (true) {
    absl::StatusOr<bool> more = (*source)->Next(&ev);
    if (!more.ok()) return more.status();
    if (!*more) break;
    ++p.events;
    const runtime::Event event(ev.record, ev.cpu, ev.dump_flags, p.events, ev.kernel);
    const runtime::StateView view = state.Process(event);
    if (event.state_only()) continue;
    ++p.evaluated;
    reader.Reset(event, view);
    matches.clear();
    match(event.type(), reader, &matches);
    p.matches += matches.size();
  }
  p.ns = std::chrono::duration<double, std::nano>(Clock::now() - start).count();
  return p;
}

}  // namespace

int RunEvalCapture(int argc, char** argv) {
  EvalCaptureArgs args;
  if (!ParseArgs(argc, argv, &args)) return 2;
  ScenarioReport report("eval-capture");
  absl::StatusOr<std::string> bytes = Inflate(args.capture);
  if (!bytes.ok()) {
    std::fprintf(stderr, "peregrine-bench eval-capture: %s: %s\n", args.capture.c_str(),
                 bytes.status().ToString().c_str());
    return 1;
  }
  report.Note(absl::StrCat("capture: ", args.capture, " (", bytes->size() >> 20,
                           " MiB inflated); medians over ", args.runs,
                           " runs; evaluation = replay with matching − replay without, all "
                           "rules matched (kAll)"));
  for (const std::string& rules : args.rules) {
    double frontend_ms = 0;
    auto compiled = LoadRules({rules}, &frontend_ms);
    if (!compiled.ok()) {
      std::fprintf(stderr, "peregrine-bench eval-capture: %s\n",
                   compiled.status().ToString().c_str());
      return 1;
    }
    const compiler::ir::Program& program = (*compiled)->program;
    compiler::jit::JitOptions o2;
    o2.opt_level = 2;
    auto code = compiler::jit::JitProgram::Compile(program, o2);
    if (!code.ok()) {
      std::fprintf(stderr, "peregrine-bench eval-capture: %s\n", code.status().ToString().c_str());
      return 1;
    }
    compiler::interp::Interpreter interpreter(program);
    compiler::jit::JitMatcher jit(**code);
    std::vector<double> base_ns, interp_ns, jit_ns;
    Pass last_interp, last_jit, last_base;
    for (int run = 0; run < args.runs; ++run) {
      auto base =
          Replay(*bytes, [](uint16_t, compiler::ir::FieldReader&, std::vector<uint32_t>*) {});
      auto in =
          Replay(*bytes, [&](uint16_t c, compiler::ir::FieldReader& r, std::vector<uint32_t>* m) {
            interpreter.Match(c, r, compiler::interp::RuleMatching::kAll, m);
          });
      auto jt =
          Replay(*bytes, [&](uint16_t c, compiler::ir::FieldReader& r, std::vector<uint32_t>* m) {
            jit.Match(c, r, compiler::interp::RuleMatching::kAll, m);
          });
      if (!base.ok() || !in.ok() || !jt.ok()) {
        const absl::Status s = !base.ok() ? base.status() : !in.ok() ? in.status() : jt.status();
        std::fprintf(stderr, "peregrine-bench eval-capture: %s\n", s.ToString().c_str());
        return 1;
      }
      base_ns.push_back(base->ns);
      interp_ns.push_back(in->ns);
      jit_ns.push_back(jt->ns);
      last_base = *base;
      last_interp = *in;
      last_jit = *jt;
    }
    if (last_interp.matches != last_jit.matches) {
      std::fprintf(stderr, "peregrine-bench eval-capture: back ends disagree (%llu vs %llu)\n",
                   static_cast<unsigned long long>(last_interp.matches),
                   static_cast<unsigned long long>(last_jit.matches));
      return 1;
    }
    const double evaluated = static_cast<double>(last_base.evaluated);
    const double base = Median(base_ns);
    const double interp_eval = (Median(interp_ns) - base) / evaluated;
    const double jit_eval = (Median(jit_ns) - base) / evaluated;
    const std::string n = rules == UpstreamRulesPath() ? "upstream"
                          : rules == OwnRulesPath()
                              ? "rules"
                              : absl::StrCat("ruleset", &rules - &args.rules[0]);
    report.Note(absl::StrCat(n, ": ", rules));
    report.Add(n + "_rules", static_cast<double>(program.rules.size()), "",
               absl::StrCat(n, ": compiled rules"));
    report.Add(n + "_events", static_cast<double>(last_base.events), "", "  capture events");
    report.Add(n + "_evaluated", evaluated, "", "  events evaluated (not state-only)");
    report.Add(n + "_replay_base_ns_per_event", base / evaluated, "ns/event",
               "  replay without matching (decode + state + reader)");
    report.Add(n + "_interp_ns_per_event", interp_eval, "ns/event", "  interpreter evaluation");
    report.Add(n + "_jit_ns_per_event", jit_eval, "ns/event", "  JIT O2 evaluation");
    report.Add(n + "_speedup", jit_eval > 0 ? interp_eval / jit_eval : 0, "x",
               "  interpreter / JIT");
    report.Add(n + "_matches", static_cast<double>(last_jit.matches), "", "  matches (both agree)");
  }
  return FinishScenario(report, args.common);
}

}  // namespace peregrine::bench
