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

struct RuleCount {
  std::string rule;
  Priority priority = Priority::kDebug;
  uint64_t count = 0;
};

// DESIGN.md invariant 4: everything read, skipped or lost is counted.
struct PipelineCounters {
  uint64_t events = 0;          // events taken from the source
  uint64_t state_only = 0;      // STATE_ONLY events: applied to the state, never matched
  uint64_t evaluated = 0;       // events the rules ran on
  uint64_t alerts = 0;          // rule matches (one alert each)
  uint64_t alerts_dropped = 0;  // alerts the sink failed to deliver
  uint64_t source_skipped = 0;  // records the source could not map to events
  uint64_t source_dropped = 0;  // records lost before the source (ring buffers full)
  uint64_t ruleset_swaps = 0;   // new rulesets picked up after the first
  // Matches by rule, in the definition order of the rulesets that raised them.
  std::vector<RuleCount> by_rule;
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
  void FoldRuleCounts();
  void EmitAlert(uint32_t rule, const Event& event, const StateView& view);

  ThreadRuleset rules_;
  AlertSink& sink_;
  PipelineOptions options_;
  StateTracker state_;
  // Created at the first event that carries a kernel process context.
  std::unique_ptr<KernelContextEnricher> enricher_;
  EventFieldReader reader_;
  EventTypeCounters event_types_;
  metrics::StageLatency latency_;
  std::vector<uint32_t> matches_;
  std::vector<uint64_t> rule_counts_;  // by rule of rules_.ruleset()
  // The ruleset rule_counts_ counts for (kept alive until its counts are folded).
  std::shared_ptr<const Ruleset> counted_ruleset_;
  std::string alert_text_;
  PipelineCounters counters_;
  std::chrono::steady_clock::time_point deadline_;
  bool stopped_ = false;
};

}  // namespace peregrine::runtime

#endif  // PEREGRINE_RUNTIME_ENGINE_EVENT_PIPELINE_H_
