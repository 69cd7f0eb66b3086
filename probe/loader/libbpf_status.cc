#include "probe/loader/libbpf_status.h"

#include <bpf/libbpf.h>
#include <unistd.h>

#include <cerrno>
#include <cstdarg>
#include <cstdio>
#include <cstring>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"

namespace peregrine::probe {
namespace {

thread_local std::string* tls_log_sink = nullptr;

int CapturePrint(enum libbpf_print_level level, const char* format, va_list args) {
  if (tls_log_sink == nullptr) {
    if (level == LIBBPF_DEBUG) return 0;
    return vfprintf(stderr, format, args);
  }
  if (level == LIBBPF_DEBUG) return 0;
  va_list copy;
  va_copy(copy, args);
  int n = vsnprintf(nullptr, 0, format, copy);
  va_end(copy);
  if (n <= 0) return n;
  std::string line(static_cast<size_t>(n) + 1, '\0');
  vsnprintf(line.data(), line.size(), format, args);
  line.resize(n);
  if (tls_log_sink->size() < (1 << 20)) tls_log_sink->append(line);
  // Keep libbpf's warnings visible (the verifier log in particular).
  fputs(line.c_str(), stderr);
  return n;
}

// The captured lines worth quoting in a Status: those naming a program or map, and errors.
std::string InterestingLines(absl::string_view log) {
  std::string out;
  int kept = 0;
  for (absl::string_view line : absl::StrSplit(log, '\n')) {
    if (line.find("prog '") == absl::string_view::npos &&
        line.find("map '") == absl::string_view::npos &&
        line.find("failed") == absl::string_view::npos) {
      continue;
    }
    if (++kept > 8) break;
    absl::StrAppend(&out, "\n  ", line);
  }
  return out;
}

}  // namespace

LibbpfLogCapture::LibbpfLogCapture() {
  tls_log_sink = &text_;
  previous_ = reinterpret_cast<void*>(libbpf_set_print(CapturePrint));
}

LibbpfLogCapture::~LibbpfLogCapture() {
  tls_log_sink = nullptr;
  // Keep CapturePrint installed when it was already (nested captures); it forwards to stderr.
  if (previous_ != reinterpret_cast<void*>(&CapturePrint)) {
    libbpf_set_print(reinterpret_cast<libbpf_print_fn_t>(previous_));
  }
}

absl::Status LibbpfError(int err, absl::string_view what, absl::string_view log) {
  if (err < 0) err = -err;
  std::string message =
      absl::StrCat(what, ": ", strerror(err), " (errno ", err, ")", InterestingLines(log));
  if (err == EPERM || err == EACCES) {
    if (geteuid() != 0) {
      absl::StrAppend(&message,
                      "; the probe needs root, or CAP_BPF + CAP_PERFMON + CAP_SYS_RESOURCE");
    } else {
      absl::StrAppend(&message,
                      "; running as root, so the kernel refused it (lockdown, "
                      "kernel.unprivileged_bpf_disabled, LSM policy or seccomp)");
    }
    return absl::PermissionDeniedError(message);
  }
  if (err == ENOENT || err == EOPNOTSUPP || err == EINVAL) {
    return absl::FailedPreconditionError(message);
  }
  return absl::InternalError(message);
}

}  // namespace peregrine::probe
