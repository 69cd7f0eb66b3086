// The 26 points of falco-rule-language.md §10 ("semantics that are easy to get wrong"), one test
// each, named after the point. Detailed suites elsewhere go deeper; this file is the map from the
// checklist to behaviour, through the public compile + interpret path.
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "compiler/interp/interpreter.h"
#include "compiler/loader/rule_loader.h"
#include "compiler/semantic/event_type_analysis.h"
#include "compiler/semantic/ruleset_compiler.h"
#include "gtest/gtest.h"
#include "tests/compiler/semantic/semantic_test_util.h"
#include "tests/compiler/testing/condition_harness.h"

namespace peregrine::compiler {
namespace {

using semantic::CodesForEventName;
using testing::CompileText;
using testing::Evaluate;
using testing::FakeFieldReader;
using testing::RuleYaml;
using testing::WithCode;

const RuleDef& OnlyRule(const LoadedRules& rules) { return rules.rules.at(0); }

LoadedRules Load(const std::string& yaml) {
  RuleLoader loader;
  loader.AddContent("rules.yaml", yaml);
  return loader.Finish();
}

bool HasError(const CompileOutput& out) { return out.ruleset == nullptr; }

std::string ExpandedCondition(const std::string& yaml, const std::string& rule) {
  CompileOutput out = CompileText(yaml);
  if (out.ruleset == nullptr) return "<compile failed>";
  const CompiledRuleInfo* info = testing::FindRule(*out.ruleset, rule);
  return info == nullptr ? "<no rule>" : info->expanded_condition;
}

TEST(SpecChecklistTest, P01_UnavailableFieldMakesEveryCheckFalse) {
  FakeFieldReader execve;
  EXPECT_FALSE(Evaluate("fd.name != /etc/passwd", execve));
  EXPECT_TRUE(Evaluate("not fd.name = /etc/passwd", execve));
}

TEST(SpecChecklistTest, P02_AncestorFieldsQuantifyOverStrictAncestors) {
  FakeFieldReader r;
  r.Str("proc.name", "sshd").Ancestors("proc.aname", {"bash", "init"});
  EXPECT_FALSE(Evaluate("proc.aname = sshd", r));  // the process itself is excluded
  EXPECT_TRUE(Evaluate("proc.aname != sshd", r));  // "some ancestor is not sshd"
}

TEST(SpecChecklistTest, P03_EndpointFieldsLookAtBothSides) {
  FakeFieldReader r;
  r.Endpoints("fd.ip", "10.0.0.1", "10.0.0.2");
  EXPECT_TRUE(Evaluate("fd.ip = 10.0.0.2", r));
  EXPECT_FALSE(Evaluate("fd.ip != 10.0.0.2", r));  // != means neither
}

TEST(SpecChecklistTest, P04_ListsAreSubstitutedAsTextEvenInsideQuotesAndOverMacros) {
  const LoadedRules rules =
      Load("- list: shells\n  items: [bash, \"my sh\"]\n" +
           RuleYaml("r", "proc.name in (shells) and proc.cmdline contains \"x shells y\""));
  EXPECT_EQ(OnlyRule(rules).substituted.text,
            "proc.name in ( bash, \"my sh\" ) and proc.cmdline contains \"x bash, \"my sh\" y\"");
}

TEST(SpecChecklistTest, P05_MacrosExpandOnTheAstAndBehaveParenthesised) {
  const std::string yaml = "- macro: m\n  condition: proc.name = a or proc.name = b\n" +
                           RuleYaml("r", "not m and evt.type = open");
  EXPECT_EQ(ExpandedCondition(yaml, "r"),
            "(not (proc.name = a or proc.name = b) and evt.type = open)");
  // A rule may use a macro defined later; a macro may not.
  EXPECT_FALSE(HasError(
      CompileText(RuleYaml("r", "later") + "- macro: later\n  condition: evt.type = open\n")));
  EXPECT_TRUE(
      HasError(CompileText("- macro: first\n  condition: later\n"
                           "- macro: later\n  condition: evt.type = open\n" +
                           RuleYaml("r", "first"))));
}

TEST(SpecChecklistTest, P06_AppendIsRawStringConcatenation) {
  const LoadedRules rules = Load(
      "- macro: m\n  condition: proc.name = a or proc.name = b\n"
      "- macro: m\n  condition: and evt.type = open\n  override:\n    condition: append\n");
  EXPECT_EQ(rules.macros.at(0).condition, "proc.name = a or proc.name = b and evt.type = open");
}

TEST(SpecChecklistTest, P07_NotNotFoldsAndOrParenFormIsRestricted) {
  EXPECT_EQ(ExpandedCondition(RuleYaml("r", "not not evt.type = open"), "r"), "evt.type = open");
  EXPECT_TRUE(
      HasError(CompileText(RuleYaml("r", "evt.type = open or(proc.name = a) and fd.num > 0"))));
  EXPECT_FALSE(
      HasError(CompileText(RuleYaml("r", "evt.type = open or (proc.name = a) and fd.num > 0"))));
}

TEST(SpecChecklistTest, P08_QuotedStringsAndEscapes) {
  // "…\\" never terminates: the rule does not parse.
  EXPECT_TRUE(HasError(CompileText(RuleYaml("r", "'proc.name = \"C:\\\\\"'"))));
  // \x5c is the way to end with a backslash.
  FakeFieldReader r;
  r.Str("proc.name", "C:\\");
  EXPECT_TRUE(Evaluate("proc.name = \"C:\\x5c\"", r));
  // \' is an error inside a double-quoted string.
  EXPECT_TRUE(HasError(CompileText(RuleYaml("r", "'proc.name = \"a\\''b\"'"))));
}

TEST(SpecChecklistTest, P09_NumericConstantsAreDecimalUnsignedWrapPortNamesBoolExact) {
  EXPECT_TRUE(HasError(CompileText(RuleYaml("r", "fd.num = 0x10"))));
  EXPECT_TRUE(HasError(CompileText(RuleYaml("r", "fd.num = 1.5"))));
  EXPECT_TRUE(HasError(CompileText(RuleYaml("r", "evt.is_open_read = True"))));
  FakeFieldReader r;
  r.Uint("user.uid", 4294967295u).Uint("fd.sport", 22);
  EXPECT_TRUE(Evaluate("user.uid = -1", r));
  EXPECT_TRUE(Evaluate("fd.sport = ssh", r));
}

TEST(SpecChecklistTest, P10_ConstantsAreLimitedTo255BytesWithoutNul) {
  EXPECT_FALSE(HasError(CompileText(RuleYaml("r", "proc.name = " + std::string(255, 'a')))));
  EXPECT_TRUE(HasError(CompileText(RuleYaml("r", "proc.name = " + std::string(256, 'a')))));
  EXPECT_TRUE(HasError(CompileText(RuleYaml("r", "'proc.name = \"a\\x00b\"'"))));
}

TEST(SpecChecklistTest, P11_GlobCrossesSlashesRegexIsAnchoredPmatchIsComponentWise) {
  FakeFieldReader r;
  r.Str("fd.name", "/opt/dir/subdir/file.txt");
  EXPECT_TRUE(Evaluate("fd.name glob /opt/*", r));
  EXPECT_FALSE(Evaluate("fd.name regex dir", r));
  EXPECT_TRUE(Evaluate("fd.name regex \".*dir.*\"", r));
  EXPECT_TRUE(Evaluate("fd.name pmatch (/opt/dir)", r));
  EXPECT_FALSE(Evaluate("fd.name pmatch (/opt/di)", r));
}

TEST(SpecChecklistTest, P12_IntersectsIsInForSingleValuesAndListInIsSubset) {
  FakeFieldReader r;
  r.Str("proc.name", "bash").List("fd.types", {"file", "ipv4"});
  EXPECT_EQ(Evaluate("proc.name intersects (bash, sh)", r), Evaluate("proc.name in (bash, sh)", r));
  EXPECT_FALSE(Evaluate("fd.types in (file)", r));
  EXPECT_TRUE(Evaluate("fd.types intersects (file)", r));
}

TEST(SpecChecklistTest, P13_EvtTypeConstantsAreValidatedSyscallTypeNot) {
  EXPECT_TRUE(HasError(CompileText(RuleYaml("r", "evt.type = opne"))));
  EXPECT_FALSE(HasError(CompileText(RuleYaml("r", "syscall.type = opne"))));
  EXPECT_FALSE(HasError(CompileText(RuleYaml("r", "evt.type = pivot_root"))));  // generic
}

TEST(SpecChecklistTest, P14_OnlyEqualityChecksOnBareEvtTypeRestrictTheEventSet) {
  auto names = [](const std::string& condition) {
    CompileOutput out = CompileText(RuleYaml("r", condition));
    return out.ruleset ? out.ruleset->rules.at(0).codes.count() : 0u;
  };
  EXPECT_EQ(names("evt.type in (open, openat)"),
            CodesForEventName("open").count() + CodesForEventName("openat").count());
  EXPECT_EQ(names("evt.type intersects (open)"), static_cast<size_t>(catalog::kNumEventCodes));
  EXPECT_EQ(names("evt.type = open and not evt.num = 0"), CodesForEventName("open").count());
  EXPECT_EQ(names("evt.num = 0"), 0u);
}

TEST(SpecChecklistTest, P15_EverySyscallRuleIsEvaluatedOnAsyncEvents) {
  CompileOutput out = CompileText(RuleYaml("r", "evt.type = open"));
  ASSERT_NE(out.ruleset, nullptr);
  EXPECT_EQ(out.ruleset->program.rules_by_code[catalog::kAsyncEventCode].size(), 1u);
}

TEST(SpecChecklistTest, P16_EvtDirIsDeprecated) {
  CompileOutput out = CompileText(RuleYaml("r", "evt.type = open and evt.dir = <"));
  EXPECT_EQ(WithCode(out, "LOAD_DEPRECATED_ITEM").size(), 1u);
}

TEST(SpecChecklistTest, P17_RulesRunInDefinitionOrderAndRedefinitionKeepsThePosition) {
  const std::string yaml = RuleYaml("a", "evt.type = open") + RuleYaml("b", "evt.type = open") +
                           RuleYaml("a", "evt.type = open and proc.name = cat");
  CompileOutput out = CompileText(yaml);
  ASSERT_NE(out.ruleset, nullptr);
  interp::Interpreter interpreter(out.ruleset->program);
  FakeFieldReader r;
  r.Str("proc.name", "cat");
  std::vector<uint32_t> matches;
  interpreter.Match(/*open exit=*/3, r, interp::RuleMatching::kFirst, &matches);
  ASSERT_EQ(matches.size(), 1u);
  EXPECT_EQ(out.ruleset->program.rules[matches[0]].name, "a");
}

TEST(SpecChecklistTest, P18_DisabledRulesAreStillCompiled) {
  EXPECT_TRUE(HasError(CompileText(RuleYaml("r", "proc.nme = a", "o", "  enabled: false\n"))));
}

TEST(SpecChecklistTest, P19_InfoIsInformationalAndTagsAreSortedSets) {
  const LoadedRules rules = Load(RuleYaml("r", "evt.type = open", "o", "  tags: [b, a, b]\n"));
  EXPECT_EQ(PriorityName(OnlyRule(rules).priority), "Informational");
  EXPECT_EQ(OnlyRule(rules).tags, (std::set<std::string>{"a", "b"}));
}

TEST(SpecChecklistTest, P20_EveryPercentMustStartAValidField) {
  EXPECT_TRUE(HasError(CompileText(RuleYaml("r", "evt.type = open", "\"100% done\""))));
  EXPECT_TRUE(HasError(CompileText(RuleYaml("r", "evt.type = open", "\"end %\""))));
  EXPECT_FALSE(HasError(CompileText(RuleYaml("r", "evt.type = open", "\"x %proc.name_x\""))));
}

// P21 (no alert rate limiting) is a property of the output path: tests/runtime/outputs.

TEST(SpecChecklistTest, P22_ExceptionValuesAreSplicedAsText) {
  const LoadedRules rules =
      Load("- list: known\n  items: [cat, dog]\n" +
           RuleYaml("r", "evt.type = open", "o",
                    "  exceptions:\n    - name: e\n      fields: [proc.name]\n      comps: [in]\n"
                    "      values: [[known]]\n"));
  EXPECT_NE(OnlyRule(rules).substituted.text.find("cat, dog"), std::string::npos)
      << OnlyRule(rules).substituted.text;
}

TEST(SpecChecklistTest, P23_UnknownKeysAreWarnings) {
  CompileOutput out = CompileText(RuleYaml("r", "evt.type = open", "o", "  colour: blue\n"));
  EXPECT_NE(out.ruleset, nullptr);
  EXPECT_EQ(WithCode(out, "LOAD_UNKNOWN_KEY").size(), 1u);
}

TEST(SpecChecklistTest, P24_OnlyYamlFilesSortedByName) {
  const std::filesystem::path dir =
      std::filesystem::temp_directory_path() / ("pg-checklist-" + std::to_string(getpid()));
  std::filesystem::create_directories(dir);
  std::ofstream(dir / "b.yaml") << RuleYaml("second", "evt.type = open");
  std::ofstream(dir / "a.yml") << RuleYaml("first", "evt.type = open");
  std::ofstream(dir / "c.txt") << "not yaml: [";
  RuleLoader loader;
  ASSERT_TRUE(loader.AddFile(dir.string()).ok());
  LoadedRules rules = loader.Finish();
  std::filesystem::remove_all(dir);
  ASSERT_EQ(rules.rules.size(), 2u);
  EXPECT_EQ(rules.rules[0].name, "first");
  EXPECT_EQ(rules.rules[1].name, "second");
}

// P25 (user.name may be the literal "<NA>", proc.args[N] is empty when absent) is about
// extraction: tests/runtime/fields. Here: "<NA>" is an ordinary string constant.
TEST(SpecChecklistTest, P25_NaIsAnOrdinaryStringValue) {
  FakeFieldReader r;
  r.Str("user.name", "<NA>");
  EXPECT_TRUE(Evaluate("user.name in (\"<NA>\", \"N/A\")", r));
}

TEST(SpecChecklistTest, P26_FieldToFieldNeedsVal) {
  CompileOutput out = CompileText(RuleYaml("r", "proc.name = proc.pname"));
  EXPECT_EQ(WithCode(out, "LOAD_COMPILE_CONDITION").size(), 1u);
  FakeFieldReader r;
  r.Str("proc.name", "bash").Str("proc.pname", "bash");
  EXPECT_FALSE(Evaluate("proc.name = proc.pname", r));
  EXPECT_TRUE(Evaluate("proc.name = val(proc.pname)", r));
}

}  // namespace
}  // namespace peregrine::compiler
