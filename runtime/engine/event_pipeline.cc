#include "runtime/engine/event_pipeline.h"

#include <utility>

namespace peregrine::runtime {
namespace {

// Events between two looks at the stop flag and the clock.
constexpr uint64_t kStopCheckMask = 255;

}  // namespace

EventPipeline::EventPipeline(const LiveRuleset& rules, AlertSink& sink, PipelineOptions options)
    : options_(std::move(options)),
      state_(options_.state),
      event_types_(options_.metrics),
      latency_(options_.metrics),
      evaluator_(rules, sink, options_.rule_matching, latency_, counters_) {}

absl::Status EventPipeline::Run(EventSource& source) {
  source.SeedState(state_);
  if (options_.duration) deadline_ = std::chrono::steady_clock::now() + *options_.duration;
  absl::Status status;
  SourceEvent event;
  while (true) {
    if ((counters_.events & kStopCheckMask) == 0 && ShouldStop()) {
      stopped_ = true;
      break;
    }
    metrics::StageLaps laps(latency_, latency_.SampleEvent());
    absl::StatusOr<bool> more = source.Next(&event);
    if (!more.ok()) {
      status = more.status();
      break;
    }
    if (!*more) break;
    laps.Lap(metrics::Stage::kDecode);
    ProcessTimed(event, laps);
  }
  const SourceStats stats = source.stats();
  counters_.source_skipped = stats.skipped_events;
  counters_.source_dropped = stats.dropped_events;
  Finish();
  return status;
}

bool EventPipeline::ShouldStop() {
  if (options_.stop != nullptr && options_.stop->load(std::memory_order_relaxed)) return true;
  return options_.duration && std::chrono::steady_clock::now() >= deadline_;
}

void EventPipeline::Process(const SourceEvent& source_event) {
  metrics::StageLaps laps(latency_, latency_.SampleEvent());
  ProcessTimed(source_event, laps);
}

void EventPipeline::ProcessTimed(const SourceEvent& source_event, metrics::StageLaps& laps) {
  ++counters_.events;
  const Event event(source_event.record, source_event.cpu, source_event.dump_flags,
                    counters_.events, source_event.kernel);
  event_types_.Count(event.type());
  // §14.3: the state sees every event; rules see the state after it.
  const StateView view = state_.Process(event);
  const pg_proc_ctx* ctx = source_event.proc_ctx;
  if (ctx != nullptr && view.thread != nullptr && static_cast<int64_t>(ctx->tid) == event.tid()) {
    if (enricher_ == nullptr) enricher_ = std::make_unique<KernelContextEnricher>();
    // The view's thread is the state's own entry; the enricher updates it in place.
    enricher_->Apply(*ctx, const_cast<ThreadEntry*>(view.thread));
  }
  laps.Lap(metrics::Stage::kState);
  if (event.state_only()) {
    ++counters_.state_only;
    return;
  }
  evaluator_.Evaluate(event, view, laps);
}

void EventPipeline::Finish() { evaluator_.Finish(); }

}  // namespace peregrine::runtime
