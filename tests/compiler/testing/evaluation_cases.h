// The evaluation cases of falco-rule-language.md §3.4, §4.4–§4.6 and the §10 checklist as a
// parameterised suite: each back end's test binary instantiates EvaluationTest with its factory
// (INSTANTIATE_TEST_SUITE_P) and links evaluation_cases.cc.
#ifndef PEREGRINE_TESTS_COMPILER_TESTING_EVALUATION_CASES_H_
#define PEREGRINE_TESTS_COMPILER_TESTING_EVALUATION_CASES_H_

#include <string>

#include "gtest/gtest.h"
#include "tests/compiler/testing/backend.h"
#include "tests/compiler/testing/fake_field_reader.h"

namespace peregrine::compiler::testing {

class EvaluationTest : public ::testing::TestWithParam<BackendFactory> {
 protected:
  // Compiles `condition` as a one-rule ruleset and matches the event `reader` describes through
  // the back end under test, for an event code the rule applies to (the exit code of the
  // reader's evt.type when it has one). Also checks the verdict against the interpreter's
  // EvaluateNode.
  bool Evaluate(const std::string& condition, FakeFieldReader& reader,
                const std::string& preamble = "");
};

// For INSTANTIATE_TEST_SUITE_P's name generator.
inline std::string BackendName(const ::testing::TestParamInfo<BackendFactory>& info) {
  return info.param.name;
}

}  // namespace peregrine::compiler::testing

#endif  // PEREGRINE_TESTS_COMPILER_TESTING_EVALUATION_CASES_H_
