// Quoted strings of the condition language (spec §2.4): finding the closing quote (quirk Q4) and
// unescaping the content.
#ifndef PEREGRINE_COMPILER_PARSER_ESCAPING_H_
#define PEREGRINE_COMPILER_PARSER_ESCAPING_H_

#include <cstddef>
#include <string>
#include <string_view>

namespace peregrine::compiler {

// `text[open]` is a quote, `"` or `'`. Returns the index of the closing quote: the first same
// quote whose raw preceding byte is not a backslash (so `"C:\\"` never terminates, quirk Q4).
// Scanning stops at a NUL byte, as Falco's does. Returns std::string_view::npos when the string
// does not terminate, or when `text[open]` is not a quote.
size_t FindClosingQuote(std::string_view text, size_t open);

// The result of unescaping: the value, or an error with its byte offset inside `content`.
struct UnescapeResult {
  std::string value;
  std::string error;  // empty on success
  size_t error_offset = 0;

  bool ok() const { return error.empty(); }
};

// Unescapes the raw content between the quotes of a string quoted with `quote`:
// \b \f \n \r \t, \\, \/, \" (only when quote is "), \' (only when quote is '), \xHH (exactly two
// hex digits), and `\ ` which yields a lone backslash (the space is dropped). Anything else is
// the error `unsupported string escape sequence: \c`.
UnescapeResult UnescapeString(std::string_view content, char quote);

}  // namespace peregrine::compiler

#endif  // PEREGRINE_COMPILER_PARSER_ESCAPING_H_
