// One event as read from a capture: the record plus its block's cpu and dump flags (§11.1).
#ifndef PEREGRINE_PROBE_CAPTURE_SCAP_SCAP_EVENT_H_
#define PEREGRINE_PROBE_CAPTURE_SCAP_SCAP_EVENT_H_

#include <cstdint>

#include "probe/abi/record_view.h"
#include "probe/capture/scap/block_types.h"

namespace peregrine::probe::scap {

// The record view borrows the reader's buffer: it is valid until the next ScapReader::Next().
struct ScapEvent {
  RecordView record;
  uint16_t cpu = 0;           // cpu or ring-buffer index; 0 for synthetic events
  uint32_t dump_flags = 0;    // 0 for blocks without flags
  uint32_t block_type = 0;    // as stored (aliases not mapped)
  uint64_t block_offset = 0;  // offset of the block in the inflated stream
  uint32_t section = 0;       // 0 for the first section; bumps when a new section header starts
  bool converted_v1 = false;  // read from a version-1 block and rewritten into the v2 layout

  // The event changes state but must not be evaluated by rules or output (§11.1).
  bool state_only() const { return (dump_flags & kDumpFlagStateOnly) != 0; }
};

}  // namespace peregrine::probe::scap

#endif  // PEREGRINE_PROBE_CAPTURE_SCAP_SCAP_EVENT_H_
