// append / override / redefinition / standalone enabled (§1.7, §1.10, §1.12).
#include <gtest/gtest.h>

#include "loader_test_util.h"

namespace peregrine::compiler {
namespace {

using testing::LoadText;
using testing::Rule;

std::string FirstError(const testing::Loaded& loaded) {
  return loaded.errors().empty() ? "" : loaded.errors()[0].message;
}

TEST(ModifyTest, InteractiveMacroAppendExampleFromFalco) {
  auto loaded = LoadText(R"(
- macro: interactive
  condition: >
    ((proc.aname=sshd and proc.name != sshd) or proc.name=systemd-logind or proc.name=login)
- macro: interactive
  condition: or proc.name = ssh
  override:
    condition: append
)");
  ASSERT_TRUE(loaded.errors().empty()) << FirstError(loaded);
  ASSERT_EQ(loaded.rules.macros.size(), 1u);
  // The folded scalar keeps its final newline, then " " and the appended text.
  EXPECT_EQ(loaded.rules.macros[0].condition,
            "((proc.aname=sshd and proc.name != sshd) or proc.name=systemd-logind or "
            "proc.name=login)\n or proc.name = ssh");
  EXPECT_TRUE(loaded.warnings().empty());
}

TEST(ModifyTest, MacroAppendIsPlainConcatenationWithoutParentheses) {
  auto loaded = LoadText(R"(
- macro: m
  condition: a.b = 1 or c.d = 2
- macro: m
  condition: and e.f = 3
  append: true
)");
  ASSERT_TRUE(loaded.errors().empty()) << FirstError(loaded);
  EXPECT_EQ(loaded.rules.macros[0].condition, "a.b = 1 or c.d = 2 and e.f = 3");
  EXPECT_EQ(loaded.warning_codes(), (std::vector<std::string>{"LOAD_DEPRECATED_ITEM"}));
}

TEST(ModifyTest, MacroAppendNeedsAnExistingMacro) {
  auto loaded = LoadText(R"(
- macro: m
  condition: or a.b = 1
  override:
    condition: append
)");
  ASSERT_EQ(loaded.errors().size(), 1u);
  EXPECT_EQ(loaded.errors()[0].code, "LOAD_ERR_VALIDATE");
  EXPECT_EQ(loaded.errors()[0].message,
            "Macro uses 'append' or 'override.condition: append' but no macro by that name "
            "already exists");
  EXPECT_EQ(loaded.errors()[0].item_type, "macro");
  EXPECT_EQ(loaded.errors()[0].item_name, "m");
  EXPECT_EQ(loaded.errors()[0].location.line, 2);
}

TEST(ModifyTest, MacroReplaceDefinesWithoutPreviousMacro) {
  auto loaded = LoadText(R"(
- macro: m
  condition: a.b = 1
  override:
    condition: replace
- macro: m
  condition: c.d = 2
  override:
    condition: replace
)");
  ASSERT_TRUE(loaded.errors().empty()) << FirstError(loaded);
  ASSERT_EQ(loaded.rules.macros.size(), 1u);
  EXPECT_EQ(loaded.rules.macros[0].condition, "c.d = 2");
}

TEST(ModifyTest, ListAppendAddsItems) {
  auto loaded = LoadText(R"(
- list: l
  items: [a, b]
- list: l
  items: [c]
  override:
    items: append
- list: l
  items: [d]
  append: true
)");
  ASSERT_TRUE(loaded.errors().empty()) << FirstError(loaded);
  EXPECT_EQ(loaded.rules.lists[0].items, (std::vector<std::string>{"a", "b", "c", "d"}));
  EXPECT_EQ(loaded.warning_codes(),
            (std::vector<std::string>{"LOAD_DEPRECATED_ITEM", "LOAD_UNUSED_LIST"}));
}

TEST(ModifyTest, ListAppendNeedsAnExistingList) {
  auto loaded = LoadText(R"(
- list: l
  items: [c]
  override:
    items: append
)");
  ASSERT_EQ(loaded.errors().size(), 1u);
  EXPECT_EQ(loaded.errors()[0].message,
            "List uses 'append' or 'override.items: append' but no list by that name already "
            "exists");
}

TEST(ModifyTest, ListReplaceIsARedefinition) {
  auto loaded = LoadText(R"(
- list: l
  items: [a]
  override:
    items: replace
- list: l
  items: [b]
  override:
    items: replace
)");
  ASSERT_TRUE(loaded.errors().empty()) << FirstError(loaded);
  EXPECT_EQ(loaded.rules.lists[0].items, (std::vector<std::string>{"b"}));
}

TEST(ModifyTest, RuleAppendConcatenatesConditionOutputDescAndUnitesTags) {
  auto loaded = LoadText(Rule("r", "a.b = 1", "  tags: [t2, t1]\n") + R"(
- rule: r
  condition: and c.d = 2
  output: more
  desc: longer
  tags: [t3, t1]
  override:
    condition: append
    output: append
    desc: append
    tags: append
)");
  ASSERT_TRUE(loaded.errors().empty()) << FirstError(loaded);
  const RuleDef& rule = loaded.rules.rules.at(0);
  EXPECT_EQ(rule.condition, "a.b = 1 and c.d = 2");
  EXPECT_EQ(rule.output, "o more");
  EXPECT_EQ(rule.desc, "d longer");
  EXPECT_EQ(rule.tags, (std::set<std::string>{"t1", "t2", "t3"}));
  EXPECT_EQ(rule.condition_location.line, 9);
  // Positions follow the concatenation: "c.d" comes from the second item.
  const SourceLocation at = rule.LocateInSubstituted(rule.substituted.text.find("c.d"));
  EXPECT_EQ(at.line, 9);
  EXPECT_EQ(at.column, 18);
  EXPECT_EQ(rule.LocateInSubstituted(0).line, 3);
}

TEST(ModifyTest, RuleReplaceReplacesEveryReplaceableKey) {
  auto loaded = LoadText(Rule("r", "a.b = 1", "  tags: [t1]\n") + R"(
- rule: r
  condition: c.d = 2
  output: new output
  desc: new desc
  priority: CRITICAL
  tags: [t9]
  enabled: false
  warn_evttypes: false
  skip-if-unknown-filter: true
  capture: true
  capture_duration: 5000
  exceptions:
    - name: e
      fields: proc.name
      values: [x]
  override:
    condition: replace
    output: replace
    desc: replace
    priority: replace
    tags: replace
    enabled: replace
    warn_evttypes: replace
    skip-if-unknown-filter: replace
    capture: replace
    capture_duration: replace
    exceptions: replace
)");
  ASSERT_TRUE(loaded.errors().empty()) << FirstError(loaded);
  const RuleDef& rule = loaded.rules.rules.at(0);
  EXPECT_EQ(rule.condition, "c.d = 2");
  EXPECT_EQ(rule.output, "new output");
  EXPECT_EQ(rule.desc, "new desc");
  EXPECT_EQ(rule.priority, Priority::kCritical);
  EXPECT_EQ(rule.tags, (std::set<std::string>{"t9"}));
  EXPECT_FALSE(rule.enabled);
  EXPECT_FALSE(rule.warn_evttypes);
  EXPECT_TRUE(rule.skip_if_unknown_filter);
  EXPECT_TRUE(rule.capture);
  EXPECT_EQ(rule.capture_duration, 5000u);
  EXPECT_EQ(rule.condition_with_exceptions, "(c.d = 2) and not (proc.name in (x))");
}

TEST(ModifyTest, RuleMixesAppendAndReplaceAppendsFirst) {
  auto loaded = LoadText(Rule("r", "a.b = 1") + R"(
- rule: r
  condition: and c.d = 2
  priority: ERROR
  override:
    condition: append
    priority: replace
)");
  ASSERT_TRUE(loaded.errors().empty()) << FirstError(loaded);
  EXPECT_EQ(loaded.rules.rules[0].condition, "a.b = 1 and c.d = 2");
  EXPECT_EQ(loaded.rules.rules[0].priority, Priority::kError);
}

TEST(ModifyTest, RuleExceptionAppendAddsValuesToExistingAndNewExceptions) {
  auto loaded = LoadText(Rule("r", "a.b = 1", R"(  exceptions:
    - name: e
      fields: [proc.name]
      values: [[a]]
)") + R"(
- rule: r
  exceptions:
    - name: e
      values: [[b]]
    - name: f
      fields: proc.pname
      values: [c]
    - name: g
  override:
    exceptions: append
)");
  // "g" has no fields: it is new, so that is an error — after the LOAD_APPEND_NO_VALUES warning.
  ASSERT_EQ(loaded.errors().size(), 1u);
  EXPECT_EQ(loaded.errors()[0].message,
            "Rule exception new item g: must have fields property with a list of fields");
  EXPECT_EQ(loaded.warning_codes(), (std::vector<std::string>{"LOAD_APPEND_NO_VALUES"}));

  auto good = LoadText(Rule("r", "a.b = 1", R"(  exceptions:
    - name: e
      fields: [proc.name]
      values: [[a]]
)") + R"(
- rule: r
  exceptions:
    - name: e
      values: [[b]]
    - name: f
      fields: proc.pname
      values: [c]
  append: true
)");
  ASSERT_TRUE(good.errors().empty()) << FirstError(good);
  EXPECT_EQ(good.rules.rules[0].condition_with_exceptions,
            "(a.b = 1) and not (( proc.name = a) or ( proc.name = b)) and not (proc.pname in (c))");
}

TEST(ModifyTest, RuleExceptionAppendErrors) {
  const std::string base = Rule("r", "a.b = 1", R"(  exceptions:
    - name: e
      fields: [proc.name]
      values: [[a]]
)");
  auto with_fields = LoadText(base + R"(
- rule: r
  exceptions:
    - name: e
      fields: [proc.name]
      values: [[b]]
  override:
    exceptions: append
)");
  ASSERT_EQ(with_fields.errors().size(), 1u);
  EXPECT_EQ(with_fields.errors()[0].message,
            "Can not append exception fields to existing exception, only values");
  auto with_comps = LoadText(base + R"(
- rule: r
  exceptions:
    - name: e
      comps: [=]
      values: [[b]]
  override:
    exceptions: append
)");
  ASSERT_EQ(with_comps.errors().size(), 1u);
  EXPECT_EQ(with_comps.errors()[0].message,
            "Can not append exception comps to existing exception, only values");
  auto no_values = LoadText(base + R"(
- rule: r
  exceptions:
    - name: n
      fields: [proc.name]
  override:
    exceptions: append
)");
  ASSERT_EQ(no_values.errors().size(), 1u);
  EXPECT_EQ(no_values.errors()[0].message,
            "Rule exception new item n: must have fields property with a list of values");
}

TEST(ModifyTest, ReplacingExceptionsNeedsFields) {
  auto loaded = LoadText(Rule("r", "a.b = 1") + R"(
- rule: r
  exceptions:
    - name: e
      values: [[b]]
  override:
    exceptions: replace
)");
  ASSERT_EQ(loaded.errors().size(), 1u);
  EXPECT_EQ(loaded.errors()[0].message, "Item has no mapping for key 'fields'");
}

TEST(ModifyTest, LegacyRuleAppendConsidersOnlyConditionAndExceptions) {
  auto loaded = LoadText(Rule("r", "a.b = 1") + R"(
- rule: r
  condition: and c.d = 2
  output: ignored
  enabled: false
  append: true
)");
  ASSERT_TRUE(loaded.errors().empty()) << FirstError(loaded);
  EXPECT_EQ(loaded.rules.rules[0].condition, "a.b = 1 and c.d = 2");
  EXPECT_EQ(loaded.rules.rules[0].output, "o");
  EXPECT_TRUE(loaded.rules.rules[0].enabled);
  EXPECT_EQ(loaded.warning_codes(), (std::vector<std::string>{"LOAD_DEPRECATED_ITEM"}));

  auto empty = LoadText(Rule("r", "a.b = 1") + "- rule: r\n  output: x\n  append: true\n");
  ASSERT_EQ(empty.errors().size(), 1u);
  EXPECT_EQ(empty.errors()[0].message, "Appended rule must have exceptions or condition property");
}

struct ModifyError {
  std::string yaml;  // appended after a definition of rule "r"
  std::string message;
};

class RuleModifyErrorTest : public ::testing::TestWithParam<ModifyError> {};

TEST_P(RuleModifyErrorTest, IsRejected) {
  auto loaded = LoadText(Rule("r", "a.b = 1") + GetParam().yaml);
  ASSERT_EQ(loaded.errors().size(), 1u) << GetParam().yaml;
  EXPECT_EQ(loaded.errors()[0].message, GetParam().message);
  EXPECT_EQ(loaded.errors()[0].item_type, "rule");
  EXPECT_GT(loaded.errors()[0].location.line, 5);
}

INSTANTIATE_TEST_SUITE_P(
    Override, RuleModifyErrorTest,
    ::testing::Values(
        ModifyError{"- rule: other\n  condition: and x.y = 1\n  override:\n    condition: append\n",
                    "Rule uses 'append' or 'override.<key>: append' but no rule by that name "
                    "already exists"},
        ModifyError{"- rule: other\n  condition: x.y = 1\n  override:\n    condition: replace\n",
                    "An 'override.<key>: replace' to a rule was requested but no rule by that "
                    "name already exists"},
        ModifyError{"- rule: r\n  priority: ERROR\n  override:\n    priority: append\n",
                    "Key 'priority' cannot be appended to, use 'replace' instead"},
        ModifyError{"- rule: r\n  enabled: false\n  override:\n    enabled: append\n",
                    "Key 'enabled' cannot be appended to, use 'replace' instead"},
        ModifyError{"- rule: r\n  source: syscall\n  override:\n    source: replace\n",
                    "Key 'source' cannot be replaced"},
        ModifyError{"- rule: r\n  condition: x\n  override:\n    condition: prepend\n",
                    "Invalid override operation for key 'condition': 'prepend'. Allowed values "
                    "are: append, replace"},
        ModifyError{"- rule: r\n  condition: x\n  append: true\n  override:\n    condition: "
                    "append\n",
                    "Keys 'override' and 'append: true' cannot be used together. Add an 'append' "
                    "entry (e.g. 'condition: append') under 'override' instead."},
        ModifyError{"- rule: r\n  condition: x\n  override:\n    condition: append\n    output: "
                    "append\n",
                    "An append override for 'output' was specified but 'output' is not defined"},
        ModifyError{"- rule: r\n  condition: x\n  override:\n    condition: append\n    desc: "
                    "replace\n",
                    "A replace override for 'desc' was specified but 'desc' is not defined"},
        ModifyError{"- rule: r\n  condition: x\n  desc: y\n  override:\n    condition: append\n",
                    "Unexpected key 'desc': no corresponding entry under 'override' is defined."},
        ModifyError{"- rule: r\n  condition: x\n  source: k8s_audit\n  override:\n    condition: "
                    "append\n",
                    "Rule has been re-defined with a different source"},
        ModifyError{"- rule: r\n  desc: d\n  condition: c\n  output: o\n  priority: INFO\n  "
                    "source: k8s_audit\n",
                    "Rule has been re-defined with a different source"},
        ModifyError{"- rule: other\n  enabled: false\n",
                    "Rule has 'enabled' key but no rule by that name already exists"},
        ModifyError{"- rule: r\n  tags: [x]\n", "Item has no mapping for key 'enabled'"}));

TEST(ModifyTest, OverrideOnListsAndMacrosAcceptsOnlyTheirKey) {
  auto list = LoadText("- list: l\n  items: [a]\n  override:\n    name: replace\n");
  ASSERT_EQ(list.errors().size(), 1u);
  EXPECT_EQ(list.errors()[0].message, "Key 'name' cannot be replaced");
  auto macro = LoadText("- macro: m\n  condition: a\n  override:\n    items: append\n");
  ASSERT_EQ(macro.errors().size(), 1u);
  EXPECT_EQ(macro.errors()[0].message, "Key 'items' cannot be appended to, use 'replace' instead");
}

TEST(ModifyTest, StandaloneEnabledSetsTheFlagWithDeprecationWarning) {
  auto loaded = LoadText(Rule("r", "a.b = 1") + "- rule: r\n  enabled: false\n");
  ASSERT_TRUE(loaded.errors().empty()) << FirstError(loaded);
  EXPECT_FALSE(loaded.rules.rules[0].enabled);
  ASSERT_EQ(loaded.warning_codes(), (std::vector<std::string>{"LOAD_DEPRECATED_ITEM"}));
  EXPECT_NE(loaded.warnings()[0].message.find("'enabled: replace'"), std::string::npos);
}

TEST(ModifyTest, EnabledOverrideReplace) {
  auto loaded = LoadText(Rule("r", "a.b = 1") +
                         "- rule: r\n  enabled: false\n  override:\n    enabled: replace\n");
  ASSERT_TRUE(loaded.errors().empty()) << FirstError(loaded);
  EXPECT_FALSE(loaded.rules.rules[0].enabled);
  EXPECT_TRUE(loaded.warnings().empty());
}

TEST(ModifyTest, RedefinitionReplacesWholeRuleAndKeepsItsPosition) {
  auto loaded = LoadText(Rule("first", "a.b = 1", "  tags: [x]\n  enabled: false\n") +
                         Rule("second", "a.b = 2") + Rule("first", "a.b = 3"));
  ASSERT_TRUE(loaded.errors().empty()) << FirstError(loaded);
  ASSERT_EQ(loaded.rules.rules.size(), 2u);
  EXPECT_EQ(loaded.rules.rules[0].name, "first");
  EXPECT_EQ(loaded.rules.rules[0].condition, "a.b = 3");
  EXPECT_TRUE(loaded.rules.rules[0].tags.empty());
  EXPECT_TRUE(loaded.rules.rules[0].enabled);
  EXPECT_EQ(loaded.rules.rules[0].order.index, 0);
  EXPECT_EQ(loaded.rules.rules[0].order.visibility, 2);
  EXPECT_EQ(loaded.rules.rules[1].order.index, 1);
  EXPECT_EQ(loaded.rules.rules[1].order.visibility, 1);
  EXPECT_TRUE(loaded.warnings().empty());
}

TEST(ModifyTest, SequenceNumbersRunAcrossItemKindsAndModifications) {
  auto loaded = LoadText(R"(
- list: l
  items: [a]
- macro: m
  condition: x.y in (l)
- list: l
  items: [b]
  append: true
- macro: m
  condition: or x.y = 1
  override:
    condition: append
)" + Rule("r", "m"));
  ASSERT_TRUE(loaded.errors().empty()) << FirstError(loaded);
  const ListDef& list = loaded.rules.lists[0];
  const MacroDef& macro = loaded.rules.macros[0];
  EXPECT_EQ(list.order.index, 0);
  EXPECT_EQ(list.order.visibility, 2);
  EXPECT_EQ(macro.order.index, 1);
  EXPECT_EQ(macro.order.visibility, 3);
  EXPECT_EQ(loaded.rules.rules[0].order.index, 4);
}

}  // namespace
}  // namespace peregrine::compiler
