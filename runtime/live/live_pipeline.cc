// LivePipeline: readers, queues, workers and their lifecycle.
#include "runtime/live/live_pipeline.h"

#include <time.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <limits>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "base/status_macros.h"
#include "runtime/live/proc_scanner.h"

namespace peregrine::runtime::live {
namespace {

constexpr uint64_t kNoWatermark = std::numeric_limits<uint64_t>::max();
// Events a worker processes between two looks at the other rings' progress.
constexpr int kWorkerBatch = 1024;

int64_t ClockNs(clockid_t clock) {
  timespec ts;
  clock_gettime(clock, &ts);
  return static_cast<int64_t>(ts.tv_sec) * 1'000'000'000 + ts.tv_nsec;
}

// Why the probe could not load, in terms of what the user must provide.
absl::Status ExplainProbeError(const absl::Status& status) {
  std::string hint;
  if (geteuid() != 0) {
    hint =
        "peregrine must run as root (or with CAP_BPF, CAP_PERFMON and CAP_SYS_RESOURCE) to "
        "load its eBPF probe";
  } else if (access("/sys/kernel/btf/vmlinux", R_OK) != 0) {
    hint =
        "the kernel exposes no BTF (/sys/kernel/btf/vmlinux is missing): the CO-RE probe "
        "needs CONFIG_DEBUG_INFO_BTF=y";
  } else {
    hint =
        "the kernel refused the eBPF probe (check `dmesg`, kernel lockdown and "
        "/proc/sys/kernel/unprivileged_bpf_disabled)";
  }
  return absl::Status(status.code(), absl::StrCat(hint, ": ", status.message()));
}

}  // namespace

uint64_t LiveCounters::kernel_drops() const {
  uint64_t n = 0;
  for (const pg_probe_counters& c : kernel_per_cpu) {
    for (uint64_t d : c.drops) n += d;
  }
  return n;
}

uint64_t LiveCounters::queue_drops() const {
  uint64_t n = 0;
  for (uint64_t d : queue_drops_per_ring) n += d;
  return n;
}

LivePipeline::LivePipeline(const LiveRuleset& rules, AlertSink& sink, const LiveOptions& options)
    : rules_(rules), sink_(sink), options_(options), users_watcher_(options.etc_root) {
  clock_offset_ns_ = ClockNs(CLOCK_REALTIME) - ClockNs(CLOCK_BOOTTIME);
}

LivePipeline::~LivePipeline() {
  stop_readers_.store(true);
  for (std::thread& t : threads_) {
    if (t.joinable()) t.join();
  }
}

uint64_t LivePipeline::NowTs() const {
  return static_cast<uint64_t>(ClockNs(CLOCK_BOOTTIME) + clock_offset_ns_);
}

absl::StatusOr<std::unique_ptr<LivePipeline>> LivePipeline::Create(const LiveRuleset& rules,
                                                                   AlertSink& sink,
                                                                   const LiveOptions& options) {
  if (options.workers < 1) {
    return absl::InvalidArgumentError(
        absl::StrCat("live pipeline: workers must be at least 1, got ", options.workers));
  }
  std::unique_ptr<LivePipeline> p(new LivePipeline(rules, sink, options));
  std::shared_ptr<const Ruleset> ruleset = rules.Current();
  if (options.interest_from_rules && ruleset == nullptr) {
    return absl::FailedPreconditionError("live pipeline: no ruleset was published");
  }
  if (options.interest_from_rules) p->interest_ = ComputeInterest(ruleset->compiled());
  for (int nr : options.extra_syscalls) p->interest_.syscalls.push_back(nr);
  std::sort(p->interest_.syscalls.begin(), p->interest_.syscalls.end());
  p->interest_.syscalls.erase(
      std::unique(p->interest_.syscalls.begin(), p->interest_.syscalls.end()),
      p->interest_.syscalls.end());

  probe::ProbeOptions probe_options;
  probe_options.ring_bytes_per_cpu = options.ring_bytes_per_cpu;
  probe_options.process_context = true;
  absl::StatusOr<std::unique_ptr<probe::Probe>> probe = probe::Probe::Create(probe_options);
  if (!probe.ok()) return ExplainProbeError(probe.status());
  p->probe_ = *std::move(probe);
  // Interest first, /proc second: what changes during the scan is in the rings, and replaying it
  // over the scanned state is harmless (§14.4 updates are idempotent for the same facts).
  if (!options.approvers) {
    p->interest_.drop_failed.clear();
    p->interest_.path_approvers.clear();
    p->interest_.comm_approvers.clear();
  }
  PEREGRINE_RETURN_IF_ERROR(ApplyInterest(*p->probe_, p->interest_));

  const int rings = p->probe_->ring_count();
  p->watermarks_ = std::make_unique<std::atomic<uint64_t>[]>(rings);
  p->queue_drops_ = std::make_unique<std::atomic<uint64_t>[]>(rings);
  for (int r = 0; r < rings; ++r) {
    p->watermarks_[r].store(0);
    p->queue_drops_[r].store(0);
  }
  probe::scap::ScapTables tables;
  // Before the scan reads the files: a change from here on is picked up by Run().
  p->users_watcher_.Baseline();
  if (options.scan_proc) {
    PEREGRINE_ASSIGN_OR_RETURN(
        tables, ProcScanner(ProcScanOptions{.etc_root = options.etc_root}).ScanAll());
  }
  p->counters_.seeded_threads = tables.threads.size();
  if (!options.capture_path.empty()) {
    // After the interest map, like the scan above: what changes meanwhile is in the rings.
    absl::StatusOr<std::unique_ptr<probe::capture::CaptureWriter>> writer =
        probe::capture::CaptureWriter::Create(options.capture_path, {});
    if (!writer.ok()) {
      return absl::Status(
          writer.status().code(),
          absl::StrCat("capture file ", options.capture_path, ": ", writer.status().message()));
    }
    p->capture_ = *std::move(writer);
  }
  for (int w = 0; w < options.workers; ++w) {
    auto slot = std::make_unique<WorkerSlot>();
    LiveWorkerOptions wo;
    wo.index = w;
    wo.num_workers = options.workers;
    wo.rule_matching = options.rule_matching;
    wo.state = options.state;
    wo.cgroup_mount = options.cgroup_mount;
    wo.metrics = options.metrics;
    wo.user_tables = &p->user_tables_;
    slot->worker = std::make_unique<LiveWorker>(rules, p->sink_, wo);
    slot->worker->Seed(tables);
    for (int r = 0; r < rings; ++r) {
      slot->queues.push_back(std::make_unique<RecordQueue>(options.queue_bytes));
    }
    p->workers_.push_back(std::move(slot));
  }
  return p;
}

void LivePipeline::ReaderLoop(int reader_index) {
  const int rings = probe_->ring_count();
  const int readers = options_.readers > 0 ? std::min(options_.readers, rings) : rings;
  std::vector<int> mine;
  for (int r = reader_index; r < rings; r += readers) mine.push_back(r);
  uint64_t read = 0;
  const auto on_record = [&](const probe::RingRecord& rec) {
    ++read;
    uint64_t ts = 0;
    std::memcpy(&ts, rec.event, sizeof(ts));  // scap header: ts is the first field
    for (auto& slot : workers_) {
      if (!slot->queues[rec.ring]->Push(static_cast<uint16_t>(rec.ring), ts, rec.ctx, rec.event,
                                        rec.event_size)) {
        queue_drops_[rec.ring].fetch_add(1, std::memory_order_relaxed);
      }
    }
  };
  const auto fail = [&](const absl::Status& s) {
    absl::MutexLock lock(&error_mu_);
    if (reader_error_.ok()) reader_error_ = s;
  };
  while (true) {
    const bool stopping = stop_readers_.load(std::memory_order_acquire);
    for (size_t k = 0; k < mine.size(); ++k) {
      const int ring = mine[k];
      if (k == 0 && !stopping) {
        absl::StatusOr<size_t> n = probe_->Poll(ring, options_.poll_timeout_ms, on_record);
        if (!n.ok()) fail(n.status());
      }
      // Everything stamped before `t0` is in the ring now (up to the reorder margin).
      const uint64_t t0 = NowTs();
      absl::StatusOr<size_t> n = probe_->Drain(ring, on_record);
      if (!n.ok()) fail(n.status());
      watermarks_[ring].store(t0, std::memory_order_release);
    }
    records_read_.fetch_add(read, std::memory_order_relaxed);
    read = 0;
    if (stopping) break;
  }
  for (int ring : mine) watermarks_[ring].store(kNoWatermark, std::memory_order_release);
  readers_done_.fetch_add(1, std::memory_order_acq_rel);
}

void LivePipeline::WorkerLoop(WorkerSlot& slot) {
  const int rings = probe_->ring_count();
  const int readers = options_.readers > 0 ? std::min(options_.readers, rings) : rings;
  const uint64_t margin = static_cast<uint64_t>(options_.reorder_margin.count());
  std::vector<const QueuedRecord*> heads(rings);
  while (true) {
    int processed = 0;
    uint64_t until = kNoWatermark;
    for (; processed < kWorkerBatch; ++processed) {
      const QueuedRecord* best = nullptr;
      int best_ring = -1;
      for (int r = 0; r < rings; ++r) {
        heads[r] = slot.queues[r]->Peek();
        if (heads[r] != nullptr && (best == nullptr || heads[r]->ts < best->ts)) {
          best = heads[r];
          best_ring = r;
        }
      }
      // Watermarks are read after the queues: a ring that was drained past them has queued
      // everything older, so an empty queue here cannot hide an older record.
      until = kNoWatermark;
      for (int r = 0; r < rings; ++r) {
        if (heads[r] != nullptr) {
          until = std::min(until, heads[r]->ts);
          continue;
        }
        const uint64_t wm = watermarks_[r].load(std::memory_order_acquire);
        until = std::min(until, wm == kNoWatermark ? wm : (wm > margin ? wm - margin : 0));
      }
      if (best == nullptr) break;
      // Release the oldest head only when no ring can still deliver something older.
      if (best->ts > until) break;
      if (best->ts < slot.last_ts) {
        ++slot.late;
      } else {
        slot.last_ts = best->ts;
      }
      if (capture_ != nullptr && &slot == workers_[0].get()) CaptureRecord(*best);
      slot.worker->Process(*best);
      slot.queues[best_ring]->Pop();
    }
    slot.processed_until.store(until, std::memory_order_release);
    if (processed > 0) continue;
    if (readers_done_.load(std::memory_order_acquire) == readers) {
      bool empty = true;
      for (int r = 0; r < rings && empty; ++r) empty = slot.queues[r]->Peek() == nullptr;
      if (empty) break;
    }
    // Idle: the readers refill at most every poll period, so a short sleep costs no latency
    // worth having and keeps an idle daemon off the CPU.
    timespec pause{0, 200'000};
    nanosleep(&pause, nullptr);
  }
  slot.processed_until.store(kNoWatermark, std::memory_order_release);
  slot.worker->Finish();
}

void LivePipeline::CaptureRecord(const QueuedRecord& record) {
  // The queue keeps the context and the event contiguous after its header: only the ring
  // prefix has to be rebuilt. A failed write stops the capture (the writer's error is sticky
  // and reported by Run), not the detection.
  const uint32_t ctx_size = record.has_ctx ? sizeof(pg_proc_ctx) : 0;
  pg_ring_prefix prefix{};
  prefix.len = static_cast<uint32_t>(sizeof(prefix) + ctx_size + record.event_size);
  prefix.flags = record.has_ctx ? PG_RING_HAS_CTX : 0;
  prefix.ctx_size = static_cast<uint16_t>(ctx_size);
  capture_scratch_.assign(reinterpret_cast<const char*>(&prefix), sizeof(prefix));
  capture_scratch_.append(reinterpret_cast<const char*>(&record + 1), ctx_size + record.event_size);
  (void)capture_->AppendRaw(record.ring, capture_scratch_.data(), capture_scratch_.size());
}

std::vector<uint64_t> LivePipeline::QueueDropsNow() const {
  std::vector<uint64_t> drops;
  for (int r = 0; r < probe_->ring_count(); ++r) drops.push_back(queue_drops_[r].load());
  return drops;
}

uint64_t LivePipeline::processed_until() const {
  uint64_t until = kNoWatermark;
  for (const auto& slot : workers_) {
    until = std::min(until, slot->processed_until.load(std::memory_order_acquire));
  }
  return until;
}

absl::Status LivePipeline::Run(const std::atomic<bool>* stop) {
  const int rings = probe_->ring_count();
  const int readers = options_.readers > 0 ? std::min(options_.readers, rings) : rings;
  const auto start = std::chrono::steady_clock::now();
  for (auto& slot : workers_) {
    WorkerSlot* s = slot.get();
    threads_.emplace_back([this, s] { WorkerLoop(*s); });
  }
  for (int i = 0; i < readers; ++i) threads_.emplace_back([this, i] { ReaderLoop(i); });
  running_.store(true, std::memory_order_release);
  const bool watch_users = options_.users_poll_period.count() > 0;
  auto next_users_check = start + options_.users_poll_period;
  while (true) {
    if (stop != nullptr && stop->load(std::memory_order_acquire)) break;
    if (options_.duration && std::chrono::steady_clock::now() - start >= *options_.duration) break;
    {
      absl::MutexLock lock(&error_mu_);
      if (!reader_error_.ok()) break;
    }
    if (watch_users && std::chrono::steady_clock::now() >= next_users_check) {
      if (std::shared_ptr<const HostUserTables> users = users_watcher_.Check()) {
        user_tables_.Publish(std::move(users));
      }
      next_users_check = std::chrono::steady_clock::now() + options_.users_poll_period;
    }
    timespec pause{0, 20'000'000};
    nanosleep(&pause, nullptr);
  }
  // Readers drain the rings once more after seeing the flag; workers finish what was queued.
  stop_readers_.store(true, std::memory_order_release);
  for (std::thread& t : threads_) t.join();
  threads_.clear();
  running_.store(false, std::memory_order_release);

  LiveCounters& c = counters_;
  for (size_t w = 0; w < workers_.size(); ++w) {
    const LiveWorker& worker = *workers_[w]->worker;
    const PipelineCounters& wc = worker.counters();
    if (w == 0) c.pipeline.events = wc.events;
    c.pipeline.evaluated += wc.evaluated;
    c.pipeline.alerts += wc.alerts;
    c.pipeline.alerts_dropped += wc.alerts_dropped;
    c.pipeline.ruleset_swaps = std::max(c.pipeline.ruleset_swaps, wc.ruleset_swaps);
    for (const RuleCount& rc : wc.by_rule) {
      auto it = std::find_if(c.pipeline.by_rule.begin(), c.pipeline.by_rule.end(),
                             [&](const RuleCount& x) { return x.rule == rc.rule; });
      if (it == c.pipeline.by_rule.end()) {
        c.pipeline.by_rule.push_back(rc);
      } else {
        it->count += rc.count;
      }
    }
    c.malformed += worker.stats().malformed;
    c.threads_from_proc += worker.stats().threads_from_proc;
    c.threads_from_ctx += worker.stats().threads_from_ctx;
    c.container_changes += worker.stats().container_changes;
    c.late_events += workers_[w]->late;
  }
  c.user_table_reloads = user_tables_.generation();
  c.records_read = records_read_.load();
  c.malformed += probe_->malformed_records();
  c.queue_drops_per_ring.clear();
  for (int r = 0; r < rings; ++r) c.queue_drops_per_ring.push_back(queue_drops_[r].load());
  absl::StatusOr<std::vector<pg_probe_counters>> kc = probe_->CountersPerCpu();
  if (kc.ok()) c.kernel_per_cpu = *std::move(kc);
  c.pipeline.source_dropped = c.kernel_drops() + c.queue_drops();
  c.pipeline.source_skipped = c.malformed;
  sink_.Flush();
  absl::Status capture_status;
  if (capture_ != nullptr) {
    probe::capture::CaptureTrailer totals;
    totals.kernel_drops = c.kernel_drops();
    for (const pg_probe_counters& k : c.kernel_per_cpu)
      totals.truncated_params += k.truncated_params;
    capture_status = capture_->Close(totals);
    c.capture_records = capture_->records_written();
    c.capture_bytes = capture_->bytes_written();
    if (!capture_status.ok()) {
      capture_status = absl::Status(
          capture_status.code(),
          absl::StrCat("capture file ", options_.capture_path, ": ", capture_status.message()));
    }
  }
  absl::MutexLock lock(&error_mu_);
  return reader_error_.ok() ? capture_status : reader_error_;
}

}  // namespace peregrine::runtime::live
