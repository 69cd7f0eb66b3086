// Helpers shared by the compiler/prefilter tests: a one-rule YAML snippet and its compilation.
#ifndef PEREGRINE_TESTS_COMPILER_PREFILTER_PREFILTER_TESTING_H_
#define PEREGRINE_TESTS_COMPILER_PREFILTER_PREFILTER_TESTING_H_

#include <memory>
#include <string>

#include "compiler/semantic/ruleset_compiler.h"
#include "gtest/gtest.h"

namespace peregrine::compiler::prefilter::testing {

// A rule named `name` with `condition`, as a YAML list item.
inline std::string Rule(const std::string& name, const std::string& condition,
                        const std::string& output = "o") {
  return "- rule: " + name + "\n  desc: d\n  condition: " + condition + "\n  output: " + output +
         "\n  priority: WARNING\n";
}

// `yaml` compiled; every error diagnostic fails the calling test.
inline std::shared_ptr<const CompiledRuleset> Compile(const std::string& yaml) {
  CompileOutput out = CompileRulesContent("t.yaml", yaml, CompileOptions{});
  for (const Diagnostic& d : out.diagnostics) {
    if (d.severity == Severity::kError) ADD_FAILURE() << d.message;
  }
  EXPECT_NE(out.ruleset, nullptr);
  return out.ruleset;
}

}  // namespace peregrine::compiler::prefilter::testing

#endif  // PEREGRINE_TESTS_COMPILER_PREFILTER_PREFILTER_TESTING_H_
