// Tests of the AST nodes: casts, deep Clone, structural equality, operator tables, line/column.
#include "compiler/ast/ast.h"

#include <memory>
#include <vector>

#include "compiler/ast/printer.h"
#include "gtest/gtest.h"

namespace peregrine::compiler::ast {
namespace {

SourceRange R(uint32_t offset, uint32_t length) { return SourceRange{offset, length}; }

// (proc.name = bash and not (tolower(fd.name["x"]) in (a, "b c") or m))
std::unique_ptr<Expr> Sample() {
  auto check1 = std::make_unique<BinaryCheckExpr>(
      std::make_unique<FieldRef>("proc.name", std::nullopt, R(0, 9)), CheckOperator::kEq,
      OperatorModifier::kNone, std::make_unique<ConstValue>("bash", false, R(12, 4)), R(0, 16));
  std::vector<std::unique_ptr<Operand>> args;
  args.push_back(std::make_unique<FieldRef>("fd.name", std::string("x"), R(30, 12)));
  std::vector<ConstValue> values;
  values.emplace_back("a", false, R(50, 1));
  values.emplace_back("b c", true, R(53, 5));
  auto check2 = std::make_unique<BinaryCheckExpr>(
      std::make_unique<TransformerCall>(TransformerKind::kToLower, std::move(args), std::nullopt,
                                        R(22, 21)),
      CheckOperator::kIn, OperatorModifier::kNone,
      std::make_unique<ListLiteral>(std::move(values), R(47, 12)), R(22, 37));
  std::vector<std::unique_ptr<Expr>> or_children;
  or_children.push_back(std::move(check2));
  or_children.push_back(std::make_unique<IdentifierExpr>("m", R(63, 1)));
  auto disj = std::make_unique<LogicalExpr>(ExprKind::kOr, std::move(or_children), R(22, 42));
  std::vector<std::unique_ptr<Expr>> and_children;
  and_children.push_back(std::move(check1));
  and_children.push_back(std::make_unique<NotExpr>(std::move(disj), R(21, 44)));
  return std::make_unique<LogicalExpr>(ExprKind::kAnd, std::move(and_children), R(0, 65));
}

TEST(AstTest, CastsFollowTheKind) {
  std::unique_ptr<Expr> e = Sample();
  EXPECT_TRUE(Is<LogicalExpr>(*e));
  EXPECT_FALSE(Is<NotExpr>(*e));
  EXPECT_EQ(DynCast<NotExpr>(e.get()), nullptr);
  auto& conj = Cast<LogicalExpr>(*e);
  EXPECT_TRUE(conj.is_and());
  ASSERT_NE(DynCast<BinaryCheckExpr>(conj.children[0].get()), nullptr);
  const auto& check = Cast<BinaryCheckExpr>(*conj.children[0]);
  EXPECT_TRUE(Is<FieldRef>(*check.left));
  EXPECT_FALSE(Is<ConstValue>(*check.left));
  EXPECT_EQ(DynCast<TransformerCall>(check.left.get()), nullptr);
  const Expr* null_expr = nullptr;
  EXPECT_EQ(DynCast<NotExpr>(null_expr), nullptr);
}

TEST(AstTest, CloneIsDeepAndKeepsRanges) {
  std::unique_ptr<Expr> original = Sample();
  std::unique_ptr<Expr> copy = Clone(*original);
  EXPECT_TRUE(StructurallyEqual(*original, *copy));
  EXPECT_EQ(PrintExpr(*original), PrintExpr(*copy));
  EXPECT_EQ(copy->range, original->range);
  auto& copy_not = Cast<NotExpr>(*Cast<LogicalExpr>(*copy).children[1]);
  auto& orig_not = Cast<NotExpr>(*Cast<LogicalExpr>(*original).children[1]);
  EXPECT_NE(copy_not.child.get(), orig_not.child.get());
  EXPECT_EQ(copy_not.child->range, orig_not.child->range);

  // Mutating the copy leaves the original alone.
  auto& copy_or = Cast<LogicalExpr>(*copy_not.child);
  Cast<IdentifierExpr>(*copy_or.children[1]).name = "other";
  auto& in = Cast<BinaryCheckExpr>(*copy_or.children[0]);
  Cast<ListLiteral>(*in.right).values[0].text = "z";
  Cast<FieldRef>(*Cast<TransformerCall>(*in.left).args[0]).arg = std::nullopt;
  EXPECT_FALSE(StructurallyEqual(*original, *copy));
  EXPECT_EQ(PrintExpr(*original),
            "(proc.name = bash and not (tolower(fd.name[x]) in (a, \"b c\") or m))");
  EXPECT_EQ(PrintExpr(*copy),
            "(proc.name = bash and not (tolower(fd.name) in (z, \"b c\") or other))");
}

TEST(AstTest, CloneOperands) {
  ValRef val(FieldRef("proc.pname", std::string(""), R(4, 14)), std::string("x"), R(0, 22));
  std::unique_ptr<Operand> copy = Clone(val);
  EXPECT_TRUE(StructurallyEqual(val, *copy));
  EXPECT_EQ(PrintOperand(*copy), "val(proc.pname[\"\"])[x]");
  EXPECT_EQ(copy->range, val.range);

  std::vector<std::unique_ptr<Operand>> items;
  items.push_back(std::make_unique<FieldRef>("a.b", std::nullopt, R(0, 3)));
  items.push_back(std::make_unique<ConstValue>("3", false, R(0, 1)));
  std::vector<std::unique_ptr<Operand>> args;
  args.push_back(std::make_unique<ConstValue>(",", true, R(0, 3)));
  args.push_back(std::make_unique<TransformerList>(std::move(items), R(0, 8)));
  TransformerCall join(TransformerKind::kJoin, std::move(args), std::nullopt, R(0, 20));
  std::unique_ptr<Operand> join_copy = Clone(join);
  EXPECT_TRUE(StructurallyEqual(join, *join_copy));
  EXPECT_EQ(PrintOperand(*join_copy), "join(\",\", (a.b, 3))");

  IdentifierRef id("my_list", R(1, 7));
  EXPECT_EQ(PrintOperand(*Clone(id)), "my_list");
}

TEST(AstTest, StructuralEquality) {
  // Ranges and quoting of plain values do not matter...
  ConstValue a("x", false, R(0, 1));
  ConstValue b("x", true, R(5, 3));
  EXPECT_TRUE(StructurallyEqual(a, b));
  EXPECT_FALSE(StructurallyEqual(a, ConstValue("y", false, R(0, 1))));
  // ...but a quoted string and a number differ as transformer arguments.
  auto call = [](bool quoted) {
    std::vector<std::unique_ptr<Operand>> args;
    args.push_back(std::make_unique<ConstValue>("1", quoted, R(0, 1)));
    return TransformerCall(TransformerKind::kToLower, std::move(args), std::nullopt, R(0, 1));
  };
  EXPECT_FALSE(StructurallyEqual(call(true), call(false)));
  EXPECT_TRUE(StructurallyEqual(call(true), call(true)));
  // Field arguments: none vs empty.
  EXPECT_FALSE(StructurallyEqual(FieldRef("a.b", std::nullopt, R(0, 3)),
                                 FieldRef("a.b", std::string(), R(0, 3))));
  // Operator and modifier are compared.
  auto check = [](CheckOperator op, OperatorModifier m) {
    return BinaryCheckExpr(std::make_unique<FieldRef>("a.b", std::nullopt, R(0, 3)), op, m,
                           std::make_unique<IdentifierRef>("l", R(0, 1)), R(0, 5));
  };
  EXPECT_TRUE(StructurallyEqual(check(CheckOperator::kEq, OperatorModifier::kOneOf),
                                check(CheckOperator::kEq, OperatorModifier::kOneOf)));
  EXPECT_FALSE(StructurallyEqual(check(CheckOperator::kEq, OperatorModifier::kOneOf),
                                 check(CheckOperator::kEq, OperatorModifier::kAnyOf)));
  EXPECT_FALSE(StructurallyEqual(check(CheckOperator::kEq, OperatorModifier::kNone),
                                 check(CheckOperator::kEqEq, OperatorModifier::kNone)));
}

TEST(AstTest, OperatorTables) {
  ASSERT_EQ(AllCheckOperators().size(), 20u);
  for (CheckOperator op : AllCheckOperators()) {
    EXPECT_EQ(CheckOperatorFromName(CheckOperatorName(op)), op);
  }
  EXPECT_EQ(CheckOperatorFromName("ExIsTs"), std::nullopt);
  EXPECT_EQ(ClassOfOperator(CheckOperator::kExists), OperatorClass::kUnary);
  EXPECT_EQ(ClassOfOperator(CheckOperator::kLe), OperatorClass::kNumeric);
  EXPECT_EQ(ClassOfOperator(CheckOperator::kRegex), OperatorClass::kString);
  EXPECT_EQ(ClassOfOperator(CheckOperator::kPmatch), OperatorClass::kList);
  EXPECT_EQ(OperatorModifierFromName("oneof"), OperatorModifier::kOneOf);
  EXPECT_EQ(OperatorModifierFromName("allof"), OperatorModifier::kAllOf);
  EXPECT_EQ(OperatorModifierFromName("ONEOF"), std::nullopt);
  EXPECT_EQ(OperatorModifierName(OperatorModifier::kNone), "");
  ASSERT_EQ(CallableTransformers().size(), 8u);
  for (TransformerKind t : CallableTransformers()) {
    EXPECT_NE(t, TransformerKind::kVal);
    EXPECT_EQ(TransformerFromName(TransformerName(t)), t);
  }
  EXPECT_EQ(TransformerFromName("val"), TransformerKind::kVal);
  EXPECT_EQ(TransformerFromName("lower"), std::nullopt);
}

TEST(AstTest, LineColumnAt) {
  const std::string text = "ab\ncd\n\nef";
  EXPECT_EQ(LineColumnAt(text, 0), (LineColumn{1, 1}));
  EXPECT_EQ(LineColumnAt(text, 1), (LineColumn{1, 2}));
  EXPECT_EQ(LineColumnAt(text, 2), (LineColumn{1, 3}));
  EXPECT_EQ(LineColumnAt(text, 3), (LineColumn{2, 1}));
  EXPECT_EQ(LineColumnAt(text, 6), (LineColumn{3, 1}));
  EXPECT_EQ(LineColumnAt(text, 8), (LineColumn{4, 2}));
  EXPECT_EQ(LineColumnAt(text, 999), (LineColumn{4, 3}));
  EXPECT_EQ(SourceRange::Cover(R(5, 2), R(1, 3)), R(1, 6));
  EXPECT_EQ(SourceRange::FromBounds(4, 9), R(4, 5));
  EXPECT_EQ(R(4, 5).end(), 9u);
}

}  // namespace
}  // namespace peregrine::compiler::ast
