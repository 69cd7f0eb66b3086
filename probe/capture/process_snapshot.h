// The initial process table of a capture, read from /proc, and the machine facts of its header.
#ifndef PEREGRINE_PROBE_CAPTURE_PROCESS_SNAPSHOT_H_
#define PEREGRINE_PROBE_CAPTURE_PROCESS_SNAPSHOT_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "probe/capture/capture_format.h"

namespace peregrine::probe::capture {

struct SnapshotOptions {
  std::string proc_root = "/proc";
  bool with_env = true;  // /proc/<pid>/environ (readable by root or the owner only)
  bool with_fds = true;  // readlink of every /proc/<pid>/fd/* (one syscall per fd)
};

// Every thread of every process visible in `proc_root`. Processes that exit while being read,
// or whose files are unreadable, keep what could be read (a vanished thread is skipped). Errors
// only when `proc_root` itself cannot be listed.
absl::StatusOr<std::vector<CaptureProcess>> SnapshotProcesses(const SnapshotOptions& options = {});

// The machine facts of this host now (uname, sysconf, clocks) and this build's ABI sizes.
CaptureMachine CurrentMachine();

}  // namespace peregrine::probe::capture

#endif  // PEREGRINE_PROBE_CAPTURE_PROCESS_SNAPSHOT_H_
