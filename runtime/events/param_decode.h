// Decoders for the scap parameter encodings (scap-format §12) over raw parameter bytes.
#ifndef PEREGRINE_RUNTIME_EVENTS_PARAM_DECODE_H_
#define PEREGRINE_RUNTIME_EVENTS_PARAM_DECODE_H_

#include <cstdint>
#include <cstring>
#include <string_view>

#include "probe/abi/record_view.h"

namespace peregrine::runtime {

// PPM socket families as stored in SOCKADDR/SOCKTUPLE parameters (Appendix B socket_families).
inline constexpr uint8_t kPpmAfUnix = 1;
inline constexpr uint8_t kPpmAfInet = 2;
inline constexpr uint8_t kPpmAfInet6 = 10;
inline constexpr uint8_t kPpmAfNetlink = 16;

// Sign-extends a 1/2/4/8-byte little-endian value. False when empty or of another width.
// Inline: it runs a few times per event (fd numbers, return values, flags).
inline bool DecodeSigned(probe::ParamBytes p, int64_t* out) {
  static_assert(__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__, "scap parameters are little-endian");
  switch (p.size) {
    case 1:
      *out = static_cast<int8_t>(p.data[0]);
      return true;
    case 2: {
      int16_t v;
      std::memcpy(&v, p.data, 2);
      *out = v;
      return true;
    }
    case 4: {
      int32_t v;
      std::memcpy(&v, p.data, 4);
      *out = v;
      return true;
    }
    case 8: {
      int64_t v;
      std::memcpy(&v, p.data, 8);
      *out = v;
      return true;
    }
    default:
      return false;
  }
}

// Zero-extends a 1/2/4/8-byte little-endian value. False when empty or of another width.
inline bool DecodeUnsigned(probe::ParamBytes p, uint64_t* out) {
  switch (p.size) {
    case 1:
      *out = p.data[0];
      return true;
    case 2: {
      uint16_t v;
      std::memcpy(&v, p.data, 2);
      *out = v;
      return true;
    }
    case 4: {
      uint32_t v;
      std::memcpy(&v, p.data, 4);
      *out = v;
      return true;
    }
    case 8: {
      uint64_t v;
      std::memcpy(&v, p.data, 8);
      *out = v;
      return true;
    }
    default:
      return false;
  }
}
// CHARBUF/FSPATH text up to the first NUL; the legacy "(NULL)" value and an empty parameter
// both give "".
std::string_view DecodeCharBuf(probe::ParamBytes p);

// An IP address in network byte order; IPv4 uses the first 4 bytes.
struct IpAddr {
  bool v6 = false;
  uint8_t bytes[16] = {};

  bool operator==(const IpAddr& o) const {
    return v6 == o.v6 && std::memcmp(bytes, o.bytes, v6 ? 16 : 4) == 0;
  }
  bool IsZero() const;
  // ::ffff:a.b.c.d
  bool IsV4Mapped() const;
  // The IPv4 address embedded in a mapped (or all-zero) IPv6 address.
  IpAddr MappedToV4() const;
};

// A decoded SOCKADDR parameter. `path` borrows the record.
struct SockAddr {
  uint8_t family = 0;
  IpAddr ip;
  uint16_t port = 0;
  std::string_view path;  // AF_UNIX
};

// A decoded SOCKTUPLE parameter. `path` borrows the record.
struct SockTuple {
  uint8_t family = 0;
  IpAddr sip;
  uint16_t sport = 0;
  IpAddr dip;
  uint16_t dport = 0;
  uint64_t unix_src = 0;  // AF_UNIX endpoint ids
  uint64_t unix_dst = 0;
  std::string_view path;
};

bool DecodeSockAddr(probe::ParamBytes p, SockAddr* out);
bool DecodeSockTuple(probe::ParamBytes p, SockTuple* out);

// Iterates the NUL-separated strings of a BYTEBUF list ("a\0b\0"); one trailing empty element is
// ignored (scap-format §1). Borrows the record.
class StrList {
 public:
  explicit StrList(probe::ParamBytes p) : data_(p.AsStringView()) {}
  explicit StrList(std::string_view data) : data_(data) {}

  bool empty() const { return data_.empty(); }
  std::string_view raw() const { return data_; }

  class Iterator {
   public:
    Iterator(std::string_view data, size_t pos) : data_(data), pos_(pos) { Find(); }
    std::string_view operator*() const { return data_.substr(pos_, end_ - pos_); }
    Iterator& operator++() {
      pos_ = end_ + 1;
      Find();
      return *this;
    }
    bool operator!=(const Iterator& o) const { return pos_ != o.pos_; }

   private:
    void Find() {
      if (pos_ >= data_.size()) {
        pos_ = data_.size();
        end_ = pos_;
        return;
      }
      size_t nul = data_.find('\0', pos_);
      end_ = nul == std::string_view::npos ? data_.size() : nul;
    }
    std::string_view data_;
    size_t pos_;
    size_t end_ = 0;
  };
  Iterator begin() const { return Iterator(data_, 0); }
  Iterator end() const { return Iterator(data_, data_.size()); }

 private:
  std::string_view data_;
};

}  // namespace peregrine::runtime

#endif  // PEREGRINE_RUNTIME_EVENTS_PARAM_DECODE_H_
