// `peregrine-bench eval`: the interpreter and the JIT (both tiers) over the same synthetic mix in
// one run; prints ns/event, the ratio and the compile times (text, or one JSON object).
#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include "base/json_writer.h"
#include "bench/harness/eval_benchmark.h"
#include "bench/harness/event_mix.h"
#include "bench/harness/scenarios.h"

namespace peregrine::bench {
namespace {

struct EvalArgs {
  std::vector<std::string> rules;
  int64_t events = 1'000'000;
  int runs = 5;
  bool json = false;
};

bool ParseArgs(int argc, char** argv, EvalArgs* args) {
  for (int i = 0; i < argc; ++i) {
    const char* a = argv[i];
    if (std::strcmp(a, "--json") == 0) {
      args->json = true;
    } else if (std::strcmp(a, "--events") == 0 && i + 1 < argc) {
      args->events = std::strtoll(argv[++i], nullptr, 10);
    } else if (std::strcmp(a, "--runs") == 0 && i + 1 < argc) {
      args->runs = std::atoi(argv[++i]);
    } else if (std::strcmp(a, "--rules") == 0) {
      while (i + 1 < argc && std::strncmp(argv[i + 1], "--", 2) != 0) {
        args->rules.emplace_back(argv[++i]);
      }
    } else {
      std::fprintf(stderr, "peregrine-bench eval: unexpected argument '%s'\n", a);
      return false;
    }
  }
  if (args->rules.empty() || args->events <= 0 || args->runs <= 0) {
    std::fprintf(stderr,
                 "usage: peregrine-bench eval --rules PATH... [--events N] [--runs R] [--json]\n");
    return false;
  }
  return true;
}

double Median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v[v.size() / 2];
}

}  // namespace

int RunEval(int argc, char** argv) {
  EvalArgs args;
  if (!ParseArgs(argc, argv, &args)) return 2;
  double frontend_ms = 0;
  auto ruleset = LoadRules(args.rules, &frontend_ms);
  if (!ruleset.ok()) {
    std::fprintf(stderr, "peregrine-bench eval: %s\n",
                 std::string(ruleset.status().message()).c_str());
    return 1;
  }
  const compiler::ir::Program& program = (*ruleset)->program;

  compiler::jit::JitOptions fast, optimized;
  optimized.opt_level = 2;
  auto o0 = compiler::jit::JitProgram::Compile(program, fast);
  auto o2 = o0.ok() ? compiler::jit::JitProgram::Compile(program, optimized) : o0.status();
  if (!o2.ok()) {
    std::fprintf(stderr, "peregrine-bench eval: %s\n", std::string(o2.status().message()).c_str());
    return 1;
  }
  // 1024 distinct events: a working set that stays in cache, so the run measures evaluation.
  const EventMix mix(program, /*distinct_events=*/1024, /*seed=*/42);

  // Alternate the back ends run by run so that machine noise hits them alike.
  std::vector<double> interp, jit_o0, jit_o2;
  uint64_t interp_matches = 0, jit_matches = 0;
  for (int run = 0; run < args.runs; ++run) {
    interp.push_back(InterpreterNsPerEvent(program, mix, args.events, &interp_matches));
    jit_o0.push_back(JitNsPerEvent(**o0, mix, args.events));
    jit_o2.push_back(JitNsPerEvent(**o2, mix, args.events, &jit_matches));
  }
  const double interp_ns = Median(interp), o0_ns = Median(jit_o0), o2_ns = Median(jit_o2);
  const compiler::jit::CompileTimings& t0 = (*o0)->timings();
  const compiler::jit::CompileTimings& t2 = (*o2)->timings();
  if (interp_matches != jit_matches) {
    std::fprintf(stderr, "peregrine-bench eval: back ends disagree (%llu vs %llu matches)\n",
                 static_cast<unsigned long long>(interp_matches),
                 static_cast<unsigned long long>(jit_matches));
    return 1;
  }

  if (args.json) {
    JsonWriter w;
    w.BeginObject();
    w.Key("rules").Int(static_cast<int64_t>(program.rules.size()));
    w.Key("events").Int(args.events);
    w.Key("runs").Int(args.runs);
    w.Key("interp_ns_per_event").Double(interp_ns);
    w.Key("jit_ns_per_event").Double(o2_ns);
    w.Key("jit_o0_ns_per_event").Double(o0_ns);
    w.Key("speedup").Double(interp_ns / o2_ns);
    w.Key("compile_ms").Double(t0.total_ms);
    w.Key("compile_o2_ms").Double(t2.total_ms);
    w.Key("frontend_ms").Double(frontend_ms);
    w.Key("functions").Int(t0.functions);
    w.Key("matches_per_event").Double(static_cast<double>(jit_matches) / args.events);
    w.EndObject();
    std::printf("%s\n", w.str().c_str());
    return 0;
  }
  std::printf("rules: %zu enabled rules, %d functions for %d event codes\n", program.rules.size(),
              t0.functions, t0.event_codes);
  std::printf("mix: %s (%d distinct events)\n", mix.description().c_str(), mix.size());
  std::printf("events: %lld x %d runs (medians); %.3f matches/event\n",
              static_cast<long long>(args.events), args.runs,
              static_cast<double>(jit_matches) / args.events);
  std::printf("interpreter:   %8.1f ns/event\n", interp_ns);
  std::printf("jit O0:        %8.1f ns/event  (%.1fx)\n", o0_ns, interp_ns / o0_ns);
  std::printf("jit O2:        %8.1f ns/event  (%.1fx)\n", o2_ns, interp_ns / o2_ns);
  std::printf("compile O0:    %8.1f ms (plan %.1f, emit %.1f, codegen %.1f; %zu IR instr)\n",
              t0.total_ms, t0.plan_ms, t0.emit_ms, t0.codegen_ms, t0.ir_instructions);
  std::printf("compile O2:    %8.1f ms (plan %.1f, emit %.1f, optimize %.1f, codegen %.1f)\n",
              t2.total_ms, t2.plan_ms, t2.emit_ms, t2.optimize_ms, t2.codegen_ms);
  std::printf("front end:     %8.1f ms (load, parse, check, lower)\n", frontend_ms);
  return 0;
}

}  // namespace peregrine::bench
