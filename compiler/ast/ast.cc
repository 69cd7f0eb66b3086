// Deep copy and structural equality of condition ASTs.
#include "compiler/ast/ast.h"

#include "base/status_macros.h"

namespace peregrine::compiler::ast {
namespace {

std::vector<std::unique_ptr<Operand>> CloneOperands(
    const std::vector<std::unique_ptr<Operand>>& operands) {
  std::vector<std::unique_ptr<Operand>> out;
  out.reserve(operands.size());
  for (const auto& o : operands) out.push_back(Clone(*o));
  return out;
}

bool OperandsEqual(const Operand& a, const Operand& b, bool in_transformer_args);

bool OperandListsEqual(const std::vector<std::unique_ptr<Operand>>& a,
                       const std::vector<std::unique_ptr<Operand>>& b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (!OperandsEqual(*a[i], *b[i], /*in_transformer_args=*/true)) return false;
  }
  return true;
}

bool OperandsEqual(const Operand& a, const Operand& b, bool in_transformer_args) {
  if (a.kind != b.kind) return false;
  switch (a.kind) {
    case OperandKind::kField: {
      const auto& x = Cast<FieldRef>(a);
      const auto& y = Cast<FieldRef>(b);
      return x.name == y.name && x.arg == y.arg;
    }
    case OperandKind::kTransformer: {
      const auto& x = Cast<TransformerCall>(a);
      const auto& y = Cast<TransformerCall>(b);
      return x.transformer == y.transformer && x.arg == y.arg && OperandListsEqual(x.args, y.args);
    }
    case OperandKind::kVal: {
      const auto& x = Cast<ValRef>(a);
      const auto& y = Cast<ValRef>(b);
      return x.arg == y.arg && OperandsEqual(x.field, y.field, in_transformer_args);
    }
    case OperandKind::kValue: {
      const auto& x = Cast<ConstValue>(a);
      const auto& y = Cast<ConstValue>(b);
      return x.text == y.text && (!in_transformer_args || x.quoted == y.quoted);
    }
    case OperandKind::kList: {
      const auto& x = Cast<ListLiteral>(a);
      const auto& y = Cast<ListLiteral>(b);
      if (x.values.size() != y.values.size()) return false;
      for (size_t i = 0; i < x.values.size(); ++i) {
        if (x.values[i].text != y.values[i].text) return false;
      }
      return true;
    }
    case OperandKind::kTransformerList:
      return OperandListsEqual(Cast<TransformerList>(a).items, Cast<TransformerList>(b).items);
    case OperandKind::kIdentifier:
      return Cast<IdentifierRef>(a).name == Cast<IdentifierRef>(b).name;
  }
  PEREGRINE_UNREACHABLE("invalid OperandKind");
}

}  // namespace

std::unique_ptr<Operand> Clone(const Operand& operand) {
  switch (operand.kind) {
    case OperandKind::kField:
      return std::make_unique<FieldRef>(Cast<FieldRef>(operand));
    case OperandKind::kTransformer: {
      const auto& t = Cast<TransformerCall>(operand);
      return std::make_unique<TransformerCall>(t.transformer, CloneOperands(t.args), t.arg,
                                               t.range);
    }
    case OperandKind::kVal:
      return std::make_unique<ValRef>(Cast<ValRef>(operand));
    case OperandKind::kValue:
      return std::make_unique<ConstValue>(Cast<ConstValue>(operand));
    case OperandKind::kList:
      return std::make_unique<ListLiteral>(Cast<ListLiteral>(operand));
    case OperandKind::kTransformerList: {
      const auto& l = Cast<TransformerList>(operand);
      return std::make_unique<TransformerList>(CloneOperands(l.items), l.range);
    }
    case OperandKind::kIdentifier:
      return std::make_unique<IdentifierRef>(Cast<IdentifierRef>(operand));
  }
  PEREGRINE_UNREACHABLE("invalid OperandKind");
}

std::unique_ptr<Expr> Clone(const Expr& expr) {
  switch (expr.kind) {
    case ExprKind::kAnd:
    case ExprKind::kOr: {
      const auto& l = Cast<LogicalExpr>(expr);
      std::vector<std::unique_ptr<Expr>> children;
      children.reserve(l.children.size());
      for (const auto& c : l.children) children.push_back(Clone(*c));
      return std::make_unique<LogicalExpr>(l.kind, std::move(children), l.range);
    }
    case ExprKind::kNot: {
      const auto& n = Cast<NotExpr>(expr);
      return std::make_unique<NotExpr>(Clone(*n.child), n.range);
    }
    case ExprKind::kBinaryCheck: {
      const auto& c = Cast<BinaryCheckExpr>(expr);
      return std::make_unique<BinaryCheckExpr>(Clone(*c.left), c.op, c.modifier, Clone(*c.right),
                                               c.range);
    }
    case ExprKind::kUnaryCheck: {
      const auto& c = Cast<UnaryCheckExpr>(expr);
      return std::make_unique<UnaryCheckExpr>(Clone(*c.left), c.op, c.range);
    }
    case ExprKind::kIdentifier: {
      const auto& i = Cast<IdentifierExpr>(expr);
      return std::make_unique<IdentifierExpr>(i.name, i.range);
    }
  }
  PEREGRINE_UNREACHABLE("invalid ExprKind");
}

bool StructurallyEqual(const Operand& a, const Operand& b) {
  return OperandsEqual(a, b, /*in_transformer_args=*/false);
}

bool StructurallyEqual(const Expr& a, const Expr& b) {
  if (a.kind != b.kind) return false;
  switch (a.kind) {
    case ExprKind::kAnd:
    case ExprKind::kOr: {
      const auto& x = Cast<LogicalExpr>(a);
      const auto& y = Cast<LogicalExpr>(b);
      if (x.children.size() != y.children.size()) return false;
      for (size_t i = 0; i < x.children.size(); ++i) {
        if (!StructurallyEqual(*x.children[i], *y.children[i])) return false;
      }
      return true;
    }
    case ExprKind::kNot:
      return StructurallyEqual(*Cast<NotExpr>(a).child, *Cast<NotExpr>(b).child);
    case ExprKind::kBinaryCheck: {
      const auto& x = Cast<BinaryCheckExpr>(a);
      const auto& y = Cast<BinaryCheckExpr>(b);
      return x.op == y.op && x.modifier == y.modifier && StructurallyEqual(*x.left, *y.left) &&
             StructurallyEqual(*x.right, *y.right);
    }
    case ExprKind::kUnaryCheck: {
      const auto& x = Cast<UnaryCheckExpr>(a);
      const auto& y = Cast<UnaryCheckExpr>(b);
      return x.op == y.op && StructurallyEqual(*x.left, *y.left);
    }
    case ExprKind::kIdentifier:
      return Cast<IdentifierExpr>(a).name == Cast<IdentifierExpr>(b).name;
  }
  PEREGRINE_UNREACHABLE("invalid ExprKind");
}

}  // namespace peregrine::compiler::ast
