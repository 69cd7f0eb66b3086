// The shared evaluation cases (tests/compiler/testing/evaluation_cases.cc) through the JIT at
// both tiers, plus JIT-specific behaviour: folding per event code, rule order across chunks,
// the tiered matcher and the IR dump.
#include <functional>
#include <memory>
#include <string>
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

// Within and/or, checks on fields already read go first: they can spare the reads of their
// siblings, and the result is the same (predicates are pure).
TEST(JitTest, ChecksOnFieldsAlreadyReadGoFirst) {
  auto ruleset = Compile(Rule("a", "evt.type = open and proc.name = cat") +
                         Rule("b", "evt.type = open and fd.name = x and proc.name = dog") +
                         Rule("c", "evt.type = open and (fd.name = y or proc.name = cat)"));
  ASSERT_NE(ruleset, nullptr);
  for (int opt : {0, 2}) {
    jit::JitOptions options;
    options.opt_level = opt;
    auto code = jit::JitProgram::Compile(ruleset->program, options);
    ASSERT_TRUE(code.ok()) << code.status();
    jit::JitMatcher matcher(**code);
    CountingReader r;
    r.Str("proc.name", "cat").Str("fd.name", "x");
    std::vector<uint32_t> matches;
    matcher.Match(ExitCode("open"), r, interp::RuleMatching::kAll, &matches);
    EXPECT_EQ(matches, (std::vector<uint32_t>{0, 2}));
    EXPECT_EQ(r.reads, 1) << "O" << opt;  // proc.name: fd.name is never needed
    CountingReader dog;
    dog.Str("proc.name", "dog").Str("fd.name", "x");
    matches.clear();
    matcher.Match(ExitCode("open"), dog, interp::RuleMatching::kAll, &matches);
    EXPECT_EQ(matches, (std::vector<uint32_t>{1}));
    EXPECT_EQ(dog.reads, 2);
  }
}

// Several `contains`/`icontains` on one operand share one scan per event (pattern groups): the
// answers are the interpreter's, for every value shape the scan and its fallbacks see.
TEST(JitTest, GroupedSubstringChecksAgreeWithTheInterpreter) {
  std::string text = Rule("a", "evt.type = open and proc.cmdline contains \"-e\"") +
                     Rule("b", "evt.type = open and proc.cmdline contains \" -c\"") +
                     Rule("c", "evt.type = open and proc.cmdline icontains \"BEGIN Private\"") +
                     Rule("d", "evt.type = open and (proc.cmdline contains e or fd.name = x)") +
                     Rule("e", "evt.type = open and proc.cmdline contains \"\"") +
                     Rule("f", "evt.type = open and not proc.cmdline icontains -E") +
                     Rule("g", "evt.type = open and tolower(proc.cmdline) contains begin") +
                     Rule("h", "evt.type = open and tolower(proc.cmdline) contains private") +
                     // A lone icontains is a group of one (no other inline path).
                     Rule("i", "evt.type = open and fd.name icontains /ETC/");
  // More constants on one operand than one scan table holds.
  for (int i = 0; i < 70; ++i) {
    text += Rule(absl::StrCat("many", i),
                 absl::StrCat("evt.type = open and proc.args contains k", i, "x"));
  }
  auto ruleset = Compile(text);
  ASSERT_NE(ruleset, nullptr);
  // The checks are grouped (the scan helper is called), else this test tests nothing new.
  absl::StatusOr<std::string> ir = jit::DumpLlvmIr(ruleset->program);
  ASSERT_TRUE(ir.ok()) << ir.status();
  EXPECT_NE(ir->find("call i64 @peregrine_jit_scan"), std::string::npos);
  struct Case {
    const char* name;
    std::function<void(FakeFieldReader&)> set;
  };
  const std::vector<Case> cases = {
      {"unavailable", [](FakeFieldReader&) {}},
      {"empty", [](FakeFieldReader& r) { r.Str("proc.cmdline", "").Str("fd.name", ""); }},
      {"plain",
       [](FakeFieldReader& r) { r.Str("proc.cmdline", "sh -c ls").Str("fd.name", "/etc/x"); }},
      {"case", [](FakeFieldReader& r) { r.Str("proc.cmdline", "grep begin PRIVATE -E f"); }},
      {"overlap", [](FakeFieldReader& r) { r.Str("proc.cmdline", "-e -c-e"); }},
      {"nul", [](FakeFieldReader& r) { r.Str("proc.cmdline", std::string("ls\0 -c -e", 10)); }},
      {"upper path", [](FakeFieldReader& r) { r.Str("fd.name", "/Etc/passwd"); }},
      {"bytes",
       [](FakeFieldReader& r) { r.Bytes("proc.cmdline", "x -e -c").Bytes("fd.name", "/etc/"); }},
      {"int", [](FakeFieldReader& r) { r.Int("proc.cmdline", 5); }},
      {"many", [](FakeFieldReader& r) { r.Str("proc.args", "k3x k69x k64x k0"); }},
      {"many none", [](FakeFieldReader& r) { r.Str("proc.args", "k70x kx k-1x"); }},
  };
  for (int opt : {0, 2}) {
    jit::JitOptions options;
    options.opt_level = opt;
    auto code = jit::JitProgram::Compile(ruleset->program, options);
    ASSERT_TRUE(code.ok()) << code.status();
    jit::JitMatcher matcher(**code);
    interp::Interpreter interpreter(ruleset->program);
    for (const Case& c : cases) {
      FakeFieldReader r;
      c.set(r);
      for (auto matching : {interp::RuleMatching::kAll, interp::RuleMatching::kFirst}) {
        std::vector<uint32_t> expected, actual;
        interpreter.Match(ExitCode("open"), r, matching, &expected);
        matcher.Match(ExitCode("open"), r, matching, &actual);
        EXPECT_EQ(actual, expected) << c.name << " at O" << opt;
      }
    }
  }
  // The cases above are not vacuous: some match, some do not.
  FakeFieldReader r;
  r.Str("proc.cmdline", "grep begin PRIVATE -E f").Str("proc.args", "k3x k69x");
  interp::Interpreter interpreter(ruleset->program);
  std::vector<uint32_t> matched;
  interpreter.Match(ExitCode("open"), r, interp::RuleMatching::kAll, &matched);
  EXPECT_EQ(matched.size(), 7u);  // c, d, e, g, h, many3, many69
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
