#include "runtime/engine/event_pipeline.h"

#include <utility>

namespace peregrine::runtime {
namespace {

// Events between two looks at the stop flag and the clock.
constexpr uint64_t kStopCheckMask = 255;

}  // namespace

EventPipeline::EventPipeline(const LiveRuleset& rules, AlertSink& sink, PipelineOptions options)
    : rules_(rules),
      sink_(sink),
      options_(std::move(options)),
      state_(options_.state),
      event_types_(options_.metrics),
      latency_(options_.metrics) {
  matches_.reserve(64);
  counted_ruleset_ = rules_.shared_ruleset();
  if (counted_ruleset_ != nullptr) rule_counts_.assign(counted_ruleset_->num_rules(), 0);
}

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
  matcher->Match(event.type(), reader_, options_.rule_matching, &matches_);
  laps.Lap(metrics::Stage::kMatch);
  for (uint32_t rule : matches_) EmitAlert(rule, event, view);
}

void EventPipeline::EmitAlert(uint32_t rule, const Event& event, const StateView& view) {
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

void EventPipeline::FoldRuleCounts() {
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

void EventPipeline::Finish() {
  FoldRuleCounts();
  sink_.Flush();
}

}  // namespace peregrine::runtime
