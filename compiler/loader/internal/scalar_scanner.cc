#include "compiler/loader/internal/scalar_scanner.h"

#include <optional>
#include <vector>

namespace peregrine::compiler::loader_internal {
namespace {

bool IsBreak(char c) { return c == '\n' || c == '\r'; }
bool IsWhite(char c) { return c == ' ' || c == '\t'; }

// A read position in the file with its line and column (both 1-based, column in bytes).
struct Cursor {
  size_t pos = 0;
  int line = 1;
  int column = 1;
};

// Collects the value being rebuilt and the anchors mapping it back to the file.
class Rebuilder {
 public:
  Rebuilder(std::string_view source, std::string_view value) : source_(source), value_(value) {}

  bool done() const { return out_.size() >= value_.size(); }
  bool AtEnd(const Cursor& c) const { return c.pos >= source_.size(); }
  char At(const Cursor& c) const { return source_[c.pos]; }
  char Peek(const Cursor& c, size_t ahead) const {
    return c.pos + ahead < source_.size() ? source_[c.pos + ahead] : '\0';
  }

  void Advance(Cursor& c) const {
    if (source_[c.pos] == '\n' || (source_[c.pos] == '\r' && Peek(c, 1) != '\n')) {
      ++c.line;
      c.column = 1;
    } else {
      ++c.column;
    }
    ++c.pos;
  }
  // Consumes one line break ("\n", "\r\n" or "\r").
  void ConsumeBreak(Cursor& c) const {
    if (At(c) == '\r' && Peek(c, 1) == '\n') Advance(c);
    Advance(c);
  }

  // Emits one value byte that sits at `at` in the file.
  void Emit(char byte, const Cursor& at) {
    const size_t offset = out_.size();
    if (anchors_.empty() || anchors_.back().line != at.line ||
        anchors_.back().column + static_cast<int>(offset - anchors_.back().value_offset) !=
            at.column) {
      anchors_.push_back(ScalarPositions::Anchor{offset, at.line, at.column});
    }
    out_.push_back(byte);
  }
  // Emits the file byte under the cursor and advances.
  void Copy(Cursor& c) {
    Emit(At(c), c);
    Advance(c);
  }

  bool Matches() const { return out_ == value_; }
  std::vector<ScalarPositions::Anchor> TakeAnchors() { return std::move(anchors_); }

 private:
  std::string_view source_;
  std::string_view value_;
  std::string out_;
  std::vector<ScalarPositions::Anchor> anchors_;
};

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

void EmitUtf8(Rebuilder& r, uint32_t code_point, const Cursor& at) {
  if (code_point < 0x80) {
    r.Emit(static_cast<char>(code_point), at);
  } else if (code_point < 0x800) {
    r.Emit(static_cast<char>(0xC0 | (code_point >> 6)), at);
    r.Emit(static_cast<char>(0x80 | (code_point & 0x3F)), at);
  } else if (code_point < 0x10000) {
    r.Emit(static_cast<char>(0xE0 | (code_point >> 12)), at);
    r.Emit(static_cast<char>(0x80 | ((code_point >> 6) & 0x3F)), at);
    r.Emit(static_cast<char>(0x80 | (code_point & 0x3F)), at);
  } else {
    r.Emit(static_cast<char>(0xF0 | (code_point >> 18)), at);
    r.Emit(static_cast<char>(0x80 | ((code_point >> 12) & 0x3F)), at);
    r.Emit(static_cast<char>(0x80 | ((code_point >> 6) & 0x3F)), at);
    r.Emit(static_cast<char>(0x80 | (code_point & 0x3F)), at);
  }
}

// One escape sequence of a double-quoted scalar; the cursor is on the backslash.
bool ScanEscape(Rebuilder& r, Cursor& c) {
  const Cursor at = c;
  r.Advance(c);
  if (r.AtEnd(c)) return false;
  const char e = r.At(c);
  if (IsBreak(e)) {  // escaped line break: joins lines without a space
    r.ConsumeBreak(c);
    while (!r.AtEnd(c) && IsWhite(r.At(c))) r.Advance(c);
    return true;
  }
  r.Advance(c);
  int hex_digits = 0;
  switch (e) {
    case '0':
      r.Emit('\0', at);
      return true;
    case 'a':
      r.Emit('\a', at);
      return true;
    case 'b':
      r.Emit('\b', at);
      return true;
    case 't':
    case '\t':
      r.Emit('\t', at);
      return true;
    case 'n':
      r.Emit('\n', at);
      return true;
    case 'v':
      r.Emit('\v', at);
      return true;
    case 'f':
      r.Emit('\f', at);
      return true;
    case 'r':
      r.Emit('\r', at);
      return true;
    case 'e':
      r.Emit('\x1b', at);
      return true;
    case ' ':
      r.Emit(' ', at);
      return true;
    case '"':
      r.Emit('"', at);
      return true;
    case '/':
      r.Emit('/', at);
      return true;
    case '\\':
      r.Emit('\\', at);
      return true;
    case 'N':
      EmitUtf8(r, 0x85, at);
      return true;
    case '_':
      EmitUtf8(r, 0xA0, at);
      return true;
    case 'L':
      EmitUtf8(r, 0x2028, at);
      return true;
    case 'P':
      EmitUtf8(r, 0x2029, at);
      return true;
    case 'x':
      hex_digits = 2;
      break;
    case 'u':
      hex_digits = 4;
      break;
    case 'U':
      hex_digits = 8;
      break;
    default:
      return false;
  }
  uint32_t code_point = 0;
  for (int i = 0; i < hex_digits; ++i) {
    if (r.AtEnd(c)) return false;
    const int digit = HexValue(r.At(c));
    if (digit < 0) return false;
    code_point = code_point * 16 + static_cast<uint32_t>(digit);
    r.Advance(c);
  }
  EmitUtf8(r, code_point, at);
  return true;
}

// Plain, '…' and "…" scalars share line folding: a single line break becomes a space, n empty
// lines become n newlines, white space around breaks disappears. `quote` is 0 for plain.
bool ScanFlowScalar(Rebuilder& r, Cursor c, char quote) {
  if (quote != 0) r.Advance(c);  // the opening quote
  while (!r.done()) {
    if (r.AtEnd(c)) return false;
    const char ch = r.At(c);
    if (quote == '\'' && ch == '\'') {
      if (r.Peek(c, 1) != '\'') return false;  // closing quote before the value is complete
      r.Emit('\'', c);
      r.Advance(c);
      r.Advance(c);
      continue;
    }
    if (quote == '"' && ch == '"') return false;
    if (quote == '"' && ch == '\\') {
      if (!ScanEscape(r, c)) return false;
      continue;
    }
    if (IsWhite(ch)) {
      Cursor end = c;
      while (!r.AtEnd(end) && IsWhite(r.At(end))) r.Advance(end);
      if (!r.AtEnd(end) && IsBreak(r.At(end))) {
        c = end;  // white space before a line break is not part of the value
        continue;
      }
      while (c.pos < end.pos) r.Copy(c);
      continue;
    }
    if (IsBreak(ch)) {
      const Cursor at = c;
      r.ConsumeBreak(c);
      int empty_lines = 0;
      while (true) {
        while (!r.AtEnd(c) && IsWhite(r.At(c))) r.Advance(c);
        if (r.AtEnd(c) || !IsBreak(r.At(c))) break;
        ++empty_lines;
        r.ConsumeBreak(c);
      }
      if (empty_lines == 0) {
        r.Emit(' ', at);
      } else {
        for (int i = 0; i < empty_lines; ++i) r.Emit('\n', at);
      }
      continue;
    }
    r.Copy(c);
  }
  return true;
}

// One line of a block scalar's body.
struct BlockLine {
  Cursor start;        // first byte of the line
  int spaces = 0;      // leading spaces
  bool blank = false;  // only spaces (and tabs) before the break or the end
  Cursor brk;          // the line break (or end of file)
  bool has_break = false;
};

std::vector<BlockLine> SplitLines(const Rebuilder& r, Cursor c) {
  std::vector<BlockLine> lines;
  while (!r.AtEnd(c)) {
    BlockLine line;
    line.start = c;
    Cursor p = c;
    while (!r.AtEnd(p) && r.At(p) == ' ') {
      ++line.spaces;
      r.Advance(p);
    }
    Cursor q = p;
    while (!r.AtEnd(q) && IsWhite(r.At(q))) r.Advance(q);
    line.blank = r.AtEnd(q) || IsBreak(r.At(q));
    while (!r.AtEnd(p) && !IsBreak(r.At(p))) r.Advance(p);
    line.brk = p;
    line.has_break = !r.AtEnd(p);
    lines.push_back(line);
    if (!line.has_break) break;
    r.ConsumeBreak(p);
    c = p;
  }
  return lines;
}

bool ScanBlockBody(Rebuilder& r, const std::vector<BlockLine>& lines, int indent, bool folded) {
  enum class Kind { kNone, kNormal, kMore };
  Kind previous = Kind::kNone;
  int pending_empty = 0;             // blank lines since the last content line
  std::optional<Cursor> last_break;  // break ending the last content line
  for (const BlockLine& line : lines) {
    if (r.done()) return true;
    if (line.blank) {
      // Spaces past the indentation of a blank line are content in literal scalars.
      if (!folded && line.spaces > indent) {
        if (previous != Kind::kNone) {
          r.Emit('\n', *last_break);
          for (int i = 0; i < pending_empty; ++i) r.Emit('\n', *last_break);
          pending_empty = 0;
        }
        Cursor c = line.start;
        for (int i = 0; i < indent; ++i) r.Advance(c);
        while (c.pos < line.brk.pos) r.Copy(c);
        previous = Kind::kMore;
        last_break = line.brk;
        continue;
      }
      if (previous == Kind::kNone) {
        r.Emit('\n', line.brk);  // leading empty lines are kept
      } else {
        ++pending_empty;
      }
      continue;
    }
    if (line.spaces < indent) break;  // less indented: the scalar has ended
    Cursor c = line.start;
    for (int i = 0; i < indent; ++i) r.Advance(c);
    const Kind kind = (IsWhite(r.At(c))) ? Kind::kMore : Kind::kNormal;
    if (previous != Kind::kNone) {
      if (folded && previous == Kind::kNormal && kind == Kind::kNormal) {
        if (pending_empty == 0) {
          r.Emit(' ', *last_break);
        } else {
          for (int i = 0; i < pending_empty; ++i) r.Emit('\n', *last_break);
        }
      } else {
        r.Emit('\n', *last_break);
        for (int i = 0; i < pending_empty; ++i) r.Emit('\n', *last_break);
      }
    }
    pending_empty = 0;
    while (c.pos < line.brk.pos && !r.done()) r.Copy(c);
    previous = kind;
    last_break = line.brk;
  }
  // Trailing line breaks kept by chomping.
  while (!r.done() && last_break.has_value()) r.Emit('\n', *last_break);
  return r.done();
}

}  // namespace

ScalarPositions BuildScalarPositions(const std::string& file, std::string_view source, size_t pos,
                                     int line, std::string_view value) {
  size_t line_start = 0;
  if (pos > 0 && pos <= source.size()) {
    const size_t newline = source.rfind('\n', pos - 1);
    if (newline != std::string_view::npos) line_start = newline + 1;
  }
  const int column = static_cast<int>(pos - line_start) + 1;
  const SourceLocation start{file, line, column};
  auto fallback = [&] { return ScalarPositions(file, start, {}, /*exact=*/false); };
  if (pos >= source.size()) return fallback();

  const Cursor cursor{pos, line, column};
  const char first = source[pos];
  if (first == '|' || first == '>') {
    // Header: indicator, optional indentation digit and chomping sign, optional comment.
    Rebuilder probe(source, value);
    Cursor c = cursor;
    probe.Advance(c);
    int explicit_indent = 0;
    for (int i = 0; i < 2 && !probe.AtEnd(c); ++i) {
      const char h = probe.At(c);
      if (h >= '1' && h <= '9') {
        explicit_indent = h - '0';
      } else if (h != '+' && h != '-') {
        break;
      }
      probe.Advance(c);
    }
    while (!probe.AtEnd(c) && !IsBreak(probe.At(c))) probe.Advance(c);
    if (probe.AtEnd(c)) return value.empty() ? ScalarPositions(file, start, {}, true) : fallback();
    probe.ConsumeBreak(c);
    const std::vector<BlockLine> lines = SplitLines(probe, c);
    int first_indent = 0;
    for (const BlockLine& l : lines) {
      if (!l.blank) {
        first_indent = l.spaces;
        break;
      }
    }
    // Without an indicator the first content line decides; with one, the parent's indentation
    // is unknown here, so every candidate is tried and yaml-cpp's value picks the right one.
    const int lowest = explicit_indent > 0 ? 0 : first_indent;
    for (int indent = first_indent; indent >= lowest; --indent) {
      Rebuilder r(source, value);
      if (ScanBlockBody(r, lines, indent, first == '>') && r.Matches()) {
        return ScalarPositions(file, start, r.TakeAnchors(), /*exact=*/true);
      }
    }
    return fallback();
  }
  Rebuilder r(source, value);
  const char quote = (first == '\'' || first == '"') ? first : 0;
  if (ScanFlowScalar(r, cursor, quote) && r.Matches()) {
    return ScalarPositions(file, start, r.TakeAnchors(), /*exact=*/true);
  }
  return fallback();
}

}  // namespace peregrine::compiler::loader_internal
