// Mapping offsets of condition/output values back to file:line:col, for every scalar style.
#include <gtest/gtest.h>

#include "compiler/loader/internal/scalar_scanner.h"
#include "loader_test_util.h"

namespace peregrine::compiler {
namespace {

using testing::LoadText;

// Finds the line/column of the `nth` occurrence of `needle` in `source` (1-based).
SourceLocation Where(const std::string& source, const std::string& needle, int nth = 1) {
  size_t pos = std::string::npos;
  for (int i = 0; i < nth; ++i) pos = source.find(needle, pos == std::string::npos ? 0 : pos + 1);
  int line = 1;
  size_t line_start = 0;
  for (size_t i = 0; i < pos; ++i) {
    if (source[i] == '\n') {
      ++line;
      line_start = i + 1;
    }
  }
  return SourceLocation{"rules.yaml", line, static_cast<int>(pos - line_start) + 1};
}

// Every word of the condition value maps back to where it is written in the file.
void ExpectWordsMapped(const std::string& yaml, const std::vector<std::string>& words) {
  auto loaded = LoadText(yaml);
  ASSERT_TRUE(loaded.errors().empty()) << loaded.errors()[0].message;
  ASSERT_EQ(loaded.rules.macros.size(), 1u);
  const MacroDef& macro = loaded.rules.macros[0];
  for (const std::string& word : words) {
    const size_t offset = macro.substituted.text.find(word);
    ASSERT_NE(offset, std::string::npos) << word;
    const SourceLocation got = macro.LocateInSubstituted(offset);
    const SourceLocation want = Where(yaml, word);
    EXPECT_EQ(got.file, "rules.yaml");
    EXPECT_EQ(got.line, want.line) << word << " in " << macro.substituted.text;
    EXPECT_EQ(got.column, want.column) << word << " in " << macro.substituted.text;
  }
}

TEST(PositionsTest, PlainSingleLine) {
  ExpectWordsMapped("- macro: m\n  condition: aa.x = 1 and bb.y = 2\n", {"aa.x", "bb.y", "2"});
}

TEST(PositionsTest, PlainMultiLineFolds) {
  ExpectWordsMapped("- macro: m\n  condition: aa.x = 1\n    and bb.y = 2\n\n      or cc.z = 3\n",
                    {"aa.x", "and", "bb.y", "or", "cc.z", "3"});
}

TEST(PositionsTest, FoldedBlock) {
  const std::string yaml =
      "- macro: m\n  condition: >\n    aa.x = 1\n    and bb.y in (x, y)\n\n"
      "      and more.indented = 1\n    and cc.z = 3\n";
  ExpectWordsMapped(yaml, {"aa.x", "bb.y", "more.indented", "cc.z", "3"});
  auto loaded = LoadText(yaml);
  EXPECT_EQ(loaded.rules.macros[0].condition,
            "aa.x = 1 and bb.y in (x, y)\n\n  and more.indented = 1\nand cc.z = 3\n");
}

TEST(PositionsTest, LiteralBlockWithChompingAndIndentIndicator) {
  ExpectWordsMapped("- macro: m\n  condition: |-\n    aa.x = 1\n\n    and   bb.y = 2\n",
                    {"aa.x", "and", "bb.y"});
  ExpectWordsMapped("- macro: m\n  condition: |2+\n      aa.x = 1\n    and bb.y = 2\n\n",
                    {"aa.x", "and", "bb.y"});
}

TEST(PositionsTest, SingleQuoted) {
  const std::string yaml = "- macro: m\n  condition: 'aa.x = ''q'' and\n    bb.y = 2'\n";
  ExpectWordsMapped(yaml, {"aa.x", "q", "bb.y"});
  const auto loaded = LoadText(yaml);
  const MacroDef& macro = loaded.rules.macros[0];
  EXPECT_EQ(macro.condition, "aa.x = 'q' and bb.y = 2");
  // An escaped quote maps to the first quote of its pair.
  EXPECT_EQ(macro.LocateInSubstituted(7).column, 22);
}

TEST(PositionsTest, DoubleQuotedWithEscapes) {
  ExpectWordsMapped(
      "- macro: m\n  condition: \"aa.x = \\\"q\\\" and\\tbb.y = \\x41 and \\\n    cc.z = 3\"\n",
      {"aa.x", "bb.y", "cc.z"});
  auto loaded = LoadText(
      "- macro: m\n  condition: \"aa.x = \\\"q\\\" and\\tbb.y = \\x41 and \\\n    cc.z = 3\"\n");
  const MacroDef& macro = loaded.rules.macros[0];
  EXPECT_EQ(macro.condition, "aa.x = \"q\" and\tbb.y = A and cc.z = 3");
  // Escapes map to their backslash.
  const SourceLocation quote = macro.LocateInSubstituted(macro.condition.find('"'));
  EXPECT_EQ(quote.column, 22);
  const SourceLocation a = macro.LocateInSubstituted(macro.condition.find('A'));
  EXPECT_EQ(a.line, 2);
  EXPECT_EQ(a.column, 40);
}

TEST(PositionsTest, ThroughListSubstitution) {
  const std::string yaml =
      "- list: shells\n  items: [sh, bash]\n- macro: m\n  condition: >\n    proc.name in "
      "(shells)\n    and bad.field = 1\n";
  auto loaded = LoadText(yaml);
  ASSERT_TRUE(loaded.errors().empty());
  const MacroDef& macro = loaded.rules.macros[0];
  ASSERT_EQ(macro.substituted.text, "proc.name in ( sh, bash ) and bad.field = 1\n");
  // A parse error at "bash" is reported at the list name...
  const SourceLocation in_list = macro.LocateInSubstituted(macro.substituted.text.find("bash"));
  EXPECT_EQ(in_list.line, 5);
  EXPECT_EQ(in_list.column, 19);
  // ...and one after the list at its own place.
  const SourceLocation after = macro.LocateInSubstituted(macro.substituted.text.find("bad"));
  EXPECT_EQ(after.line, 6);
  EXPECT_EQ(after.column, 9);
}

TEST(PositionsTest, RuleConditionAndOutputLocations) {
  const std::string yaml =
      "- rule: r\n  desc: d\n  condition: >\n    evt.type = open\n    and fd.name = x\n"
      "  output: Opened | file=%fd.name\n    user=%user.name\n  priority: INFO\n";
  auto loaded = LoadText(yaml);
  ASSERT_TRUE(loaded.errors().empty());
  const RuleDef& rule = loaded.rules.rules[0];
  EXPECT_EQ(rule.condition_location.line, 3);
  EXPECT_EQ(rule.condition_location.column, 14);
  EXPECT_EQ(rule.output, "Opened | file=%fd.name user=%user.name");
  const SourceLocation user = rule.LocateInOutput(rule.output.find("%user"));
  EXPECT_EQ(user.line, 7);
  EXPECT_EQ(user.column, 10);
  const SourceLocation fd = rule.LocateInSubstituted(rule.substituted.text.find("fd.name"));
  EXPECT_EQ(fd.line, 5);
  EXPECT_EQ(fd.column, 9);
}

TEST(PositionsTest, UnreproducibleScalarFallsBackToItsStart) {
  const std::string source = "x: abc\n";
  // A value that is not what the file says: every offset maps to the scalar's start.
  ScalarPositions positions =
      loader_internal::BuildScalarPositions("f.yaml", source, 3, 1, "something else");
  EXPECT_FALSE(positions.exact());
  EXPECT_EQ(positions.Locate(5).line, 1);
  EXPECT_EQ(positions.Locate(5).column, 4);
  ScalarPositions exact = loader_internal::BuildScalarPositions("f.yaml", source, 3, 1, "abc");
  EXPECT_TRUE(exact.exact());
  EXPECT_EQ(exact.Locate(2).column, 6);
  EXPECT_EQ(exact.Locate(3).column, 7);  // just past the end
}

TEST(PositionsTest, CrLfLineEnds) {
  ExpectWordsMapped("- macro: m\r\n  condition: >\r\n    aa.x = 1\r\n    and bb.y = 2\r\n",
                    {"aa.x", "bb.y"});
}

}  // namespace
}  // namespace peregrine::compiler
