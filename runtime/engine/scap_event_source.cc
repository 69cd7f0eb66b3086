#include "runtime/engine/scap_event_source.h"

namespace peregrine::runtime {

absl::StatusOr<bool> ScapEventSource::Next(SourceEvent* out) {
  absl::StatusOr<bool> more = reader_->Next(&event_);
  if (!more.ok() || !*more) return more;
  out->record = &event_.record;
  out->cpu = event_.cpu;
  out->dump_flags = event_.dump_flags;
  out->kernel = nullptr;
  return true;
}

SourceStats ScapEventSource::stats() const {
  const probe::scap::ScapCounters& c = reader_->counters();
  SourceStats s;
  s.skipped_events = c.unknown_event_codes + c.unused_event_codes;
  return s;
}

}  // namespace peregrine::runtime
