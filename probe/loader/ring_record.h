// Splits one ring record (pg_ring_prefix, optional pg_proc_ctx, scap event record) into parts.
#ifndef PEREGRINE_PROBE_LOADER_RING_RECORD_H_
#define PEREGRINE_PROBE_LOADER_RING_RECORD_H_

#include <cstddef>
#include <cstdint>
#include <cstring>

#include "probe/abi/proc_ctx.h"
#include "probe/abi/scap_record.h"

namespace peregrine::probe {

// Borrowed views into one ring record; valid only while the bytes are (inside the callback).
struct RingRecord {
  int ring = 0;                      // ring (= CPU) the record was read from
  const pg_proc_ctx* ctx = nullptr;  // nullable: records without a context
  const uint8_t* event = nullptr;    // the scap event record (see RecordView)
  uint32_t event_size = 0;
  const uint8_t* raw = nullptr;  // the whole ring record, prefix first (what captures store)
  uint32_t raw_size = 0;
};

// Fills `out` from `size` bytes at `data`. False when the prefix, context size or lengths are
// inconsistent with `size` (a truncated or foreign record).
inline bool ParseRingRecord(const void* data, size_t size, int ring, RingRecord* out) {
  if (size < sizeof(pg_ring_prefix)) return false;
  pg_ring_prefix prefix;
  std::memcpy(&prefix, data, sizeof(prefix));
  if (prefix.len < sizeof(prefix) || prefix.len > size) return false;
  const auto* bytes = static_cast<const uint8_t*>(data);
  size_t offset = sizeof(prefix);
  out->ring = ring;
  out->ctx = nullptr;
  if (prefix.flags & PG_RING_HAS_CTX) {
    if (prefix.ctx_size != sizeof(pg_proc_ctx) || offset + sizeof(pg_proc_ctx) > prefix.len) {
      return false;
    }
    // The ring hands out 8-byte aligned records, and the prefix is 8 bytes.
    out->ctx = reinterpret_cast<const pg_proc_ctx*>(bytes + offset);
    offset += sizeof(pg_proc_ctx);
  } else if (prefix.ctx_size != 0) {
    return false;
  }
  if (prefix.len - offset < PG_SCAP_EVENT_HEADER_SIZE) return false;
  out->event = bytes + offset;
  out->event_size = prefix.len - offset;
  out->raw = bytes;
  out->raw_size = prefix.len;
  return true;
}

}  // namespace peregrine::probe

#endif  // PEREGRINE_PROBE_LOADER_RING_RECORD_H_
