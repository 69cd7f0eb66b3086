// CaptureWriter: writes a Peregrine capture file (capture_format.h, version 1.1) — header,
// initial process table, user and group tables, then ring records exactly as the probe produced
// them.
//
// Usage:
//   PEREGRINE_ASSIGN_OR_RETURN(auto w, CaptureWriter::Create("run.pgcap", {}));  // snapshots /proc
//   probe->DrainAll([&](const RingRecord& r) { status.Update(w->Append(r)); }); …
//   PEREGRINE_RETURN_IF_ERROR(w->Close(counters));
#ifndef PEREGRINE_PROBE_CAPTURE_CAPTURE_WRITER_H_
#define PEREGRINE_PROBE_CAPTURE_CAPTURE_WRITER_H_

#include <cstdint>
#include <cstdio>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "probe/capture/capture_format.h"
#include "probe/capture/process_snapshot.h"
#include "probe/capture/user_snapshot.h"
#include "probe/loader/ring_record.h"

namespace peregrine::probe::capture {

struct CaptureWriterOptions {
  // Header facts; CurrentMachine() when unset.
  std::optional<CaptureMachine> machine;
  // Initial process table; SnapshotProcesses(snapshot) when unset.
  std::optional<std::vector<CaptureProcess>> processes;
  SnapshotOptions snapshot;
  // User and group tables; SnapshotUsers(users_snapshot, processes) when unset.
  std::optional<UserTables> users;
  UserSnapshotOptions users_snapshot;
};

// Owns the output file. Owned by one thread (thread-compatible); a daemon with one reader per
// ring hands records to the writer's thread. Errors are sticky: after a failed write every call
// returns the first error.
class CaptureWriter {
 public:
  // Creates (truncates) `path` and writes the header, the process table and the user and group
  // tables.
  static absl::StatusOr<std::unique_ptr<CaptureWriter>> Create(const std::string& path,
                                                               const CaptureWriterOptions& options);
  ~CaptureWriter();  // closes the file without an end block if Close() was not called
  CaptureWriter(const CaptureWriter&) = delete;
  CaptureWriter& operator=(const CaptureWriter&) = delete;

  // Appends one ring record as read from ring `cpu`: `size` bytes starting with the
  // pg_ring_prefix. The record is checked (prefix length, context size, scap header and
  // parameter table) so that a file never holds what its reader would reject.
  absl::Status AppendRaw(uint16_t cpu, const void* record, size_t size);
  // The same for a record delivered by Probe::Drain/Poll.
  absl::Status Append(const RingRecord& r) {
    return AppendRaw(static_cast<uint16_t>(r.ring), r.raw, r.raw_size);
  }

  // Writes the end block and closes the file. `totals` gives the probe's drop and truncation
  // counters; its `records` is ignored (the writer counts what it wrote).
  absl::Status Close(const CaptureTrailer& totals);

  uint64_t records_written() const { return records_; }
  uint64_t bytes_written() const { return bytes_; }

 private:
  CaptureWriter(std::FILE* file, std::string path) : file_(file), path_(std::move(path)) {}
  absl::Status WriteBlock(uint32_t type, const std::string& payload);
  absl::Status Write(const void* data, size_t size);

  std::FILE* file_;
  std::string path_;
  std::string scratch_;
  uint64_t records_ = 0;
  uint64_t bytes_ = 0;
  absl::Status error_;
};

// The process-table payload of one thread (exposed for tests and tools that build files).
std::string EncodeProcess(const CaptureProcess& p);
// The payloads of one user and one group block.
std::string EncodeUser(const CaptureUser& u);
std::string EncodeGroup(const CaptureGroup& g);
// The header bytes for `m` (magic, version, machine facts).
std::string EncodeHeader(const CaptureMachine& m);

}  // namespace peregrine::probe::capture

#endif  // PEREGRINE_PROBE_CAPTURE_CAPTURE_WRITER_H_
