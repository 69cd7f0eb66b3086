// The §4.2 operator/type matrix and its error texts.
#include "runtime/catalog/operators.h"

#include <string>

#include "gtest/gtest.h"

namespace peregrine::catalog {
namespace {

std::string Check(FieldType type, Op op, Modifier mod = Modifier::kNone, bool is_list = false) {
  absl::Status s = CheckOperator(type, op, mod, is_list);
  return s.ok() ? "ok" : std::string(s.message());
}

TEST(OperatorsTest, SpellingsRoundTrip) {
  for (std::string_view text :
       {"=",        "==",        "!=",        "<",          "<=",          ">",        ">=",
        "contains", "icontains", "bcontains", "startswith", "bstartswith", "endswith", "glob",
        "iglob",    "regex",     "pmatch",    "in",         "intersects",  "exists"}) {
    auto op = ParseOp(absl::string_view(text.data(), text.size()));
    ASSERT_TRUE(op.has_value()) << text;
    EXPECT_EQ(OpName(*op), text);
  }
  EXPECT_FALSE(ParseOp("like").has_value());
  EXPECT_EQ(ParseModifier("anyof"), Modifier::kAnyOf);
  EXPECT_FALSE(ParseModifier("someof").has_value());
}

TEST(OperatorsTest, NumericAcceptsComparisonsAndIn) {
  for (Op op : {Op::kEq, Op::kEqEq, Op::kNe, Op::kLt, Op::kLe, Op::kGt, Op::kGe, Op::kIn,
                Op::kIntersects, Op::kExists}) {
    EXPECT_EQ(Check(FieldType::kInt64, op), "ok") << OpName(op);
    EXPECT_EQ(Check(FieldType::kPort, op), "ok") << OpName(op);
    EXPECT_EQ(Check(FieldType::kRelTime, op), "ok") << OpName(op);
  }
}

TEST(OperatorsTest, NumericRejectsStringOperators) {
  EXPECT_EQ(Check(FieldType::kInt64, Op::kContains),
            "'contains' operator not supported for numeric filters");
  EXPECT_EQ(Check(FieldType::kUint32, Op::kStartsWith),
            "'startswith' operator not supported for numeric filters");
  EXPECT_EQ(Check(FieldType::kUint64, Op::kPmatch),
            "'pmatch' operator not supported for numeric filters");
  EXPECT_EQ(Check(FieldType::kBool, Op::kLt), "'<' operator not supported for numeric filters");
}

TEST(OperatorsTest, Strings) {
  for (Op op :
       {Op::kEq, Op::kNe, Op::kLt, Op::kContains, Op::kIContains, Op::kStartsWith, Op::kEndsWith,
        Op::kGlob, Op::kIGlob, Op::kRegex, Op::kPmatch, Op::kIn, Op::kIntersects, Op::kExists}) {
    EXPECT_EQ(Check(FieldType::kCharBuf, op), "ok") << OpName(op);
    EXPECT_EQ(Check(FieldType::kFsPath, op), "ok") << OpName(op);
  }
  EXPECT_EQ(Check(FieldType::kCharBuf, Op::kBContains),
            "'bcontains' operator not supported for string filters");
}

TEST(OperatorsTest, Buffers) {
  EXPECT_EQ(Check(FieldType::kByteBuf, Op::kBContains), "ok");
  EXPECT_EQ(Check(FieldType::kByteBuf, Op::kBStartsWith), "ok");
  EXPECT_EQ(Check(FieldType::kByteBuf, Op::kContains), "ok");
  EXPECT_EQ(Check(FieldType::kByteBuf, Op::kGlob),
            "'glob' operator not supported for buffer filters");
  EXPECT_EQ(Check(FieldType::kByteBuf, Op::kLt), "'<' operator not supported for buffer filters");
}

TEST(OperatorsTest, IpTypes) {
  EXPECT_EQ(Check(FieldType::kIpNet, Op::kIn), "ok");
  EXPECT_EQ(Check(FieldType::kIpAddr, Op::kNe), "ok");
  EXPECT_EQ(Check(FieldType::kIpAddr, Op::kIntersects), "ok");  // passes; fails at run time
  EXPECT_EQ(Check(FieldType::kIpAddr, Op::kStartsWith),
            "'startswith' operator not supported for ip address and network filters");
  EXPECT_EQ(Check(FieldType::kIpNet, Op::kGt),
            "'>' operator not supported for ip address and network filters");
}

TEST(OperatorsTest, OtherTypesOnlyExist) {
  EXPECT_EQ(Check(FieldType::kUid, Op::kEq), "'=' operator not supported for type 'UID'");
  EXPECT_EQ(Check(FieldType::kGid, Op::kIn), "'in' operator not supported for type 'GID'");
  EXPECT_EQ(Check(FieldType::kUid, Op::kExists), "ok");
  EXPECT_EQ(Check(FieldType::kSockTuple, Op::kExists), "ok");
}

TEST(OperatorsTest, ListFields) {
  EXPECT_EQ(Check(FieldType::kCharBuf, Op::kIn, Modifier::kNone, true), "ok");
  EXPECT_EQ(Check(FieldType::kCharBuf, Op::kIntersects, Modifier::kNone, true), "ok");
  EXPECT_EQ(Check(FieldType::kCharBuf, Op::kExists, Modifier::kNone, true), "ok");
  EXPECT_EQ(Check(FieldType::kCharBuf, Op::kEq, Modifier::kNone, true),
            "'=' operator not supported list filters");
  EXPECT_EQ(Check(FieldType::kInt64, Op::kIn, Modifier::kNone, true),
            "list filters are not supported for type 'INT64'");
}

TEST(OperatorsTest, Modifiers) {
  EXPECT_EQ(Check(FieldType::kCharBuf, Op::kEqEq, Modifier::kOneOf), "ok");
  EXPECT_EQ(Check(FieldType::kCharBuf, Op::kContains, Modifier::kAllOf), "ok");
  EXPECT_EQ(Check(FieldType::kCharBuf, Op::kRegex, Modifier::kAnyOf), "ok");
  EXPECT_EQ(Check(FieldType::kIpAddr, Op::kEq, Modifier::kAnyOf), "ok");
  EXPECT_NE(Check(FieldType::kCharBuf, Op::kIn, Modifier::kOneOf), "ok");
  EXPECT_NE(Check(FieldType::kInt64, Op::kGt, Modifier::kOneOf), "ok");
  EXPECT_NE(Check(FieldType::kCharBuf, Op::kExists, Modifier::kOneOf), "ok");
  // The base operator must itself be allowed.
  EXPECT_EQ(Check(FieldType::kInt64, Op::kContains, Modifier::kAnyOf),
            "'contains' operator not supported for numeric filters");
  EXPECT_TRUE(OpAcceptsModifier(Op::kStartsWith));
  EXPECT_FALSE(OpAcceptsModifier(Op::kPmatch));
}

}  // namespace
}  // namespace peregrine::catalog
