// The probe cost measurements behind probe_bench and `peregrine-bench probe`: ns per syscall with
// (a) nothing attached, (b) an empty program on tp_btf/sys_exit, (c) the probe attached with the
// syscall uninteresting (getppid loop), (d) the probe attached with openat interesting, records
// emitted and consumed (openat of /dev/null + close, drained every 256 calls in the same
// thread), (e) the floor: a program doing only what any probe must per emitted openat (read the
// path, take a timestamp, output the record), (i) that floor with the minimal process context,
// (j) the same minimum for a close record (no path), (f) the same openat dropped by a path approver
// of 22 patterns, (g) the close of that loop emitted instead (a record without a path); the ring
// drain rate of one consumer; optionally the kernel/consumer split (BPF run-time statistics of the
// dispatcher, fillers included). Needs root.
//
// Usage:
//   ProbeBenchOptions o;  if (!ParseProbeBenchArgs(argc, argv, "probe_bench", &o)) return 2;
//   auto r = MeasureProbe(o);  if (r.ok()) PrintProbeResult(*r, o, stdout);
#ifndef PEREGRINE_BENCH_PROBE_PROBE_MEASURE_H_
#define PEREGRINE_BENCH_PROBE_PROBE_MEASURE_H_

#include <cstddef>
#include <cstdio>

#include "absl/status/statusor.h"
#include "probe/loader/probe.h"

namespace peregrine::bench {

struct ProbeBenchOptions {
  int rounds = 9;
  int calls = 200000;  // getppid calls per round; openat+close loops run calls / 4
  bool json = false;
  bool kernel_split = false;
  probe::ProbeOptions probe;  // ring size 16 MiB by default here
  ProbeBenchOptions() { probe.ring_bytes_per_cpu = 16u << 20; }
};

// Medians over rounds, ns per call; configurations are interleaved per round.
struct ProbeBenchResult {
  double bare_ns = 0, noop_ns = 0, attached_uninteresting_ns = 0;  // getppid
  double openat_close_bare_ns = 0, openat_close_noop_ns = 0;
  double openat_close_uninteresting_ns = 0, emitted_ns = 0;  // emitted: openat+close
  // (e) the floor program (path read, timestamp, ring output only) on openat+close.
  double openat_close_floor_ns = 0;
  // (i) the floor (e) plus the minimal process context (pid, tid, ppid, uid, gid, comm); (j) the
  // close of the loop emitted with only a timestamp, that context and its two parameters: the least
  // an emitted record can cost on this kernel (timestamp, context, ring); and their per-round
  // paired differences over (b).
  double openat_close_floor_ctx_ns = 0, close_floor_ctx_ns = 0;
  double floor_ctx_over_noop_paired_ns = 0, close_floor_ctx_over_noop_paired_ns = 0;
  double path_dropped_ns = 0;   // (f) openat+close, the openat dropped by a path approver
  double close_emitted_ns = 0;  // (g) openat+close, the close emitted (a record with no path)
  double comm_dropped_ns = 0;   // (h) openat+close, the openat dropped by a comm approver
  bool has_comm_row = true;     // (h) is measured only with the process context on
  // Medians of the per-round differences (d) - (c) and (g) - (c) on openat+close.
  double emitted_over_uninteresting_paired_ns = 0;
  double close_emitted_over_uninteresting_paired_ns = 0;
  double drain_events_per_s = 0;
  size_t drained_events = 0, drained_bytes = 0;
  double drain_ms = 0;
  unsigned long ring_full_drops = 0;
  // --kernel-split only.
  bool has_kernel_split = false;
  double kernel_uninteresting_ns = 0, kernel_emitted_ns = 0, consumer_ns_per_record = 0;
  double kernel_floor_ns = 0;  // the floor program's run time per openat+close
  double kernel_floor_ctx_ns = 0, kernel_close_floor_ctx_ns = 0;  // (i) and (j)
  double kernel_path_dropped_ns = 0;
  double kernel_comm_dropped_ns = 0;   // dispatcher run time per iteration, openat comm-dropped
  double kernel_close_emitted_ns = 0;  // dispatcher run time per iteration, close emitted
};

// Parses --json --rounds N --calls N --no-context --wakeup-every N --ring-bytes N --kernel-split;
// false (and a usage line on stderr naming `program`) on anything else.
bool ParseProbeBenchArgs(int argc, char** argv, const char* program, ProbeBenchOptions* out);

// Runs every configuration once per round, pinned to CPU 0. Errors: the programs cannot be
// loaded or attached (not root, kernel refuses), or statistics cannot be enabled.
absl::StatusOr<ProbeBenchResult> MeasureProbe(const ProbeBenchOptions& options);

// Text table, or one JSON object (keys bare_ns, noop_ns, attached_uninteresting_ns, emitted_ns,
// drain_events_per_s, … and the kernel split keys when measured).
void PrintProbeResult(const ProbeBenchResult& r, const ProbeBenchOptions& options, std::FILE* out);

}  // namespace peregrine::bench

#endif  // PEREGRINE_BENCH_PROBE_PROBE_MEASURE_H_
