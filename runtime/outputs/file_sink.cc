#include "runtime/outputs/file_sink.h"

#include <cerrno>
#include <cstring>

#include "absl/strings/str_cat.h"

namespace peregrine::runtime::outputs {

FileSink::~FileSink() { Reopen(); }

absl::Status FileSink::Open() {
  file_ = std::fopen(options_.filename.c_str(), "ae");  // append, O_CLOEXEC
  if (file_ == nullptr) {
    return absl::UnavailableError(
        absl::StrCat("file output: cannot open ", options_.filename, ": ", strerror(errno)));
  }
  return absl::OkStatus();
}

absl::Status FileSink::Write(const Alert& alert, const std::atomic<bool>& /*cancelled*/) {
  if (file_ == nullptr) {
    if (absl::Status s = Open(); !s.ok()) return s;
  }
  bool ok =
      std::fwrite(alert.message.data(), 1, alert.message.size(), file_) == alert.message.size() &&
      std::fputc('\n', file_) != EOF;
  if (!options_.keep_alive) {
    ok = std::fclose(file_) == 0 && ok;
    file_ = nullptr;
  } else if (!options_.buffered) {
    ok = std::fflush(file_) == 0 && ok;
  }
  if (!ok) {
    return absl::UnavailableError(
        absl::StrCat("file output: write to ", options_.filename, " failed: ", strerror(errno)));
  }
  return absl::OkStatus();
}

absl::Status FileSink::Flush() {
  if (file_ != nullptr && std::fflush(file_) != 0) {
    return absl::UnavailableError(
        absl::StrCat("file output: flush of ", options_.filename, " failed: ", strerror(errno)));
  }
  return absl::OkStatus();
}

void FileSink::Reopen() {
  if (file_ != nullptr) {
    std::fclose(file_);
    file_ = nullptr;
  }
}

}  // namespace peregrine::runtime::outputs
