// Helpers for the semantic tests: compile rules text, pick diagnostics, find where a piece of
// text sits in the YAML source.
#ifndef PEREGRINE_TESTS_COMPILER_SEMANTIC_SEMANTIC_TEST_UTIL_H_
#define PEREGRINE_TESTS_COMPILER_SEMANTIC_SEMANTIC_TEST_UTIL_H_

#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "compiler/semantic/ruleset_compiler.h"

namespace peregrine::compiler::testing {

inline constexpr char kTestFile[] = "rules.yaml";

inline CompileOutput CompileText(const std::string& yaml) {
  return CompileRulesContent(kTestFile, yaml, CompileOptions{});
}

// The diagnostics of `out` with `code`, in order.
inline std::vector<Diagnostic> WithCode(const CompileOutput& out, const std::string& code) {
  std::vector<Diagnostic> found;
  for (const Diagnostic& d : out.diagnostics) {
    if (d.code == code) found.push_back(d);
  }
  return found;
}

inline std::vector<Diagnostic> Errors(const CompileOutput& out) {
  std::vector<Diagnostic> found;
  for (const Diagnostic& d : out.diagnostics) {
    if (d.severity == Severity::kError) found.push_back(d);
  }
  return found;
}

// The 1-based line and column of the `nth` occurrence of `needle` in `source`.
inline SourceLocation Where(const std::string& source, const std::string& needle, int nth = 1) {
  size_t pos = std::string::npos;
  for (int i = 0; i < nth; ++i) {
    pos = source.find(needle, pos == std::string::npos ? 0 : pos + 1);
    if (pos == std::string::npos) return SourceLocation{"<not found: " + needle + ">", 0, 0};
  }
  int line = 1;
  size_t line_start = 0;
  for (size_t i = 0; i < pos; ++i) {
    if (source[i] == '\n') {
      ++line;
      line_start = i + 1;
    }
  }
  return SourceLocation{kTestFile, line, static_cast<int>(pos - line_start) + 1};
}

inline std::string Describe(const SourceLocation& l) {
  return l.file + ":" + std::to_string(l.line) + ":" + std::to_string(l.column);
}

inline std::string Describe(const std::vector<Diagnostic>& diagnostics) {
  std::string text;
  for (const Diagnostic& d : diagnostics) {
    text += (d.severity == Severity::kError ? "error " : "warning ") + d.code + " " +
            Describe(d.location) + " [" + d.item_type + " " + d.item_name + "]: " + d.message +
            "\n";
  }
  return text;
}

// A full rule definition with the given condition and extra YAML lines (indented by 2).
inline std::string RuleYaml(const std::string& name, const std::string& condition,
                            const std::string& output = "o", const std::string& extra = "") {
  return "- rule: " + name + "\n  desc: d\n  condition: " + condition + "\n  output: " + output +
         "\n  priority: INFO\n" + extra;
}

// The rule info of the rule called `name`, or nullptr.
inline const CompiledRuleInfo* FindRule(const CompiledRuleset& ruleset, const std::string& name) {
  for (size_t i = 0; i < ruleset.loaded.rules.size(); ++i) {
    if (ruleset.loaded.rules[i].name == name) return &ruleset.rules[i];
  }
  return nullptr;
}

}  // namespace peregrine::compiler::testing

#endif  // PEREGRINE_TESTS_COMPILER_SEMANTIC_SEMANTIC_TEST_UTIL_H_
