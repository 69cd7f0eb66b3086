// The slowdown of syscall-heavy programs with the live daemon running against without: dd
// bs=512 from /dev/zero to /dev/null, an open/close loop, a loopback request/response loop
// (bench/load/syscall_programs.h). Part of `peregrine-bench probe`.
//
// Usage:
//   SlowdownOptions o;  PEREGRINE_ASSIGN_OR_RETURN(SlowdownResult r, MeasureSlowdown(o));
#ifndef PEREGRINE_BENCH_HARNESS_PROBE_SLOWDOWN_H_
#define PEREGRINE_BENCH_HARNESS_PROBE_SLOWDOWN_H_

#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "bench/load/syscall_programs.h"

namespace peregrine::bench {

struct SlowdownOptions {
  std::vector<std::string> rules;  // empty = the upstream rules
  int rounds = 3;
  // Iterations of each program: dd blocks, open/close pairs, loopback round trips.
  std::array<uint64_t, load::kNumSyscallPrograms> iterations = {200000, 100000, 20000};
};

struct SlowdownResult {
  // Medians, seconds, by SyscallProgram. "Without" runs happen before and after the daemon
  // runs, so that a drift of the machine hits both sides.
  std::array<double, load::kNumSyscallPrograms> without_s{}, with_s{};
  std::array<uint64_t, load::kNumSyscallPrograms> iterations{};
  double slowdown(int program) const { return with_s[program] / without_s[program]; }
};

// Runs every program `rounds` times without the daemon, then with the daemon (upstream rules,
// in this process), then without again. Errors: a program failing, the daemon not starting.
absl::StatusOr<SlowdownResult> MeasureSlowdown(const SlowdownOptions& options);

// JSON members (`"slowdown_dd": 1.23, …`, without braces) and table lines.
std::string SlowdownJsonMembers(const SlowdownResult& r);
std::string SlowdownTable(const SlowdownResult& r);

}  // namespace peregrine::bench

#endif  // PEREGRINE_BENCH_HARNESS_PROBE_SLOWDOWN_H_
