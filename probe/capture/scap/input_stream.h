// Byte sources for capture files: a plain file or memory buffer, and a gzip inflater (§2).
#ifndef PEREGRINE_PROBE_CAPTURE_SCAP_INPUT_STREAM_H_
#define PEREGRINE_PROBE_CAPTURE_SCAP_INPUT_STREAM_H_

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

#include "absl/status/statusor.h"

namespace peregrine::probe::scap {

// A sequential stream of bytes. Thread-compatible; owned by one reader.
class InputStream {
 public:
  virtual ~InputStream() = default;

  // Reads up to `n` bytes into `dst` and returns how many were read; 0 only at the end of the
  // data. A non-OK status is an I/O failure of the underlying file.
  virtual absl::StatusOr<size_t> Read(uint8_t* dst, size_t n) = 0;

  // After Read() returned 0: why the data ended early, or "" for a normal end. Set by the gzip
  // stream when the compressed data is truncated or corrupt (what could be inflated was
  // returned first).
  virtual const std::string& abnormal_end() const { return no_reason_; }

 private:
  std::string no_reason_;
};

enum class CaptureEncoding : uint8_t { kPlain, kGzip };

// Opens `path`, detects its encoding from the first bytes, and returns a stream of the
// (inflated) capture data. Errors: the file cannot be opened, is empty, or is not a capture
// (zstd and other formats are named in the message).
absl::StatusOr<std::unique_ptr<InputStream>> OpenCaptureFile(const std::string& path,
                                                             CaptureEncoding* encoding = nullptr);

// The same for capture bytes held in memory; the stream takes ownership of `bytes`.
absl::StatusOr<std::unique_ptr<InputStream>> OpenCaptureBytes(std::string bytes,
                                                              CaptureEncoding* encoding = nullptr);

}  // namespace peregrine::probe::scap

#endif  // PEREGRINE_PROBE_CAPTURE_SCAP_INPUT_STREAM_H_
