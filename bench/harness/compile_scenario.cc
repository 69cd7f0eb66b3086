// `peregrine-bench compile`: where rule compile time goes, per stage — load (YAML, lists,
// macros, exceptions), parse, check + IR lowering (together: what `rulec lint` runs), native
// code at O0 (plan, emit, codegen) and at O2 (plus optimize) — for the upstream rules and for
// rules/, and how it scales with the rule count (generated variations). Medians over runs; the
// rulesets are compiled side by side, run by run.
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "bench/harness/eval_benchmark.h"
#include "bench/harness/live_daemon.h"
#include "bench/harness/scenario_report.h"
#include "bench/harness/scenarios.h"
#include "compiler/jit/jit_program.h"
#include "compiler/loader/rule_loader.h"
#include "compiler/semantic/ruleset_compiler.h"

namespace peregrine::bench {
namespace {

using Clock = std::chrono::steady_clock;

struct CompileArgs {
  CommonArgs common;
  int runs = 5;
  std::vector<int> scale = {25, 100, 500, 1000};
  // Generated rulesets larger than this skip the O2 compile (seconds each on a small machine).
  int o2_max_rules = 100;
};

bool ParseArgs(int argc, char** argv, CompileArgs* a) {
  for (int i = 0; i < argc; ++i) {
    if (ParseCommonArg(argc, argv, &i, &a->common)) continue;
    const char* s = argv[i];
    const bool has = i + 1 < argc;
    if (std::strcmp(s, "--runs") == 0 && has) {
      a->runs = std::atoi(argv[++i]);
    } else if (std::strcmp(s, "--scale") == 0 && has) {
      a->scale.clear();
      for (absl::string_view n : absl::StrSplit(argv[++i], ',', absl::SkipEmpty())) {
        a->scale.push_back(std::atoi(std::string(n).c_str()));
      }
    } else if (std::strcmp(s, "--o2-max-rules") == 0 && has) {
      a->o2_max_rules = std::atoi(argv[++i]);
    } else {
      std::fprintf(stderr,
                   "usage: peregrine-bench compile [--runs N] [--scale 25,100,500,1000] "
                   "[--o2-max-rules N] [--json] [--results PATH|--no-results]\n");
      return false;
    }
  }
  for (int n : a->scale) {
    if (n <= 0) return false;
  }
  return a->runs > 0;
}

double MsSince(Clock::time_point start) {
  return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

// Where the rules come from: files, or generated text.
struct Source {
  std::string name;
  std::vector<std::string> paths;
  std::string content;  // used when paths is empty
};

compiler::CompileOutput Compile(const Source& src, bool parse_only) {
  compiler::CompileOptions options;
  options.parse_only = parse_only;
  return src.paths.empty() ? compiler::CompileRulesContent(src.name, src.content, options)
                           : compiler::CompileRulesFiles(src.paths, options);
}

// Medians of one source's stages.
struct Stages {
  std::vector<double> load, parse, check_ir, lint, o0_plan, o0_emit, o0_codegen, o0_total;
  std::vector<double> o2_optimize, o2_codegen, o2_total;
  int rules = 0;
  size_t ir_instructions = 0;
  int functions = 0;
};

absl::Status MeasureOnce(const Source& src, bool with_o2, Stages* st) {
  Clock::time_point t = Clock::now();
  {
    compiler::RuleLoader loader;
    if (src.paths.empty()) {
      loader.AddContent(src.name, src.content);
    } else {
      for (const std::string& p : src.paths) (void)loader.AddFile(p);
    }
    compiler::LoadedRules loaded = loader.Finish();
    if (loader.HasErrors()) return absl::InvalidArgumentError(src.name + ": rules do not load");
  }
  const double load_ms = MsSince(t);
  t = Clock::now();
  compiler::CompileOutput parsed = Compile(src, /*parse_only=*/true);
  const double parse_total_ms = MsSince(t);
  t = Clock::now();
  compiler::CompileOutput full = Compile(src, /*parse_only=*/false);
  const double lint_ms = MsSince(t);
  if (full.ruleset == nullptr) {
    return absl::InvalidArgumentError(src.name + ": rules do not compile");
  }
  st->load.push_back(load_ms);
  st->parse.push_back(parse_total_ms - load_ms);
  st->check_ir.push_back(lint_ms - parse_total_ms);
  st->lint.push_back(lint_ms);
  st->rules = static_cast<int>(full.ruleset->program.rules.size());
  compiler::jit::JitOptions o0;
  absl::StatusOr<std::unique_ptr<compiler::jit::JitProgram>> native =
      compiler::jit::JitProgram::Compile(full.ruleset->program, o0);
  if (!native.ok()) return native.status();
  const compiler::jit::CompileTimings& t0 = (*native)->timings();
  st->o0_plan.push_back(t0.plan_ms);
  st->o0_emit.push_back(t0.emit_ms);
  st->o0_codegen.push_back(t0.codegen_ms);
  st->o0_total.push_back(t0.total_ms);
  st->ir_instructions = t0.ir_instructions;
  st->functions = t0.functions;
  if (with_o2) {
    compiler::jit::JitOptions o2;
    o2.opt_level = 2;
    native = compiler::jit::JitProgram::Compile(full.ruleset->program, o2);
    if (!native.ok()) return native.status();
    const compiler::jit::CompileTimings& t2 = (*native)->timings();
    st->o2_optimize.push_back(t2.optimize_ms);
    st->o2_codegen.push_back(t2.codegen_ms);
    st->o2_total.push_back(t2.total_ms);
  }
  return absl::OkStatus();
}

}  // namespace

int RunCompile(int argc, char** argv) {
  CompileArgs args;
  if (!ParseArgs(argc, argv, &args)) return 2;
  ScenarioReport report("compile");
  std::vector<Source> sources = {{"upstream", {UpstreamRulesPath()}, ""},
                                 {"rules", {OwnRulesPath()}, ""}};
  const size_t named = sources.size();
  for (int n : args.scale) {
    sources.push_back({absl::StrCat("generated_", n), {}, GenerateRuleVariations(n)});
  }
  std::vector<Stages> stages(sources.size());
  // Run -1 warms the file cache, the allocator and LLVM's one-time set-up; it is not counted.
  for (int run = -1; run < args.runs; ++run) {
    for (size_t s = 0; s < sources.size(); ++s) {
      if (run < 0 && s >= named) continue;
      const bool with_o2 = s < named || args.scale[s - named] <= args.o2_max_rules;
      Stages warmup;
      if (absl::Status st = MeasureOnce(sources[s], with_o2, run < 0 ? &warmup : &stages[s]);
          !st.ok()) {
        std::fprintf(stderr, "peregrine-bench compile: %s\n", st.ToString().c_str());
        return 1;
      }
    }
  }
  report.Note(
      absl::StrCat("medians over ", args.runs,
                   " runs after a warm-up; lint = load + parse + check + IR (what rulec lint "
                   "runs), stages by difference of whole compiles; native = "
                   "JitProgram::Compile; O2 of generated rulesets up to ",
                   args.o2_max_rules, " rules"));
  for (size_t s = 0; s < sources.size(); ++s) {
    const Stages& st = stages[s];
    const std::string& n = sources[s].name;
    const std::string title = absl::StrCat(n, " (", st.rules, " rules)");
    report.Add(n + "_rules", st.rules, "", title + ": compiled rules");
    if (s < named) {
      report.Add(n + "_load_ms", Median(st.load), "ms", "  load (YAML, lists, macros)");
      report.Add(n + "_parse_ms", Median(st.parse), "ms", "  parse conditions");
      report.Add(n + "_check_ir_ms", Median(st.check_ir), "ms", "  check + IR lowering");
    }
    report.Add(n + "_lint_ms", Median(st.lint), "ms", "  lint total (to IR)");
    if (s < named) {
      report.Add(n + "_o0_plan_ms", Median(st.o0_plan), "ms", "  native O0: plan");
      report.Add(n + "_o0_emit_ms", Median(st.o0_emit), "ms", "  native O0: emit LLVM IR");
      report.Add(n + "_o0_codegen_ms", Median(st.o0_codegen), "ms", "  native O0: codegen");
      report.Add(n + "_ir_instructions", static_cast<double>(st.ir_instructions), "",
                 "  LLVM IR instructions");
    }
    report.Add(n + "_o0_ms", Median(st.o0_total), "ms", "  native O0 total");
    if (!st.o2_total.empty()) {
      if (s < named) {
        report.Add(n + "_o2_optimize_ms", Median(st.o2_optimize), "ms", "  native O2: optimize");
        report.Add(n + "_o2_codegen_ms", Median(st.o2_codegen), "ms", "  native O2: codegen");
      }
      report.Add(n + "_o2_ms", Median(st.o2_total), "ms", "  native O2 total");
    }
  }
  return FinishScenario(report, args.common);
}

}  // namespace peregrine::bench
