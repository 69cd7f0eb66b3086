#include "base/json_writer.h"

#include "gtest/gtest.h"

namespace peregrine {
namespace {

TEST(JsonWriterTest, WritesNestedObjectsWithCommas) {
  JsonWriter w;
  w.BeginObject().Key("a").Int(-1).Key("b").BeginArray().String("x").Bool(true).Null().EndArray();
  w.Key("c").BeginObject().Key("d").Uint(7).EndObject().EndObject();
  EXPECT_EQ(w.str(), R"({"a":-1,"b":["x",true,null],"c":{"d":7}})");
}

TEST(JsonWriterTest, EscapesControlCharactersQuotesAndBackslashes) {
  std::string out;
  AppendJsonEscaped("a\"b\\c\nd\x01", &out);
  EXPECT_EQ(out, "a\\\"b\\\\c\\nd\\u0001");
}

TEST(JsonWriterTest, ReplacesInvalidUtf8AndKeepsValidSequences) {
  std::string out;
  AppendJsonEscaped("\xC3\xA9-\xFF-\xE2\x82", &out);
  EXPECT_EQ(out, "\xC3\xA9-\xEF\xBF\xBD-\xEF\xBF\xBD\xEF\xBF\xBD");
}

}  // namespace
}  // namespace peregrine
