// Re-reads a YAML scalar from the file text to find where each byte of its value comes from.
#ifndef PEREGRINE_COMPILER_LOADER_INTERNAL_SCALAR_SCANNER_H_
#define PEREGRINE_COMPILER_LOADER_INTERNAL_SCALAR_SCANNER_H_

#include <cstddef>
#include <string>
#include <string_view>

#include "compiler/loader/source_map.h"

namespace peregrine::compiler::loader_internal {

// `source` is the whole file text, `pos` the byte offset of the scalar token (yaml-cpp's
// Mark::pos: first character, the quote, or the block indicator), `line` its 1-based line,
// `value` the value yaml-cpp decoded. Handles plain, single-quoted, double-quoted (escapes
// included), literal `|` and folded `>` scalars with their folding rules. The result is exact
// only if the re-read reproduces `value` byte for byte; otherwise every offset maps to the start.
ScalarPositions BuildScalarPositions(const std::string& file, std::string_view source, size_t pos,
                                     int line, std::string_view value);

}  // namespace peregrine::compiler::loader_internal

#endif  // PEREGRINE_COMPILER_LOADER_INTERNAL_SCALAR_SCANNER_H_
