// Event block bodies (scap-format §11.1, §11.6): cpu, dump flags and the event record.
#ifndef PEREGRINE_PROBE_CAPTURE_SCAP_EVENT_BLOCK_H_
#define PEREGRINE_PROBE_CAPTURE_SCAP_EVENT_BLOCK_H_

#include <cstdint>
#include <vector>

#include "absl/status/statusor.h"
#include "probe/capture/scap/block_reader.h"
#include "probe/capture/scap/block_types.h"
#include "probe/capture/scap/scap_event.h"

namespace peregrine::probe::scap {

enum class EventBlockOutcome : uint8_t {
  kEvent,        // `out` holds a validated record
  kUnknownCode,  // code ≥ 454: skipped (§11.4)
  kUnusedCode,   // an Appendix A `unused` code: skipped
};

struct EventBlockStats {
  uint64_t large_mismatch = 0;  // block kind "large" disagrees with the event type's tag
};

// Parses the event block `block` of class `cls` (kind kEvent). Version-1 records are rewritten
// into the v2 layout in `scratch` (which `out->record` then borrows). Errors name the block's
// offset and type: record shorter than its header, `len` past the body, parameter lengths past
// `len`, more parameters than RecordView::kMaxParams, or a v1 record whose lengths match no
// parameter count.
absl::StatusOr<EventBlockOutcome> ParseEventBlock(const Block& block, const BlockClass& cls,
                                                  std::vector<uint8_t>* scratch, ScapEvent* out,
                                                  EventBlockStats* stats);

}  // namespace peregrine::probe::scap

#endif  // PEREGRINE_PROBE_CAPTURE_SCAP_EVENT_BLOCK_H_
