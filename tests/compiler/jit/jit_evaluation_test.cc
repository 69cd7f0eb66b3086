// The shared evaluation cases (tests/compiler/testing/evaluation_cases.cc) through the JIT at
// both tiers, plus JIT-specific behaviour: folding per event code, rule order across chunks,
// the tiered matcher and the IR dump.
#include <memory>
#include <vector>

#include "absl/strings/str_cat.h"
#include "compiler/interp/interpreter.h"
#include "compiler/jit/jit_matcher.h"
#include "compiler/jit/jit_program.h"
#include "compiler/jit/tiered_matcher.h"
#include "compiler/semantic/ruleset_compiler.h"
#include "gtest/gtest.h"
#include "runtime/catalog/event_table.h"
#include "tests/compiler/jit/jit_backend.h"
#include "tests/compiler/testing/evaluation_cases.h"

namespace peregrine::compiler::testing {
namespace {

INSTANTIATE_TEST_SUITE_P(Jit, EvaluationTest,
                         ::testing::Values(JitBackendFactory(0), JitBackendFactory(2)),
                         BackendName);

std::shared_ptr<const CompiledRuleset> Compile(const std::string& text) {
  CompileOutput out = CompileRulesContent("t.yaml", text, CompileOptions{});
  for (const Diagnostic& d : out.diagnostics) {
    EXPECT_NE(d.severity, Severity::kError) << d.message;
  }
  return out.ruleset;
}

std::string Rule(const std::string& name, const std::string& condition) {
  return absl::StrCat("- rule: ", name, "\n  desc: d\n  condition: ", condition,
                      "\n  output: o\n  priority: INFO\n");
}

uint16_t ExitCode(const char* name) {
  for (uint16_t code : catalog::CodesForName(name)) {
    if (catalog::GetEventInfo(code).is_exit) return code;
  }
  ADD_FAILURE() << "no exit code for " << name;
  return 0;
}

// Counts field reads.
class CountingReader : public FakeFieldReader {
 public:
  bool Read(const catalog::ResolvedField& field, eval::FieldValue* out) override {
    ++reads;
    return FakeFieldReader::Read(field, out);
  }
  int reads = 0;
};

TEST(JitTest, FoldsEventTypeChecksPerCode) {
  auto ruleset = Compile(Rule("a", "evt.type in (execve, open) and proc.name = cat") +
                         Rule("b", "evt.type = open and not evt.type = execve"));
  ASSERT_NE(ruleset, nullptr);
  auto code = jit::JitProgram::Compile(ruleset->program, {});
  ASSERT_TRUE(code.ok()) << code.status();
  jit::JitMatcher matcher(**code);
  CountingReader r;
  r.Str("proc.name", "cat");  // no evt.type: the code decides every check on it
  std::vector<uint32_t> matches;
  matcher.Match(ExitCode("open"), r, interp::RuleMatching::kAll, &matches);
  EXPECT_EQ(matches, (std::vector<uint32_t>{0, 1}));
  EXPECT_EQ(r.reads, 1);  // proc.name only
  matches.clear();
  matcher.Match(ExitCode("execve"), r, interp::RuleMatching::kAll, &matches);
  EXPECT_EQ(matches, (std::vector<uint32_t>{0}));
  matches.clear();
  matcher.Match(ExitCode("connect"), r, interp::RuleMatching::kAll, &matches);
  EXPECT_TRUE(matches.empty());
}

TEST(JitTest, GenericEventsReadEvtTypeAtRunTime) {
  auto ruleset = Compile(Rule("a", "evt.type = pivot_root"));
  ASSERT_NE(ruleset, nullptr);
  auto code = jit::JitProgram::Compile(ruleset->program, {});
  ASSERT_TRUE(code.ok()) << code.status();
  jit::JitMatcher matcher(**code);
  FakeFieldReader r;
  r.Str("evt.type", "pivot_root");
  std::vector<uint32_t> matches;
  matcher.Match(catalog::kGenericExitCode, r, interp::RuleMatching::kAll, &matches);
  EXPECT_EQ(matches, (std::vector<uint32_t>{0}));
}

// Many rules on one code span several chunk functions; order and `first` hold across them.
TEST(JitTest, RuleOrderAndFirstMatchAcrossChunks) {
  std::string text;
  for (int i = 0; i < 100; ++i) {
    text += Rule(absl::StrCat("r", i), absl::StrCat("evt.type = open and proc.pid > ", 99 - i));
  }
  auto ruleset = Compile(text);
  ASSERT_NE(ruleset, nullptr);
  jit::JitOptions options;
  options.rules_per_chunk = 7;
  auto code = jit::JitProgram::Compile(ruleset->program, options);
  ASSERT_TRUE(code.ok()) << code.status();
  jit::JitMatcher matcher(**code);
  interp::Interpreter interpreter(ruleset->program);
  FakeFieldReader r;
  r.Str("evt.type", "open").Int("proc.pid", 50);
  for (auto matching : {interp::RuleMatching::kAll, interp::RuleMatching::kFirst}) {
    std::vector<uint32_t> expected, actual;
    interpreter.Match(ExitCode("open"), r, matching, &expected);
    matcher.Match(ExitCode("open"), r, matching, &actual);
    EXPECT_EQ(actual, expected);
    EXPECT_FALSE(actual.empty());
  }
}

// A shared predicate and field are evaluated once per event.
TEST(JitTest, ReadsEachOperandOncePerEvent) {
  auto ruleset = Compile(Rule("a", "evt.type = open and proc.name = cat and fd.name = x") +
                         Rule("b", "evt.type = open and proc.name = cat and fd.name = y") +
                         Rule("c", "evt.type = open and proc.name startswith c"));
  ASSERT_NE(ruleset, nullptr);
  auto code = jit::JitProgram::Compile(ruleset->program, {});
  ASSERT_TRUE(code.ok()) << code.status();
  jit::JitMatcher matcher(**code);
  CountingReader r;
  r.Str("proc.name", "cat").Str("fd.name", "y");
  std::vector<uint32_t> matches;
  matcher.Match(ExitCode("open"), r, interp::RuleMatching::kAll, &matches);
  EXPECT_EQ(matches, (std::vector<uint32_t>{1, 2}));
  EXPECT_EQ(r.reads, 2);  // proc.name and fd.name; evt.type folded
}

TEST(JitTest, TieredMatcherServesWithTheInterpreterThenSwitchesToNativeCode) {
  auto ruleset = Compile(Rule("a", "evt.type = open and proc.name = cat"));
  ASSERT_NE(ruleset, nullptr);
  std::shared_ptr<const ir::Program> program(ruleset, &ruleset->program);
  auto tiered = jit::TieredMatcher::Start(program, {});
  jit::TieredMatcher::Worker worker(*tiered);
  FakeFieldReader r;
  r.Str("evt.type", "open").Str("proc.name", "cat");
  std::vector<uint32_t> matches;
  worker.Match(ExitCode("open"), r, interp::RuleMatching::kAll, &matches);  // any tier
  EXPECT_EQ(matches, (std::vector<uint32_t>{0}));
  ASSERT_TRUE(tiered->WaitForTier(jit::TieredMatcher::Tier::kOptimized, absl::Seconds(60)))
      << tiered->status();
  matches.clear();
  worker.Match(ExitCode("open"), r, interp::RuleMatching::kAll, &matches);
  EXPECT_EQ(worker.tier(), jit::TieredMatcher::Tier::kOptimized);
  EXPECT_EQ(matches, (std::vector<uint32_t>{0}));
  EXPECT_TRUE(tiered->status().ok());
}

TEST(JitTest, CompileReportsTimingsAndShape) {
  auto ruleset = Compile(Rule("a", "evt.type in (open, openat) and proc.name = cat") +
                         Rule("b", "evt.type = execve and proc.name = cat"));
  ASSERT_NE(ruleset, nullptr);
  auto code = jit::JitProgram::Compile(ruleset->program, {});
  ASSERT_TRUE(code.ok()) << code.status();
  const jit::CompileTimings& t = (*code)->timings();
  EXPECT_GT(t.total_ms, 0);
  EXPECT_GE(t.total_ms, t.emit_ms + t.codegen_ms);
  EXPECT_GT(t.ir_instructions, 0u);
  // One function per distinct (rules, folded checks): open and openat share one, execve has
  // one, and async events (whose evt.type is a parameter) one.
  EXPECT_EQ(t.functions, 3);
  EXPECT_EQ((*code)->function(ExitCode("open")), (*code)->function(ExitCode("openat")));
  EXPECT_EQ((*code)->function(ExitCode("connect")), nullptr);
}

}  // namespace
}  // namespace peregrine::compiler::testing
