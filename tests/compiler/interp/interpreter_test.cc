// The shared evaluation cases (tests/compiler/testing/evaluation_cases.cc) through the
// interpreter, the oracle every other back end is tested against.
#include "compiler/interp/interpreter.h"

#include "gtest/gtest.h"
#include "tests/compiler/testing/backend.h"
#include "tests/compiler/testing/condition_harness.h"
#include "tests/compiler/testing/evaluation_cases.h"

namespace peregrine::compiler::testing {
namespace {

INSTANTIATE_TEST_SUITE_P(Interpreter, EvaluationTest,
                         ::testing::Values(InterpreterBackendFactory()), BackendName);

// EvaluateNode evaluates one node whatever the event code (rulec explain --event).
TEST(InterpreterTest, EvaluateNodeIgnoresTheEventCode) {
  FakeFieldReader r;
  r.Str("proc.name", "cat");
  EXPECT_TRUE(testing::Evaluate("evt.type = execve or proc.name = cat", r));
  EXPECT_FALSE(testing::Evaluate("evt.type = execve and proc.name = cat", r));
}

}  // namespace
}  // namespace peregrine::compiler::testing
