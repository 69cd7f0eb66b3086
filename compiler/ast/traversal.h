// Traversal helpers over condition ASTs: pre-order walks and in-place child rewriting.
#ifndef PEREGRINE_COMPILER_AST_TRAVERSAL_H_
#define PEREGRINE_COMPILER_AST_TRAVERSAL_H_

#include <memory>

#include "absl/functional/function_ref.h"
#include "compiler/ast/ast.h"

namespace peregrine::compiler::ast {

// Calls `fn` on `root` and every expression below it, parents before children, children left to
// right. When `fn` returns false the node's children are skipped.
void WalkExprs(const Expr& root, absl::FunctionRef<bool(const Expr&)> fn);

// Calls `fn` on every operand of every check under `root`, including nested operands
// (transformer arguments, the field inside val(), transformer-list items), parents first.
void WalkOperands(const Expr& root, absl::FunctionRef<void(const Operand&)> fn);
void WalkOperands(const Operand& root, absl::FunctionRef<void(const Operand&)> fn);

// Calls `fn` on each owning slot holding a direct child expression of `expr` (the children of
// and/or, the operand of not; checks and identifiers have none). `fn` may replace the child,
// e.g. macro expansion swaps an IdentifierExpr for a clone of the macro body.
void ForEachChildSlot(Expr& expr, absl::FunctionRef<void(std::unique_ptr<Expr>&)> fn);

// Number of expression nodes in the tree (and/or/not/checks/identifiers).
size_t CountExprs(const Expr& root);

}  // namespace peregrine::compiler::ast

#endif  // PEREGRINE_COMPILER_AST_TRAVERSAL_H_
