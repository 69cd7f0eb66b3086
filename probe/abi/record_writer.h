// RecordWriter: builds one event record in the scap layout (scap_record.h) parameter by
// parameter; the writing twin of RecordView. Used by the synthetic workload generator and tests.
#ifndef PEREGRINE_PROBE_ABI_RECORD_WRITER_H_
#define PEREGRINE_PROBE_ABI_RECORD_WRITER_H_

#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

#include "probe/abi/record_view.h"

namespace peregrine::probe {

// Parameters are appended in wire order; Finish() lays out the header, the length array (u16,
// or u32 for the large event codes) and the values. Reusable: Begin() starts the next record and
// keeps the buffers, so steady-state use does not allocate. Thread-compatible.
class RecordWriter {
 public:
  RecordWriter() = default;
  RecordWriter(uint16_t type, uint64_t tid, uint64_t ts) { Begin(type, tid, ts); }

  void Begin(uint16_t type, uint64_t tid, uint64_t ts) {
    type_ = type;
    tid_ = tid;
    ts_ = ts;
    lengths_.clear();
    values_.clear();
  }

  RecordWriter& Raw(std::string_view bytes) {
    lengths_.push_back(static_cast<uint32_t>(bytes.size()));
    values_.append(bytes);
    return *this;
  }
  // An empty parameter: "not available" for every type.
  RecordWriter& Empty() { return Raw({}); }
  template <typename T>
  RecordWriter& Fixed(T v) {
    char b[sizeof(T)];
    std::memcpy(b, &v, sizeof(T));
    return Raw(std::string_view(b, sizeof(T)));
  }
  RecordWriter& I64(int64_t v) { return Fixed(v); }
  RecordWriter& I32(int32_t v) { return Fixed(v); }
  RecordWriter& U64(uint64_t v) { return Fixed(v); }
  RecordWriter& U32(uint32_t v) { return Fixed(v); }
  RecordWriter& U16(uint16_t v) { return Fixed(v); }
  RecordWriter& U8(uint8_t v) { return Fixed(v); }
  // A CHARBUF/FSPATH value: the text and its terminating NUL.
  RecordWriter& Str(std::string_view s) {
    lengths_.push_back(static_cast<uint32_t>(s.size() + 1));
    values_.append(s);
    values_.push_back('\0');
    return *this;
  }
  // A NUL-separated list with a final NUL (args, env, cgroups).
  template <typename Items>
  RecordWriter& List(const Items& items) {
    uint32_t len = 0;
    for (const auto& item : items) {
      values_.append(std::string_view(item));
      values_.push_back('\0');
      len += static_cast<uint32_t>(std::string_view(item).size() + 1);
    }
    lengths_.push_back(len);
    return *this;
  }
  // An AF_INET SOCKTUPLE: family, source address and port, destination address and port.
  // Addresses in network byte order, ports in host byte order.
  RecordWriter& Inet4Tuple(const uint8_t sip[4], uint16_t sport, const uint8_t dip[4],
                           uint16_t dport) {
    char b[13];
    b[0] = 2;
    std::memcpy(b + 1, sip, 4);
    std::memcpy(b + 5, &sport, 2);
    std::memcpy(b + 7, dip, 4);
    std::memcpy(b + 11, &dport, 2);
    return Raw(std::string_view(b, sizeof(b)));
  }
  // An AF_INET SOCKADDR.
  RecordWriter& Inet4Addr(const uint8_t ip[4], uint16_t port) {
    char b[7];
    b[0] = 2;
    std::memcpy(b + 1, ip, 4);
    std::memcpy(b + 5, &port, 2);
    return Raw(std::string_view(b, sizeof(b)));
  }

  uint32_t nparams() const { return static_cast<uint32_t>(lengths_.size()); }
  // The length of the finished record, header included.
  uint32_t size() const {
    const uint32_t width = IsLargePayloadEvent(type_) ? 4 : 2;
    return PG_SCAP_EVENT_HEADER_SIZE + width * nparams() + static_cast<uint32_t>(values_.size());
  }

  // Writes the record into `out` (replacing its contents).
  void Finish(std::vector<uint8_t>* out) const {
    const bool large = IsLargePayloadEvent(type_);
    const uint32_t len = size();
    out->resize(len);
    uint8_t* d = out->data();
    const uint32_t nparams = this->nparams();
    std::memcpy(d, &ts_, 8);
    std::memcpy(d + 8, &tid_, 8);
    std::memcpy(d + 16, &len, 4);
    std::memcpy(d + 20, &type_, 2);
    std::memcpy(d + 22, &nparams, 4);
    size_t off = PG_SCAP_EVENT_HEADER_SIZE;
    for (uint32_t l : lengths_) {
      if (large) {
        std::memcpy(d + off, &l, 4);
        off += 4;
      } else {
        const uint16_t l16 = static_cast<uint16_t>(l);
        std::memcpy(d + off, &l16, 2);
        off += 2;
      }
    }
    if (!values_.empty()) std::memcpy(d + off, values_.data(), values_.size());
  }

 private:
  uint16_t type_ = 0;
  uint64_t tid_ = 0;
  uint64_t ts_ = 0;
  std::vector<uint32_t> lengths_;
  std::string values_;
};

}  // namespace peregrine::probe

#endif  // PEREGRINE_PROBE_ABI_RECORD_WRITER_H_
