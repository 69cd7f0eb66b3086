// RuleEvaluator: runs the live ruleset on events whose state is already applied, and emits their
// alerts — the stage the replay pipeline and the live workers share.
#ifndef PEREGRINE_RUNTIME_ENGINE_RULE_EVALUATOR_H_
#define PEREGRINE_RUNTIME_ENGINE_RULE_EVALUATOR_H_

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "runtime/engine/alert_sink.h"
#include "runtime/events/event.h"
#include "runtime/matcher/event_field_reader.h"
#include "runtime/matcher/live_ruleset.h"
#include "runtime/matcher/matcher.h"
#include "runtime/metrics/stage_latency.h"
#include "runtime/state/state_view.h"

namespace peregrine::runtime {

// Matches of one rule over a run.
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
// Picks up new rulesets between events (each event is evaluated by exactly one ruleset), matches,
// formats and emits alerts, and counts. Borrows the live ruleset, the sink, the latency recorder
// and the counters, which must outlive it. No allocation per event on the path that raises no
// alert. Owned by one thread.
class RuleEvaluator {
 public:
  RuleEvaluator(const LiveRuleset& rules, AlertSink& sink, RuleMatching matching,
                metrics::StageLatency& latency, PipelineCounters& counters);
  RuleEvaluator(const RuleEvaluator&) = delete;
  RuleEvaluator& operator=(const RuleEvaluator&) = delete;

  // Evaluates the current ruleset on `event` and emits its alerts; laps kMatch on `laps`.
  void Evaluate(const Event& event, const StateView& view, metrics::StageLaps& laps);
  // Folds the per-rule counts into counters.by_rule and flushes the sink.
  void Finish();

 private:
  void FoldRuleCounts();
  void EmitAlert(uint32_t rule, const Event& event, const StateView& view);

  ThreadRuleset rules_;
  AlertSink& sink_;
  RuleMatching matching_;
  metrics::StageLatency& latency_;
  PipelineCounters& counters_;
  EventFieldReader reader_;
  std::vector<uint32_t> matches_;
  std::vector<uint64_t> rule_counts_;  // by rule of counted_ruleset_
  // The ruleset rule_counts_ counts for (kept alive until its counts are folded).
  std::shared_ptr<const Ruleset> counted_ruleset_;
  std::string alert_text_;
};

}  // namespace peregrine::runtime

#endif  // PEREGRINE_RUNTIME_ENGINE_RULE_EVALUATOR_H_
