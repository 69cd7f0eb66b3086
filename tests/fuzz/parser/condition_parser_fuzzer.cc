// Fuzz target of the condition parser (compiler/parser). Beyond "never crash", it checks:
// errors carry an offset inside the text and a message; every node's source range lies inside
// the text; and the round-trip property parse → print → parse gives a structurally equal tree
// that prints the same, and a Clone that is equal too.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <string>
#include <string_view>

#include "compiler/ast/ast.h"
#include "compiler/ast/printer.h"
#include "compiler/ast/traversal.h"
#include "compiler/parser/escaping.h"
#include "compiler/parser/parser.h"

namespace {

using peregrine::compiler::ParseCondition;
using peregrine::compiler::ParseResult;
namespace ast = peregrine::compiler::ast;

void Check(bool condition, const char* what, std::string_view input) {
  if (condition) return;
  std::fprintf(stderr, "condition_parser_fuzzer: %s\ninput: %.*s\n", what,
               static_cast<int>(input.size()), input.data());
  __builtin_trap();
}

bool RangesInside(const ast::Expr& root, size_t size) {
  bool ok = true;
  ast::WalkExprs(root, [&](const ast::Expr& e) {
    ok = ok && e.range.end() <= size;
    return ok;
  });
  ast::WalkOperands(root, [&](const ast::Operand& o) { ok = ok && o.range.end() <= size; });
  return ok;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size > 16 * 1024) return 0;  // long inputs only slow the search down
  const std::string_view text(reinterpret_cast<const char*>(data), size);

  // The string helpers on their own.
  (void)peregrine::compiler::FindClosingQuote(text, 0);
  (void)peregrine::compiler::UnescapeString(text, size > 0 && data[0] == '\'' ? '\'' : '"');

  ParseResult first = ParseCondition(text);
  if (!first.ok()) {
    Check(first.error.has_value(), "failure without an error", text);
    Check(first.error->offset <= size, "error offset past the end", text);
    Check(!first.error->message.empty(), "empty error message", text);
    (void)ast::LineColumnAt(text, first.error->offset);
    return 0;
  }
  Check(!first.error.has_value(), "success with an error", text);
  Check(RangesInside(*first.expr, size), "source range past the end", text);

  const std::string printed = ast::PrintExpr(*first.expr);
  ParseResult second = ParseCondition(printed);
  if (!second.ok()) {
    std::fprintf(stderr, "printed: %s\nerror: %s at %u\n", printed.c_str(),
                 second.error->message.c_str(), second.error->offset);
  }
  Check(second.ok(), "printed form does not parse", text);
  Check(ast::StructurallyEqual(*first.expr, *second.expr), "round trip changed the tree", text);
  Check(ast::PrintExpr(*second.expr) == printed, "round trip changed the printed form", text);

  std::unique_ptr<ast::Expr> copy = ast::Clone(*first.expr);
  Check(ast::StructurallyEqual(*first.expr, *copy), "clone differs", text);
  Check(ast::CountExprs(*copy) == ast::CountExprs(*first.expr), "clone size differs", text);
  return 0;
}
