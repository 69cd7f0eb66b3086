#include "compiler/loader/source_map.h"

#include <algorithm>

namespace peregrine::compiler {

SourceLocation ScalarPositions::Locate(size_t offset) const {
  if (!exact_ || anchors_.empty()) return start_;
  // The last anchor whose value_offset <= offset.
  auto it = std::upper_bound(
      anchors_.begin(), anchors_.end(), offset,
      [](size_t value, const Anchor& anchor) { return value < anchor.value_offset; });
  if (it == anchors_.begin()) return start_;
  --it;
  return SourceLocation{file_, it->line, it->column + static_cast<int>(offset - it->value_offset)};
}

void SourceMap::AddScalar(size_t length, std::shared_ptr<const ScalarPositions> scalar,
                          size_t value_offset) {
  if (length == 0) return;
  pieces_.push_back(Piece{size_, length, std::move(scalar), value_offset, {}});
  size_ += length;
}

void SourceMap::AddSynthetic(size_t length, SourceLocation location) {
  if (length == 0) return;
  pieces_.push_back(Piece{size_, length, nullptr, 0, std::move(location)});
  size_ += length;
}

void SourceMap::Append(const SourceMap& other) {
  for (const Piece& piece : other.pieces_) {
    Piece copy = piece;
    copy.begin = size_;
    pieces_.push_back(std::move(copy));
    size_ += piece.length;
  }
}

SourceMap SourceMap::Slice(size_t begin, size_t length) const {
  SourceMap out;
  const size_t end = begin + length;
  for (const Piece& piece : pieces_) {
    const size_t piece_end = piece.begin + piece.length;
    const size_t from = std::max(begin, piece.begin);
    const size_t to = std::min(end, piece_end);
    if (from >= to) continue;
    if (piece.scalar != nullptr) {
      out.AddScalar(to - from, piece.scalar, piece.value_offset + (from - piece.begin));
    } else {
      out.AddSynthetic(to - from, piece.location);
    }
  }
  return out;
}

SourceLocation SourceMap::Locate(size_t offset) const {
  if (pieces_.empty()) return {};
  auto it = std::upper_bound(pieces_.begin(), pieces_.end(), offset,
                             [](size_t value, const Piece& piece) { return value < piece.begin; });
  if (it != pieces_.begin()) --it;
  const Piece& piece = *it;
  // Past the end of the last piece: just after its last byte.
  const size_t within = std::min(offset - piece.begin, piece.length);
  if (piece.scalar == nullptr) return piece.location;
  return piece.scalar->Locate(piece.value_offset + within);
}

}  // namespace peregrine::compiler
