// The Falco condition parser: condition text → ast::Expr (spec §2, EBNF of §2.2).
//
// Usage:
//   ParseResult r = ParseCondition("proc.name in (bash, sh) and not container");
//   if (!r.ok()) report(r.error->offset, r.error->message); else use(*r.expr);
//
// A condition a rule author got wrong is a result (ParseError with Falco's message and the byte
// offset where it was detected), not an absl::Status. The parser never throws, never reads past
// the text, and bounds its recursion with ParseOptions::max_depth. Thread-safe: no shared state.
#ifndef PEREGRINE_COMPILER_PARSER_PARSER_H_
#define PEREGRINE_COMPILER_PARSER_PARSER_H_

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "compiler/ast/ast.h"

namespace peregrine::compiler {

// Falco runs its parser with this recursion limit; each parenthesis level costs five.
inline constexpr uint32_t kDefaultMaxParseDepth = 1000;
// Larger requested limits are clamped to this, to keep the native stack bounded.
inline constexpr uint32_t kMaxSupportedParseDepth = 4096;

struct ParseOptions {
  uint32_t max_depth = kDefaultMaxParseDepth;
};

struct ParseError {
  uint32_t offset = 0;  // byte offset in the condition text (ast::LineColumnAt gives line:col)
  std::string message;  // Falco's wording, e.g. "expected a ')' token"
};

struct ParseResult {
  std::unique_ptr<ast::Expr> expr;  // set on success
  std::optional<ParseError> error;  // set on failure

  bool ok() const { return expr != nullptr; }
};

ParseResult ParseCondition(std::string_view text, const ParseOptions& options = {});

}  // namespace peregrine::compiler

#endif  // PEREGRINE_COMPILER_PARSER_PARSER_H_
