// A bounds-checked little-endian reader over one block body. Private to probe/capture/scap.
#ifndef PEREGRINE_PROBE_CAPTURE_SCAP_INTERNAL_BODY_CURSOR_H_
#define PEREGRINE_PROBE_CAPTURE_SCAP_INTERNAL_BODY_CURSOR_H_

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>
#include <vector>

namespace peregrine::probe::scap::internal {

// Reads fixed-width fields and length-prefixed strings from [data, data + size). Every getter
// returns false, and leaves the output untouched, when the field does not fit. Borrows the bytes.
// Thread-compatible.
class BodyCursor {
 public:
  BodyCursor(const uint8_t* data, size_t size) : data_(data), size_(size) {}

  size_t pos() const { return pos_; }
  size_t size() const { return size_; }
  size_t remaining() const { return size_ - pos_; }
  const uint8_t* here() const { return data_ + pos_; }

  bool Skip(size_t n) {
    if (n > remaining()) return false;
    pos_ += n;
    return true;
  }
  bool Seek(size_t pos) {
    if (pos > size_) return false;
    pos_ = pos;
    return true;
  }

  template <typename T>
  bool Get(T* out) {
    if (sizeof(T) > remaining()) return false;
    std::memcpy(out, data_ + pos_, sizeof(T));
    pos_ += sizeof(T);
    return true;
  }
  bool U8(uint8_t* out) { return Get(out); }
  bool U16(uint16_t* out) { return Get(out); }
  bool U32(uint32_t* out) { return Get(out); }
  bool U64(uint64_t* out) { return Get(out); }
  bool I64(int64_t* out) { return Get(out); }
  bool Bool8(bool* out) {
    uint8_t v;
    if (!U8(&v)) return false;
    *out = v != 0;
    return true;
  }

  bool Bytes(void* out, size_t n) {
    if (n > remaining()) return false;
    std::memcpy(out, data_ + pos_, n);
    pos_ += n;
    return true;
  }

  // `str16`: a u16 byte count then that many bytes. Fails when the count exceeds `max_len`.
  bool Str16(std::string* out, size_t max_len) {
    uint16_t n;
    if (!Get(&n) || n > max_len || n > remaining()) return false;
    out->assign(reinterpret_cast<const char*>(data_ + pos_), n);
    pos_ += n;
    return true;
  }

  // `strlist16`: a str16 whose bytes are NUL-separated strings; one trailing empty element is
  // dropped (§1).
  bool StrList16(std::vector<std::string>* out, size_t max_len) {
    std::string raw;
    if (!Str16(&raw, max_len)) return false;
    SplitNulList(raw, out);
    return true;
  }

  static void SplitNulList(const std::string& raw, std::vector<std::string>* out) {
    out->clear();
    if (raw.empty()) return;
    size_t start = 0;
    while (true) {
      size_t nul = raw.find('\0', start);
      if (nul == std::string::npos) {
        // No final NUL: the last element runs to the end (and is non-empty here).
        out->push_back(raw.substr(start));
        return;
      }
      out->push_back(raw.substr(start, nul - start));
      start = nul + 1;
      if (start == raw.size()) return;  // the trailing empty element is dropped
    }
  }

 private:
  const uint8_t* data_;
  size_t size_;
  size_t pos_ = 0;
};

}  // namespace peregrine::probe::scap::internal

#endif  // PEREGRINE_PROBE_CAPTURE_SCAP_INTERNAL_BODY_CURSOR_H_
