// The value of a field for one event, as the runtime's extractors produce it and the interpreter
// and the JIT consume it. This is the compiler's side of the extraction interface: the runtime
// (above the compiler) fills FieldValues; nothing here knows how.
#ifndef PEREGRINE_COMPILER_EVAL_FIELD_VALUE_H_
#define PEREGRINE_COMPILER_EVAL_FIELD_VALUE_H_

#include <cstdint>
#include <string_view>
#include <vector>

#include "runtime/catalog/constants.h"

namespace peregrine::compiler::eval {

// A typed value. Strings and byte buffers are borrowed views, valid until the extractor that
// produced them is asked for the next event. Plain data; cheap to copy.
struct FieldValue {
  enum class Kind : uint8_t { kInt, kUint, kDouble, kBool, kString, kBytes, kIp, kList };

  Kind kind = Kind::kUint;
  int64_t i = 0;
  uint64_t u = 0;
  double d = 0;
  bool b = false;
  std::string_view str;                                 // kString, kBytes
  catalog::IpAddress ip;                                // kIp
  const std::vector<std::string_view>* list = nullptr;  // kList: string elements (borrowed)

  static FieldValue Int(int64_t v) {
    FieldValue f;
    f.kind = Kind::kInt;
    f.i = v;
    return f;
  }
  static FieldValue Uint(uint64_t v) {
    FieldValue f;
    f.kind = Kind::kUint;
    f.u = v;
    return f;
  }
  static FieldValue Double(double v) {
    FieldValue f;
    f.kind = Kind::kDouble;
    f.d = v;
    return f;
  }
  static FieldValue Bool(bool v) {
    FieldValue f;
    f.kind = Kind::kBool;
    f.b = v;
    return f;
  }
  static FieldValue String(std::string_view v) {
    FieldValue f;
    f.kind = Kind::kString;
    f.str = v;
    return f;
  }
  static FieldValue Bytes(std::string_view v) {
    FieldValue f;
    f.kind = Kind::kBytes;
    f.str = v;
    return f;
  }
  static FieldValue Ip(const catalog::IpAddress& v) {
    FieldValue f;
    f.kind = Kind::kIp;
    f.ip = v;
    return f;
  }
};

}  // namespace peregrine::compiler::eval

#endif  // PEREGRINE_COMPILER_EVAL_FIELD_VALUE_H_
