// The extraction interface between compiled rules and the runtime: back ends ask a FieldReader
// for field values of the current event; the runtime implements it over its event and state.
#ifndef PEREGRINE_COMPILER_IR_FIELD_READER_H_
#define PEREGRINE_COMPILER_IR_FIELD_READER_H_

#include <cstdint>
#include <cstring>

#include "absl/functional/function_ref.h"
#include "compiler/eval/field_value.h"
#include "runtime/catalog/field_catalog.h"

namespace peregrine::compiler::ir {

// The compact form of a field value, laid out for native code (compiler/jit reads it with plain
// loads). Only kInt, kUint, kBool, kString and kBytes have one; for kDouble, kIp and kList only
// `kind` is meaningful.
struct CompactValue {
  eval::FieldValue::Kind kind;
  uint8_t reserved[7];
  uint64_t num;     // kInt (two's complement bits), kUint, kBool (0/1)
  const char* ptr;  // kString, kBytes (borrowed like FieldValue::str)
  uint64_t len;     // kString: up to its first NUL (§4.4 compares strings as C strings); kBytes
};
static_assert(sizeof(CompactValue) == 32);

// Whether values of `kind` have a compact form.
constexpr bool HasCompactForm(eval::FieldValue::Kind kind) {
  return kind == eval::FieldValue::Kind::kInt || kind == eval::FieldValue::Kind::kUint ||
         kind == eval::FieldValue::Kind::kBool || kind == eval::FieldValue::Kind::kString ||
         kind == eval::FieldValue::Kind::kBytes;
}

// The compact form of `value` (a string is cut at its first NUL: one scan).
inline void ToCompact(const eval::FieldValue& value, CompactValue* out) {
  using Kind = eval::FieldValue::Kind;
  out->kind = value.kind;
  switch (value.kind) {
    case Kind::kInt:
      out->num = static_cast<uint64_t>(value.i);
      return;
    case Kind::kUint:
      out->num = value.u;
      return;
    case Kind::kBool:
      out->num = value.b ? 1 : 0;
      return;
    case Kind::kString: {
      const void* nul = std::memchr(value.str.data(), '\0', value.str.size());
      out->ptr = value.str.data();
      out->len = nul == nullptr
                     ? value.str.size()
                     : static_cast<uint64_t>(static_cast<const char*>(nul) - value.str.data());
      return;
    }
    case Kind::kBytes:
      out->ptr = value.str.data();
      out->len = value.str.size();
      return;
    case Kind::kDouble:
    case Kind::kIp:
    case Kind::kList:
      return;
  }
}

// The value a compact form stands for (a string without anything past its first NUL, which no
// comparison sees). `compact` must have a compact form.
inline eval::FieldValue FromCompact(const CompactValue& compact) {
  using Kind = eval::FieldValue::Kind;
  switch (compact.kind) {
    case Kind::kInt:
      return eval::FieldValue::Int(static_cast<int64_t>(compact.num));
    case Kind::kUint:
      return eval::FieldValue::Uint(compact.num);
    case Kind::kBool:
      return eval::FieldValue::Bool(compact.num != 0);
    case Kind::kString:
      return eval::FieldValue::String(std::string_view(compact.ptr, compact.len));
    case Kind::kBytes:
      return eval::FieldValue::Bytes(std::string_view(compact.ptr, compact.len));
    case Kind::kDouble:
    case Kind::kIp:
    case Kind::kList:
      break;
  }
  return eval::FieldValue{};
}

// Reads fields of one event at a time. Values it hands out stay valid until the reader moves to
// the next event. Implementations are owned by one thread.
//
// Two read paths: the virtual Read() (the interpreter's, and the reference), and ReadCompact(),
// a plain function pointer native code calls directly, filling a CompactValue without building a
// FieldValue. By default ReadCompact() is Read() followed by ToCompact(); a reader that can do
// better passes its own function to the constructor. Both paths must give the same values.
class FieldReader {
 public:
  // Fills `out` with the compact form of `field`'s value and returns true, or returns false when
  // the field is unavailable. When the value has no compact form (kDouble, kIp, kList), also
  // writes the value to `*full`; otherwise `*full` may or may not be written.
  using ReadCompactFn = bool (*)(FieldReader& reader, const catalog::ResolvedField& field,
                                 CompactValue* out, eval::FieldValue* full);

  virtual ~FieldReader() = default;

  // The field's value (no transformers applied), or false when it is unavailable (§4.6).
  virtual bool Read(const catalog::ResolvedField& field, eval::FieldValue* out) = 0;

  // For the any-ancestor fields (proc.aname & co. without index): calls `visit` with the value
  // of each strict ancestor, parent first, until it returns true.
  virtual void ForEachAncestor(const catalog::ResolvedField& field,
                               absl::FunctionRef<bool(const eval::FieldValue&)> visit) = 0;

  // For fd.ip / fd.port / fd.proto / fd.net: the client and the server side values. False when
  // the event's fd is not an IP socket.
  virtual bool ReadEndpoints(const catalog::ResolvedField& field, eval::FieldValue* client,
                             eval::FieldValue* server) = 0;

  // The compact read path (see ReadCompactFn); never null.
  ReadCompactFn read_compact() const { return read_compact_; }
  bool ReadCompact(const catalog::ResolvedField& field, CompactValue* out, eval::FieldValue* full) {
    return read_compact_(*this, field, out, full);
  }

  // The default compact path: Read() then ToCompact().
  static bool ReadCompactViaRead(FieldReader& reader, const catalog::ResolvedField& field,
                                 CompactValue* out, eval::FieldValue* full) {
    if (!reader.Read(field, full)) return false;
    ToCompact(*full, out);
    return true;
  }

 protected:
  FieldReader() = default;
  explicit FieldReader(ReadCompactFn read_compact) : read_compact_(read_compact) {}
  FieldReader(const FieldReader&) = default;
  FieldReader& operator=(const FieldReader&) = default;

 private:
  ReadCompactFn read_compact_ = &ReadCompactViaRead;
};

}  // namespace peregrine::compiler::ir

#endif  // PEREGRINE_COMPILER_IR_FIELD_READER_H_
