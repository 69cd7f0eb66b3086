// Reader for Falco/libscap .scap capture files (shared/spec/scap-format.md §1–§12).
//
// Usage:
//   PEREGRINE_ASSIGN_OR_RETURN(auto reader, ScapReader::Open("dev-mixed.scap"));
//   ScapEvent ev;
//   while (true) { PEREGRINE_ASSIGN_OR_RETURN(bool more, reader->Next(&ev)); if (!more) break; … }
//
// Open() detects gzip or plain data, reads the section header and every metadata block up to the
// first event block (so tables() is complete when Open returns), then Next() yields the events in
// file order. The inflated data is streamed through a bounded buffer.
#ifndef PEREGRINE_PROBE_CAPTURE_SCAP_SCAP_READER_H_
#define PEREGRINE_PROBE_CAPTURE_SCAP_SCAP_READER_H_

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "probe/capture/scap/block_reader.h"
#include "probe/capture/scap/event_block.h"
#include "probe/capture/scap/input_stream.h"
#include "probe/capture/scap/scap_event.h"
#include "probe/capture/scap/scap_tables.h"

namespace peregrine::probe::scap {

struct ScapReaderOptions {
  BlockReaderLimits limits;
};

// What the reader saw. All counts cover the whole file read so far (every section).
struct ScapCounters {
  std::map<uint32_t, uint64_t> blocks_by_type;  // keyed by block type as stored
  uint64_t blocks = 0;
  uint64_t events = 0;               // events returned by Next()
  uint64_t unknown_event_codes = 0;  // event blocks skipped: code ≥ 454 (§11.4)
  uint64_t unused_event_codes = 0;   // event blocks skipped: Appendix A `unused` codes
  uint64_t v1_events = 0;            // events read from version-1 blocks
  uint64_t state_only_events = 0;    // events whose dump flags carry STATE_ONLY
  uint64_t large_mismatch = 0;       // block "large" kind disagreed with the event type
  uint64_t unknown_blocks = 0;       // blocks of unknown type, skipped
  uint64_t misplaced_blocks = 0;     // metadata blocks after events in a section, skipped
  uint64_t sections = 0;             // section headers read

  uint64_t BlockCount(uint32_t type) const {
    auto it = blocks_by_type.find(type);
    return it == blocks_by_type.end() ? 0 : it->second;
  }
};

// Owns the input and its buffers. Owned by one thread (thread-compatible).
class ScapReader {
 public:
  // Opens a capture file. Errors: cannot open, not a capture (zstd, xz, lz4 and other magic are
  // named), bad section header (big-endian, major > 1), or a malformed metadata block (the message
  // gives the block's byte offset in the inflated stream and its type).
  static absl::StatusOr<std::unique_ptr<ScapReader>> Open(const std::string& path,
                                                          const ScapReaderOptions& options = {});
  // The same over capture bytes (gzip or plain) held in memory; the reader owns them.
  static absl::StatusOr<std::unique_ptr<ScapReader>> OpenBytes(
      std::string bytes, const ScapReaderOptions& options = {});

  // Reads the next event. Returns false at the clean end of the data. On a malformed block the
  // error names its byte offset in the inflated stream and its type; a truncated file (or gzip
  // stream) yields every complete event first and then a DataLoss error saying so. Errors are
  // sticky. `out->record` borrows the reader's buffer until the next call.
  //
  // A section header after events starts a new section (a concatenated capture): the tables are
  // replaced by the new section's metadata before its first event, and ScapEvent::section grows.
  absl::StatusOr<bool> Next(ScapEvent* out);

  // Metadata of the current section.
  const ScapTables& tables() const { return tables_; }
  const SectionHeader& section_header() const { return tables_.section_header; }
  const MachineInfo& machine_info() const { return tables_.machine_info; }
  const std::vector<InterfaceInfo>& interfaces() const { return tables_.interfaces; }
  const std::vector<UserInfo>& users() const { return tables_.users; }
  const std::vector<GroupInfo>& groups() const { return tables_.groups; }
  const std::vector<ThreadInfo>& threads() const { return tables_.threads; }
  const std::vector<FdInfo>& fds() const { return tables_.fds; }

  const ScapCounters& counters() const { return counters_; }
  CaptureEncoding encoding() const { return encoding_; }
  // Offset in the inflated stream of the next block to read.
  uint64_t offset() const { return blocks_.offset(); }
  // True once the data was found to end inside a block or the gzip stream ended abnormally.
  bool truncated() const { return blocks_.truncated(); }
  // Bytes held by the block buffer: bounded by max(initial buffer, 2 × largest block), not by
  // the size of the file.
  size_t buffer_bytes() const { return blocks_.buffer_bytes(); }

 private:
  ScapReader(std::unique_ptr<InputStream> in, CaptureEncoding encoding,
             const ScapReaderOptions& options);

  // Reads the first section header and the metadata up to the first event block.
  absl::Status Start();
  // Reads the next block into block_ (or takes the pending one). False at the clean end.
  absl::StatusOr<bool> NextBlock();
  // Applies one metadata block to tables_.
  absl::Status ApplyMetadata(const BlockClass& cls);
  absl::Status StartSection();
  void CountBlock(uint32_t type);

  BlockReader blocks_;
  CaptureEncoding encoding_;
  ScapTables tables_;
  ScapCounters counters_;
  EventBlockStats event_stats_;
  Block block_;
  bool have_pending_ = false;  // block_ was read by Start() and not handled yet
  bool events_in_section_ = false;
  uint32_t section_ = 0;
  std::vector<uint8_t> scratch_;  // v1 records rewritten into the v2 layout
  uint32_t last_type_ = 0;
  uint64_t* last_count_ = nullptr;  // blocks_by_type entry of last_type_ (map nodes are stable)
  absl::Status error_;
};

}  // namespace peregrine::probe::scap

#endif  // PEREGRINE_PROBE_CAPTURE_SCAP_SCAP_READER_H_
