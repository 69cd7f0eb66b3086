// Tests of quoted-string handling (spec §2.4): closing-quote detection (quirk Q4) and each row of
// the escape table.
#include "compiler/parser/escaping.h"

#include <string>

#include "gtest/gtest.h"

namespace peregrine::compiler {
namespace {

TEST(EscapingTest, FindClosingQuote) {
  constexpr size_t npos = std::string_view::npos;
  EXPECT_EQ(FindClosingQuote(R"("abc")", 0), 4u);
  EXPECT_EQ(FindClosingQuote(R"("")", 0), 1u);
  EXPECT_EQ(FindClosingQuote(R"('')", 0), 1u);
  EXPECT_EQ(FindClosingQuote(R"(x "a" y)", 2), 4u);
  EXPECT_EQ(FindClosingQuote(R"("a\"b")", 0), 5u);
  EXPECT_EQ(FindClosingQuote(R"("it's")", 0), 5u);
  EXPECT_EQ(FindClosingQuote(R"('say "x"')", 0), 8u);
  // Q4: the quote after an escaped backslash still counts as escaped.
  EXPECT_EQ(FindClosingQuote(R"("C:\\")", 0), npos);
  EXPECT_EQ(FindClosingQuote(R"("C:\\" or "x")", 0), 10u);
  EXPECT_EQ(FindClosingQuote(R"("abc)", 0), npos);
  EXPECT_EQ(FindClosingQuote(std::string_view("\"a\0b\"", 5), 0), npos);  // NUL stops the scan
  EXPECT_EQ(FindClosingQuote("abc", 0), npos);
  EXPECT_EQ(FindClosingQuote("\"", 5), npos);
}

struct Row {
  std::string content;
  char quote;
  std::string value;
};

TEST(EscapingTest, EveryRowOfTheEscapeTable) {
  const Row rows[] = {
      {R"(\b)", '"', "\b"},
      {R"(\f)", '"', "\f"},
      {R"(\n)", '"', "\n"},
      {R"(\r)", '"', "\r"},
      {R"(\t)", '"', "\t"},
      {R"(\\)", '"', "\\"},
      {R"(\/)", '"', "/"},
      {R"(\")", '"', "\""},
      {R"(\')", '\'', "'"},
      {R"(\x41\x7a\x7A)", '"', "Azz"},
      {R"(\x00)", '\'', std::string(1, '\0')},
      {R"(\xff)", '"', "\xff"},
      {R"(a\ b)", '"', "a\\b"},  // legacy: backslash-space is a lone backslash
      {R"(plain ' text)", '"', "plain ' text"},
      {R"(plain " text)", '\'', "plain \" text"},
      {R"(\\x41)", '"', "\\x41"},
      {"", '"', ""},
  };
  for (const Row& row : rows) {
    SCOPED_TRACE(row.content);
    UnescapeResult r = UnescapeString(row.content, row.quote);
    ASSERT_TRUE(r.ok()) << r.error;
    EXPECT_EQ(r.value, row.value);
  }
}

struct ErrorRow {
  std::string content;
  char quote;
  std::string error;
  size_t offset;
};

TEST(EscapingTest, Errors) {
  const ErrorRow rows[] = {
      {R"(ab\q)", '"', R"(unsupported string escape sequence: \q)", 2},
      {R"(\a)", '"', R"(unsupported string escape sequence: \a)", 0},
      {R"(\0)", '"', R"(unsupported string escape sequence: \0)", 0},
      {R"(x\")", '\'', R"(invalid \" escape in '-quoted string)", 1},
      {R"(x\')", '"', R"(invalid \' escape in "-quoted string)", 1},
      {R"(\x4)", '"', R"(invalid \x escape: expected two hexadecimal digits)", 0},
      {R"(\x)", '"', R"(invalid \x escape: expected two hexadecimal digits)", 0},
      {R"(a\xg1)", '"', R"(invalid \x escape: expected two hexadecimal digits)", 1},
      {R"(a\)", '"', "unterminated string escape sequence", 1},
  };
  for (const ErrorRow& row : rows) {
    SCOPED_TRACE(row.content);
    UnescapeResult r = UnescapeString(row.content, row.quote);
    EXPECT_FALSE(r.ok());
    EXPECT_EQ(r.error, row.error);
    EXPECT_EQ(r.error_offset, row.offset);
  }
}

}  // namespace
}  // namespace peregrine::compiler
