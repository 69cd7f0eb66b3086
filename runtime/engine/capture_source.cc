#include "runtime/engine/capture_source.h"

#include <sys/stat.h>

#include <cstdio>
#include <memory>
#include <utility>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "base/status_macros.h"
#include "probe/capture/capture_format.h"
#include "probe/capture/capture_reader.h"
#include "probe/capture/scap/scap_reader.h"
#include "runtime/engine/pgcap_event_source.h"
#include "runtime/engine/scap_event_source.h"

namespace peregrine::runtime {
namespace {

// Peregrine's own captures go to their reader; everything else goes to the .scap reader, whose
// errors name the formats it recognises but does not read.
absl::StatusOr<std::unique_ptr<EventSource>> WrapPgcap(
    absl::StatusOr<std::unique_ptr<probe::capture::CaptureReader>> reader) {
  if (!reader.ok()) return reader.status();
  return std::unique_ptr<EventSource>(std::make_unique<PgcapEventSource>(*std::move(reader)));
}

absl::StatusOr<std::unique_ptr<EventSource>> WrapScap(
    absl::StatusOr<std::unique_ptr<probe::scap::ScapReader>> reader) {
  if (!reader.ok()) return reader.status();
  return std::unique_ptr<EventSource>(std::make_unique<ScapEventSource>(*std::move(reader)));
}

}  // namespace

CaptureFormat DetectCaptureFormat(std::string_view head) {
  const std::string_view pgcap_magic(probe::capture::kCaptureMagic,
                                     sizeof(probe::capture::kCaptureMagic));
  if (head.substr(0, pgcap_magic.size()) == pgcap_magic) return CaptureFormat::kPgcap;
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
  // Peek at the magic of regular files only: reading a pipe or a FIFO would consume the bytes the
  // reader needs. The reader opens the file itself and reports formats it does not read.
  struct stat st;
  std::string head;
  if (::stat(path.c_str(), &st) != 0) {
    return absl::NotFoundError(absl::StrCat(path, ": cannot open capture file"));
  }
  if (S_ISREG(st.st_mode)) {
    std::unique_ptr<FILE, int (*)(FILE*)> f(std::fopen(path.c_str(), "rb"), &std::fclose);
    if (f == nullptr) {
      return absl::PermissionDeniedError(absl::StrCat(path, ": cannot open capture file"));
    }
    char bytes[sizeof(probe::capture::kCaptureMagic)] = {};
    head.assign(bytes, std::fread(bytes, 1, sizeof(bytes), f.get()));
  }
  switch (DetectCaptureFormat(head)) {
    case CaptureFormat::kPgcap:
      return WrapPgcap(probe::capture::CaptureReader::Open(path));
    case CaptureFormat::kScap:
    case CaptureFormat::kUnknown:
      return WrapScap(probe::scap::ScapReader::Open(path));
  }
  PEREGRINE_UNREACHABLE("unhandled capture format");
}

absl::StatusOr<std::unique_ptr<EventSource>> OpenCaptureBytes(std::string bytes) {
  switch (DetectCaptureFormat(std::string_view(bytes).substr(0, 8))) {
    case CaptureFormat::kPgcap:
      return WrapPgcap(probe::capture::CaptureReader::OpenBytes(std::move(bytes)));
    case CaptureFormat::kScap:
    case CaptureFormat::kUnknown:
      return WrapScap(probe::scap::ScapReader::OpenBytes(std::move(bytes)));
  }
  PEREGRINE_UNREACHABLE("unhandled capture format");
}

}  // namespace peregrine::runtime
