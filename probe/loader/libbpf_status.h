// libbpf error codes and log lines to absl::Status, naming the object that failed.
#ifndef PEREGRINE_PROBE_LOADER_LIBBPF_STATUS_H_
#define PEREGRINE_PROBE_LOADER_LIBBPF_STATUS_H_

#include <string>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"

namespace peregrine::probe {

// A Status for libbpf's negative errno `err` while doing `what` (e.g. "attaching program
// 'pg_sys_exit'"). EPERM/EACCES say which privilege is missing; `log` (libbpf's messages captured
// during the call, may be empty) adds the lines that name a program or map.
absl::Status LibbpfError(int err, absl::string_view what, absl::string_view log = {});

// Collects libbpf's log messages on the calling thread while alive (libbpf's print hook is
// process-wide; messages from other threads go to stderr as usual). Thread-compatible.
class LibbpfLogCapture {
 public:
  LibbpfLogCapture();
  ~LibbpfLogCapture();
  LibbpfLogCapture(const LibbpfLogCapture&) = delete;
  LibbpfLogCapture& operator=(const LibbpfLogCapture&) = delete;

  const std::string& text() const { return text_; }

 private:
  std::string text_;
  void* previous_ = nullptr;  // libbpf_print_fn_t installed before
};

}  // namespace peregrine::probe

#endif  // PEREGRINE_PROBE_LOADER_LIBBPF_STATUS_H_
