// Token scanners of the condition language.
#include "compiler/parser/tokens.h"

namespace peregrine::compiler {
namespace {

bool IsIdentTail(char c) { return IsAsciiAlpha(c) || IsAsciiDigit(c) || c == '_'; }
bool IsHexDigit(char c) {
  return IsAsciiDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

}  // namespace

size_t MatchIdentifier(std::string_view text, size_t pos) {
  if (pos >= text.size() || !IsAsciiAlpha(text[pos])) return 0;
  size_t i = pos + 1;
  while (i < text.size() && IsIdentTail(text[i])) ++i;
  return i - pos;
}

size_t MatchFieldName(std::string_view text, size_t pos) {
  size_t i = pos + MatchIdentifier(text, pos);
  if (i == pos) return 0;
  size_t segments = 0;
  // Longest match: take every `.segment` whose first byte is a letter.
  while (i + 1 < text.size() && text[i] == '.' && IsAsciiAlpha(text[i + 1])) {
    i += 1 + MatchIdentifier(text, i + 1);
    ++segments;
  }
  return segments > 0 ? i - pos : 0;
}

size_t MatchFieldArgBare(std::string_view text, size_t pos) {
  size_t i = pos;
  while (i < text.size()) {
    const char c = text[i];
    if (c == '[' || c == ']' || c == '"' || c == '\'' || IsPosixSpace(c)) break;
    ++i;
  }
  return i - pos;
}

size_t MatchHexNumber(std::string_view text, size_t pos) {
  if (pos + 2 >= text.size() || text[pos] != '0' || (text[pos + 1] != 'x' && text[pos + 1] != 'X'))
    return 0;
  size_t i = pos + 2;
  while (i < text.size() && IsHexDigit(text[i])) ++i;
  return i > pos + 2 ? i - pos : 0;
}

size_t MatchNumber(std::string_view text, size_t pos) {
  size_t i = pos;
  if (i < text.size() && (text[i] == '+' || text[i] == '-')) ++i;
  const size_t digits = i;
  while (i < text.size() && IsAsciiDigit(text[i])) ++i;
  if (i == digits) return 0;
  if (i < text.size() && text[i] == '.') ++i;
  while (i < text.size() && IsAsciiDigit(text[i])) ++i;
  // The exponent needs its sign: `1e5` is the number `1` followed by `e5`.
  if (i + 2 < text.size() && (text[i] == 'e' || text[i] == 'E') &&
      (text[i + 1] == '+' || text[i + 1] == '-') && IsAsciiDigit(text[i + 2])) {
    i += 2;
    while (i < text.size() && IsAsciiDigit(text[i])) ++i;
  }
  return i - pos;
}

size_t MatchBareString(std::string_view text, size_t pos) {
  size_t i = pos;
  while (i < text.size()) {
    const char c = text[i];
    if (c == '(' || c == ')' || c == '"' || c == '\'' || c == '=' || c == ',' || IsPosixSpace(c))
      break;
    ++i;
  }
  return i - pos;
}

bool IsIdentifier(std::string_view text) {
  return !text.empty() && MatchIdentifier(text, 0) == text.size();
}
bool IsFieldName(std::string_view text) {
  return !text.empty() && MatchFieldName(text, 0) == text.size();
}
bool IsBareString(std::string_view text) {
  return !text.empty() && MatchBareString(text, 0) == text.size();
}

}  // namespace peregrine::compiler
