// Builds small .scap captures in memory for tests (blocks, metadata entries, event records).
#ifndef PEREGRINE_TESTS_PROBE_CAPTURE_CAPTURE_BUILDER_H_
#define PEREGRINE_TESTS_PROBE_CAPTURE_CAPTURE_BUILDER_H_

#include <zlib.h>

#include <cstdint>
#include <cstring>
#include <string>
#include <vector>

namespace peregrine::probe::scap::scap_test {

template <typename T>
std::string Le(T v) {
  std::string s(sizeof(T), '\0');
  std::memcpy(s.data(), &v, sizeof(T));
  return s;
}
inline std::string U8(uint8_t v) { return Le(v); }
inline std::string U16(uint16_t v) { return Le(v); }
inline std::string U32(uint32_t v) { return Le(v); }
inline std::string U64(uint64_t v) { return Le(v); }
inline std::string I64(int64_t v) { return Le(v); }
inline std::string Str16(const std::string& s) { return U16(static_cast<uint16_t>(s.size())) + s; }
// A NUL-terminated string parameter value.
inline std::string Cstr(const std::string& s) { return s + std::string(1, '\0'); }

// A framed block: header, body, zero padding to a multiple of 4, trailer.
inline std::string RawBlock(uint32_t type, const std::string& body) {
  uint32_t total = 12 + static_cast<uint32_t>(body.size());
  total = (total + 3) & ~3u;
  std::string out = U32(type) + U32(total) + body;
  out.append(total - 4 - out.size(), '\0');
  return out + U32(total);
}

inline std::string ShbBlock(uint32_t magic = 0x1A2B3C4D, uint16_t major = 1) {
  return RawBlock(0x0A0D0D0A, U32(magic) + U16(major) + U16(2) + U64(~0ull));
}

inline std::string MachineInfoBlock(uint32_t cpus, const std::string& host, uint64_t boot_ts) {
  std::string hostbuf = host;
  hostbuf.resize(128, '\0');
  return RawBlock(0x201, U32(cpus) + U64(1ull << 30) + U64(4194304) + hostbuf + U64(boot_ts) +
                             U64(0) + U64(0) + U64(0));
}

// An event record (v2 layout): 26-byte header, lengths (u16, or u32 when `large`), values.
inline std::string Record(uint16_t type, uint64_t ts, uint64_t tid,
                          const std::vector<std::string>& params, bool large = false) {
  std::string lens, values;
  for (const auto& p : params) {
    lens += large ? U32(static_cast<uint32_t>(p.size())) : U16(static_cast<uint16_t>(p.size()));
    values += p;
  }
  const uint32_t len = 26 + static_cast<uint32_t>(lens.size() + values.size());
  return U64(ts) + U64(tid) + U32(len) + U16(type) + U32(static_cast<uint32_t>(params.size())) +
         lens + values;
}

// An event block of type 0x216 (or `block_type`), with optional dump flags for 0x217/0x222.
inline std::string EventBlock(const std::string& record, uint16_t cpu = 0,
                              uint32_t block_type = 0x216, uint32_t flags = 0) {
  const bool with_flags = block_type == 0x217 || block_type == 0x222 || block_type == 0x208;
  return RawBlock(block_type, U16(cpu) + (with_flags ? U32(flags) : std::string()) + record);
}

// A v1 event record: 22-byte header without nparams (§11.6).
inline std::string RecordV1(uint16_t type, uint64_t ts, uint64_t tid,
                            const std::vector<std::string>& params) {
  std::string lens, values;
  for (const auto& p : params) {
    lens += U16(static_cast<uint16_t>(p.size()));
    values += p;
  }
  const uint32_t len = 22 + static_cast<uint32_t>(lens.size() + values.size());
  return U64(ts) + U64(tid) + U32(len) + U16(type) + lens + values;
}

// A close exit event (code 5): res, fd.
inline std::string CloseEvent(uint64_t ts, uint64_t tid, int64_t fd) {
  return EventBlock(Record(5, ts, tid, {I64(0), I64(fd)}));
}

// gzip-compresses `data` as one member.
inline std::string Gzip(const std::string& data) {
  z_stream zs;
  std::memset(&zs, 0, sizeof(zs));
  deflateInit2(&zs, Z_DEFAULT_COMPRESSION, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY);
  std::string out(deflateBound(&zs, data.size()) + 64, '\0');
  zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  zs.avail_in = static_cast<uInt>(data.size());
  zs.next_out = reinterpret_cast<Bytef*>(out.data());
  zs.avail_out = static_cast<uInt>(out.size());
  deflate(&zs, Z_FINISH);
  out.resize(zs.total_out);
  deflateEnd(&zs);
  return out;
}

// A minimal valid capture: section header, machine info, and `n` close events.
inline std::string MinimalCapture(int n) {
  std::string out = ShbBlock() + MachineInfoBlock(2, "host", 1000);
  for (int i = 0; i < n; ++i) out += CloseEvent(2000 + i, 100 + i % 3, 3 + i);
  return out;
}

}  // namespace peregrine::probe::scap::scap_test

#endif  // PEREGRINE_TESTS_PROBE_CAPTURE_CAPTURE_BUILDER_H_
