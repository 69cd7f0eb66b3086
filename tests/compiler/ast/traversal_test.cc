// Tests of WalkExprs / WalkOperands / ForEachChildSlot.
#include "compiler/ast/traversal.h"

#include <string>
#include <vector>

#include "compiler/ast/printer.h"
#include "gtest/gtest.h"

namespace peregrine::compiler::ast {
namespace {

// (a or not b.c = val(d.e)) and m
std::unique_ptr<Expr> Sample() {
  std::vector<std::unique_ptr<Expr>> alts;
  alts.push_back(std::make_unique<IdentifierExpr>("a", SourceRange{}));
  alts.push_back(std::make_unique<NotExpr>(
      std::make_unique<BinaryCheckExpr>(
          std::make_unique<FieldRef>("b.c", std::nullopt, SourceRange{}), CheckOperator::kEq,
          OperatorModifier::kNone,
          std::make_unique<ValRef>(FieldRef("d.e", std::nullopt, SourceRange{}), std::nullopt,
                                   SourceRange{}),
          SourceRange{}),
      SourceRange{}));
  std::vector<std::unique_ptr<Expr>> children;
  children.push_back(std::make_unique<LogicalExpr>(ExprKind::kOr, std::move(alts), SourceRange{}));
  children.push_back(std::make_unique<IdentifierExpr>("m", SourceRange{}));
  return std::make_unique<LogicalExpr>(ExprKind::kAnd, std::move(children), SourceRange{});
}

TEST(TraversalTest, WalkExprsIsPreOrderAndCanPrune) {
  std::unique_ptr<Expr> root = Sample();
  std::vector<ExprKind> kinds;
  WalkExprs(*root, [&](const Expr& e) {
    kinds.push_back(e.kind);
    return true;
  });
  EXPECT_EQ(kinds,
            (std::vector<ExprKind>{ExprKind::kAnd, ExprKind::kOr, ExprKind::kIdentifier,
                                   ExprKind::kNot, ExprKind::kBinaryCheck, ExprKind::kIdentifier}));
  EXPECT_EQ(CountExprs(*root), 6u);

  kinds.clear();
  WalkExprs(*root, [&](const Expr& e) {
    kinds.push_back(e.kind);
    return e.kind != ExprKind::kOr;
  });
  EXPECT_EQ(kinds, (std::vector<ExprKind>{ExprKind::kAnd, ExprKind::kOr, ExprKind::kIdentifier}));
}

TEST(TraversalTest, WalkOperandsReachesNestedOperands) {
  std::unique_ptr<Expr> root = Sample();
  std::vector<std::string> seen;
  WalkOperands(*root, [&](const Operand& o) { seen.push_back(PrintOperand(o)); });
  EXPECT_EQ(seen, (std::vector<std::string>{"b.c", "val(d.e)", "d.e"}));
}

TEST(TraversalTest, ForEachChildSlotReplacesMacroReferences) {
  std::unique_ptr<Expr> root = Sample();
  const IdentifierExpr body("expanded", SourceRange{});
  // A minimal macro expansion: replace every identifier "m" or "a" by a clone of `body`.
  std::function<void(std::unique_ptr<Expr>&)> expand = [&](std::unique_ptr<Expr>& slot) {
    if (const auto* id = DynCast<IdentifierExpr>(slot.get()); id != nullptr) {
      slot = Clone(body);
      return;
    }
    ForEachChildSlot(*slot, expand);
  };
  expand(root);
  EXPECT_EQ(PrintExpr(*root), "((expanded or not b.c = val(d.e)) and expanded)");
}

}  // namespace
}  // namespace peregrine::compiler::ast
