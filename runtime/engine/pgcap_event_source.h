// PgcapEventSource: an EventSource over a Peregrine capture (.pgcap, magic "PGCAPTUR",
// probe/capture/capture_format.h) — what `peregrine --capture-out` writes.
//
// Usage:
//   PEREGRINE_ASSIGN_OR_RETURN(auto reader, probe::capture::CaptureReader::Open("run.pgcap"));
//   PgcapEventSource source(std::move(reader));  pipeline.Run(source);
#ifndef PEREGRINE_RUNTIME_ENGINE_PGCAP_EVENT_SOURCE_H_
#define PEREGRINE_RUNTIME_ENGINE_PGCAP_EVENT_SOURCE_H_

#include <memory>

#include "probe/capture/capture_reader.h"
#include "runtime/engine/event_source.h"
#include "runtime/events/kernel_context.h"

namespace peregrine::runtime {

// The state is seeded from the capture's /proc snapshot and user tables (TablesFromCapture:
// machine, threads with their session ids, fds, users, groups; a 1.0 file has no user table nor
// session ids). Each record's kernel process context is handed
// out with the event (SourceEvent::kernel and ::proc_ctx), so the engine enriches the threads as
// the live daemon did (KernelContextEnricher). Records are replayed in file order: the order the
// live pipeline processed them when peregrine wrote the file.
//
// Owns the reader. Owned by one thread.
class PgcapEventSource final : public EventSource {
 public:
  explicit PgcapEventSource(std::unique_ptr<probe::capture::CaptureReader> reader)
      : reader_(std::move(reader)) {}

  std::string_view format() const override { return "pgcap"; }
  void SeedState(StateTracker& state) override;
  absl::StatusOr<bool> Next(SourceEvent* out) override;
  // dropped_events: the kernel drops the writer recorded in the end block (once read).
  SourceStats stats() const override;

  const probe::capture::CaptureReader& reader() const { return *reader_; }

 private:
  std::unique_ptr<probe::capture::CaptureReader> reader_;
  probe::capture::CaptureEvent event_;
  KernelContext kernel_;
  bool ended_ = false;
};

}  // namespace peregrine::runtime

#endif  // PEREGRINE_RUNTIME_ENGINE_PGCAP_EVENT_SOURCE_H_
