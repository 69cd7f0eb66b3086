// Helpers for the loader tests: load YAML text and look at the diagnostics.
#ifndef PEREGRINE_TESTS_COMPILER_LOADER_LOADER_TEST_UTIL_H_
#define PEREGRINE_TESTS_COMPILER_LOADER_LOADER_TEST_UTIL_H_

#include <string>
#include <vector>

#include "compiler/loader/rule_loader.h"

namespace peregrine::compiler::testing {

struct Loaded {
  LoadedRules rules;
  std::vector<Diagnostic> diagnostics;

  std::vector<Diagnostic> Of(Severity severity) const {
    std::vector<Diagnostic> out;
    for (const Diagnostic& d : diagnostics) {
      if (d.severity == severity) out.push_back(d);
    }
    return out;
  }
  std::vector<Diagnostic> errors() const { return Of(Severity::kError); }
  std::vector<Diagnostic> warnings() const { return Of(Severity::kWarning); }
  // Codes of all warnings, in order.
  std::vector<std::string> warning_codes() const {
    std::vector<std::string> out;
    for (const Diagnostic& d : warnings()) out.push_back(d.code);
    return out;
  }
};

inline Loaded LoadText(const std::string& yaml, const std::string& name = "rules.yaml") {
  RuleLoader loader;
  loader.AddContent(name, yaml);
  Loaded out;
  out.rules = loader.Finish();
  out.diagnostics = loader.diagnostics().diagnostics();
  return out;
}

inline Loaded LoadTexts(const std::vector<std::pair<std::string, std::string>>& files) {
  RuleLoader loader;
  for (const auto& [name, yaml] : files) loader.AddContent(name, yaml);
  Loaded out;
  out.rules = loader.Finish();
  out.diagnostics = loader.diagnostics().diagnostics();
  return out;
}

// A full rule definition with the given condition (and extra YAML lines, indented by 2).
inline std::string Rule(const std::string& name, const std::string& condition,
                        const std::string& extra = "") {
  return "- rule: " + name + "\n  desc: d\n  condition: " + condition +
         "\n  output: o\n  priority: INFO\n" + extra;
}

}  // namespace peregrine::compiler::testing

#endif  // PEREGRINE_TESTS_COMPILER_LOADER_LOADER_TEST_UTIL_H_
