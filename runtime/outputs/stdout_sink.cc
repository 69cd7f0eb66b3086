#include "runtime/outputs/stdout_sink.h"

#include <cerrno>
#include <cstring>

#include "absl/strings/str_cat.h"

namespace peregrine::runtime::outputs {

absl::Status StdoutSink::Write(const Alert& alert, const std::atomic<bool>& /*cancelled*/) {
  if (std::fwrite(alert.message.data(), 1, alert.message.size(), stream_) != alert.message.size() ||
      std::fputc('\n', stream_) == EOF || (!buffered_ && std::fflush(stream_) != 0)) {
    return absl::UnavailableError(absl::StrCat("stdout output: write failed: ", strerror(errno)));
  }
  return absl::OkStatus();
}

absl::Status StdoutSink::Flush() {
  if (std::fflush(stream_) != 0) {
    return absl::UnavailableError(absl::StrCat("stdout output: flush failed: ", strerror(errno)));
  }
  return absl::OkStatus();
}

}  // namespace peregrine::runtime::outputs
