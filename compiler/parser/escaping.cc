// Quoted strings of the condition language.
#include "compiler/parser/escaping.h"

namespace peregrine::compiler {
namespace {

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

}  // namespace

size_t FindClosingQuote(std::string_view text, size_t open) {
  if (open >= text.size() || (text[open] != '"' && text[open] != '\'')) {
    return std::string_view::npos;
  }
  const char quote = text[open];
  for (size_t i = open + 1; i < text.size() && text[i] != '\0'; ++i) {
    if (text[i] == quote && text[i - 1] != '\\') return i;
  }
  return std::string_view::npos;
}

UnescapeResult UnescapeString(std::string_view content, char quote) {
  UnescapeResult result;
  result.value.reserve(content.size());
  for (size_t i = 0; i < content.size(); ++i) {
    const char c = content[i];
    if (c != '\\') {
      result.value.push_back(c);
      continue;
    }
    if (i + 1 >= content.size()) {
      // Unreachable through FindClosingQuote (a final backslash escapes the quote), but the
      // function is public.
      result.error = "unterminated string escape sequence";
      result.error_offset = i;
      return result;
    }
    const char e = content[++i];
    switch (e) {
      case 'b':
        result.value.push_back('\b');
        break;
      case 'f':
        result.value.push_back('\f');
        break;
      case 'n':
        result.value.push_back('\n');
        break;
      case 'r':
        result.value.push_back('\r');
        break;
      case 't':
        result.value.push_back('\t');
        break;
      case ' ':  // legacy: `\ ` is a lone backslash, the space is dropped
      case '\\':
        result.value.push_back('\\');
        break;
      case '/':
        result.value.push_back('/');
        break;
      case '"':
        if (quote != '"') {
          result.error = "invalid \\\" escape in '-quoted string";
          result.error_offset = i - 1;
          return result;
        }
        result.value.push_back('"');
        break;
      case '\'':
        if (quote != '\'') {
          result.error = "invalid \\' escape in \"-quoted string";
          result.error_offset = i - 1;
          return result;
        }
        result.value.push_back('\'');
        break;
      case 'x': {
        const int hi = i + 1 < content.size() ? HexValue(content[i + 1]) : -1;
        const int lo = i + 2 < content.size() ? HexValue(content[i + 2]) : -1;
        if (hi < 0 || lo < 0) {
          result.error = "invalid \\x escape: expected two hexadecimal digits";
          result.error_offset = i - 1;
          return result;
        }
        result.value.push_back(static_cast<char>(hi * 16 + lo));
        i += 2;
        break;
      }
      default:
        result.error = std::string("unsupported string escape sequence: \\") + e;
        result.error_offset = i - 1;
        return result;
    }
  }
  return result;
}

}  // namespace peregrine::compiler
