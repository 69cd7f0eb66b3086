// Traversal helpers over condition ASTs.
#include "compiler/ast/traversal.h"

#include "base/status_macros.h"

namespace peregrine::compiler::ast {

void WalkExprs(const Expr& root, absl::FunctionRef<bool(const Expr&)> fn) {
  if (!fn(root)) return;
  switch (root.kind) {
    case ExprKind::kAnd:
    case ExprKind::kOr:
      for (const auto& c : Cast<LogicalExpr>(root).children) WalkExprs(*c, fn);
      return;
    case ExprKind::kNot:
      WalkExprs(*Cast<NotExpr>(root).child, fn);
      return;
    case ExprKind::kBinaryCheck:
    case ExprKind::kUnaryCheck:
    case ExprKind::kIdentifier:
      return;
  }
  PEREGRINE_UNREACHABLE("invalid ExprKind");
}

void WalkOperands(const Operand& root, absl::FunctionRef<void(const Operand&)> fn) {
  fn(root);
  switch (root.kind) {
    case OperandKind::kTransformer:
      for (const auto& a : Cast<TransformerCall>(root).args) WalkOperands(*a, fn);
      return;
    case OperandKind::kVal:
      WalkOperands(Cast<ValRef>(root).field, fn);
      return;
    case OperandKind::kList:
      for (const auto& v : Cast<ListLiteral>(root).values) WalkOperands(v, fn);
      return;
    case OperandKind::kTransformerList:
      for (const auto& i : Cast<TransformerList>(root).items) WalkOperands(*i, fn);
      return;
    case OperandKind::kField:
    case OperandKind::kValue:
    case OperandKind::kIdentifier:
      return;
  }
  PEREGRINE_UNREACHABLE("invalid OperandKind");
}

void WalkOperands(const Expr& root, absl::FunctionRef<void(const Operand&)> fn) {
  WalkExprs(root, [&](const Expr& e) {
    if (const auto* b = DynCast<BinaryCheckExpr>(&e)) {
      WalkOperands(*b->left, fn);
      WalkOperands(*b->right, fn);
    } else if (const auto* u = DynCast<UnaryCheckExpr>(&e)) {
      WalkOperands(*u->left, fn);
    }
    return true;
  });
}

void ForEachChildSlot(Expr& expr, absl::FunctionRef<void(std::unique_ptr<Expr>&)> fn) {
  switch (expr.kind) {
    case ExprKind::kAnd:
    case ExprKind::kOr:
      for (auto& c : Cast<LogicalExpr>(expr).children) fn(c);
      return;
    case ExprKind::kNot:
      fn(Cast<NotExpr>(expr).child);
      return;
    case ExprKind::kBinaryCheck:
    case ExprKind::kUnaryCheck:
    case ExprKind::kIdentifier:
      return;
  }
  PEREGRINE_UNREACHABLE("invalid ExprKind");
}

size_t CountExprs(const Expr& root) {
  size_t n = 0;
  WalkExprs(root, [&n](const Expr&) {
    ++n;
    return true;
  });
  return n;
}

}  // namespace peregrine::compiler::ast
