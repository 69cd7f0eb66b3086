// LiveWorker: one pipeline worker of the live daemon — decode, state, kernel-context enrichment,
// matching and alerts for the records handed to it in timestamp order.
#ifndef PEREGRINE_RUNTIME_LIVE_LIVE_WORKER_H_
#define PEREGRINE_RUNTIME_LIVE_LIVE_WORKER_H_

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "probe/capture/scap/scap_tables.h"
#include "runtime/engine/alert_sink.h"
#include "runtime/engine/event_pipeline.h"
#include "runtime/engine/event_type_counters.h"
#include "runtime/engine/kernel_context_enricher.h"
#include "runtime/engine/rule_evaluator.h"
#include "runtime/live/live_user_tables.h"
#include "runtime/live/proc_scanner.h"
#include "runtime/live/record_queue.h"
#include "runtime/matcher/event_field_reader.h"
#include "runtime/matcher/live_ruleset.h"
#include "runtime/metrics/stage_latency.h"
#include "runtime/state/state_tracker.h"

namespace peregrine::runtime::live {

struct LiveWorkerOptions {
  int index = 0;        // this worker's shard
  int num_workers = 1;  // shards: a worker matches the events of the processes hashed to it
  RuleMatching rule_matching = RuleMatching::kFirst;
  StateOptions state;
  // Fill threads unknown to the state (their creation was missed) from /proc.
  bool fill_unknown_from_proc = true;
  std::string cgroup_mount;  // "" = detect (see CgroupResolver)
  // peregrine_events_total{type}: counted by worker 0 only (every worker sees every event).
  // peregrine_stage_latency_seconds{stage}: every worker times one event in 64 of those it
  // decodes (decode, state; match for its shard's) and one alert in 64 (output).
  // Borrowed; may be null.
  metrics::PeregrineMetrics* metrics = nullptr;
  // The host's users and groups as re-read when /etc/passwd or /etc/group change: checked
  // before each event (one atomic load), applied to this worker's state when a new generation
  // appears. Borrowed; may be null (the seeded tables then stay).
  const LiveUserTables* user_tables = nullptr;
};

// What a worker saw beyond the engine's counters.
struct LiveWorkerStats {
  uint64_t malformed = 0;          // queued records that did not parse as scap events
  uint64_t threads_from_proc = 0;  // unknown threads filled from /proc
  uint64_t threads_from_ctx = 0;   // unknown threads filled from the kernel context only
  uint64_t container_changes = 0;  // threads whose container changed with their cgroup
  uint64_t user_table_swaps = 0;   // new host user/group tables applied
};

// Every worker applies every event to its own StateTracker (the state is replicated, so it
// needs no lock and no cross-worker hand-off), and evaluates the rules only on the events of
// its shard (pid hash), so the matching work — the bulk of the cost — divides among workers.
//
// Kernel context: after the state applied an event, the worker overwrites the thread's
// identity with what the probe read from the task at that moment (KernelContextEnricher, shared
// with the engine's replay of .pgcap captures); threads the state never saw created are first
// filled from /proc.
//
// Borrows the ruleset and the sink (the sink must be thread-safe when several workers share
// it); both must outlive the worker. Owned by one thread.
class LiveWorker {
 public:
  LiveWorker(const LiveRuleset& rules, AlertSink& sink, LiveWorkerOptions options);
  LiveWorker(const LiveWorker&) = delete;
  LiveWorker& operator=(const LiveWorker&) = delete;

  void Seed(const probe::scap::ScapTables& tables) { state_.Seed(tables); }
  // Decodes and processes one record.
  void Process(const QueuedRecord& record);
  // Folds per-rule counts into counters().by_rule and flushes the sink.
  void Finish();

  const PipelineCounters& counters() const { return counters_; }
  LiveWorkerStats stats() const {
    LiveWorkerStats s = stats_;
    s.container_changes = enricher_.stats().container_changes;
    return s;
  }
  const StateTracker& state() const { return state_; }

 private:
  void Enrich(const pg_proc_ctx& ctx, ThreadEntry* t);
  void FillUnknown(const pg_proc_ctx& ctx, ThreadEntry* t);
  // Replaces the state's host users and groups with the newest publication.
  void ApplyUserTables();

  LiveWorkerOptions options_;
  StateTracker state_;
  KernelContextEnricher enricher_;
  ProcScanner scanner_;
  EventTypeCounters event_types_;
  metrics::StageLatency latency_;
  probe::RecordView view_;
  KernelContext kernel_;
  uint64_t user_tables_generation_ = 0;  // of options_.user_tables, last applied
  PipelineCounters counters_;
  RuleEvaluator evaluator_;  // after latency_ and counters_, which it borrows
  LiveWorkerStats stats_;
};

}  // namespace peregrine::runtime::live

#endif  // PEREGRINE_RUNTIME_LIVE_LIVE_WORKER_H_
