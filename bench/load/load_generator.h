// Load generator: several processes issuing a chosen syscall mix (open/close, failed opens,
// getppid, connect to loopback, exec) at a target rate, bounded in time and/or operation count.
// Used by peregrine-bench throughput, prefilter, reload and the probe slowdown measurement.
//
// Usage:
//   PEREGRINE_ASSIGN_OR_RETURN(LoadMix mix, LoadMix::Parse("open=1,openfail=3"));
//   LoadSpec spec;  spec.mix = mix;  spec.processes = 2;  spec.ops_per_second = 50000;
//   PEREGRINE_ASSIGN_OR_RETURN(LoadResult r, RunLoad(spec));   // r.ops_per_second achieved
#ifndef PEREGRINE_BENCH_LOAD_LOAD_GENERATOR_H_
#define PEREGRINE_BENCH_LOAD_LOAD_GENERATOR_H_

#include <array>
#include <cstdint>
#include <string>

#include "absl/status/statusor.h"

namespace peregrine::bench::load {

// One operation of the mix and the syscalls it issues (in the generator process itself).
enum class LoadOp : uint8_t {
  kOpenClose,          // openat(open_path) + close: 2 syscalls
  kOpenMissing,        // openat(missing_path) failing with ENOENT: 1 syscall
  kGetppid,            // getppid: 1 syscall (no rule needs it: the "uninteresting" case)
  kConnectLoopback,    // socket + connect(127.0.0.1) + accept + close + close: 5 syscalls
  kExec,               // vfork + execve(exec_path) + wait4: 3 syscalls here (plus the child's)
  kOpenMissingLegacy,  // open(2) (not openat) of missing_path failing with ENOENT: 1 syscall,
                       // as static or older binaries issue it
};
inline constexpr int kNumLoadOps = 6;

// The mix's names: "open", "openfail", "getppid", "connect", "exec", "openfail_legacy".
const char* LoadOpName(LoadOp op);
// Syscalls the generator process issues for one `op` (see LoadOp).
int SyscallsPerOp(LoadOp op);

// Relative weights of the operations; the generator cycles through them deterministically.
struct LoadMix {
  std::array<int, kNumLoadOps> weights{};

  // "open=3,openfail=1" (names as LoadOpName, non-negative integer weights, at least one > 0).
  static absl::StatusOr<LoadMix> Parse(const std::string& text);
  std::string ToString() const;
  int total() const;
};

struct LoadSpec {
  int processes = 1;
  // Operations per second over all processes; 0 = as fast as each process can.
  double ops_per_second = 0;
  // Each process stops after this long, or after max_ops_per_process operations (0 = no limit),
  // whichever comes first. At least one bound must be set.
  double seconds = 1;
  uint64_t max_ops_per_process = 0;
  LoadMix mix;
  std::string open_path = "/etc/hostname";
  std::string missing_path = "/nonexistent/peregrine-bench-load";
  std::string exec_path = "/bin/true";
};

struct LoadResult {
  std::array<uint64_t, kNumLoadOps> ops{};  // completed operations by LoadOp
  uint64_t failed = 0;  // operations whose syscalls failed unexpectedly (not kOpenMissing)
  uint64_t total_ops = 0;
  uint64_t syscalls = 0;  // sum of ops × SyscallsPerOp
  double seconds = 0;     // wall time from the first fork to the last exit
  double ops_per_second = 0;
  double syscalls_per_second = 0;
};

// Forks spec.processes children, each running its share of the rate, waits for all of them.
// Errors: a bad spec, fork or the loopback listener failing, a child dying abnormally.
absl::StatusOr<LoadResult> RunLoad(const LoadSpec& spec);

}  // namespace peregrine::bench::load

#endif  // PEREGRINE_BENCH_LOAD_LOAD_GENERATOR_H_
