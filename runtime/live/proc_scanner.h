// ProcScanner: reads the host's threads, fds, users, groups and machine facts from /proc and
// /etc into the capture-table structs StateTracker::Seed takes (the same seed format a .scap
// capture provides).
#ifndef PEREGRINE_RUNTIME_LIVE_PROC_SCANNER_H_
#define PEREGRINE_RUNTIME_LIVE_PROC_SCANNER_H_

#include <cstdint>
#include <string>

#include "absl/status/statusor.h"
#include "probe/capture/scap/scap_tables.h"

namespace peregrine::runtime::live {

struct ProcScanOptions {
  std::string proc_root = "/proc";
  std::string etc_root = "/etc";
  // Fds read per process at most (the state keeps at most StateOptions::max_fds_per_process).
  size_t max_fds_per_process = 32768;
  bool scan_fds = true;
  bool scan_env = true;
};

// Reads /proc and /etc. Processes that exit while being read are skipped silently; an unreadable
// /proc is an error. Thread-compatible (holds only options).
class ProcScanner {
 public:
  explicit ProcScanner(ProcScanOptions options = {}) : options_(std::move(options)) {}

  // Machine info, interfaces, users, groups, every thread and the fds of every process.
  // Error: `proc_root` cannot be listed.
  absl::StatusOr<probe::scap::ScapTables> ScanAll() const;

  // One thread (tid of process pid). False when it no longer exists.
  bool ScanThread(int64_t pid, int64_t tid, probe::scap::ThreadInfo* out) const;

  // The fds of process `pid`, attached to thread `tid` in `*out`.
  void ScanFds(int64_t pid, int64_t tid, std::vector<probe::scap::FdInfo>* out) const;

  // Users from etc_root/passwd, groups from etc_root/group.
  void ScanUsers(probe::scap::ScapTables* out) const;

 private:
  ProcScanOptions options_;
};

}  // namespace peregrine::runtime::live

#endif  // PEREGRINE_RUNTIME_LIVE_PROC_SCANNER_H_
