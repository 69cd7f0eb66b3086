// The AST of a Falco condition (spec §3.1): boolean expressions over checks, and check operands.
//
// Ownership: every node owns its children through std::unique_ptr; nothing is shared, so a tree
// is freely movable and Clone() makes an independent deep copy (macro expansion copies macro
// bodies). Nodes are plain data: fields are public and may be rewritten by later stages (macro
// expansion replaces IdentifierExpr slots in place). Thread contract: thread-compatible — a tree
// may be read from many threads, written from one.
//
// Two small class hierarchies, each with a kind discriminator instead of RTTI:
//   Expr    — LogicalExpr (kAnd / kOr, n-ary), NotExpr, BinaryCheckExpr, UnaryCheckExpr,
//             IdentifierExpr (macro reference);
//   Operand — FieldRef, TransformerCall, ValRef, ConstValue, ListLiteral, TransformerList,
//             IdentifierRef (identifier on the right-hand side of a list operator or modifier).
// Use Is<T>(node), DynCast<T>(&node) (nullptr when not a T) and Cast<T>(node) (asserts).
#ifndef PEREGRINE_COMPILER_AST_AST_H_
#define PEREGRINE_COMPILER_AST_AST_H_

#include <cassert>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "compiler/ast/operators.h"
#include "compiler/ast/source_range.h"

namespace peregrine::compiler::ast {

enum class ExprKind { kAnd, kOr, kNot, kBinaryCheck, kUnaryCheck, kIdentifier };

enum class OperandKind {
  kField,            // proc.name, proc.aname[2], proc.env["X"]
  kTransformer,      // tolower(proc.name), join(",", (a.b, c.d)), getopt(proc.args, "ab")[a]
  kVal,              // val(proc.pname): a field on the right-hand side
  kValue,            // a constant: bare or quoted text, already unescaped
  kList,             // (a, "b c") list literal of constants
  kTransformerList,  // (a.b, "x") as an argument of a multi-value transformer
  kIdentifier,       // a bare identifier after a list operator or a modifier: a list name
};

// ---------------------------------------------------------------------------------------------
// Operands

struct Operand {
  virtual ~Operand() = default;
  Operand(const Operand&) = default;
  Operand(Operand&&) = default;
  Operand& operator=(const Operand&) = delete;

  const OperandKind kind;
  SourceRange range;

 protected:
  Operand(OperandKind k, SourceRange r) : kind(k), range(r) {}
};

// A field reference. `arg` distinguishes "no argument" (nullopt) from an empty one (`x.y[""]`).
struct FieldRef final : Operand {
  static bool ClassOf(OperandKind k) { return k == OperandKind::kField; }
  FieldRef(std::string name_in, std::optional<std::string> arg_in, SourceRange r)
      : Operand(OperandKind::kField, r), name(std::move(name_in)), arg(std::move(arg_in)) {}

  std::string name;
  std::optional<std::string> arg;  // unescaped when it was quoted
};

// A transformer applied to arguments: fields, transformers, constants, transformer lists.
// `arg` is a trailing `[arg]` (only meaningful for getopt; the parser accepts it on every
// transformer and semantic analysis rejects it where it does not apply, as Falco does).
// `transformer` is never kVal (see ValRef).
struct TransformerCall final : Operand {
  static bool ClassOf(OperandKind k) { return k == OperandKind::kTransformer; }
  TransformerCall(TransformerKind t, std::vector<std::unique_ptr<Operand>> args_in,
                  std::optional<std::string> arg_in, SourceRange r)
      : Operand(OperandKind::kTransformer, r),
        transformer(t),
        args(std::move(args_in)),
        arg(std::move(arg_in)) {}

  TransformerKind transformer;
  std::vector<std::unique_ptr<Operand>> args;  // at least one
  std::optional<std::string> arg;
};

// `val(field)` on the right-hand side: compare with another field. `arg` is a trailing `[arg]`
// after the closing parenthesis (accepted by the grammar, an error for semantic analysis).
struct ValRef final : Operand {
  static bool ClassOf(OperandKind k) { return k == OperandKind::kVal; }
  ValRef(FieldRef field_in, std::optional<std::string> arg_in, SourceRange r)
      : Operand(OperandKind::kVal, r), field(std::move(field_in)), arg(std::move(arg_in)) {}

  FieldRef field;
  std::optional<std::string> arg;
};

// A constant. `text` is unescaped; `quoted` says whether it was written in quotes (quoting only
// affects lexing — `1` and `"1"` are the same value — but transformer arguments keep the
// distinction between a quoted string and a number).
struct ConstValue final : Operand {
  static bool ClassOf(OperandKind k) { return k == OperandKind::kValue; }
  ConstValue(std::string text_in, bool quoted_in, SourceRange r)
      : Operand(OperandKind::kValue, r), text(std::move(text_in)), quoted(quoted_in) {}

  std::string text;
  bool quoted;
};

// `(v1, v2, ...)`, possibly empty.
struct ListLiteral final : Operand {
  static bool ClassOf(OperandKind k) { return k == OperandKind::kList; }
  ListLiteral(std::vector<ConstValue> values_in, SourceRange r)
      : Operand(OperandKind::kList, r), values(std::move(values_in)) {}

  std::vector<ConstValue> values;
};

// `(item, ...)` as a transformer argument; items are fields, transformers or constants.
struct TransformerList final : Operand {
  static bool ClassOf(OperandKind k) { return k == OperandKind::kTransformerList; }
  TransformerList(std::vector<std::unique_ptr<Operand>> items_in, SourceRange r)
      : Operand(OperandKind::kTransformerList, r), items(std::move(items_in)) {}

  std::vector<std::unique_ptr<Operand>> items;
};

// `x in foo`: a bare identifier where a list is expected. Falco treats it as the single constant
// "foo" (lists are substituted textually before parsing, §2.7).
struct IdentifierRef final : Operand {
  static bool ClassOf(OperandKind k) { return k == OperandKind::kIdentifier; }
  IdentifierRef(std::string name_in, SourceRange r)
      : Operand(OperandKind::kIdentifier, r), name(std::move(name_in)) {}

  std::string name;
};

// ---------------------------------------------------------------------------------------------
// Expressions

struct Expr {
  virtual ~Expr() = default;
  Expr(const Expr&) = delete;
  Expr& operator=(const Expr&) = delete;

  const ExprKind kind;
  SourceRange range;

 protected:
  Expr(ExprKind k, SourceRange r) : kind(k), range(r) {}
};

// `a and b and c` / `a or b or c`: one n-ary node per run of the same operator (≥ 2 children).
struct LogicalExpr final : Expr {
  static bool ClassOf(ExprKind k) { return k == ExprKind::kAnd || k == ExprKind::kOr; }
  LogicalExpr(ExprKind k, std::vector<std::unique_ptr<Expr>> children_in, SourceRange r)
      : Expr(k, r), children(std::move(children_in)) {
    assert(ClassOf(k) && "LogicalExpr must be kAnd or kOr");
  }
  bool is_and() const { return kind == ExprKind::kAnd; }

  std::vector<std::unique_ptr<Expr>> children;
};

struct NotExpr final : Expr {
  static bool ClassOf(ExprKind k) { return k == ExprKind::kNot; }
  NotExpr(std::unique_ptr<Expr> child_in, SourceRange r)
      : Expr(ExprKind::kNot, r), child(std::move(child_in)) {}

  std::unique_ptr<Expr> child;
};

// `left op [modifier] right`. `left` is a FieldRef or TransformerCall; `right` is a ConstValue,
// ListLiteral, IdentifierRef, TransformerCall or ValRef.
struct BinaryCheckExpr final : Expr {
  static bool ClassOf(ExprKind k) { return k == ExprKind::kBinaryCheck; }
  BinaryCheckExpr(std::unique_ptr<Operand> left_in, CheckOperator op_in,
                  OperatorModifier modifier_in, std::unique_ptr<Operand> right_in, SourceRange r)
      : Expr(ExprKind::kBinaryCheck, r),
        left(std::move(left_in)),
        op(op_in),
        modifier(modifier_in),
        right(std::move(right_in)) {}

  std::unique_ptr<Operand> left;
  CheckOperator op;
  OperatorModifier modifier;
  std::unique_ptr<Operand> right;
};

// `left exists` (the only unary operator).
struct UnaryCheckExpr final : Expr {
  static bool ClassOf(ExprKind k) { return k == ExprKind::kUnaryCheck; }
  UnaryCheckExpr(std::unique_ptr<Operand> left_in, CheckOperator op_in, SourceRange r)
      : Expr(ExprKind::kUnaryCheck, r), left(std::move(left_in)), op(op_in) {}

  std::unique_ptr<Operand> left;
  CheckOperator op;  // always kExists
};

// A macro reference; macro expansion replaces it.
struct IdentifierExpr final : Expr {
  static bool ClassOf(ExprKind k) { return k == ExprKind::kIdentifier; }
  IdentifierExpr(std::string name_in, SourceRange r)
      : Expr(ExprKind::kIdentifier, r), name(std::move(name_in)) {}

  std::string name;
};

// ---------------------------------------------------------------------------------------------
// Casting helpers (work for both hierarchies).

template <typename T, typename Node>
bool Is(const Node& node) {
  return T::ClassOf(node.kind);
}
template <typename T, typename Node>
T* DynCast(Node* node) {
  return node != nullptr && T::ClassOf(node->kind) ? static_cast<T*>(node) : nullptr;
}
template <typename T, typename Node>
const T* DynCast(const Node* node) {
  return node != nullptr && T::ClassOf(node->kind) ? static_cast<const T*>(node) : nullptr;
}
template <typename T, typename Node>
T& Cast(Node& node) {
  assert(T::ClassOf(node.kind) && "ast::Cast to the wrong node type");
  return static_cast<T&>(node);
}
template <typename T, typename Node>
const T& Cast(const Node& node) {
  assert(T::ClassOf(node.kind) && "ast::Cast to the wrong node type");
  return static_cast<const T&>(node);
}

// ---------------------------------------------------------------------------------------------
// Whole-tree operations.

// Deep copies; source ranges are kept.
std::unique_ptr<Expr> Clone(const Expr& expr);
std::unique_ptr<Operand> Clone(const Operand& operand);

// Structural equality, ignoring source ranges and whether constants were quoted (quoting only
// affects lexing) except inside transformer arguments, where it distinguishes strings from
// numbers.
bool StructurallyEqual(const Expr& a, const Expr& b);
bool StructurallyEqual(const Operand& a, const Operand& b);

}  // namespace peregrine::compiler::ast

#endif  // PEREGRINE_COMPILER_AST_AST_H_
