// Syscall-heavy programs whose wall time the probe scenario compares with and without the
// daemon running: dd bs=512 from /dev/zero to /dev/null, an open/close loop, and a loopback TCP
// request/response loop. Each runs as a fresh process (as any program the daemon watches would)
// and is timed from fork to exit by the caller's thread.
//
// Usage:
//   PEREGRINE_ASSIGN_OR_RETURN(double s, TimeProgram(SyscallProgram::kDd, 200000));
#ifndef PEREGRINE_BENCH_LOAD_SYSCALL_PROGRAMS_H_
#define PEREGRINE_BENCH_LOAD_SYSCALL_PROGRAMS_H_

#include <cstdint>

#include "absl/status/statusor.h"

namespace peregrine::bench::load {

enum class SyscallProgram : uint8_t {
  kDd,            // exec `dd if=/dev/zero of=/dev/null bs=512 count=N status=none`: 2N syscalls
  kOpenClose,     // N × (openat("/etc/hostname") + close)
  kLoopbackEcho,  // N round trips of 1 byte over a loopback TCP connection (write + read on
                  // each side), client and server in two processes
};
inline constexpr int kNumSyscallPrograms = 3;

// "dd", "open_close", "loopback_echo".
const char* SyscallProgramName(SyscallProgram program);

// Runs `program` for `iterations` and returns its wall time in seconds. Errors: fork/exec
// failing, dd missing, the program exiting non-zero.
absl::StatusOr<double> TimeProgram(SyscallProgram program, uint64_t iterations);

}  // namespace peregrine::bench::load

#endif  // PEREGRINE_BENCH_LOAD_SYSCALL_PROGRAMS_H_
