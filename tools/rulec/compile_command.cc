#include "tools/rulec/compile_command.h"

#include <chrono>
#include <cstdio>
#include <iostream>

#include "compiler/jit/jit_program.h"
#include "compiler/loader/rule_loader.h"
#include "compiler/semantic/ruleset_compiler.h"
#include "tools/rulec/diagnostic_printer.h"

namespace peregrine::rulec {
namespace {

constexpr char kUsage[] =
    "usage: rulec compile [--opt 0|2] PATH...\n"
    "  Compiles the rules to native code (the JIT's fast tier with --opt 0, the default; the\n"
    "  optimised tier with --opt 2) and prints the time of each stage in milliseconds:\n"
    "  load (YAML, lists, macros, appends), parse/check/IR (the rest of the front end), then the\n"
    "  JIT's plan, emit (LLVM IR), optimize and codegen (instruction selection and linking).\n";

using Clock = std::chrono::steady_clock;

double MillisSince(Clock::time_point start) {
  return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

}  // namespace

int RunCompile(const std::vector<std::string>& args) {
  std::vector<std::string> paths;
  int opt_level = 0;
  for (size_t i = 0; i < args.size(); ++i) {
    if (args[i] == "--opt" && i + 1 < args.size() && (args[i + 1] == "0" || args[i + 1] == "2")) {
      opt_level = args[++i] == "2" ? 2 : 0;
    } else if (args[i] == "-h" || args[i] == "--help") {
      std::fputs(kUsage, stdout);
      return 0;
    } else if (!args[i].empty() && args[i][0] == '-') {
      std::fputs(kUsage, stderr);
      return 2;
    } else {
      paths.push_back(args[i]);
    }
  }
  if (paths.empty()) {
    std::fputs(kUsage, stderr);
    return 2;
  }

  // The load stage alone (the front end API compiles load to IR in one call): loading is timed
  // on its own, and parse/check/IR is the whole front end minus that. A first untimed load warms
  // the file cache and the catalog so that both timings are warm.
  auto load = [&paths] {
    compiler::RuleLoader loader;
    for (const std::string& path : paths) {
      if (!loader.AddFile(path).ok()) break;
    }
    return loader.Finish().rules.size();
  };
  load();
  Clock::time_point start = Clock::now();
  load();
  const double load_ms = MillisSince(start);

  start = Clock::now();
  compiler::CompileOutput out = compiler::CompileRulesFiles(paths, compiler::CompileOptions{});
  const double frontend_ms = MillisSince(start);
  if (out.ruleset == nullptr) {
    SourceCache sources;
    for (const compiler::Diagnostic& d : out.diagnostics) {
      std::cerr << FormatDiagnosticText(d, sources);
    }
    return 1;
  }

  compiler::jit::JitOptions options;
  options.opt_level = opt_level;
  absl::StatusOr<std::unique_ptr<compiler::jit::JitProgram>> code =
      compiler::jit::JitProgram::Compile(out.ruleset->program, options);
  if (!code.ok()) {
    std::fprintf(stderr, "rulec compile: %s\n", std::string(code.status().message()).c_str());
    return 1;
  }
  const compiler::jit::CompileTimings& t = (*code)->timings();
  const double parse_ms = frontend_ms > load_ms ? frontend_ms - load_ms : 0;
  std::printf(
      "rules: %d enabled (%zu in the program), %d functions for %d event codes, %zu IR "
      "instructions\n",
      out.stats.enabled_rules, out.ruleset->program.rules.size(), t.functions, t.event_codes,
      t.ir_instructions);
  std::printf("load            %8.1f ms\n", load_ms);
  std::printf("parse/check/IR  %8.1f ms\n", parse_ms);
  std::printf("jit plan        %8.1f ms\n", t.plan_ms);
  std::printf("jit emit        %8.1f ms\n", t.emit_ms);
  std::printf("jit optimize    %8.1f ms%s\n", t.optimize_ms, opt_level >= 2 ? "" : " (O0: none)");
  std::printf("jit codegen     %8.1f ms\n", t.codegen_ms);
  std::printf("jit total (O%d) %8.1f ms\n", opt_level, t.total_ms);
  std::printf("total           %8.1f ms\n", frontend_ms + t.total_ms);
  return 0;
}

}  // namespace peregrine::rulec
