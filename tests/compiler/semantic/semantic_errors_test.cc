// Rule authors' mistakes found after loading (falco-rule-language.md §1.12, §1.15, §1.16, §3.5,
// §3.7, §3.10): code, message and file:line:col of every semantic diagnostic. Positions of
// problems inside a macro point into the macro, also when the rule that uses it is compiled.
#include <cstdio>
#include <fstream>
#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "tests/compiler/semantic/semantic_test_util.h"

namespace peregrine::compiler {
namespace {

using testing::CompileText;
using testing::Describe;
using testing::Errors;
using testing::RuleYaml;
using testing::Where;
using testing::WithCode;

// Expects exactly one diagnostic with `code`, with `message`, at `at`, on item `item_name`.
void ExpectOne(const CompileOutput& out, const std::string& code, const std::string& message,
               const SourceLocation& at, const std::string& item_type,
               const std::string& item_name) {
  const std::vector<Diagnostic> found = WithCode(out, code);
  ASSERT_EQ(found.size(), 1u) << code << "\n" << Describe(out.diagnostics);
  EXPECT_EQ(found[0].message, message);
  EXPECT_EQ(Describe(found[0].location), Describe(at)) << message;
  EXPECT_EQ(found[0].item_type, item_type);
  EXPECT_EQ(found[0].item_name, item_name);
}

// ----- LOAD_ERR_COMPILE_CONDITION -----

TEST(SemanticErrorsTest, UnknownFieldInRule) {
  const std::string yaml = RuleYaml("r", "proc.name = cat and proc.nme = x");
  CompileOutput out = CompileText(yaml);
  EXPECT_EQ(out.ruleset, nullptr);
  ExpectOne(out, "LOAD_ERR_COMPILE_CONDITION",
            "filter_check called with nonexistent field proc.nme", Where(yaml, "proc.nme"), "rule",
            "r");
  EXPECT_EQ(Errors(out).size(), 1u);
}

// §3.10: a macro is not compiled on its own; the error is the rule's, but it points into the
// macro's text, even two macros deep.
TEST(SemanticErrorsTest, UnknownFieldInsideNestedMacroPointsIntoTheMacro) {
  const std::string yaml =
      "- macro: inner\n  condition: (fd.nme = /etc)\n"
      "- macro: outer\n  condition: (evt.type = open and inner)\n" +
      RuleYaml("r", "outer and proc.name = cat");
  CompileOutput out = CompileText(yaml);
  ExpectOne(out, "LOAD_ERR_COMPILE_CONDITION", "filter_check called with nonexistent field fd.nme",
            Where(yaml, "fd.nme"), "rule", "r");
}

TEST(SemanticErrorsTest, MacroWithUnknownFieldIsFineWhenUnused) {
  const std::string yaml =
      "- macro: m\n  condition: (fd.nme = /etc)\n" + RuleYaml("r", "evt.type = open");
  CompileOutput out = CompileText(yaml);
  EXPECT_NE(out.ruleset, nullptr) << Describe(out.diagnostics);
  EXPECT_EQ(WithCode(out, "LOAD_UNUSED_MACRO").size(), 1u);
}

TEST(SemanticErrorsTest, UnknownEventType) {
  const std::string yaml = RuleYaml("r", "evt.type in (open, opne)");
  CompileOutput out = CompileText(yaml);
  ExpectOne(out, "LOAD_ERR_COMPILE_CONDITION", "unknown event type opne", Where(yaml, "opne"),
            "rule", "r");
}

TEST(SemanticErrorsTest, SyscallTypeConstantsAreNotValidated) {
  CompileOutput out = CompileText(RuleYaml("r", "syscall.type = opne"));
  EXPECT_NE(out.ruleset, nullptr) << Describe(out.diagnostics);
}

TEST(SemanticErrorsTest, OperatorNotSupportedForNumericField) {
  const std::string yaml = RuleYaml("r", "evt.type = open and proc.pid contains 1");
  CompileOutput out = CompileText(yaml);
  ExpectOne(out, "LOAD_ERR_COMPILE_CONDITION",
            "'contains' operator not supported for numeric filters", Where(yaml, "proc.pid"),
            "rule", "r");
}

TEST(SemanticErrorsTest, InvalidNumber) {
  const std::string yaml = RuleYaml("r", "evt.type = open and proc.pid = abc");
  CompileOutput out = CompileText(yaml);
  ExpectOne(out, "LOAD_ERR_COMPILE_CONDITION", "abc is not a valid number", Where(yaml, "abc"),
            "rule", "r");
}

TEST(SemanticErrorsTest, InvalidIpv4Address) {
  const std::string yaml = RuleYaml("r", "evt.type = connect and fd.sip = 1.2.3");
  CompileOutput out = CompileText(yaml);
  ExpectOne(out, "LOAD_ERR_COMPILE_CONDITION", "unrecognized IPv4 address 1.2.3",
            Where(yaml, "1.2.3"), "rule", "r");
}

TEST(SemanticErrorsTest, InvalidBoolean) {
  const std::string yaml = RuleYaml("r", "evt.type = open and evt.is_open_read = maybe");
  CompileOutput out = CompileText(yaml);
  ExpectOne(out, "LOAD_ERR_COMPILE_CONDITION", "filter error: unrecognized boolean value maybe",
            Where(yaml, "maybe"), "rule", "r");
}

TEST(SemanticErrorsTest, ParseErrorInRule) {
  const std::string yaml = RuleYaml("r", "evt.type = open and and proc.name = cat");
  CompileOutput out = CompileText(yaml);
  const std::vector<Diagnostic> errors = Errors(out);
  ASSERT_EQ(errors.size(), 1u) << Describe(out.diagnostics);
  EXPECT_EQ(errors[0].code, "LOAD_ERR_COMPILE_CONDITION");
  EXPECT_EQ(errors[0].item_name, "r");
  EXPECT_EQ(errors[0].location.file, testing::kTestFile);
  EXPECT_EQ(errors[0].location.line, Where(yaml, "and and").line);
}

TEST(SemanticErrorsTest, ParseErrorInMacroIsTheMacros) {
  const std::string yaml = "- macro: m\n  condition: (evt.type = open\n" + RuleYaml("r", "m");
  CompileOutput out = CompileText(yaml);
  const std::vector<Diagnostic> errors = Errors(out);
  ASSERT_GE(errors.size(), 1u) << Describe(out.diagnostics);
  EXPECT_EQ(errors[0].code, "LOAD_ERR_COMPILE_CONDITION");
  EXPECT_EQ(errors[0].message, "expected a ')' token");
  EXPECT_EQ(errors[0].item_type, "macro");
  EXPECT_EQ(errors[0].item_name, "m");
  EXPECT_EQ(errors[0].location.line, 2);
}

// ----- LOAD_COMPILE_CONDITION (warnings) -----

TEST(SemanticErrorsTest, RegexWithoutSpecialCharactersWarns) {
  const std::string yaml = RuleYaml("r", "evt.type = open and proc.name regex ^cat$");
  CompileOutput out = CompileText(yaml);
  EXPECT_NE(out.ruleset, nullptr);
  ExpectOne(out, "LOAD_COMPILE_CONDITION",
            "'regex' value '^cat$' has no regex special characters: consider '=', 'contains', "
            "'startswith' or 'endswith', which are faster",
            Where(yaml, "^cat$"), "rule", "r");
}

TEST(SemanticErrorsTest, RegexWithSpecialCharactersDoesNotWarn) {
  for (const char* pattern : {"ca.{1}", "s.*l", "^c(a|b)t$"}) {
    CompileOutput out = CompileText(
        RuleYaml("r", std::string("evt.type = open and proc.name regex '") + pattern + "'"));
    EXPECT_TRUE(WithCode(out, "LOAD_COMPILE_CONDITION").empty()) << pattern;
  }
}

TEST(SemanticErrorsTest, FieldNameAsConstantWarns) {
  const std::string yaml = RuleYaml("r", "evt.type = open and proc.name = proc.pname");
  CompileOutput out = CompileText(yaml);
  EXPECT_NE(out.ruleset, nullptr);
  ExpectOne(out, "LOAD_COMPILE_CONDITION",
            "'proc.pname' may be a valid field misused as a const string value",
            Where(yaml, "proc.pname"), "rule", "r");
}

TEST(SemanticErrorsTest, TransformerTextAsConstantWarns) {
  const std::string yaml = RuleYaml("r", "evt.type = open and proc.name = 'tolower(proc.pname)'");
  CompileOutput out = CompileText(yaml);
  EXPECT_NE(out.ruleset, nullptr);
  const std::vector<Diagnostic> found = WithCode(out, "LOAD_COMPILE_CONDITION");
  ASSERT_EQ(found.size(), 1u) << Describe(out.diagnostics);
  EXPECT_EQ(found[0].message,
            "'tolower(proc.pname)' may be a valid field transformer misused as a const string "
            "value");
  EXPECT_EQ(found[0].location.line, Where(yaml, "tolower").line);
}

TEST(SemanticErrorsTest, UnknownFieldNameAsConstantDoesNotWarn) {
  CompileOutput out = CompileText(RuleYaml("r", "evt.type = open and proc.name = unknown.field"));
  EXPECT_TRUE(WithCode(out, "LOAD_COMPILE_CONDITION").empty()) << Describe(out.diagnostics);
}

TEST(SemanticErrorsTest, WarningInsideMacroPointsIntoTheMacro) {
  const std::string yaml =
      "- macro: m\n  condition: (proc.name regex cat)\n" + RuleYaml("r", "evt.type = open and m");
  CompileOutput out = CompileText(yaml);
  const std::vector<Diagnostic> found = WithCode(out, "LOAD_COMPILE_CONDITION");
  ASSERT_EQ(found.size(), 1u) << Describe(out.diagnostics);
  EXPECT_EQ(Describe(found[0].location), Describe(Where(yaml, "cat)")));
  EXPECT_EQ(found[0].item_name, "r");
}

// ----- LOAD_ERR_COMPILE_OUTPUT -----

TEST(SemanticErrorsTest, OutputEndingWithPercent) {
  const std::string yaml = RuleYaml("r", "evt.type = open", "file=%fd.name 100%");
  CompileOutput out = CompileText(yaml);
  EXPECT_EQ(out.ruleset, nullptr);
  ExpectOne(out, "LOAD_ERR_COMPILE_OUTPUT",
            "invalid formatting syntax: formatting cannot end with a %", Where(yaml, "%\n"), "rule",
            "r");
}

TEST(SemanticErrorsTest, OutputWithUnknownField) {
  const std::string yaml = RuleYaml("r", "evt.type = open", "file=%fd.name who=%proc.nme");
  CompileOutput out = CompileText(yaml);
  EXPECT_EQ(out.ruleset, nullptr);
  const std::vector<Diagnostic> found = WithCode(out, "LOAD_ERR_COMPILE_OUTPUT");
  ASSERT_EQ(found.size(), 1u) << Describe(out.diagnostics);
  EXPECT_TRUE(found[0].message.rfind("unknown filter: ", 0) == 0) << found[0].message;
  EXPECT_NE(found[0].message.find("proc.nme"), std::string::npos) << found[0].message;
  EXPECT_EQ(Describe(found[0].location), Describe(Where(yaml, "%proc.nme")));
}

// ----- LOAD_DEPRECATED_ITEM -----

TEST(SemanticErrorsTest, DeprecatedFieldInCondition) {
  const std::string yaml = RuleYaml("r", "evt.type = open and evt.dir = <");
  CompileOutput out = CompileText(yaml);
  EXPECT_NE(out.ruleset, nullptr);
  ExpectOne(out, "LOAD_DEPRECATED_ITEM", "field 'evt.dir' is deprecated", Where(yaml, "evt.dir"),
            "rule", "r");
}

TEST(SemanticErrorsTest, DeprecatedFieldsInOutput) {
  const std::string yaml = RuleYaml("r", "evt.type = open", "lat=%evt.latency.ns x=%fd.name");
  CompileOutput out = CompileText(yaml);
  EXPECT_NE(out.ruleset, nullptr);
  ExpectOne(out, "LOAD_DEPRECATED_ITEM", "field 'evt.latency.ns' is deprecated",
            Where(yaml, "%evt.latency.ns"), "rule", "r");
}

TEST(SemanticErrorsTest, ContainerInfoInOutput) {
  const std::string yaml = RuleYaml("r", "evt.type = open", "file=%fd.name %container.info");
  CompileOutput out = CompileText(yaml);
  EXPECT_NE(out.ruleset, nullptr);
  ExpectOne(out, "LOAD_DEPRECATED_ITEM",
            "%container.info is deprecated and removed from the output",
            Where(yaml, "%container.info"), "rule", "r");
}

TEST(SemanticErrorsTest, EveryDeprecatedFieldWarns) {
  for (const char* field : {"evt.dir", "evt.latency", "evt.latency.s", "evt.latency.ns",
                            "evt.latency.human", "evt.wait_latency"}) {
    CompileOutput out =
        CompileText(RuleYaml("r", "evt.type = open and " + std::string(field) + " exists"));
    EXPECT_EQ(WithCode(out, "LOAD_DEPRECATED_ITEM").size(), 1u) << field << "\n"
                                                                << Describe(out.diagnostics);
  }
}

// ----- LOAD_UNUSED_MACRO -----

TEST(SemanticErrorsTest, UnusedMacro) {
  const std::string yaml =
      "- macro: used\n  condition: (evt.type = open)\n"
      "- macro: unused\n  condition: (evt.type = close)\n" +
      RuleYaml("r", "used");
  CompileOutput out = CompileText(yaml);
  EXPECT_NE(out.ruleset, nullptr);
  ExpectOne(out, "LOAD_UNUSED_MACRO", "Macro not referenced by any other rule/macro",
            Where(yaml, "macro: unused"), "macro", "unused");
}

TEST(SemanticErrorsTest, MacroUsedOnlyByAnotherMacroIsUsed) {
  const std::string yaml =
      "- macro: a\n  condition: (evt.type = open)\n"
      "- macro: b\n  condition: (a)\n" +
      RuleYaml("r", "b");
  CompileOutput out = CompileText(yaml);
  EXPECT_TRUE(WithCode(out, "LOAD_UNUSED_MACRO").empty()) << Describe(out.diagnostics);
}

// ----- LOAD_UNKNOWN_FILTER (skip-if-unknown-filter, §1.15) -----

TEST(SemanticErrorsTest, SkipIfUnknownFilterSkipsRuleWithUnknownField) {
  const std::string yaml = RuleYaml("skipped", "evt.type = open and plugin.thing = x", "o",
                                    "  skip-if-unknown-filter: true\n") +
                           RuleYaml("kept", "evt.type = open");
  CompileOutput out = CompileText(yaml);
  ASSERT_NE(out.ruleset, nullptr) << Describe(out.diagnostics);
  ExpectOne(out, "LOAD_UNKNOWN_FILTER",
            "rule skipped (skip-if-unknown-filter): filter_check called with nonexistent field "
            "plugin.thing",
            Where(yaml, "plugin.thing"), "rule", "skipped");
  EXPECT_FALSE(testing::FindRule(*out.ruleset, "skipped")->compiled);
  EXPECT_TRUE(testing::FindRule(*out.ruleset, "kept")->compiled);
  EXPECT_EQ(out.ruleset->program.rules.size(), 1u);
}

TEST(SemanticErrorsTest, SkipIfUnknownFilterCoversUnknownEventTypeAndOutputs) {
  {
    const std::string yaml =
        RuleYaml("r", "evt.type = plugin_event_x", "o", "  skip-if-unknown-filter: true\n");
    CompileOutput out = CompileText(yaml);
    EXPECT_NE(out.ruleset, nullptr) << Describe(out.diagnostics);
    EXPECT_EQ(WithCode(out, "LOAD_UNKNOWN_FILTER").size(), 1u);
  }
  {
    const std::string yaml =
        RuleYaml("r", "evt.type = open", "x=%plugin.thing", "  skip-if-unknown-filter: true\n");
    CompileOutput out = CompileText(yaml);
    EXPECT_NE(out.ruleset, nullptr) << Describe(out.diagnostics);
    const std::vector<Diagnostic> found = WithCode(out, "LOAD_UNKNOWN_FILTER");
    ASSERT_EQ(found.size(), 1u) << Describe(out.diagnostics);
    EXPECT_EQ(Describe(found[0].location), Describe(Where(yaml, "%plugin.thing")));
  }
}

TEST(SemanticErrorsTest, SkipIfUnknownFilterDoesNotHideOtherErrors) {
  const std::string yaml =
      RuleYaml("r", "evt.type = open and proc.pid = abc", "o", "  skip-if-unknown-filter: true\n");
  CompileOutput out = CompileText(yaml);
  EXPECT_EQ(out.ruleset, nullptr);
  EXPECT_TRUE(WithCode(out, "LOAD_UNKNOWN_FILTER").empty());
  ExpectOne(out, "LOAD_ERR_COMPILE_CONDITION", "abc is not a valid number", Where(yaml, "abc"),
            "rule", "r");
}

TEST(SemanticErrorsTest, UnknownFieldWithoutSkipIsAnError) {
  CompileOutput out = CompileText(RuleYaml("r", "evt.type = open and plugin.thing = x"));
  EXPECT_EQ(out.ruleset, nullptr);
  EXPECT_EQ(WithCode(out, "LOAD_ERR_COMPILE_CONDITION").size(), 1u);
  EXPECT_TRUE(WithCode(out, "LOAD_UNKNOWN_FILTER").empty());
}

// ----- undefined macros, loops, visibility (§1.12, §3.10) -----

TEST(SemanticErrorsTest, UndefinedMacroInRule) {
  const std::string yaml = RuleYaml("r", "evt.type = open and not nosuch_macro");
  CompileOutput out = CompileText(yaml);
  EXPECT_EQ(out.ruleset, nullptr);
  ExpectOne(out, "LOAD_ERR_VALIDATE", "Undefined macro 'nosuch_macro' used in filter.",
            Where(yaml, "nosuch_macro"), "rule", "r");
}

TEST(SemanticErrorsTest, UndefinedMacroInUnusedMacroIsStillAnError) {
  const std::string yaml =
      "- macro: m\n  condition: (evt.type = open and nosuch)\n" + RuleYaml("r", "evt.type = close");
  CompileOutput out = CompileText(yaml);
  EXPECT_EQ(out.ruleset, nullptr);
  ExpectOne(out, "LOAD_ERR_VALIDATE", "Undefined macro 'nosuch' used in filter.",
            Where(yaml, "nosuch"), "macro", "m");
}

// §1.12: "Unknown identifiers → Undefined macro 'X' used in filter. (only the first problem is
// reported)". A macro with an undefined reference that a rule uses must give one error.
// Regression: the macro's own check reported the error, then the rule's expansion reported the
// same error again (two errors instead of one).
TEST(SemanticErrorsTest, UndefinedMacroInUsedMacroIsReportedOnce) {
  const std::string yaml =
      "- macro: m\n  condition: (evt.type = open and nosuch)\n" + RuleYaml("r", "m");
  CompileOutput out = CompileText(yaml);
  EXPECT_EQ(out.ruleset, nullptr);
  ExpectOne(out, "LOAD_ERR_VALIDATE", "Undefined macro 'nosuch' used in filter.",
            Where(yaml, "nosuch"), "macro", "m");
}

TEST(SemanticErrorsTest, MacroCannotUseAMacroDefinedAfterIt) {
  const std::string yaml =
      "- macro: first\n  condition: (second and proc.name = cat)\n"
      "- macro: second\n  condition: (evt.type = open)\n" +
      RuleYaml("r", "first");
  CompileOutput out = CompileText(yaml);
  EXPECT_EQ(out.ruleset, nullptr);
  const std::vector<Diagnostic> found = WithCode(out, "LOAD_ERR_VALIDATE");
  ASSERT_GE(found.size(), 1u) << Describe(out.diagnostics);
  EXPECT_EQ(found[0].message, "Undefined macro 'second' used in filter.");
  EXPECT_EQ(Describe(found[0].location), Describe(Where(yaml, "second and")));
}

// A rule may use a macro defined later in the same file.
TEST(SemanticErrorsTest, RuleMayUseAMacroDefinedLater) {
  const std::string yaml =
      RuleYaml("r", "later") + "- macro: later\n  condition: (evt.type = open)\n";
  CompileOutput out = CompileText(yaml);
  ASSERT_NE(out.ruleset, nullptr) << Describe(out.diagnostics);
  EXPECT_EQ(EventNames(out.ruleset->rules[0].codes), std::vector<std::string>{"open"});
}

// Redefining (or overriding) a macro raises its visibility: it then sees macros defined between
// its first and latest definition.
TEST(SemanticErrorsTest, RedefinitionRaisesVisibility) {
  const std::string yaml =
      "- macro: first\n  condition: (proc.name = cat)\n"
      "- macro: second\n  condition: (evt.type = open)\n"
      "- macro: first\n  condition: (second and proc.name = cat)\n" +
      RuleYaml("r", "first");
  CompileOutput out = CompileText(yaml);
  ASSERT_NE(out.ruleset, nullptr) << Describe(out.diagnostics);
  EXPECT_EQ(EventNames(out.ruleset->rules[0].codes), std::vector<std::string>{"open"});
}

TEST(SemanticErrorsTest, MacroSelfReferenceThroughAppendIsALoop) {
  const std::string yaml =
      "- macro: m\n  condition: (evt.type = open)\n"
      "- macro: m\n  condition: or m\n  override:\n    condition: append\n" +
      RuleYaml("r", "m");
  CompileOutput out = CompileText(yaml);
  EXPECT_EQ(out.ruleset, nullptr);
  const std::vector<Diagnostic> found = WithCode(out, "LOAD_ERR_VALIDATE");
  ASSERT_GE(found.size(), 1u) << Describe(out.diagnostics);
  EXPECT_EQ(found[0].message, "reference loop in macro 'm'");
  EXPECT_EQ(found[0].item_name, "m");
  EXPECT_EQ(Describe(found[0].location), Describe(Where(yaml, "m\n  override")));
}

TEST(SemanticErrorsTest, TwoMacroLoop) {
  const std::string yaml =
      "- macro: a\n  condition: (evt.type = open)\n"
      "- macro: b\n  condition: (a)\n"
      "- macro: a\n  condition: (b)\n" +
      RuleYaml("r", "a");
  CompileOutput out = CompileText(yaml);
  EXPECT_EQ(out.ruleset, nullptr);
  const std::vector<Diagnostic> found = WithCode(out, "LOAD_ERR_VALIDATE");
  ASSERT_GE(found.size(), 1u) << Describe(out.diagnostics);
  EXPECT_EQ(found[0].message.rfind("reference loop in macro '", 0), 0u) << found[0].message;
}

// Each file is compiled when it is loaded: a rule does not see a macro from a later file.
class TempRulesFiles : public ::testing::Test {
 protected:
  std::string Write(const std::string& name, const std::string& text) {
    const std::string path = ::testing::TempDir() + "semantic_errors_" + name;
    std::ofstream(path) << text;
    paths_.push_back(path);
    return path;
  }
  void TearDown() override {
    for (const std::string& p : paths_) std::remove(p.c_str());
  }
  std::vector<std::string> paths_;
};

TEST_F(TempRulesFiles, RuleDoesNotSeeAMacroFromALaterFile) {
  const std::string first = Write("first.yaml", RuleYaml("r", "later_macro"));
  const std::string second =
      Write("second.yaml", "- macro: later_macro\n  condition: (evt.type = open)\n");
  CompileOutput out = CompileRulesFiles({first, second}, CompileOptions{});
  EXPECT_EQ(out.ruleset, nullptr);
  const std::vector<Diagnostic> found = WithCode(out, "LOAD_ERR_VALIDATE");
  ASSERT_EQ(found.size(), 1u) << Describe(out.diagnostics);
  EXPECT_EQ(found[0].message, "Undefined macro 'later_macro' used in filter.");
  EXPECT_EQ(found[0].location.file, first);
  EXPECT_EQ(found[0].location.line, 3);
}

TEST_F(TempRulesFiles, RuleSeesAMacroFromAnEarlierFile) {
  const std::string first =
      Write("first.yaml", "- macro: early_macro\n  condition: (evt.type = open)\n");
  const std::string second = Write("second.yaml", RuleYaml("r", "early_macro"));
  CompileOutput out = CompileRulesFiles({first, second}, CompileOptions{});
  ASSERT_NE(out.ruleset, nullptr) << Describe(out.diagnostics);
  EXPECT_EQ(EventNames(out.ruleset->rules[0].codes), std::vector<std::string>{"open"});
}

}  // namespace
}  // namespace peregrine::compiler

namespace peregrine::compiler {
namespace {

// §1.4: requirements are checked after loading; `container` is built in, other plugins are not.
TEST(SemanticErrorsTest, PluginRequirementsAreCheckedAfterLoading) {
  CompileOutput missing =
      testing::CompileText("- required_plugin_versions:\n  - name: k8saudit\n    version: 0.1.0\n");
  EXPECT_EQ(missing.ruleset, nullptr);
  ASSERT_EQ(testing::WithCode(missing, "LOAD_ERR_VALIDATE").size(), 1u);
  EXPECT_EQ(testing::WithCode(missing, "LOAD_ERR_VALIDATE")[0].message,
            "Plugin requirement not satisfied, must load one of: k8saudit (>= 0.1.0)");
  CompileOutput container = testing::CompileText(
      "- required_plugin_versions:\n  - name: container\n    version: 0.4.0\n");
  EXPECT_NE(container.ruleset, nullptr);
}

}  // namespace
}  // namespace peregrine::compiler
