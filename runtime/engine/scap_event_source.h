// ScapEventSource: an EventSource over a Falco/libscap .scap capture (probe/capture/scap).
#ifndef PEREGRINE_RUNTIME_ENGINE_SCAP_EVENT_SOURCE_H_
#define PEREGRINE_RUNTIME_ENGINE_SCAP_EVENT_SOURCE_H_

#include <memory>

#include "probe/capture/scap/scap_reader.h"
#include "runtime/engine/event_source.h"

namespace peregrine::runtime {

// Owns the reader. Owned by one thread.
class ScapEventSource final : public EventSource {
 public:
  explicit ScapEventSource(std::unique_ptr<probe::scap::ScapReader> reader)
      : reader_(std::move(reader)) {}

  std::string_view format() const override { return "scap"; }
  // The tables of the capture's first section. A concatenated capture's later sections keep
  // the state built so far (their tables are not re-applied).
  void SeedState(StateTracker& state) override { state.Seed(reader_->tables()); }
  absl::StatusOr<bool> Next(SourceEvent* out) override;
  SourceStats stats() const override;

  const probe::scap::ScapReader& reader() const { return *reader_; }

 private:
  std::unique_ptr<probe::scap::ScapReader> reader_;
  probe::scap::ScapEvent event_;
};

}  // namespace peregrine::runtime

#endif  // PEREGRINE_RUNTIME_ENGINE_SCAP_EVENT_SOURCE_H_
