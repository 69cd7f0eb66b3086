// The JIT against the interpreter (the oracle) on seeded random events: the upstream Falco rules
// and a generated ruleset covering every operator × field type, at both optimisation tiers.
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "bench/workload/program_field_reader.h"
#include "bench/workload/random_events.h"
#include "compiler/interp/interpreter.h"
#include "compiler/jit/jit_matcher.h"
#include "compiler/jit/jit_program.h"
#include "compiler/semantic/ruleset_compiler.h"
#include "gtest/gtest.h"
#include "tests/compiler/jit/operator_matrix_rules.h"

namespace peregrine::compiler {
namespace {

constexpr const char* kFalcoRules = PEREGRINE_SHARED_DIR "/corpus/falco-rules/falco_rules.yaml";

// Events per test case (ctest runs every case as its own process, so each case compiles its
// program; the O2 compiles are the expensive part, hence fewer, longer O2 cases):
//   Falco rules:     6 O0 cases of 1 M + 2 O2 cases of 2 M            = 10 M
//   operator matrix: 2 O0 cases of 250 k + 1 O2 case of 500 k          =  1 M
// (the matrix's events evaluate many more, and more expensive, predicates): 11 M in all.
constexpr int kEventsPerCase = 1'000'000;
constexpr int kO2EventsPerCase = 2'000'000;
constexpr int kMatrixEventsPerCase = 250'000;
constexpr int kMatrixO2EventsPerCase = 500'000;

std::shared_ptr<const CompiledRuleset> CompileFile(const std::string& path) {
  CompileOutput out = CompileRulesFiles({path}, CompileOptions{});
  EXPECT_NE(out.ruleset, nullptr) << path;
  return out.ruleset;
}

std::shared_ptr<const CompiledRuleset> CompileText(const std::string& text) {
  CompileOutput out = CompileRulesContent("matrix.yaml", text, CompileOptions{});
  for (const Diagnostic& d : out.diagnostics) {
    if (d.severity == Severity::kError) ADD_FAILURE() << d.message;
  }
  return out.ruleset;
}

// Runs `events` random events through both back ends with both rule-matching modes; fails on
// the first disagreement with the event's fields in the message.
void RunDifferential(const ir::Program& program, int opt_level, uint64_t seed, int events) {
  jit::JitOptions options;
  options.opt_level = opt_level;
  absl::StatusOr<std::unique_ptr<jit::JitProgram>> code =
      jit::JitProgram::Compile(program, options);
  ASSERT_TRUE(code.ok()) << code.status();
  jit::JitMatcher jit_matcher(**code);
  interp::Interpreter interpreter(program);
  bench::ProgramFieldReader reader(program);
  bench::RandomEvents random(program, reader, seed);
  std::vector<uint32_t> expected, actual;
  int64_t matched_events = 0;
  for (int i = 0; i < events; ++i) {
    const uint16_t code_id = random.Next();
    const interp::RuleMatching matching =
        (i & 7) == 0 ? interp::RuleMatching::kFirst : interp::RuleMatching::kAll;
    expected.clear();
    actual.clear();
    interpreter.Match(code_id, reader, matching, &expected);
    jit_matcher.Match(code_id, reader, matching, &actual);
    matched_events += expected.empty() ? 0 : 1;
    if (expected != actual) {
      std::string fields;
      for (int s = 0; s < reader.num_fields(); ++s) {
        const auto& f = reader.field(s);
        if (!f.available) continue;
        absl::StrAppend(&fields, " ", f.name, "=");
        if (f.value.kind == eval::FieldValue::Kind::kString)
          absl::StrAppend(&fields, "'", std::string(f.value.str), "'");
        else
          absl::StrAppend(&fields, "#", static_cast<int>(f.value.kind), ":", f.value.u, "/",
                          f.value.i);
      }
      FAIL() << "event " << i << " code " << code_id << " interp {" << absl::StrJoin(expected, ",")
             << "} jit {" << absl::StrJoin(actual, ",") << "} fields:" << fields;
    }
  }
  // The generator must exercise matches, or the comparison proves little.
  EXPECT_GT(matched_events, events / 100) << "too few events match any rule";
}

class FalcoRulesDifferentialTest : public ::testing::TestWithParam<int> {};

TEST_P(FalcoRulesDifferentialTest, AgreesWithTheInterpreterAtO0) {
  auto ruleset = CompileFile(kFalcoRules);
  ASSERT_NE(ruleset, nullptr);
  RunDifferential(ruleset->program, /*opt_level=*/0, /*seed=*/1000 + GetParam(), kEventsPerCase);
}

INSTANTIATE_TEST_SUITE_P(Shards, FalcoRulesDifferentialTest, ::testing::Range(0, 6));

class FalcoRulesO2DifferentialTest : public ::testing::TestWithParam<int> {};

TEST_P(FalcoRulesO2DifferentialTest, AgreesWithTheInterpreterAtO2) {
  auto ruleset = CompileFile(kFalcoRules);
  ASSERT_NE(ruleset, nullptr);
  RunDifferential(ruleset->program, /*opt_level=*/2, /*seed=*/2000 + GetParam(), kO2EventsPerCase);
}

INSTANTIATE_TEST_SUITE_P(Shards, FalcoRulesO2DifferentialTest, ::testing::Range(0, 2));

class OperatorMatrixDifferentialTest : public ::testing::TestWithParam<int> {};

TEST(OperatorMatrixTest, CoversManyOperatorTypePairs) {
  const testing::OperatorMatrix matrix = testing::BuildOperatorMatrix();
  RecordProperty("rules", matrix.rules);
  RecordProperty("rejected", matrix.rejected);
  EXPECT_GT(matrix.rules, 500);
  EXPECT_LT(matrix.rejected, matrix.rules / 4);
}

TEST_P(OperatorMatrixDifferentialTest, AgreesWithTheInterpreterAtO0) {
  auto ruleset = CompileText(testing::OperatorMatrixRules());
  ASSERT_NE(ruleset, nullptr);
  RunDifferential(ruleset->program, /*opt_level=*/0, /*seed=*/3000 + GetParam(),
                  kMatrixEventsPerCase);
}

INSTANTIATE_TEST_SUITE_P(Shards, OperatorMatrixDifferentialTest, ::testing::Range(0, 2));

TEST(OperatorMatrixO2DifferentialTest, AgreesWithTheInterpreterAtO2) {
  auto ruleset = CompileText(testing::OperatorMatrixRules());
  ASSERT_NE(ruleset, nullptr);
  RunDifferential(ruleset->program, /*opt_level=*/2, /*seed=*/4000, kMatrixO2EventsPerCase);
}

}  // namespace
}  // namespace peregrine::compiler
