// Tests of the token scanners of spec §2.1 and the whole-string helpers.
#include "compiler/parser/tokens.h"

#include "gtest/gtest.h"

namespace peregrine::compiler {
namespace {

TEST(TokensTest, Identifier) {
  EXPECT_EQ(MatchIdentifier("abc_1 x", 0), 5u);
  EXPECT_EQ(MatchIdentifier("a.b", 0), 1u);
  EXPECT_EQ(MatchIdentifier("_a", 0), 0u);
  EXPECT_EQ(MatchIdentifier("1a", 0), 0u);
  EXPECT_EQ(MatchIdentifier("x abc", 2), 3u);
  EXPECT_EQ(MatchIdentifier("abc", 3), 0u);
  EXPECT_TRUE(IsIdentifier("not_macro"));
  EXPECT_TRUE(IsIdentifier("A9"));
  EXPECT_FALSE(IsIdentifier(""));
  EXPECT_FALSE(IsIdentifier("a-b"));
  EXPECT_FALSE(IsIdentifier("a.b"));
}

TEST(TokensTest, FieldName) {
  EXPECT_EQ(MatchFieldName("proc.name=x", 0), 9u);
  EXPECT_EQ(MatchFieldName("k8s.ns.name", 0), 11u);
  EXPECT_EQ(MatchFieldName("fd.l4proto", 0), 10u);
  EXPECT_EQ(MatchFieldName("a.b.", 0), 3u);
  EXPECT_EQ(MatchFieldName("a.b.1", 0), 3u);
  EXPECT_EQ(MatchFieldName("a.1", 0), 0u);
  EXPECT_EQ(MatchFieldName("a", 0), 0u);
  EXPECT_EQ(MatchFieldName("a..b", 0), 0u);
  EXPECT_EQ(MatchFieldName("evt.arg[1]", 0), 7u);
  EXPECT_TRUE(IsFieldName("evt.type.is.open"));
  EXPECT_FALSE(IsFieldName("evt"));
  EXPECT_FALSE(IsFieldName("evt.arg[1]"));
}

TEST(TokensTest, FieldArgBare) {
  EXPECT_EQ(MatchFieldArgBare("/a(b)=c,d]", 0), 9u);
  EXPECT_EQ(MatchFieldArgBare("a b", 0), 1u);
  EXPECT_EQ(MatchFieldArgBare("a\fb", 0), 1u);
  EXPECT_EQ(MatchFieldArgBare("a'b", 0), 1u);
  EXPECT_EQ(MatchFieldArgBare("]", 0), 0u);
  EXPECT_EQ(MatchFieldArgBare("[", 0), 0u);
}

TEST(TokensTest, Numbers) {
  EXPECT_EQ(MatchHexNumber("0x1Fg", 0), 4u);
  EXPECT_EQ(MatchHexNumber("0X1f", 0), 4u);
  EXPECT_EQ(MatchHexNumber("0x", 0), 0u);
  EXPECT_EQ(MatchHexNumber("0xg", 0), 0u);
  EXPECT_EQ(MatchHexNumber("1x1", 0), 0u);
  EXPECT_EQ(MatchNumber("123", 0), 3u);
  EXPECT_EQ(MatchNumber("-1.5e+10x", 0), 8u);
  EXPECT_EQ(MatchNumber("+0.25e+10", 0), 9u);
  EXPECT_EQ(MatchNumber("1.", 0), 2u);
  EXPECT_EQ(MatchNumber("1e5", 0), 1u);
  EXPECT_EQ(MatchNumber("1e+", 0), 1u);
  EXPECT_EQ(MatchNumber("1.2.3", 0), 3u);
  EXPECT_EQ(MatchNumber(".5", 0), 0u);
  EXPECT_EQ(MatchNumber("-", 0), 0u);
  EXPECT_EQ(MatchNumber("0x1", 0), 1u);
}

TEST(TokensTest, BareString) {
  EXPECT_EQ(MatchBareString("0a!@#456:/\\.;!$%^&*[]{}| x", 0), 24u);
  EXPECT_EQ(MatchBareString("a=b", 0), 1u);
  EXPECT_EQ(MatchBareString("a,b", 0), 1u);
  EXPECT_EQ(MatchBareString("a(b", 0), 1u);
  EXPECT_EQ(MatchBareString("a)b", 0), 1u);
  EXPECT_EQ(MatchBareString("a\"b", 0), 1u);
  EXPECT_EQ(MatchBareString("a'b", 0), 1u);
  EXPECT_EQ(MatchBareString("a\vb", 0), 1u);
  EXPECT_EQ(MatchBareString("a\bb", 0), 3u);  // \b is not [[:space:]]
  EXPECT_TRUE(IsBareString("*.log"));
  EXPECT_FALSE(IsBareString("a b"));
  EXPECT_FALSE(IsBareString(""));
}

TEST(TokensTest, Blanks) {
  for (char c : {' ', '\t', '\b', '\r', '\n'}) EXPECT_TRUE(IsConditionBlank(c)) << int(c);
  for (char c : {'\f', '\v', 'a', '\0'}) EXPECT_FALSE(IsConditionBlank(c)) << int(c);
  for (char c : {' ', '\t', '\n', '\v', '\f', '\r'}) EXPECT_TRUE(IsPosixSpace(c)) << int(c);
  for (char c : {'\b', 'a', '\0'}) EXPECT_FALSE(IsPosixSpace(c)) << int(c);
}

}  // namespace
}  // namespace peregrine::compiler
