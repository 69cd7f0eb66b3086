// Parameter encodings (scap-format §12).
#include "probe/capture/scap/param_decoder.h"

#include <cstring>

namespace peregrine::probe::scap {

using catalog::ParamType;

int64_t FdListView::fd(uint16_t i) const {
  int64_t v;
  std::memcpy(&v, data + 10 * size_t{i}, 8);
  return v;
}

int16_t FdListView::flags(uint16_t i) const {
  int16_t v;
  std::memcpy(&v, data + 10 * size_t{i} + 8, 2);
  return v;
}

ParamStatus DecodeInteger(ParamBytes bytes, int width, bool is_signed, int64_t* i, uint64_t* u) {
  if (bytes.size == 0) return ParamStatus::kEmpty;
  if (bytes.size != static_cast<uint32_t>(width)) return ParamStatus::kMalformed;
  uint64_t v = 0;
  std::memcpy(&v, bytes.data, width);  // little-endian host (§1, §5)
  *u = v;
  if (is_signed && width < 8) {
    const int shift = 64 - 8 * width;
    *i = static_cast<int64_t>(v << shift) >> shift;
  } else {
    *i = static_cast<int64_t>(v);
  }
  return ParamStatus::kOk;
}

ParamStatus DecodeString(ParamBytes bytes, std::string_view* out) {
  if (bytes.size == 0) return ParamStatus::kEmpty;
  std::string_view s = bytes.AsStringView();
  size_t nul = s.find('\0');
  if (nul == std::string_view::npos) {
    *out = s;  // usable, but the writer always terminates strings
    return ParamStatus::kMalformed;
  }
  *out = s.substr(0, nul);
  if (*out == "(NULL)") {  // legacy writers' spelling of "no value"
    *out = {};
    return ParamStatus::kEmpty;
  }
  return ParamStatus::kOk;
}

namespace {

// The text after a fixed prefix, up to the first NUL (or the end).
std::string_view CString(const uint8_t* p, size_t n) {
  std::string_view s(reinterpret_cast<const char*>(p), n);
  size_t nul = s.find('\0');
  return nul == std::string_view::npos ? s : s.substr(0, nul);
}

}  // namespace

ParamStatus DecodeSockAddr(ParamBytes bytes, SockAddr* out) {
  *out = SockAddr{};
  if (bytes.size == 0) return ParamStatus::kEmpty;
  const uint8_t* p = bytes.data;
  out->family = p[0];
  switch (out->family) {
    case kPpmAfInet:
      if (bytes.size != 7) return ParamStatus::kMalformed;
      std::memcpy(out->addr.data(), p + 1, 4);
      std::memcpy(&out->port, p + 5, 2);
      return ParamStatus::kOk;
    case kPpmAfInet6:
      if (bytes.size != 19) return ParamStatus::kMalformed;
      std::memcpy(out->addr.data(), p + 1, 16);
      std::memcpy(&out->port, p + 17, 2);
      return ParamStatus::kOk;
    case kPpmAfUnix:
      out->unix_path = CString(p + 1, bytes.size - 1);
      return ParamStatus::kOk;
    default:
      return ParamStatus::kOk;  // other families carry no address we decode
  }
}

ParamStatus DecodeSockTuple(ParamBytes bytes, SockTuple* out) {
  *out = SockTuple{};
  if (bytes.size == 0) return ParamStatus::kEmpty;
  const uint8_t* p = bytes.data;
  out->family = p[0];
  switch (out->family) {
    case kPpmAfInet:
      if (bytes.size != 13) return ParamStatus::kMalformed;
      std::memcpy(out->src_addr.data(), p + 1, 4);
      std::memcpy(&out->src_port, p + 5, 2);
      std::memcpy(out->dst_addr.data(), p + 7, 4);
      std::memcpy(&out->dst_port, p + 11, 2);
      return ParamStatus::kOk;
    case kPpmAfInet6:
      if (bytes.size != 37) return ParamStatus::kMalformed;
      std::memcpy(out->src_addr.data(), p + 1, 16);
      std::memcpy(&out->src_port, p + 17, 2);
      std::memcpy(out->dst_addr.data(), p + 19, 16);
      std::memcpy(&out->dst_port, p + 35, 2);
      return ParamStatus::kOk;
    case kPpmAfUnix:
      if (bytes.size < 17) return ParamStatus::kMalformed;
      std::memcpy(&out->src_endpoint, p + 1, 8);
      std::memcpy(&out->dst_endpoint, p + 9, 8);
      out->unix_path = CString(p + 17, bytes.size - 17);
      return ParamStatus::kOk;
    default:
      return ParamStatus::kOk;
  }
}

ParamStatus DecodeFdList(ParamBytes bytes, FdListView* out) {
  *out = FdListView{};
  if (bytes.size == 0) return ParamStatus::kEmpty;
  if (bytes.size < 2) return ParamStatus::kMalformed;
  uint16_t count;
  std::memcpy(&count, bytes.data, 2);
  if (bytes.size != 2 + 10 * uint32_t{count}) return ParamStatus::kMalformed;
  out->data = bytes.data + 2;
  out->count = count;
  return ParamStatus::kOk;
}

namespace {

bool IsSignedType(ParamType type) {
  switch (type) {
    case ParamType::kInt8:
    case ParamType::kInt16:
    case ParamType::kInt32:
    case ParamType::kInt64:
    case ParamType::kErrno:
    case ParamType::kFd:
    case ParamType::kPid:
    case ParamType::kFd32:
    case ParamType::kPid32:
      return true;
    default:
      return false;
  }
}

}  // namespace

void DecodeParamInto(ParamType type, ParamBytes bytes, absl::Span<const ParamType> dyn_types,
                     ParamValue* v) {
  v->status = ParamStatus::kEmpty;
  v->type = type;
  v->dyn_index = 0;
  v->raw = bytes.AsStringView();
  v->i = 0;
  v->u = 0;
  v->d = 0;
  v->str = {};
  if (bytes.size == 0) return;  // kEmpty for every type (§11.4)
  if (type == ParamType::kDyn) {
    const uint8_t index = bytes.data[0];
    if (index >= dyn_types.size() || dyn_types[index] == ParamType::kDyn) {
      v->status = ParamStatus::kMalformed;
      return;
    }
    DecodeParamInto(dyn_types[index], ParamBytes{bytes.data + 1, bytes.size - 1}, {}, v);
    v->dyn_index = index;
    // An index with no value behind it is malformed for fixed-width types, and an empty (but
    // present) buffer for variable-width ones.
    if (v->status == ParamStatus::kEmpty) {
      v->status = catalog::FixedWidth(v->type) > 0 ? ParamStatus::kMalformed : ParamStatus::kOk;
    }
    return;
  }
  if (const int width = catalog::FixedWidth(type); width > 0) {
    if (width == 16) {  // IPV6ADDR: bytes only
      v->status = bytes.size == 16 ? ParamStatus::kOk : ParamStatus::kMalformed;
      return;
    }
    v->status = DecodeInteger(bytes, width, IsSignedType(type), &v->i, &v->u);
    if (type == ParamType::kDouble && v->ok()) std::memcpy(&v->d, bytes.data, 8);
    return;
  }
  switch (type) {
    case ParamType::kCharBuf:
    case ParamType::kFsPath:
    case ParamType::kFsRelPath:
      v->status = DecodeString(bytes, &v->str);
      return;
    case ParamType::kSockAddr:
      v->status = DecodeSockAddr(bytes, &v->sockaddr);
      return;
    case ParamType::kSockTuple:
      v->status = DecodeSockTuple(bytes, &v->socktuple);
      return;
    case ParamType::kFdList:
      v->status = DecodeFdList(bytes, &v->fdlist);
      return;
    default:
      // BYTEBUF, CHARBUFARRAY, CHARBUF_PAIR_ARRAY and the filter-only types: raw bytes.
      v->status = ParamStatus::kOk;
      v->str = v->raw;
      return;
  }
}

ParamValue DecodeParam(ParamType type, ParamBytes bytes, absl::Span<const ParamType> dyn_types) {
  ParamValue v;
  DecodeParamInto(type, bytes, dyn_types, &v);
  return v;
}

int DecodeEventParams(const RecordView& record, ParamValue* out, DecodeStats* stats) {
  if (record.type() >= catalog::kNumEventCodes) return -1;
  const catalog::EventInfo& info = catalog::GetEventInfo(record.type());
  const int count = static_cast<int>(std::min<size_t>(info.params.size(), RecordView::kMaxParams));
  for (int i = 0; i < count; ++i) {
    const catalog::ParamInfo& p = info.params[i];
    DecodeParamInto(p.type, record.param(static_cast<uint32_t>(i)), p.dyn_types, &out[i]);
    if (stats != nullptr) {
      ++stats->params;
      if (out[i].status == ParamStatus::kEmpty) ++stats->empty;
      if (out[i].status == ParamStatus::kMalformed) ++stats->malformed;
    }
  }
  if (stats != nullptr && record.nparams() > static_cast<uint32_t>(count)) {
    stats->extra += record.nparams() - count;
  }
  return count;
}

}  // namespace peregrine::probe::scap
