// Decoders for the scap parameter encodings (scap-format §12).
#include "runtime/events/param_decode.h"

namespace peregrine::runtime {
namespace {

uint64_t LoadLe(const uint8_t* p, uint32_t n) {
  uint64_t v = 0;
  for (uint32_t i = 0; i < n; ++i) v |= uint64_t{p[i]} << (8 * i);
  return v;
}

}  // namespace

std::string_view DecodeCharBuf(probe::ParamBytes p) {
  std::string_view s = p.AsStringView();
  size_t nul = s.find('\0');
  if (nul != std::string_view::npos) s = s.substr(0, nul);
  if (s == "(NULL)") return {};
  return s;
}

bool IpAddr::IsZero() const {
  for (int i = 0; i < (v6 ? 16 : 4); ++i) {
    if (bytes[i] != 0) return false;
  }
  return true;
}

bool IpAddr::IsV4Mapped() const {
  if (!v6) return false;
  for (int i = 0; i < 10; ++i) {
    if (bytes[i] != 0) return false;
  }
  return bytes[10] == 0xff && bytes[11] == 0xff;
}

IpAddr IpAddr::MappedToV4() const {
  IpAddr r;
  std::memcpy(r.bytes, bytes + 12, 4);
  return r;
}

bool DecodeSockAddr(probe::ParamBytes p, SockAddr* out) {
  *out = SockAddr{};
  if (p.size < 1) return false;
  out->family = p.data[0];
  switch (out->family) {
    case kPpmAfInet:
      if (p.size < 7) return false;
      std::memcpy(out->ip.bytes, p.data + 1, 4);
      out->port = static_cast<uint16_t>(LoadLe(p.data + 5, 2));
      return true;
    case kPpmAfInet6:
      if (p.size < 19) return false;
      out->ip.v6 = true;
      std::memcpy(out->ip.bytes, p.data + 1, 16);
      out->port = static_cast<uint16_t>(LoadLe(p.data + 17, 2));
      return true;
    case kPpmAfUnix: {
      std::string_view s(reinterpret_cast<const char*>(p.data + 1), p.size - 1);
      size_t nul = s.find('\0');
      out->path = nul == std::string_view::npos ? s : s.substr(0, nul);
      return true;
    }
    default:
      return true;
  }
}

bool DecodeSockTuple(probe::ParamBytes p, SockTuple* out) {
  *out = SockTuple{};
  if (p.size < 1) return false;
  out->family = p.data[0];
  switch (out->family) {
    case kPpmAfInet:
      if (p.size < 13) return false;
      std::memcpy(out->sip.bytes, p.data + 1, 4);
      out->sport = static_cast<uint16_t>(LoadLe(p.data + 5, 2));
      std::memcpy(out->dip.bytes, p.data + 7, 4);
      out->dport = static_cast<uint16_t>(LoadLe(p.data + 11, 2));
      return true;
    case kPpmAfInet6:
      if (p.size < 37) return false;
      out->sip.v6 = out->dip.v6 = true;
      std::memcpy(out->sip.bytes, p.data + 1, 16);
      out->sport = static_cast<uint16_t>(LoadLe(p.data + 17, 2));
      std::memcpy(out->dip.bytes, p.data + 19, 16);
      out->dport = static_cast<uint16_t>(LoadLe(p.data + 35, 2));
      return true;
    case kPpmAfUnix: {
      if (p.size < 17) return false;
      out->unix_src = LoadLe(p.data + 1, 8);
      out->unix_dst = LoadLe(p.data + 9, 8);
      std::string_view s(reinterpret_cast<const char*>(p.data + 17), p.size - 17);
      size_t nul = s.find('\0');
      out->path = nul == std::string_view::npos ? s : s.substr(0, nul);
      return true;
    }
    default:
      return false;
  }
}

}  // namespace peregrine::runtime
