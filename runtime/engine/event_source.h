// EventSource: where the engine's events come from (a .scap capture, our own capture format, and
// later the live probe), behind one small interface.
#ifndef PEREGRINE_RUNTIME_ENGINE_EVENT_SOURCE_H_
#define PEREGRINE_RUNTIME_ENGINE_EVENT_SOURCE_H_

#include <cstdint>
#include <string_view>

#include "absl/status/statusor.h"
#include "probe/abi/proc_ctx.h"
#include "probe/abi/record_view.h"
#include "runtime/events/kernel_context.h"
#include "runtime/state/state_tracker.h"

namespace peregrine::runtime {

// One event as a source hands it out. The pointers borrow the source's buffers and stay valid
// until its next Next() call.
struct SourceEvent {
  const probe::RecordView* record = nullptr;  // validated record, never null after Next()
  uint16_t cpu = 0;
  uint32_t dump_flags = 0;                // kEventFlagStateOnly & co. (scap-format §11.1)
  const KernelContext* kernel = nullptr;  // live probe and .pgcap captures only
  // The probe's whole process context of the record (live probe and .pgcap captures): the
  // pipeline applies it to the event's thread after the state update (KernelContextEnricher).
  const pg_proc_ctx* proc_ctx = nullptr;
};

// What a source skipped or lost, for the engine's counters (DESIGN.md invariant 4).
struct SourceStats {
  uint64_t skipped_events = 0;  // records the source could not map to an event (unknown codes)
  uint64_t dropped_events = 0;  // records lost before they reached the source (ring full)
};

// A stream of events in processing order. Owned by one thread (thread-compatible).
class EventSource {
 public:
  virtual ~EventSource() = default;

  // Short format name for messages: "scap", "pgcap".
  virtual std::string_view format() const = 0;
  // Gives the state what the source knows before its first event (a capture's machine, process,
  // fd and user tables). Called once, before the first Next().
  virtual void SeedState(StateTracker& state) = 0;
  // The next event: true and `*out` filled, false at the clean end, or an error (a truncated or
  // corrupt capture: the message gives the byte offset). Errors are final.
  virtual absl::StatusOr<bool> Next(SourceEvent* out) = 0;
  virtual SourceStats stats() const = 0;
};

}  // namespace peregrine::runtime

#endif  // PEREGRINE_RUNTIME_ENGINE_EVENT_SOURCE_H_
