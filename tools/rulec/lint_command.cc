#include "tools/rulec/lint_command.h"

#include <cstdio>
#include <iostream>
#include <optional>

#include "compiler/semantic/ruleset_compiler.h"
#include "tools/rulec/diagnostic_printer.h"

namespace peregrine::rulec {
namespace {

constexpr char kUsage[] =
    "usage: rulec lint [--format=text|json] [-e CONDITION] [--parse-only] PATH...\n"
    "  Checks Falco rules files (or directories of *.yaml) the way Falco loads them.\n"
    "  -e CONDITION   check one condition against the field catalog and the lists and macros\n"
    "                 of the PATHs given\n"
    "  --parse-only   stop after parsing: no field, type or event-type checks\n"
    "  exit status: 0 valid (warnings allowed), 1 errors, 2 usage\n";

struct LintArgs {
  bool json = false;
  bool parse_only = false;
  std::optional<std::string> condition;
  std::vector<std::string> paths;
};

std::optional<LintArgs> ParseArgs(const std::vector<std::string>& args) {
  LintArgs parsed;
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string& arg = args[i];
    if (arg == "--format=json") {
      parsed.json = true;
    } else if (arg == "--format=text") {
      parsed.json = false;
    } else if (arg == "--parse-only") {
      parsed.parse_only = true;
    } else if (arg == "-e") {
      if (i + 1 == args.size()) return std::nullopt;
      parsed.condition = args[++i];
    } else if (arg == "-h" || arg == "--help" || (!arg.empty() && arg[0] == '-')) {
      return std::nullopt;
    } else {
      parsed.paths.push_back(arg);
    }
  }
  if (parsed.paths.empty() && !parsed.condition) return std::nullopt;
  return parsed;
}

}  // namespace

int RunLint(const std::vector<std::string>& args) {
  std::optional<LintArgs> parsed = ParseArgs(args);
  if (!parsed) {
    std::fputs(kUsage, stderr);
    return 2;
  }
  compiler::CompileOptions options;
  options.parse_only = parsed->parse_only;

  std::vector<compiler::Diagnostic> diagnostics;
  LintStats stats;
  if (parsed->condition) {
    diagnostics = compiler::CheckStandaloneCondition(*parsed->condition, parsed->paths, options);
  } else {
    compiler::CompileOutput out = compiler::CompileRulesFiles(parsed->paths, options);
    diagnostics = std::move(out.diagnostics);
    stats.rules = out.stats.rules;
    stats.macros = out.stats.macros;
    stats.lists = out.stats.lists;
    stats.enabled_rules = out.stats.enabled_rules;
  }
  bool has_errors = false;
  for (const compiler::Diagnostic& d : diagnostics) {
    has_errors = has_errors || d.severity == compiler::Severity::kError;
  }
  if (parsed->json) {
    std::cout << FormatDiagnosticsJson(diagnostics, stats) << "\n";
  } else {
    SourceCache sources;
    if (parsed->condition) sources.Provide("-e", *parsed->condition);
    for (const compiler::Diagnostic& d : diagnostics) {
      std::cerr << FormatDiagnosticText(d, sources);
    }
    std::cerr.flush();
    if (!parsed->condition) {
      std::cout << (has_errors ? "invalid" : "ok") << ": " << stats.rules << " rules ("
                << stats.enabled_rules << " enabled), " << stats.macros << " macros, "
                << stats.lists << " lists";
      int errors = 0, warnings = 0;
      for (const compiler::Diagnostic& d : diagnostics) {
        (d.severity == compiler::Severity::kError ? errors : warnings)++;
      }
      std::cout << ", " << errors << " errors, " << warnings << " warnings\n";
    } else {
      std::cout << (has_errors ? "invalid" : "ok") << "\n";
    }
  }
  return has_errors ? 1 : 0;
}

}  // namespace peregrine::rulec
