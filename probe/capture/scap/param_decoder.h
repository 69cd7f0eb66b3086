// Typed decoding of event parameters (scap-format §12): one small decoder per PT_ type, and an
// event-level decoder that applies the Appendix A layout and the count tolerance of §11.4.
//
// Decoding never allocates and never fails: a parameter of length 0 is kEmpty, a value whose
// length does not fit its type is kMalformed (callers treat it as empty and count it). Decoded
// strings and byte buffers borrow the record's bytes. All functions are thread-safe.
#ifndef PEREGRINE_PROBE_CAPTURE_SCAP_PARAM_DECODER_H_
#define PEREGRINE_PROBE_CAPTURE_SCAP_PARAM_DECODER_H_

#include <array>
#include <cstdint>
#include <string_view>

#include "absl/types/span.h"
#include "probe/abi/record_view.h"
#include "runtime/catalog/event_table.h"

namespace peregrine::probe::scap {

enum class ParamStatus : uint8_t {
  kOk,
  kEmpty,      // length 0 (or the legacy "(NULL)" string): value not available
  kMalformed,  // length wrong for the type, bad DYN index, bad family layout, no NUL in a string
};

// PPM socket families that carry addresses (Appendix B socket_families).
inline constexpr uint8_t kPpmAfUnix = 1;
inline constexpr uint8_t kPpmAfInet = 2;
inline constexpr uint8_t kPpmAfInet6 = 10;

// PT_SOCKADDR (12).
struct SockAddr {
  uint8_t family = 0;              // PPM family
  std::array<uint8_t, 16> addr{};  // network-order bytes; IPv4 in the first 4
  uint16_t port = 0;               // host order
  std::string_view unix_path;      // AF_UNIX only, without the NUL
};

// PT_SOCKTUPLE (13). Direction as written by the driver (§12.1).
struct SockTuple {
  uint8_t family = 0;
  std::array<uint8_t, 16> src_addr{};
  std::array<uint8_t, 16> dst_addr{};
  uint16_t src_port = 0;
  uint16_t dst_port = 0;
  uint64_t src_endpoint = 0;  // AF_UNIX: opaque kernel endpoint ids
  uint64_t dst_endpoint = 0;
  std::string_view unix_path;  // AF_UNIX: bound path, possibly empty
};

// PT_FDLIST (16): `count` items of (i64 fd, i16 PPM poll flags).
struct FdListView {
  const uint8_t* data = nullptr;  // first item
  uint16_t count = 0;

  int64_t fd(uint16_t i) const;
  int16_t flags(uint16_t i) const;
};

// One decoded parameter. Which members are meaningful depends on `type` (for DYN: the selected
// type) and `status`; `raw` always holds the parameter's bytes (after the DYN index byte).
struct ParamValue {
  ParamStatus status = ParamStatus::kEmpty;
  catalog::ParamType type = catalog::ParamType::kNone;
  uint8_t dyn_index = 0;  // DYN parameters only
  std::string_view raw;
  int64_t i = 0;   // signed integer types (INT*, ERRNO, FD, PID, FD32, PID32), sign-extended
  uint64_t u = 0;  // every fixed-width integer type, zero-extended (also set for signed types)
  double d = 0;    // DOUBLE
  std::string_view str;  // CHARBUF/FSPATH/FSRELPATH without the NUL; BYTEBUF and lists: raw
  SockAddr sockaddr;
  SockTuple socktuple;
  FdListView fdlist;

  bool ok() const { return status == ParamStatus::kOk; }
};

// Decodes one parameter of `type`. `dyn_types` is the per-parameter DYN type list (Appendix A).
ParamValue DecodeParam(catalog::ParamType type, ParamBytes bytes,
                       absl::Span<const catalog::ParamType> dyn_types = {});
// The same into an existing value (the hot path: no 170-byte temporary). The scalar members and
// `str` are reset; `sockaddr`, `socktuple` and `fdlist` are rewritten only for their own types
// and otherwise keep what an earlier decode left there.
void DecodeParamInto(catalog::ParamType type, ParamBytes bytes,
                     absl::Span<const catalog::ParamType> dyn_types, ParamValue* out);

// Individual decoders, for callers that know the type statically.
ParamStatus DecodeInteger(ParamBytes bytes, int width, bool is_signed, int64_t* i, uint64_t* u);
ParamStatus DecodeString(ParamBytes bytes, std::string_view* out);  // CHARBUF, FSPATH, FSRELPATH
ParamStatus DecodeSockAddr(ParamBytes bytes, SockAddr* out);
ParamStatus DecodeSockTuple(ParamBytes bytes, SockTuple* out);
ParamStatus DecodeFdList(ParamBytes bytes, FdListView* out);

// Calls `fn(std::string_view)` for each element of a NUL-separated string list (args, env,
// cgroups: BYTEBUF / CHARBUFARRAY), dropping one trailing empty element (§1).
template <typename Fn>
void ForEachListString(std::string_view list, Fn&& fn) {
  size_t start = 0;
  while (start < list.size()) {
    size_t nul = list.find('\0', start);
    if (nul == std::string_view::npos) {
      fn(list.substr(start));
      return;
    }
    fn(list.substr(start, nul - start));
    start = nul + 1;
  }
}

struct DecodeStats {
  uint64_t params = 0;     // parameters decoded (table positions, present or not)
  uint64_t empty = 0;      // of which empty (length 0, or absent because nparams was smaller)
  uint64_t malformed = 0;  // of which malformed
  uint64_t extra = 0;      // parameters beyond the table's count, ignored (§11.4)
};

// Decodes every parameter of `record` by the Appendix A layout of its code into `out` (which must
// have room for RecordView::kMaxParams values), following §11.4: min(nparams, table count) are
// decoded by position, missing trailing ones are empty, extra ones are ignored. Returns the
// table's parameter count, or -1 when the code is not in the table (nothing decoded).
int DecodeEventParams(const RecordView& record, ParamValue* out, DecodeStats* stats = nullptr);

}  // namespace peregrine::probe::scap

#endif  // PEREGRINE_PROBE_CAPTURE_SCAP_PARAM_DECODER_H_
