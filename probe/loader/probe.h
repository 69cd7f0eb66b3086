// Probe: owns the pg_probe BPF skeleton, its per-CPU ring buffers and the consumers.
#ifndef PEREGRINE_PROBE_LOADER_PROBE_H_
#define PEREGRINE_PROBE_LOADER_PROBE_H_

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "absl/functional/function_ref.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/synchronization/mutex.h"
#include "absl/types/span.h"
#include "probe/abi/probe_counters.h"
#include "probe/loader/ring_record.h"

struct pg_probe;     // the generated skeleton
struct ring_buffer;  // libbpf
struct bpf_map;      // libbpf

namespace peregrine::probe {

struct ProbeOptions {
  // Bytes per CPU ring; a power of two and a multiple of the page size.
  uint32_t ring_bytes_per_cpu = 8u << 20;
  // x86_64 syscall numbers to emit at start; each must be in SupportedSyscalls().
  std::vector<int> interesting_syscalls;
  // Emit procexit (186) for every thread exit.
  bool procexit = false;
  // Attach a pg_proc_ctx to every record.
  bool process_context = true;
  // Consider waking a waiting reader every N-th record of a CPU (a power of two); 0 = never
  // (readers then rely on the Poll timeout). A wakeup costs several µs on this kernel.
  uint32_t wakeup_every = 64;
  // At such a record, wake only when the ring holds at least this many unread bytes (capped at
  // half the ring); 0 = wake at every N-th record. With the default a lightly loaded reader is
  // served by its Poll timeout, and a busy one is woken well before the ring fills.
  uint32_t wakeup_min_bytes = 256u << 10;
  // Bytes of data kept for sendto/sendmsg (at most 4096).
  uint32_t snaplen = 80;
};

// One path approver of the open family (probe/abi/path_approver.h): calls of `syscall_nr` (open,
// creat, openat or openat2) with the outcome `failed_calls` whose checkable path matches none of
// `patterns` are dropped in the kernel. Derived by compiler/prefilter's BuildPathApprovers only.
struct PathApproverEntry {
  struct Pattern {
    uint8_t kind = 0;  // enum pg_path_pattern_kind
    std::string text;  // 1..PG_PATH_PATTERN_MAX_BYTES bytes
  };
  int syscall_nr = 0;
  bool failed_calls = false;
  std::vector<Pattern> patterns;  // at most PG_PATH_PATTERNS_MAX; empty = drop every checkable path
};

// One comm approver (probe/abi/comm_approver.h): calls of `syscall_nr` whose caller's comm is
// non-empty and none of `names` are dropped in the dispatcher. Derived by compiler/prefilter's
// BuildCommApprovers only (sound for syscalls the state tables ignore, with process context on).
struct CommApproverEntry {
  int syscall_nr = 0;
  std::vector<std::string> names;  // 1..15 bytes each, no NUL; at most PG_COMM_NAMES_MAX
};

// Cumulative run statistics of one BPF program, kept by the kernel only while BPF run-time
// statistics are enabled (kernel.bpf_stats_enabled=1 or a BPF_ENABLE_STATS fd held open).
// Tail-called fillers run inside the dispatcher's invocation, so its figures include them.
struct ProgramRunStats {
  uint64_t run_time_ns = 0;
  uint64_t run_count = 0;
};

// The run statistics of the loaded BPF program `prog_fd`; `name` is for the error message.
absl::StatusOr<ProgramRunStats> ReadProgramRunStats(int prog_fd, absl::string_view name);

// Called with each record; the bytes are valid only during the call.
using RecordCallback = absl::FunctionRef<void(const RingRecord&)>;

// The loaded and attached probe. Create() loads, installs rings and fillers, and attaches; the
// destructor detaches and frees everything.
//
// Thread contract: SetInterest/SetSyscallInterest/SetDropFailed/SetPathApprovers/SetCommApprovers
// and the counter
// reads are thread-safe (map updates under interest_mu_). Drain/Poll on ring i must be called from
// one thread at a time per ring; different rings may be drained from different threads
// concurrently.
class Probe {
 public:
  static absl::StatusOr<std::unique_ptr<Probe>> Create(const ProbeOptions& options);
  ~Probe();
  Probe(const Probe&) = delete;
  Probe& operator=(const Probe&) = delete;

  // Number of rings (one per possible CPU); ring ids are 0..ring_count()-1.
  int ring_count() const { return static_cast<int>(rings_.size()); }

  // Replaces the whole interest set. Error (and no change) when a syscall has no filler.
  // Approvers set with SetDropFailed stay in force for syscalls that remain interesting.
  absl::Status SetInterest(absl::Span<const int> syscalls, bool procexit);
  // Turns one syscall on or off.
  absl::Status SetSyscallInterest(int syscall_nr, bool on);
  // Approvers: the failed calls (return value -4095..-1) of these syscalls are dropped in the
  // kernel, counted in pg_probe_counters::approver_dropped. Replaces the previous set. Only sound
  // for the syscalls compiler/prefilter's KernelPrefilter::drop_failed allows.
  absl::Status SetDropFailed(absl::Span<const int> syscalls);
  // Path approvers: replaces every entry (none = no open is dropped by its path). The new set is
  // swapped in whole: a filler sees the old set or the new one, never a mix.
  absl::Status SetPathApprovers(absl::Span<const PathApproverEntry> entries);
  // Comm approvers: replaces every entry (none = no call is dropped by its comm), counted in
  // approver_dropped and comm_approver_dropped. Swapped in whole like the path approvers. Error
  // (and no change) when an entry is invalid, a syscall repeats, there are more than
  // PG_COMM_SYSCALLS_MAX entries, or records carry no process context (user space would then not
  // read proc.name from the comm the kernel checks).
  absl::Status SetCommApprovers(absl::Span<const CommApproverEntry> entries);

  // Consumes every record currently in ring `ring`; returns how many were delivered.
  absl::StatusOr<size_t> Drain(int ring, RecordCallback callback);
  // Waits up to `timeout_ms` for a wakeup of ring `ring`, then drains it.
  absl::StatusOr<size_t> Poll(int ring, int timeout_ms, RecordCallback callback);
  // Drains every ring in turn from the calling thread.
  absl::StatusOr<size_t> DrainAll(RecordCallback callback);

  // Counters of each CPU (index = CPU), and their sum.
  absl::StatusOr<std::vector<pg_probe_counters>> CountersPerCpu() const;
  absl::StatusOr<pg_probe_counters> TotalCounters() const;

  // Run statistics of the sys_exit dispatcher (see ProgramRunStats).
  absl::StatusOr<ProgramRunStats> DispatcherRunStats() const;

  // Records that failed ParseRingRecord (a bug or a version mismatch), counted by the consumer.
  uint64_t malformed_records() const { return malformed_; }

 private:
  struct Ring {
    Probe* owner = nullptr;
    int id = 0;
    int map_fd = -1;
    ring_buffer* consumer = nullptr;
    const RecordCallback* callback = nullptr;  // set during Drain/Poll only
    size_t delivered = 0;
  };

  Probe() = default;
  absl::Status Init(const ProbeOptions& options);
  absl::Status WriteInterest(uint32_t key) ABSL_EXCLUSIVE_LOCKS_REQUIRED(interest_mu_);
  // Replaces the approver set in slot 0 of `outer` by the one `make_set` creates and fills (its
  // fd, closed here), and the PG_INTEREST_*_APPROVER bits `checking` tracks by `approved`.
  absl::Status SwapApproverSet(std::vector<bool>* checking, const std::vector<bool>& approved,
                               bpf_map* outer, absl::string_view what,
                               absl::FunctionRef<absl::StatusOr<int>()> make_set)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(interest_mu_);
  // Sets the probe's clock offset (record time = monotonic time + offset); done before attach,
  // and at every Drain/Poll to take in a suspend (see probe.cc).
  void SyncClock();
  static int OnSample(void* ctx, void* data, size_t size);

  pg_probe* skel_ = nullptr;
  std::vector<std::unique_ptr<Ring>> rings_;
  uint64_t malformed_ = 0;
  uint64_t realtime_minus_boottime_ns_ = 0;  // at load
  std::atomic<uint64_t> suspended_ns_{0};    // CLOCK_BOOTTIME - CLOCK_MONOTONIC, as last taken in
  std::atomic<bool> clock_offset_set_{false};
  absl::Mutex interest_mu_;
  // What the interest map holds, by key: interest, and the drop-failed approver (kept while the
  // key is off, so that turning it on again restores it).
  std::vector<bool> interest_ ABSL_GUARDED_BY(interest_mu_) = std::vector<bool>(PG_SYSCALL_MAX);
  std::vector<bool> drop_failed_ ABSL_GUARDED_BY(interest_mu_) = std::vector<bool>(PG_SYSCALL_MAX);
  // Syscalls with a path approver installed (PG_INTEREST_PATH_APPROVER).
  std::vector<bool> path_approved_ ABSL_GUARDED_BY(interest_mu_) =
      std::vector<bool>(PG_SYSCALL_MAX);
  // Syscalls with a comm approver installed (PG_INTEREST_COMM_APPROVER).
  std::vector<bool> comm_approved_ ABSL_GUARDED_BY(interest_mu_) =
      std::vector<bool>(PG_SYSCALL_MAX);
  bool process_context_ = true;  // ProbeOptions::process_context
};

}  // namespace peregrine::probe

#endif  // PEREGRINE_PROBE_LOADER_PROBE_H_
