#include "runtime/engine/rule_evaluator.h"

namespace peregrine::runtime {

RuleEvaluator::RuleEvaluator(const LiveRuleset& rules, AlertSink& sink, RuleMatching matching,
                             metrics::StageLatency& latency, PipelineCounters& counters)
    : rules_(rules), sink_(sink), matching_(matching), latency_(latency), counters_(counters) {
  matches_.reserve(64);
  counted_ruleset_ = rules_.shared_ruleset();
  if (counted_ruleset_ != nullptr) rule_counts_.assign(counted_ruleset_->num_rules(), 0);
}

void RuleEvaluator::Evaluate(const Event& event, const StateView& view, metrics::StageLaps& laps) {
  // A ruleset published while we run takes effect between two events: each event is evaluated
  // by exactly one ruleset.
  if (rules_.Refresh()) {
    FoldRuleCounts();
    if (counted_ruleset_ != nullptr) ++counters_.ruleset_swaps;
    counted_ruleset_ = rules_.shared_ruleset();
    rule_counts_.assign(counted_ruleset_ == nullptr ? 0 : counted_ruleset_->num_rules(), 0);
  }
  Matcher* matcher = rules_.matcher();
  if (matcher == nullptr) return;
  ++counters_.evaluated;
  reader_.Reset(event, view);
  matches_.clear();
  matcher->Match(event.type(), reader_, matching_, &matches_);
  laps.Lap(metrics::Stage::kMatch);
  for (uint32_t rule : matches_) EmitAlert(rule, event, view);
}

void RuleEvaluator::EmitAlert(uint32_t rule, const Event& event, const StateView& view) {
  metrics::StageLaps laps(latency_, latency_.SampleAlert());
  const Ruleset& ruleset = *counted_ruleset_;
  ++rule_counts_[rule];
  ++counters_.alerts;
  alert_text_.clear();
  const AlertFormatter& formatter = ruleset.formatter(rule);
  formatter.Format(event, view, &alert_text_);
  Alert alert;
  alert.ruleset = &ruleset;
  alert.rule = rule;
  alert.rule_name = formatter.rule().name;
  alert.priority = formatter.rule().priority;
  alert.ts = event.ts();
  alert.text = alert_text_;
  if (!sink_.Emit(alert)) ++counters_.alerts_dropped;
  laps.Lap(metrics::Stage::kOutput);
}

void RuleEvaluator::FoldRuleCounts() {
  if (counted_ruleset_ == nullptr) return;
  for (uint32_t r = 0; r < rule_counts_.size(); ++r) {
    if (rule_counts_[r] == 0) continue;
    const RuleInfo& info = counted_ruleset_->formatter(r).rule();
    RuleCount* found = nullptr;
    for (RuleCount& c : counters_.by_rule) {
      if (c.rule == info.name) found = &c;
    }
    if (found == nullptr) {
      counters_.by_rule.push_back(RuleCount{info.name, info.priority, 0});
      found = &counters_.by_rule.back();
    }
    found->count += rule_counts_[r];
    rule_counts_[r] = 0;
  }
}

void RuleEvaluator::Finish() {
  FoldRuleCounts();
  sink_.Flush();
}

}  // namespace peregrine::runtime
