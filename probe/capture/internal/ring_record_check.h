// Validation of one ring record (pg_ring_prefix, optional pg_proc_ctx, scap event record), shared
// by the capture writer and reader. Private to probe/capture/.
#ifndef PEREGRINE_PROBE_CAPTURE_INTERNAL_RING_RECORD_CHECK_H_
#define PEREGRINE_PROBE_CAPTURE_INTERNAL_RING_RECORD_CHECK_H_

#include <cstddef>
#include <cstdint>
#include <string>

#include "absl/strings/str_cat.h"
#include "probe/abi/proc_ctx.h"
#include "probe/abi/record_view.h"
#include "probe/abi/scap_record.h"

namespace peregrine::probe::capture::internal {

// True when `size` bytes at `data` are exactly one well-formed ring record: the prefix length
// equals `size`, the context flag and size agree, and the scap record's own length equals what
// is left and its parameter table fits. Otherwise false with the reason in `why`.
inline bool CheckRingRecord(const uint8_t* data, size_t size, std::string* why) {
  if (size < sizeof(pg_ring_prefix)) {
    *why = absl::StrCat("record of ", size, " bytes is shorter than its 8-byte prefix");
    return false;
  }
  pg_ring_prefix prefix;
  std::memcpy(&prefix, data, sizeof(prefix));
  if (prefix.len != size) {
    *why = absl::StrCat("prefix length ", prefix.len, " differs from the record size ", size);
    return false;
  }
  if (prefix.flags & ~uint16_t{PG_RING_HAS_CTX}) {
    *why = absl::StrCat("unknown prefix flags 0x", absl::Hex(prefix.flags));
    return false;
  }
  size_t offset = sizeof(prefix);
  const bool has_ctx = (prefix.flags & PG_RING_HAS_CTX) != 0;
  if (prefix.ctx_size != (has_ctx ? PG_PROC_CTX_SIZE : 0)) {
    *why = absl::StrCat("context size ", prefix.ctx_size, " does not match the context flag");
    return false;
  }
  offset += prefix.ctx_size;
  if (size < offset + PG_SCAP_EVENT_HEADER_SIZE) {
    *why = absl::StrCat("record of ", size, " bytes has no room for its event header");
    return false;
  }
  pg_scap_event_header header;
  std::memcpy(&header, data + offset, sizeof(header));
  if (header.len != size - offset) {
    *why = absl::StrCat("event length ", header.len, " differs from the ", size - offset,
                        " bytes after the prefix");
    return false;
  }
  RecordView view;
  if (!view.Parse(data + offset, size - offset)) {
    *why = absl::StrCat("event of type ", header.type, " with ", header.nparams,
                        " parameters has a parameter table that overruns it");
    return false;
  }
  return true;
}

}  // namespace peregrine::probe::capture::internal

#endif  // PEREGRINE_PROBE_CAPTURE_INTERNAL_RING_RECORD_CHECK_H_
