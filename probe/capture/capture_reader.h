// CaptureReader: reads a Peregrine capture file (capture_format.h), validating every byte.
//
// Usage:
//   PEREGRINE_ASSIGN_OR_RETURN(auto reader, CaptureReader::Open("run.pgcap"));
//   CaptureEvent ev;
//   while (true) { PEREGRINE_ASSIGN_OR_RETURN(bool more, reader->Next(&ev)); if (!more) break; … }
//
// Open() reads the header and the whole process, user and group tables (so processes(), users()
// and groups() are complete when it returns); files of version 1.0 have no user or group table
// and their processes keep sid, pgid and vpgid at -1; Next() then yields the records in file order.
// The file is streamed: memory is bounded by the largest block, not by the file. Every error names
// the byte offset of the offending block or field; a file cut short yields its complete records
// first, then a DataLoss error.
#ifndef PEREGRINE_PROBE_CAPTURE_CAPTURE_READER_H_
#define PEREGRINE_PROBE_CAPTURE_CAPTURE_READER_H_

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "probe/abi/proc_ctx.h"
#include "probe/abi/record_view.h"
#include "probe/capture/capture_format.h"

namespace peregrine::probe::capture {

// One record. `record` and `raw` borrow the reader's buffer until the next Next().
struct CaptureEvent {
  RecordView record;
  bool has_ctx = false;
  pg_proc_ctx ctx{};             // the kernel's process context, when has_ctx
  uint16_t cpu = 0;              // ring the probe wrote it to
  uint64_t offset = 0;           // byte offset of the record's block in the file
  const uint8_t* raw = nullptr;  // the ring record as written (prefix first)
  uint32_t raw_size = 0;
};

// Owns its input. Owned by one thread (thread-compatible).
class CaptureReader {
 public:
  // Errors: cannot open, not a Peregrine capture (wrong magic), unsupported major version, a
  // malformed header or process entry (with its byte offset).
  static absl::StatusOr<std::unique_ptr<CaptureReader>> Open(const std::string& path);
  // The same over bytes held in memory.
  static absl::StatusOr<std::unique_ptr<CaptureReader>> OpenBytes(std::string bytes);
  ~CaptureReader();

  // The next record: true and `*out` filled, false after the end block. Errors are sticky.
  absl::StatusOr<bool> Next(CaptureEvent* out);

  const CaptureMachine& machine() const { return machine_; }
  uint16_t major_version() const { return major_; }
  uint16_t minor_version() const { return minor_; }
  const std::vector<CaptureProcess>& processes() const { return processes_; }
  const std::vector<CaptureUser>& users() const { return users_; }
  const std::vector<CaptureGroup>& groups() const { return groups_; }
  // Totals of the end block; valid once Next() returned false.
  const CaptureTrailer& trailer() const { return trailer_; }
  // Blocks of unknown type skipped (written by a newer minor version).
  uint64_t skipped_blocks() const { return skipped_blocks_; }
  // Offset of the next block.
  uint64_t offset() const { return offset_; }

  class Input;  // where the bytes come from (a file or memory)

 private:
  explicit CaptureReader(std::unique_ptr<Input> input);
  absl::Status ReadHeader();
  // Reads the next block's type and payload. False at a clean end of input (no bytes left).
  absl::StatusOr<bool> ReadBlock(uint32_t* type, uint64_t* block_offset);
  absl::Status ParseProcess(uint64_t block_offset);
  absl::Status ParseUser(uint64_t block_offset);
  absl::Status ParseGroup(uint64_t block_offset);
  absl::StatusOr<bool> HandleBlock(uint32_t type, uint64_t block_offset, CaptureEvent* out);

  std::unique_ptr<Input> input_;
  CaptureMachine machine_;
  uint16_t major_ = 0;
  uint16_t minor_ = 0;
  std::vector<CaptureProcess> processes_;
  std::vector<CaptureUser> users_;
  std::vector<CaptureGroup> groups_;
  CaptureTrailer trailer_;
  std::vector<uint8_t> block_;
  uint64_t offset_ = 0;
  uint64_t skipped_blocks_ = 0;
  bool pending_ = false;  // block_ holds the first block after the tables, read by Open()
  uint32_t pending_type_ = 0;
  uint64_t pending_offset_ = 0;
  bool ended_ = false;
  absl::Status error_;
};

}  // namespace peregrine::probe::capture

#endif  // PEREGRINE_PROBE_CAPTURE_CAPTURE_READER_H_
