// Maps byte offsets of loader-produced texts (conditions, outputs) back to file:line:col.
#ifndef PEREGRINE_COMPILER_LOADER_SOURCE_MAP_H_
#define PEREGRINE_COMPILER_LOADER_SOURCE_MAP_H_

#include <cstddef>
#include <memory>
#include <string>
#include <vector>

#include "compiler/diagnostics/diagnostic.h"

namespace peregrine::compiler {

// Where each byte of one YAML scalar's *value* sits in its file. Built by re-reading the file
// from the scalar's mark (plain, '…', "…", | and > styles); see internal/scalar_scanner.h.
// Between two anchors the value maps linearly (one byte per column). If the re-read could not
// reproduce yaml-cpp's value exactly, every offset maps to the scalar's start (`exact()` false).
// Immutable value type, thread-compatible.
class ScalarPositions {
 public:
  struct Anchor {
    size_t value_offset = 0;  // first value byte of this run
    int line = 0;             // 1-based file line of that byte
    int column = 0;           // 1-based column (bytes) of that byte
  };

  ScalarPositions() = default;
  ScalarPositions(std::string file, SourceLocation start, std::vector<Anchor> anchors, bool exact)
      : file_(std::move(file)),
        start_(std::move(start)),
        anchors_(std::move(anchors)),
        exact_(exact) {}

  // Position of value byte `offset`. Offsets at or past the end map just after the last byte.
  SourceLocation Locate(size_t offset) const;
  // Where the scalar token starts (its first character, quote or block indicator).
  const SourceLocation& start() const { return start_; }
  bool exact() const { return exact_; }

 private:
  std::string file_;
  SourceLocation start_;
  std::vector<Anchor> anchors_;
  bool exact_ = false;
};

// Positions of a text assembled from pieces: parts of scalar values (a condition and what was
// appended to it) and synthetic bytes the loader inserted (joining spaces, exception clauses).
// Immutable once built; thread-compatible.
class SourceMap {
 public:
  // Appends `length` bytes copied from `scalar`'s value starting at `value_offset`.
  void AddScalar(size_t length, std::shared_ptr<const ScalarPositions> scalar,
                 size_t value_offset = 0);
  // Appends `length` bytes that have no source of their own; they map to `location`.
  void AddSynthetic(size_t length, SourceLocation location);
  // Appends all of `other`, shifted to the current end.
  void Append(const SourceMap& other);
  // Keeps only bytes [begin, begin + length) (used after trimming).
  SourceMap Slice(size_t begin, size_t length) const;

  size_t size() const { return size_; }
  // Position of byte `offset`; offsets at or past the end map to the end of the last piece.
  SourceLocation Locate(size_t offset) const;

 private:
  struct Piece {
    size_t begin = 0;  // offset in the assembled text
    size_t length = 0;
    std::shared_ptr<const ScalarPositions> scalar;  // null for synthetic bytes
    size_t value_offset = 0;
    SourceLocation location;  // synthetic only
  };
  std::vector<Piece> pieces_;
  size_t size_ = 0;
};

}  // namespace peregrine::compiler

#endif  // PEREGRINE_COMPILER_LOADER_SOURCE_MAP_H_
