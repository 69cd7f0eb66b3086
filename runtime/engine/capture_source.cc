#include "runtime/engine/capture_source.h"

#include <cstdio>
#include <memory>
#include <utility>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "base/status_macros.h"
#include "probe/capture/scap/scap_reader.h"
#include "runtime/engine/scap_event_source.h"

namespace peregrine::runtime {
namespace {

// Peregrine's own capture format (probe/capture/capture_reader.h, not written yet) gets its own
// magic and a case here; everything else goes to the .scap reader, whose errors name the
// formats it recognises but does not read.
absl::StatusOr<std::unique_ptr<EventSource>> WrapScap(
    absl::StatusOr<std::unique_ptr<probe::scap::ScapReader>> reader) {
  if (!reader.ok()) return reader.status();
  return std::unique_ptr<EventSource>(std::make_unique<ScapEventSource>(*std::move(reader)));
}

}  // namespace

CaptureFormat DetectCaptureFormat(std::string_view head) {
  if (head.size() >= 2 && static_cast<unsigned char>(head[0]) == 0x1f &&
      static_cast<unsigned char>(head[1]) == 0x8b) {
    return CaptureFormat::kScap;
  }
  // Section header block type 0x0A0D0D0A (scap-format §3), little-endian.
  if (head.size() >= 4 && head.substr(0, 4) == std::string_view("\x0a\x0d\x0d\x0a", 4)) {
    return CaptureFormat::kScap;
  }
  return CaptureFormat::kUnknown;
}

absl::StatusOr<std::unique_ptr<EventSource>> OpenCaptureSource(const std::string& path) {
  // Only the magic is read here; the reader opens the file itself and reports unknown formats.
  std::unique_ptr<FILE, int (*)(FILE*)> f(std::fopen(path.c_str(), "rb"), &std::fclose);
  if (f == nullptr) {
    return absl::NotFoundError(absl::StrCat(path, ": cannot open capture file"));
  }
  char head[4] = {};
  const size_t n = std::fread(head, 1, sizeof(head), f.get());
  switch (DetectCaptureFormat(std::string_view(head, n))) {
    case CaptureFormat::kScap:
    case CaptureFormat::kUnknown:
      return WrapScap(probe::scap::ScapReader::Open(path));
  }
  PEREGRINE_UNREACHABLE("unhandled capture format");
}

absl::StatusOr<std::unique_ptr<EventSource>> OpenCaptureBytes(std::string bytes) {
  switch (DetectCaptureFormat(std::string_view(bytes).substr(0, 4))) {
    case CaptureFormat::kScap:
    case CaptureFormat::kUnknown:
      return WrapScap(probe::scap::ScapReader::OpenBytes(std::move(bytes)));
  }
  PEREGRINE_UNREACHABLE("unhandled capture format");
}

}  // namespace peregrine::runtime
