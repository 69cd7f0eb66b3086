// Compiles one condition as a rule and evaluates it with the interpreter: the building block of
// evaluation tests.
#ifndef PEREGRINE_TESTS_COMPILER_TESTING_CONDITION_HARNESS_H_
#define PEREGRINE_TESTS_COMPILER_TESTING_CONDITION_HARNESS_H_

#include <memory>
#include <string>

#include "absl/strings/str_cat.h"
#include "compiler/interp/interpreter.h"
#include "compiler/semantic/ruleset_compiler.h"
#include "gtest/gtest.h"
#include "tests/compiler/testing/fake_field_reader.h"

namespace peregrine::compiler::testing {

// Compiles `condition` (plus optional `preamble` items: lists and macros) into a one-rule
// ruleset. Fails the test on compile errors.
inline std::shared_ptr<const CompiledRuleset> CompileCondition(const std::string& condition,
                                                               const std::string& preamble = "") {
  std::string quoted;
  for (char c : condition) {
    if (c == '\'')
      quoted += "''";
    else
      quoted.push_back(c);
  }
  const std::string text = absl::StrCat(preamble, "\n- rule: r\n  desc: d\n  condition: '", quoted,
                                        "'\n  output: o\n  priority: INFO\n");
  CompileOutput out = CompileRulesContent("test.yaml", text, CompileOptions{});
  for (const Diagnostic& d : out.diagnostics) {
    EXPECT_NE(d.severity, Severity::kError) << d.message << " in: " << condition;
  }
  return out.ruleset;
}

// The verdict of `condition` for the event `reader` describes.
inline bool Evaluate(const std::string& condition, FakeFieldReader& reader,
                     const std::string& preamble = "") {
  std::shared_ptr<const CompiledRuleset> ruleset = CompileCondition(condition, preamble);
  if (ruleset == nullptr || ruleset->program.rules.empty()) {
    ADD_FAILURE() << "no rule compiled for: " << condition;
    return false;
  }
  interp::Interpreter interpreter(ruleset->program);
  interpreter.NextEvent();
  return interpreter.EvaluateNode(ruleset->program.rules[0].root, reader);
}

}  // namespace peregrine::compiler::testing

#endif  // PEREGRINE_TESTS_COMPILER_TESTING_CONDITION_HARNESS_H_
