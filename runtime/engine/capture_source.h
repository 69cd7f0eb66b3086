// Opens a capture file as an EventSource, choosing the reader from the file's magic.
#ifndef PEREGRINE_RUNTIME_ENGINE_CAPTURE_SOURCE_H_
#define PEREGRINE_RUNTIME_ENGINE_CAPTURE_SOURCE_H_

#include <memory>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "runtime/engine/event_source.h"

namespace peregrine::runtime {

enum class CaptureFormat : uint8_t {
  kScap,     // a .scap section header block, or gzip (Falco writes gzip-compressed captures)
  kPgcap,    // Peregrine's own capture format (magic "PGCAPTUR", probe/capture/capture_format.h)
  kUnknown,  // anything else
};

// The format announced by the first bytes of a capture file (at least 8 for .pgcap).
CaptureFormat DetectCaptureFormat(std::string_view head);

// Opens `path`. Errors: the file cannot be read, or it is not a capture in a format we read (the
// message names the format when it recognises it: zstd, xz, lz4, …), or its header or metadata
// are malformed (with the byte offset).
absl::StatusOr<std::unique_ptr<EventSource>> OpenCaptureSource(const std::string& path);

// The same over capture bytes held in memory (benchmarks, tests); the source owns them.
absl::StatusOr<std::unique_ptr<EventSource>> OpenCaptureBytes(std::string bytes);

}  // namespace peregrine::runtime

#endif  // PEREGRINE_RUNTIME_ENGINE_CAPTURE_SOURCE_H_
