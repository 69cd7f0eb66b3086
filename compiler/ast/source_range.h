// Source ranges of AST nodes: byte spans in a condition text, and their line/column translation.
#ifndef PEREGRINE_COMPILER_AST_SOURCE_RANGE_H_
#define PEREGRINE_COMPILER_AST_SOURCE_RANGE_H_

#include <cstdint>
#include <string_view>

namespace peregrine::compiler::ast {

// A span [offset, offset + length) of bytes in the condition text a node was parsed from.
// Nodes copied by Clone() keep the range of the original (e.g. a macro body keeps pointing into
// the macro's condition text).
struct SourceRange {
  uint32_t offset = 0;
  uint32_t length = 0;

  uint32_t end() const { return offset + length; }
  // The smallest range covering both `a` and `b`.
  static SourceRange Cover(SourceRange a, SourceRange b);
  static SourceRange FromBounds(uint32_t begin, uint32_t end) {
    return SourceRange{begin, end >= begin ? end - begin : 0};
  }
  friend bool operator==(const SourceRange&, const SourceRange&) = default;
};

// 1-based line and column of a byte offset in a text. A line ends at '\n'; columns count bytes.
struct LineColumn {
  int line = 1;
  int column = 1;
  friend bool operator==(const LineColumn&, const LineColumn&) = default;
};

// `offset` past the end of `text` is clamped to the end.
LineColumn LineColumnAt(std::string_view text, uint32_t offset);

}  // namespace peregrine::compiler::ast

#endif  // PEREGRINE_COMPILER_AST_SOURCE_RANGE_H_
