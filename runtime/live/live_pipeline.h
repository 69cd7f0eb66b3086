// LivePipeline: the live daemon's event path — probe rings → per-CPU reader threads → per-CPU
// single-producer queues → workers (timestamp merge, state, matcher) → alert sink.
//
// Usage:
//   LiveRuleset live;  live.Publish(std::move(ruleset));
//   StreamAlertSink sink(stdout, /*buffered=*/false);
//   PEREGRINE_ASSIGN_OR_RETURN(auto pipeline, LivePipeline::Create(live, sink, LiveOptions{}));
//   PEREGRINE_RETURN_IF_ERROR(pipeline->Run(&stop_flag));   // until stop or options.duration
#ifndef PEREGRINE_RUNTIME_LIVE_LIVE_PIPELINE_H_
#define PEREGRINE_RUNTIME_LIVE_LIVE_PIPELINE_H_

#include <atomic>
#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "probe/abi/probe_counters.h"
#include "probe/capture/capture_writer.h"
#include "probe/loader/probe.h"
#include "runtime/engine/alert_sink.h"
#include "runtime/engine/event_pipeline.h"
#include "runtime/live/interest.h"
#include "runtime/live/live_user_tables.h"
#include "runtime/live/live_worker.h"
#include "runtime/live/record_queue.h"
#include "runtime/live/user_files_watcher.h"
#include "runtime/matcher/live_ruleset.h"

namespace peregrine::runtime::live {

struct LiveOptions {
  // Pipeline workers (state replicas, each matching a shard of the processes). At least 1.
  int workers = 1;
  // Reader threads; 0 = one per ring (CPU). A reader owns whole rings.
  int readers = 0;
  uint32_t ring_bytes_per_cpu = 8u << 20;
  // Bytes of each reader → worker queue (one per ring and worker).
  size_t queue_bytes = 4u << 20;
  // How long a reader waits for a ring wakeup before draining anyway; bounds alert latency.
  int poll_timeout_ms = 10;
  // Events are released in timestamp order once every ring has been drained past
  // ts + reorder_margin (covers the gap between a record's timestamp and its commit).
  std::chrono::nanoseconds reorder_margin = std::chrono::milliseconds(1);
  RuleMatching rule_matching = RuleMatching::kFirst;
  StateOptions state;
  // Set the interest map from the ruleset (else `extra_syscalls` only: benchmarks, tests).
  bool interest_from_rules = true;
  std::vector<int> extra_syscalls;
  // Apply the approvers of the ruleset in the kernel (InterestSet::drop_failed, path_approvers,
  // comm_approvers).
  bool approvers = true;
  // Run() returns after this long.
  std::optional<std::chrono::steady_clock::duration> duration;
  // Seed the state from /proc at start.
  bool scan_proc = true;
  std::string cgroup_mount;  // "" = detect
  // How often Run()'s control thread checks /etc/passwd and /etc/group (two stat calls) and,
  // when they changed, re-reads them and hands the new tables to every worker. 0 = never.
  std::chrono::milliseconds users_poll_period = std::chrono::seconds(1);
  std::string etc_root = "/etc";
  // Events by type (peregrine_events_total). Borrowed; may be null.
  metrics::PeregrineMetrics* metrics = nullptr;
  // Write a Peregrine capture (probe/capture/capture_format.h) here: a /proc snapshot taken once
  // the interest map is set, then every ring record in the order the pipeline processed it
  // (worker 0 sees every event, in timestamp order), closed with the drop totals. "" = none.
  std::string capture_path;
};

// DESIGN.md invariant 4: every loss, by category.
struct LiveCounters {
  PipelineCounters pipeline;  // summed over workers; `events` counts each event once
  std::vector<pg_probe_counters> kernel_per_cpu;  // emitted and drops by category, per CPU
  std::vector<uint64_t> queue_drops_per_ring;     // records a full worker queue refused
  uint64_t records_read = 0;                      // records taken from the rings
  uint64_t malformed = 0;                         // bad records (loader + workers)
  uint64_t late_events = 0;  // events older than one already processed (beyond the margin)
  uint64_t threads_from_proc = 0;
  uint64_t threads_from_ctx = 0;
  uint64_t container_changes = 0;
  uint64_t seeded_threads = 0;
  uint64_t user_table_reloads = 0;  // new /etc/passwd + /etc/group readings published
  uint64_t capture_records = 0;     // records written to LiveOptions::capture_path
  uint64_t capture_bytes = 0;

  uint64_t kernel_drops() const;
  uint64_t queue_drops() const;
};

// Owns the probe, the queues, the reader and worker threads. Create() loads the probe, sets the
// interest map and scans /proc; Run() starts the threads and blocks until the stop flag or the
// duration, then drains what the rings hold, joins the threads and flushes the sink.
// Borrows the live ruleset and the sink (which must outlive it). Create/Run/counters from one
// thread; the sink is called from the worker threads (serialised by the pipeline).
class LivePipeline {
 public:
  static absl::StatusOr<std::unique_ptr<LivePipeline>> Create(const LiveRuleset& rules,
                                                              AlertSink& sink,
                                                              const LiveOptions& options);
  ~LivePipeline();
  LivePipeline(const LivePipeline&) = delete;
  LivePipeline& operator=(const LivePipeline&) = delete;

  // Runs until `*stop` (may be null) turns true or the duration elapses. Call once.
  absl::Status Run(const std::atomic<bool>* stop);

  // The interest set in force.
  const InterestSet& interest() const { return interest_; }
  // Complete after Run().
  const LiveCounters& counters() const { return counters_; }
  probe::Probe& probe() { return *probe_; }
  int ring_count() const { return probe_->ring_count(); }
  // Becomes true once the readers and workers are running (tests wait for it).
  bool running() const { return running_.load(std::memory_order_acquire); }
  // The newest timestamp every worker has processed up to (probe clock, ns since the epoch);
  // tests wait on it to know an action's events went through.
  uint64_t processed_until() const;
  // Records refused by full worker queues so far, per ring (any thread, while running too).
  std::vector<uint64_t> QueueDropsNow() const;
  // How many times the users and groups were re-read since Create() (any thread). Events stamped
  // after this advanced are resolved with the new tables.
  uint64_t user_tables_generation() const { return user_tables_.generation(); }
  // Current probe-clock time (the base of event timestamps).
  uint64_t NowTs() const;

 private:
  // Serialises Emit/Flush from several workers onto the borrowed sink (alerts only: the
  // per-event path takes no lock).
  class SerializedSink final : public AlertSink {
   public:
    explicit SerializedSink(AlertSink& inner) : inner_(inner) {}
    bool Emit(const Alert& alert) override {
      absl::MutexLock lock(&mu_);
      return inner_.Emit(alert);
    }
    void Flush() override {
      absl::MutexLock lock(&mu_);
      inner_.Flush();
    }

   private:
    absl::Mutex mu_;
    AlertSink& inner_;
  };

  struct WorkerSlot {
    std::unique_ptr<LiveWorker> worker;
    std::vector<std::unique_ptr<RecordQueue>> queues;  // by ring
    std::atomic<uint64_t> processed_until{0};
    uint64_t last_ts = 0;
    uint64_t late = 0;
  };

  LivePipeline(const LiveRuleset& rules, AlertSink& sink, const LiveOptions& options);
  void ReaderLoop(int reader_index);
  void WorkerLoop(WorkerSlot& slot);
  // Appends `record` to the capture (worker 0's thread only).
  void CaptureRecord(const QueuedRecord& record);

  const LiveRuleset& rules_;
  SerializedSink sink_;
  LiveOptions options_;
  std::unique_ptr<probe::Probe> probe_;
  InterestSet interest_;
  // Published by Run()'s thread, read by every worker (declared before workers_: it outlives them).
  LiveUserTables user_tables_;
  UserFilesWatcher users_watcher_;
  std::vector<std::unique_ptr<WorkerSlot>> workers_;
  // Per ring: every record with ts below this has been queued (probe clock).
  std::unique_ptr<std::atomic<uint64_t>[]> watermarks_;
  std::unique_ptr<std::atomic<uint64_t>[]> queue_drops_;
  std::atomic<uint64_t> records_read_{0};
  std::atomic<bool> stop_readers_{false};
  std::atomic<int> readers_done_{0};
  std::atomic<bool> running_{false};
  int64_t clock_offset_ns_ = 0;  // CLOCK_REALTIME - CLOCK_BOOTTIME, as the probe stamps
  LiveCounters counters_;
  // The capture writer, used by worker 0's thread while running, closed by Run().
  std::unique_ptr<probe::capture::CaptureWriter> capture_;
  std::string capture_scratch_;
  std::vector<std::thread> threads_;
  absl::Status reader_error_ ABSL_GUARDED_BY(error_mu_);
  absl::Mutex error_mu_;
};

}  // namespace peregrine::runtime::live

#endif  // PEREGRINE_RUNTIME_LIVE_LIVE_PIPELINE_H_
