// EventPipeline: source → state tracker → matcher → formatter → alert sink, one event at a time,
// in Falco's order (scap-format §14.3, falco-rule-language.md §5.4).
//
// Usage:
//   LiveRuleset live;  live.Publish(*Ruleset::Create(compiled, options));
//   StreamAlertSink sink(stdout, /*buffered=*/false);
//   EventPipeline pipeline(live, sink, PipelineOptions{});
//   PEREGRINE_ASSIGN_OR_RETURN(auto source, OpenCaptureSource("dev-mixed.scap"));
//   absl::Status s = pipeline.Run(*source);   // pipeline.counters() afterwards
#ifndef PEREGRINE_RUNTIME_ENGINE_EVENT_PIPELINE_H_
#define PEREGRINE_RUNTIME_ENGINE_EVENT_PIPELINE_H_

#include <atomic>
#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "runtime/engine/alert_sink.h"
#include "runtime/engine/event_source.h"
#include "runtime/engine/event_type_counters.h"
#include "runtime/engine/kernel_context_enricher.h"
#include "runtime/engine/rule_evaluator.h"
#include "runtime/matcher/event_field_reader.h"
#include "runtime/matcher/live_ruleset.h"
#include "runtime/metrics/stage_latency.h"
#include "runtime/state/state_tracker.h"

namespace peregrine::runtime {

struct PipelineOptions {
  RuleMatching rule_matching = RuleMatching::kFirst;
  StateOptions state;
  // Checked every few hundred events: Run() returns (OK, stopped() true) once it reads true.
  // Borrowed; may be null. Set it from a signal-handling thread for SIGINT/SIGTERM.
  const std::atomic<bool>* stop = nullptr;
  // Run() stops after this much wall time (`--duration`).
  std::optional<std::chrono::steady_clock::duration> duration;
  // peregrine_events_total{type} for every event taken from the source, and
  // peregrine_stage_latency_seconds{stage} for one event in 64 (decode = the source's Next(),
  // state, match) and one alert in 64 (output). Borrowed; may be null.
  metrics::PeregrineMetrics* metrics = nullptr;
};

// Owns the state and the per-thread matcher; borrows the live ruleset and the sink, which must
// outlive it. No allocation per event on the path that raises no alert once the state and the
// scratch buffers have grown. Owned by one thread.
class EventPipeline {
 public:
  EventPipeline(const LiveRuleset& rules, AlertSink& sink, PipelineOptions options);
  EventPipeline(const EventPipeline&) = delete;
  EventPipeline& operator=(const EventPipeline&) = delete;

  // Seeds the state from `source`, then processes its events until its end, the stop flag or the
  // duration. Flushes the sink before returning. A source error (truncated or corrupt capture)
  // is returned after every event before it was processed. Call once per pipeline.
  absl::Status Run(EventSource& source);

  // Processes one event (for sources the caller drives itself). Call Finish() at the end.
  void Process(const SourceEvent& event);
  // Folds the per-rule counts into counters().by_rule and flushes the sink.
  void Finish();

  // by_rule is complete after Run() or Finish().
  const PipelineCounters& counters() const { return counters_; }
  // Run() ended on the stop flag or the duration rather than at the end of the source.
  bool stopped() const { return stopped_; }
  const StateTracker& state() const { return state_; }

 private:
  bool ShouldStop();
  // Process() with the event's lap timer (decode already lapped when Run() timed the source).
  void ProcessTimed(const SourceEvent& event, metrics::StageLaps& laps);

  PipelineOptions options_;
  StateTracker state_;
  // Created at the first event that carries a kernel process context.
  std::unique_ptr<KernelContextEnricher> enricher_;
  EventTypeCounters event_types_;
  metrics::StageLatency latency_;
  PipelineCounters counters_;
  RuleEvaluator evaluator_;  // after latency_ and counters_, which it borrows
  std::chrono::steady_clock::time_point deadline_;
  bool stopped_ = false;
};

}  // namespace peregrine::runtime

#endif  // PEREGRINE_RUNTIME_ENGINE_EVENT_PIPELINE_H_
