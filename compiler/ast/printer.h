// Canonical text form of condition ASTs (spec §3.1), used by `rulec explain` and by tests.
//
// `and`/`or` print as `(a and b)` / `(a or b)`, `not` as `not x` (`not (not x)` when negations
// nest, so that re-parsing does not fold them), checks as `left op right` (`left op modifier
// right` with a modifier), lists as `(v1, v2)`, transformers as `name(arg, ...)`, fields as
// `name` or `name[arg]`. A constant prints raw unless re-lexing it raw would change it (empty, or
// containing blanks, quotes, parentheses, `=`, `,`, a backslash or a control byte): then it is
// double-quoted with the escapes of §2.4. Constants given as quoted strings to transformers stay
// quoted. The output re-parses to a structurally equal AST: PrintExpr(Parse(PrintExpr(e))) ==
// PrintExpr(e).
#ifndef PEREGRINE_COMPILER_AST_PRINTER_H_
#define PEREGRINE_COMPILER_AST_PRINTER_H_

#include <string>
#include <string_view>

#include "compiler/ast/ast.h"

namespace peregrine::compiler::ast {

std::string PrintExpr(const Expr& expr);
std::string PrintOperand(const Operand& operand);

void AppendExpr(const Expr& expr, std::string* out);
void AppendOperand(const Operand& operand, std::string* out);

// `text` double-quoted, escaped so that the parser's unescaping gives `text` back: `\\`, `\"`,
// `\b \f \n \r \t`, `\xHH` for other control bytes, and `\x5c` for a final backslash (a quoted
// string cannot end with `\\`, quirk Q4).
std::string QuoteString(std::string_view text);

// Whether a constant must be quoted to survive re-lexing as a bare string (see file comment).
bool ValueNeedsQuoting(std::string_view text);

}  // namespace peregrine::compiler::ast

#endif  // PEREGRINE_COMPILER_AST_PRINTER_H_
