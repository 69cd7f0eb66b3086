// ParseCondition(): the public entry point of the condition parser.
#include "compiler/parser/parser.h"

#include <algorithm>
#include <limits>

#include "compiler/parser/internal/condition_parser.h"

namespace peregrine::compiler {

ParseResult ParseCondition(std::string_view text, const ParseOptions& options) {
  ParseResult result;
  if (text.size() >= std::numeric_limits<uint32_t>::max()) {
    result.error = ParseError{0, "filter input string is too long"};
    return result;
  }
  parser_internal::ConditionParser parser(text,
                                          std::min(options.max_depth, kMaxSupportedParseDepth));
  result.expr = parser.Parse();
  if (result.expr == nullptr) {
    result.error = parser.error();
    if (!result.error.has_value()) {
      result.error = ParseError{0, "parser failed without an error message"};  // a bug
    }
  }
  return result;
}

}  // namespace peregrine::compiler
