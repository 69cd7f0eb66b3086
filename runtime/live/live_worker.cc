// LiveWorker: decode → state → kernel-context enrichment → match → alert.
#include "runtime/live/live_worker.h"

#include <cstring>
#include <string_view>
#include <utility>

#include "runtime/state/container_id.h"

namespace peregrine::runtime::live {
namespace {

// The shard of a process: a cheap integer mix, stable for the process's life.
int ShardOf(uint64_t pid, int shards) {
  uint64_t x = pid * 0x9E3779B97F4A7C15ull;
  return static_cast<int>((x >> 32) % static_cast<uint64_t>(shards));
}

}  // namespace

LiveWorker::LiveWorker(const LiveRuleset& rules, AlertSink& sink, LiveWorkerOptions options)
    : options_(std::move(options)),
      state_(options_.state),
      enricher_(options_.cgroup_mount),
      scanner_(ProcScanOptions{.scan_fds = false}),
      event_types_(options_.index == 0 ? options_.metrics : nullptr),
      latency_(options_.metrics),
      evaluator_(rules, sink, options_.rule_matching, latency_, counters_) {
  // What is published before the worker exists is what it is seeded with.
  if (options_.user_tables != nullptr) {
    user_tables_generation_ = options_.user_tables->generation();
  }
}

void LiveWorker::ApplyUserTables() {
  user_tables_generation_ = options_.user_tables->generation();
  std::shared_ptr<const HostUserTables> tables = options_.user_tables->Current();
  if (tables == nullptr) return;
  state_.users().ReplaceContainer("", tables->users, tables->groups);
  ++stats_.user_table_swaps;
}

void LiveWorker::FillUnknown(const pg_proc_ctx& ctx, ThreadEntry* t) {
  probe::scap::ThreadInfo info;
  if (options_.fill_unknown_from_proc && scanner_.ScanThread(ctx.pid, ctx.tid, &info)) {
    ApplyThreadSnapshot(info, t);
    ++stats_.threads_from_proc;
  } else {
    ++stats_.threads_from_ctx;
  }
  KernelContextEnricher::ApplyIdentity(ctx, t);
}

void LiveWorker::Enrich(const pg_proc_ctx& ctx, ThreadEntry* t) {
  if (t->IsPlaceholder()) FillUnknown(ctx, t);
  enricher_.Apply(ctx, t);
}

void LiveWorker::Process(const QueuedRecord& record) {
  metrics::StageLaps laps(latency_, latency_.SampleEvent());
  if (!view_.Parse(record.event(), record.event_size)) {
    ++stats_.malformed;
    return;
  }
  ++counters_.events;
  const pg_proc_ctx* ctx = record.ctx();
  const KernelContext* kernel = nullptr;
  if (ctx != nullptr) {
    FillKernelContext(*ctx, &kernel_);
    kernel = &kernel_;
  }
  if (options_.user_tables != nullptr &&
      options_.user_tables->generation() != user_tables_generation_) {
    ApplyUserTables();
  }
  const Event event(&view_, record.ring, /*dump_flags=*/0, counters_.events, kernel);
  event_types_.Count(event.type());
  laps.Lap(metrics::Stage::kDecode);
  StateView view = state_.Process(event);
  if (ctx != nullptr && view.thread != nullptr && static_cast<int64_t>(ctx->tid) == event.tid()) {
    Enrich(*ctx, const_cast<ThreadEntry*>(view.thread));
  }
  laps.Lap(metrics::Stage::kState);
  const uint64_t shard_key = ctx != nullptr ? ctx->pid : static_cast<uint64_t>(event.tid());
  if (options_.num_workers > 1 && ShardOf(shard_key, options_.num_workers) != options_.index) {
    ++counters_.state_only;
    return;
  }
  evaluator_.Evaluate(event, view, laps);
}

void LiveWorker::Finish() { evaluator_.Finish(); }

}  // namespace peregrine::runtime::live
