// PgcapEventSource: .pgcap records → engine events.
#include "runtime/engine/pgcap_event_source.h"

#include "runtime/engine/kernel_context_enricher.h"
#include "runtime/engine/process_tables.h"

namespace peregrine::runtime {

void PgcapEventSource::SeedState(StateTracker& state) {
  state.Seed(TablesFromCapture(reader_->machine(), reader_->processes(), reader_->users(),
                               reader_->groups()));
}

absl::StatusOr<bool> PgcapEventSource::Next(SourceEvent* out) {
  absl::StatusOr<bool> more = reader_->Next(&event_);
  if (!more.ok()) return more.status();
  if (!*more) {
    ended_ = true;
    return false;
  }
  *out = SourceEvent{};
  out->record = &event_.record;
  out->cpu = event_.cpu;
  if (event_.has_ctx) {
    FillKernelContext(event_.ctx, &kernel_);
    out->kernel = &kernel_;
    out->proc_ctx = &event_.ctx;
  }
  return true;
}

SourceStats PgcapEventSource::stats() const {
  SourceStats s;
  if (ended_) s.dropped_events = reader_->trailer().kernel_drops;
  return s;
}

}  // namespace peregrine::runtime
