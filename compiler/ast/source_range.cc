// Source ranges of AST nodes.
#include "compiler/ast/source_range.h"

#include <algorithm>

namespace peregrine::compiler::ast {

SourceRange SourceRange::Cover(SourceRange a, SourceRange b) {
  return FromBounds(std::min(a.offset, b.offset), std::max(a.end(), b.end()));
}

LineColumn LineColumnAt(std::string_view text, uint32_t offset) {
  LineColumn pos;
  const size_t limit = std::min<size_t>(offset, text.size());
  for (size_t i = 0; i < limit; ++i) {
    if (text[i] == '\n') {
      ++pos.line;
      pos.column = 1;
    } else {
      ++pos.column;
    }
  }
  return pos;
}

}  // namespace peregrine::compiler::ast
