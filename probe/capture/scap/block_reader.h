// Block framing of the inflated capture stream (scap-format §3): one block at a time, with
// validated lengths and trailers, from a bounded buffer that refills.
#ifndef PEREGRINE_PROBE_CAPTURE_SCAP_BLOCK_READER_H_
#define PEREGRINE_PROBE_CAPTURE_SCAP_BLOCK_READER_H_

#include <cstddef>
#include <cstdint>
#include <memory>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "probe/capture/scap/input_stream.h"

namespace peregrine::probe::scap {

// One framed block. `body` points into the reader's buffer and stays valid until the next call
// to BlockReader::Next().
struct Block {
  uint32_t type = 0;
  uint32_t total_length = 0;  // T, header and trailer included
  uint64_t offset = 0;        // of the block header in the inflated stream
  const uint8_t* body = nullptr;
  uint32_t body_size = 0;  // T − 12: body plus padding
};

struct BlockReaderLimits {
  size_t initial_buffer = 1 << 20;
  // Largest accepted T for any block. Event blocks of non-large kinds are further limited to
  // 65 536 + 8 bytes by the caller (§11.5).
  uint32_t max_block = 256u << 20;
};

// Reads blocks from an InputStream it owns. Memory use is bounded by max(buffer, largest block
// present in the data) × 2: the buffer grows only as bytes actually arrive. Owned by one thread.
class BlockReader {
 public:
  explicit BlockReader(std::unique_ptr<InputStream> in, BlockReaderLimits limits = {});

  // Reads the next block. Returns false at a clean end of data (exactly at a block boundary).
  // Errors carry the byte offset and type of the offending block: T < 12, T not a multiple of 4,
  // T over the limit, a block past the end of the data (truncation), a trailer that differs from
  // T, or an abnormal end of the gzip stream. Errors are sticky.
  absl::StatusOr<bool> Next(Block* out);

  // Bytes of the inflated stream consumed so far (the offset of the next block).
  uint64_t offset() const { return offset_; }
  // True when the data ended inside a block or the gzip stream ended abnormally.
  bool truncated() const { return truncated_; }
  // Current size of the block buffer (it grows only to fit the largest block seen).
  size_t buffer_bytes() const { return buf_.size(); }

 private:
  // Makes `n` bytes available at buf_[pos_]. Returns how many are available (< n at the end).
  absl::StatusOr<size_t> Fill(size_t n);
  absl::Status Fail(absl::Status status);

  std::unique_ptr<InputStream> in_;
  BlockReaderLimits limits_;
  std::vector<uint8_t> buf_;
  size_t pos_ = 0;              // start of unconsumed data in buf_
  size_t end_ = 0;              // end of valid data in buf_
  size_t pending_consume_ = 0;  // size of the block returned last, consumed on the next call
  uint64_t offset_ = 0;
  bool eof_ = false;
  bool truncated_ = false;
  absl::Status error_;
};

}  // namespace peregrine::probe::scap

#endif  // PEREGRINE_PROBE_CAPTURE_SCAP_BLOCK_READER_H_
