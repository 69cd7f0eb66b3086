#include "compiler/loader/list_substitution.h"

#include <gtest/gtest.h>

#include "loader_test_util.h"

namespace peregrine::compiler {
namespace {

using testing::LoadText;

SubstitutedText Sub(const std::string& text,
                    const std::vector<std::pair<std::string, std::vector<std::string>>>& lists,
                    std::vector<bool>* used = nullptr) {
  std::vector<ListRef> refs;
  for (const auto& [name, items] : lists) refs.push_back(ListRef{name, &items});
  return SubstituteLists(text, refs, used);
}

TEST(ListSubstitutionTest, ReplacesListInParentheses) {
  EXPECT_EQ(Sub("proc.name in (shell_binaries)", {{"shell_binaries", {"ash", "bash"}}}).text,
            "proc.name in ( ash, bash )");
}

TEST(ListSubstitutionTest, MixesWithLiteralsAndSwallowsBlanks) {
  EXPECT_EQ(Sub("proc.name in (sh, shells, other)", {{"shells", {"ash", "bash"}}}).text,
            "proc.name in (sh, ash, bash , other)");
}

TEST(ListSubstitutionTest, EmptyListSwallowsLeftComma) {
  EXPECT_EQ(Sub("x.y in (a, empty)", {{"empty", {}}}).text, "x.y in (a  )");
}

TEST(ListSubstitutionTest, EmptyListSwallowsRightCommaWhenNoLeftOne) {
  // Blanks are swallowed before the comma, so the blank after the comma stays.
  EXPECT_EQ(Sub("x.y in (empty, a)", {{"empty", {}}}).text, "x.y in (   a)");
}

TEST(ListSubstitutionTest, EmptyListAloneLeavesEmptyParentheses) {
  EXPECT_EQ(Sub("x.y in (empty)", {{"empty", {}}}).text, "x.y in (  )");
}

TEST(ListSubstitutionTest, QuotesItemsWithSpacesWithoutEscaping) {
  EXPECT_EQ(Sub("x.y in (l)", {{"l", {"a b", "'c d'", "\"e f\"", "g\"h"}}}).text,
            "x.y in ( \"a b\", 'c d', \"e f\", g\"h )");
}

TEST(ListSubstitutionTest, ReplacesInsideQuotedStringsWhenDelimited) {
  EXPECT_EQ(Sub("x.y = \"foo shells bar\"", {{"shells", {"sh"}}}).text, "x.y = \"foo sh bar\"");
}

TEST(ListSubstitutionTest, NeedsDelimitersOnBothSides) {
  const std::vector<std::pair<std::string, std::vector<std::string>>> lists = {{"shells", {"sh"}}};
  EXPECT_EQ(Sub("x.shells = a", lists).text, "x.shells = a");
  EXPECT_EQ(Sub("x.y = shells_x", lists).text, "x.y = shells_x");
  EXPECT_EQ(Sub("x.y = myshells", lists).text, "x.y = myshells");
  EXPECT_EQ(Sub("x.y=shells", lists).text, "x.y= sh ");
}

TEST(ListSubstitutionTest, NameAtStartGetsNoLeadingSpace) {
  EXPECT_EQ(Sub("l and x", {{"l", {"a", "b"}}}).text, "a, b and x");
}

TEST(ListSubstitutionTest, ReplacesEveryOccurrence) {
  EXPECT_EQ(Sub("x in (l) or y in (l)", {{"l", {"a"}}}).text, "x in ( a ) or y in ( a )");
}

TEST(ListSubstitutionTest, WithoutParenthesesYieldsBareItems) {
  EXPECT_EQ(Sub("x.y in l", {{"l", {"a", "b"}}}).text, "x.y in a, b ");
}

TEST(ListSubstitutionTest, InsertedTextIsSearchedByLaterListsOnly) {
  // "b" inserted by list a is replaced by b, which comes later in definition order...
  EXPECT_EQ(Sub("x in (a)", {{"a", {"b"}}, {"b", {"z"}}}).text, "x in ( z )");
  // ...but not by a list that came earlier.
  EXPECT_EQ(Sub("x in (a)", {{"b", {"z"}}, {"a", {"b"}}}).text, "x in ( b )");
}

TEST(ListSubstitutionTest, ReportsUsedLists) {
  std::vector<bool> used(3, false);
  Sub("x in (a, c)", {{"a", {"1"}}, {"b", {"2"}}, {"c", {"3"}}}, &used);
  EXPECT_EQ(used, (std::vector<bool>{true, false, true}));
}

TEST(ListSubstitutionTest, MapsOffsetsBackToTheInput) {
  const std::string input = "proc.name in (shells) and fd.name = x";
  const SubstitutedText out = Sub(input, {{"shells", {"ash", "bash"}}});
  ASSERT_EQ(out.text, "proc.name in ( ash, bash ) and fd.name = x");
  EXPECT_EQ(out.OriginalOffset(0), 0u);
  EXPECT_EQ(out.OriginalOffset(13), 13u);  // "("
  // Inserted bytes point at the list name.
  EXPECT_EQ(out.OriginalOffset(out.text.find("bash")), input.find("shells"));
  // Bytes after the substitution keep their own origin.
  EXPECT_EQ(out.OriginalOffset(out.text.find("fd.name")), input.find("fd.name"));
  EXPECT_EQ(out.OriginalOffset(out.text.size()), input.size());
  EXPECT_EQ(out.OriginalOffset(out.text.size() + 10), input.size());
}

TEST(ListSubstitutionTest, ComposesOffsetsOverSuccessiveLists) {
  const std::string input = "a.b in (l1) and c.d in (l2)";
  const SubstitutedText out = Sub(input, {{"l1", {"x", "y"}}, {"l2", {"zzzz"}}});
  ASSERT_EQ(out.text, "a.b in ( x, y ) and c.d in ( zzzz )");
  EXPECT_EQ(out.OriginalOffset(out.text.find("zzzz")), input.find("l2"));
  EXPECT_EQ(out.OriginalOffset(out.text.find("c.d")), input.find("c.d"));
}

TEST(ListSubstitutionTest, QuoteIfSpace) {
  EXPECT_EQ(QuoteIfSpace("a"), "a");
  EXPECT_EQ(QuoteIfSpace("a b"), "\"a b\"");
  EXPECT_EQ(QuoteIfSpace("a\tb"), "a\tb");  // only a space triggers quoting
  EXPECT_EQ(QuoteIfSpace("'a b'"), "'a b'");
  EXPECT_EQ(QuoteIfSpace(""), "");
}

// Through the loader: all lists, defined before or after the condition, are substituted, and
// nested lists expand one level honouring visibility.
TEST(ListSubstitutionTest, LoaderSubstitutesListsDefinedAfterTheCondition) {
  auto loaded = LoadText(R"(
- macro: m
  condition: proc.name in (later)
- list: later
  items: [a, b]
)" + testing::Rule("r", "m and fd.name in (later)"));
  ASSERT_TRUE(loaded.errors().empty());
  EXPECT_EQ(loaded.rules.macros[0].substituted.text, "proc.name in ( a, b )");
  EXPECT_EQ(loaded.rules.rules[0].substituted.text, "m and fd.name in ( a, b )");
}

TEST(ListSubstitutionTest, NestedListsExpandOneLevelHonouringVisibility) {
  auto loaded = LoadText(R"(
- list: inner
  items: [i1, i2]
- list: outer
  items: [o1, inner, forward]
- list: outermost
  items: [outer]
- list: forward
  items: [f1]
)" + testing::Rule("r", "proc.name in (outermost)"));
  ASSERT_TRUE(loaded.errors().empty());
  const ListDef* outer = loaded.rules.FindList("outer");
  ASSERT_NE(outer, nullptr);
  // "forward" is defined after outer: it stays a literal item.
  EXPECT_EQ(outer->expanded_items, (std::vector<std::string>{"o1", "i1", "i2", "forward"}));
  // One level only: outermost takes outer's raw items.
  const ListDef* outermost = loaded.rules.FindList("outermost");
  EXPECT_EQ(outermost->expanded_items, (std::vector<std::string>{"o1", "inner", "forward"}));
  // In the condition, "inner" (earlier in definition order) is not searched again, "forward"
  // (later) is.
  EXPECT_EQ(loaded.rules.rules[0].substituted.text, "proc.name in ( o1, inner, f1 )");
}

TEST(ListSubstitutionTest, ListRedefinedLaterSeesListsDefinedBeforeTheRedefinition) {
  auto loaded = LoadText(R"(
- list: a
  items: [b]
- list: b
  items: [x]
- list: a
  items: [b, y]
)" + testing::Rule("r", "proc.name in (a)"));
  ASSERT_TRUE(loaded.errors().empty());
  // a keeps index 0 but its visibility (2) is after b's index (1).
  EXPECT_EQ(loaded.rules.FindList("a")->expanded_items, (std::vector<std::string>{"x", "y"}));
}

TEST(ListSubstitutionTest, UnusedListWarns) {
  auto loaded = LoadText(R"(
- list: used_in_rule
  items: [a]
- list: used_in_list
  items: [b]
- list: holder
  items: [used_in_list]
- list: used_in_macro
  items: [c]
- list: unused
  items: [d]
- macro: m
  condition: x.y in (used_in_macro)
)" + testing::Rule("r", "x.y in (used_in_rule, holder)"));
  ASSERT_TRUE(loaded.errors().empty());
  ASSERT_EQ(loaded.warnings().size(), 1u);
  EXPECT_EQ(loaded.warnings()[0].code, "LOAD_UNUSED_LIST");
  EXPECT_EQ(loaded.warnings()[0].item_name, "unused");
  EXPECT_EQ(loaded.warnings()[0].location.line, 10);
  EXPECT_FALSE(loaded.rules.FindList("unused")->used);
  EXPECT_TRUE(loaded.rules.FindList("used_in_list")->used);
}

TEST(ListSubstitutionTest, ListUsedOnlyByUnknownSourceRuleIsUnused) {
  auto loaded = LoadText(R"(
- list: l
  items: [a]
)" + testing::Rule("r", "x.y in (l)", "  source: k8s_audit\n"));
  EXPECT_EQ(loaded.warning_codes(),
            (std::vector<std::string>{"LOAD_UNKNOWN_SOURCE", "LOAD_UNUSED_LIST"}));
}

}  // namespace
}  // namespace peregrine::compiler
