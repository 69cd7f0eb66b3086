// Check operators, operator modifiers and field transformers of the condition language (spec §2.2,
// §2.6, §2.8), with their spellings.
#ifndef PEREGRINE_COMPILER_AST_OPERATORS_H_
#define PEREGRINE_COMPILER_AST_OPERATORS_H_

#include <optional>
#include <span>
#include <string_view>

namespace peregrine::compiler::ast {

// Every check operator. `kEq` ("=") and `kEqEq` ("==") mean the same thing but stay distinct so
// that printing reproduces the source.
enum class CheckOperator {
  kExists,  // unary
  // numeric: RHS is a number or a transformer
  kLe,
  kLt,
  kGe,
  kGt,
  // string: RHS is a string, a transformer, or (with a modifier) a list
  kEqEq,
  kEq,
  kNe,
  kGlob,
  kIGlob,
  kContains,
  kIContains,
  kBContains,
  kStartsWith,
  kBStartsWith,
  kEndsWith,
  kRegex,
  // list: RHS is a list literal, a transformer, or an identifier
  kIntersects,
  kIn,
  kPmatch,
};

enum class OperatorClass { kUnary, kNumeric, kString, kList };

// `oneof` / `anyof` / `allof` after a string operator (§2.6); kNone when absent.
enum class OperatorModifier { kNone, kOneOf, kAnyOf, kAllOf };

// Field transformers (§2.8). `kVal` is the identity transformer, only valid on the right-hand
// side; the parser represents it as ast::ValRef, never as a TransformerCall.
enum class TransformerKind {
  kVal,
  kToLower,
  kToUpper,
  kB64,
  kBasename,
  kLen,
  kJoin,
  kConcat,
  kGetopt,
};

// The operator as written: "=", "startswith", "exists", ...
std::string_view CheckOperatorName(CheckOperator op);
OperatorClass ClassOfOperator(CheckOperator op);
// Parses an exact operator spelling ("=", "in", ...); nullopt for anything else.
std::optional<CheckOperator> CheckOperatorFromName(std::string_view name);
// All operators in the parser's recognition order (§2.2): exists, numeric, string, list.
std::span<const CheckOperator> AllCheckOperators();

// "oneof", "anyof", "allof"; empty for kNone.
std::string_view OperatorModifierName(OperatorModifier modifier);
std::optional<OperatorModifier> OperatorModifierFromName(std::string_view name);

// "val", "tolower", ...
std::string_view TransformerName(TransformerKind kind);
std::optional<TransformerKind> TransformerFromName(std::string_view name);
// The transformers that may appear in a check's left side or as transformer arguments (all but
// `val`), in the order the parser tries them.
std::span<const TransformerKind> CallableTransformers();

}  // namespace peregrine::compiler::ast

#endif  // PEREGRINE_COMPILER_AST_OPERATORS_H_
