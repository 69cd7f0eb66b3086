// A bounds-checked, zero-copy view of one event record (scap layout, see scap_record.h).
#ifndef PEREGRINE_PROBE_ABI_RECORD_VIEW_H_
#define PEREGRINE_PROBE_ABI_RECORD_VIEW_H_

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string_view>

#include "probe/abi/scap_record.h"

namespace peregrine::probe {

// Event codes whose parameter-length array has u32 entries (scap-format §11.3).
inline constexpr bool IsLargePayloadEvent(uint16_t type) {
  return type == 322 || type == 324 || type == 402;
}

// One parameter's raw bytes. An empty span means "not available" for every type.
struct ParamBytes {
  const uint8_t* data = nullptr;
  uint32_t size = 0;

  bool empty() const { return size == 0; }
  std::string_view AsStringView() const { return {reinterpret_cast<const char*>(data), size}; }
};

// View of a record that has been validated by Parse(): every parameter lies inside the record.
// Borrows the bytes; they must outlive the view. Thread-compatible.
class RecordView {
 public:
  static constexpr uint32_t kMaxParams = 32;

  // Validates `bytes` as one record. Returns false (and leaves the view empty) when the header or
  // the parameter table runs past `size`, or when the record has more than kMaxParams parameters.
  bool Parse(const uint8_t* bytes, size_t size) {
    nparams_ = 0;
    if (size < PG_SCAP_EVENT_HEADER_SIZE) return false;
    std::memcpy(&header_, bytes, PG_SCAP_EVENT_HEADER_SIZE);
    if (header_.len < PG_SCAP_EVENT_HEADER_SIZE || header_.len > size) return false;
    if (header_.nparams > kMaxParams) return false;
    const uint32_t width = IsLargePayloadEvent(header_.type) ? 4 : 2;
    uint64_t offset = PG_SCAP_EVENT_HEADER_SIZE + uint64_t{header_.nparams} * width;
    if (offset > header_.len) return false;
    const uint8_t* lengths = bytes + PG_SCAP_EVENT_HEADER_SIZE;
    for (uint32_t i = 0; i < header_.nparams; ++i) {
      uint32_t len = 0;
      if (width == 2) {
        uint16_t len16;
        std::memcpy(&len16, lengths + 2 * i, 2);
        len = len16;
      } else {
        std::memcpy(&len, lengths + 4 * i, 4);
      }
      if (offset + len > header_.len) return false;
      params_[i] = ParamBytes{bytes + offset, len};
      offset += len;
    }
    nparams_ = header_.nparams;
    bytes_ = bytes;
    return true;
  }

  uint64_t ts() const { return header_.ts; }
  uint64_t tid() const { return header_.tid; }
  uint16_t type() const { return header_.type; }
  uint32_t length() const { return header_.len; }
  uint32_t nparams() const { return nparams_; }
  const uint8_t* bytes() const { return bytes_; }

  // Parameter `i`, or an empty span when the record has fewer parameters (older writers).
  ParamBytes param(uint32_t i) const { return i < nparams_ ? params_[i] : ParamBytes{}; }

 private:
  pg_scap_event_header header_{};
  const uint8_t* bytes_ = nullptr;
  uint32_t nparams_ = 0;
  ParamBytes params_[kMaxParams];
};

}  // namespace peregrine::probe

#endif  // PEREGRINE_PROBE_ABI_RECORD_VIEW_H_
