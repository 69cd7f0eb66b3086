// Little-endian encoding of capture fields: an appender for the writer and a bounds-checked
// cursor for the reader. Private to probe/capture/.
#ifndef PEREGRINE_PROBE_CAPTURE_INTERNAL_BYTE_CODEC_H_
#define PEREGRINE_PROBE_CAPTURE_INTERNAL_BYTE_CODEC_H_

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>
#include <type_traits>
#include <vector>

namespace peregrine::probe::capture::internal {

// Appends fields to a byte string. The host is little-endian (x86_64), as the format.
class ByteAppender {
 public:
  explicit ByteAppender(std::string* out) : out_(*out) {}

  template <typename T>
  void Put(T v) {
    static_assert(std::is_integral_v<T>);
    out_.append(reinterpret_cast<const char*>(&v), sizeof(v));
  }
  void PutString(const std::string& s) {
    Put<uint32_t>(static_cast<uint32_t>(s.size()));
    out_.append(s);
  }
  void PutStrings(const std::vector<std::string>& v) {
    Put<uint32_t>(static_cast<uint32_t>(v.size()));
    for (const std::string& s : v) PutString(s);
  }

 private:
  std::string& out_;
};

// Reads fields from [data, data + size). Every Get fails (returns false, and the cursor stays
// failed) instead of reading past the end; `failed_at()` is the offset of the field that did not
// fit, relative to `data`.
class ByteCursor {
 public:
  ByteCursor(const uint8_t* data, size_t size) : data_(data), size_(size) {}

  template <typename T>
  bool Get(T* v) {
    static_assert(std::is_integral_v<T>);
    if (!Need(sizeof(T))) return false;
    std::memcpy(v, data_ + pos_, sizeof(T));
    pos_ += sizeof(T);
    return true;
  }
  bool GetString(std::string* s, uint32_t max_len) {
    uint32_t len = 0;
    const size_t at = pos_;
    if (!Get(&len)) return false;
    if (len > max_len || !Need(len)) return Fail(at);
    s->assign(reinterpret_cast<const char*>(data_ + pos_), len);
    pos_ += len;
    return true;
  }
  bool GetStrings(std::vector<std::string>* v, uint32_t max_count, uint32_t max_len) {
    uint32_t n = 0;
    const size_t at = pos_;
    if (!Get(&n)) return false;
    // Each string needs at least its 4-byte length: a count beyond that is corrupt.
    if (n > max_count || n > remaining() / 4) return Fail(at);
    v->clear();
    v->reserve(n);
    for (uint32_t i = 0; i < n; ++i) {
      v->emplace_back();
      if (!GetString(&v->back(), max_len)) return false;
    }
    return true;
  }

  size_t pos() const { return pos_; }
  size_t remaining() const { return size_ - pos_; }
  bool failed() const { return failed_; }
  size_t failed_at() const { return failed_at_; }

 private:
  bool Need(size_t n) {
    if (failed_) return false;
    if (n > size_ - pos_) return Fail(pos_);
    return true;
  }
  bool Fail(size_t at) {
    if (!failed_) {
      failed_ = true;
      failed_at_ = at;
    }
    return false;
  }

  const uint8_t* data_;
  size_t size_;
  size_t pos_ = 0;
  bool failed_ = false;
  size_t failed_at_ = 0;
};

}  // namespace peregrine::probe::capture::internal

#endif  // PEREGRINE_PROBE_CAPTURE_INTERNAL_BYTE_CODEC_H_
