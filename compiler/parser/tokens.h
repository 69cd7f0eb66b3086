// Token scanners of the condition language (spec §2.1): each returns the length of the longest
// match of one token class at a position, or 0. Hand-written equivalents of Falco's POSIX
// leftmost-longest regexes; bytes are compared as unsigned, no locale.
#ifndef PEREGRINE_COMPILER_PARSER_TOKENS_H_
#define PEREGRINE_COMPILER_PARSER_TOKENS_H_

#include <cstddef>
#include <string_view>

namespace peregrine::compiler {

// Blanks skipped between tokens: space, \t, \b, \r, \n (not \f, \v).
inline bool IsConditionBlank(char c) {
  return c == ' ' || c == '\t' || c == '\b' || c == '\r' || c == '\n';
}
// POSIX [[:space:]]: space, \t, \n, \v, \f, \r (the separator accepted after `not`).
inline bool IsPosixSpace(char c) { return c == ' ' || (c >= '\t' && c <= '\r'); }
inline bool IsAsciiAlpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
inline bool IsAsciiDigit(char c) { return c >= '0' && c <= '9'; }

// IDENT       [a-zA-Z][a-zA-Z0-9_]*
size_t MatchIdentifier(std::string_view text, size_t pos);
// FIELDNAME   [a-zA-Z][a-zA-Z0-9_]*(\.[a-zA-Z][a-zA-Z0-9_]*)+
size_t MatchFieldName(std::string_view text, size_t pos);
// FIELDARG_BARE  [^\]\["'[:space:]]+
size_t MatchFieldArgBare(std::string_view text, size_t pos);
// HEXNUM      0[xX][0-9a-fA-F]+
size_t MatchHexNumber(std::string_view text, size_t pos);
// NUMBER      [+-]?[0-9]+\.?[0-9]*([eE][+-][0-9]+)?
size_t MatchNumber(std::string_view text, size_t pos);
// BARESTR     [^()"'[:space:]=,]+
size_t MatchBareString(std::string_view text, size_t pos);

// Whole-string tests, for later stages (macro/list name checks, field-name checks).
bool IsIdentifier(std::string_view text);
bool IsFieldName(std::string_view text);
bool IsBareString(std::string_view text);

}  // namespace peregrine::compiler

#endif  // PEREGRINE_COMPILER_PARSER_TOKENS_H_
