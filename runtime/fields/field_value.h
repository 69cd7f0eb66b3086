// FieldValue: the typed result of extracting one field from (event, state).
#ifndef PEREGRINE_RUNTIME_FIELDS_FIELD_VALUE_H_
#define PEREGRINE_RUNTIME_FIELDS_FIELD_VALUE_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "runtime/events/param_decode.h"

namespace peregrine::runtime {

enum class ValueKind : uint8_t {
  kNone,        // unavailable ("NULL"; <NA> in text, null in JSON)
  kString,      // str
  kInt,         // i
  kUint,        // u
  kBool,        // b
  kDouble,      // d
  kIp,          // ip
  kBytes,       // str (raw bytes, may hold NULs)
  kStringList,  // list
};

// One extracted value. `str` and `list` borrow the event, the state, or this object's own
// storage; they stay valid until the value is reused or the state processes the next event.
// Reusing one FieldValue keeps its buffers, so extraction does not allocate in steady state.
// Not copyable (views may point into `storage`). Thread-compatible.
struct FieldValue {
  FieldValue() = default;
  FieldValue(const FieldValue&) = delete;
  FieldValue& operator=(const FieldValue&) = delete;

  ValueKind kind = ValueKind::kNone;
  int64_t i = 0;
  uint64_t u = 0;
  bool b = false;
  double d = 0;
  IpAddr ip;
  std::string_view str;
  std::vector<std::string_view> list;
  std::string storage;                    // backing text for computed strings
  std::vector<std::string> list_storage;  // backing text for computed lists
  // Working space of the extractors (never part of the value): reused so that computing a
  // value from intermediate strings does not allocate in steady state.
  std::string scratch;

  bool available() const { return kind != ValueKind::kNone; }
  void Clear() { kind = ValueKind::kNone; }
  void SetString(std::string_view s) {
    kind = ValueKind::kString;
    str = s;
  }
  void SetInt(int64_t v) {
    kind = ValueKind::kInt;
    i = v;
  }
  void SetUint(uint64_t v) {
    kind = ValueKind::kUint;
    u = v;
  }
  void SetBool(bool v) {
    kind = ValueKind::kBool;
    b = v;
  }
  void SetIp(const IpAddr& v) {
    kind = ValueKind::kIp;
    ip = v;
  }
  // Starts a computed string: returns the (cleared) storage; call CommitStorage() after filling.
  std::string& BeginStorage() {
    storage.clear();
    return storage;
  }
  void CommitStorage() { SetString(storage); }
};

}  // namespace peregrine::runtime

#endif  // PEREGRINE_RUNTIME_FIELDS_FIELD_VALUE_H_
