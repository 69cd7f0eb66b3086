// FileSink: appends each alert and a newline to a file (Falco's file_output).
#ifndef PEREGRINE_RUNTIME_OUTPUTS_FILE_SINK_H_
#define PEREGRINE_RUNTIME_OUTPUTS_FILE_SINK_H_

#include <cstdio>
#include <string>

#include "runtime/outputs/sink.h"

namespace peregrine::runtime::outputs {

struct FileSinkOptions {
  std::string filename = "./events.txt";
  bool keep_alive = false;  // keep the file open between alerts (else open/append/close each)
  bool buffered = false;    // buffered_outputs: no flush after each alert (keep_alive only)
};

// Opens the file in append mode (created 0644 when missing). Reopen() closes it so the next alert
// reopens the path (log rotation, SIGUSR1). Owns its FILE*. Thread contract: Sink's.
class FileSink final : public Sink {
 public:
  explicit FileSink(FileSinkOptions options) : options_(std::move(options)) {}
  ~FileSink() override;
  std::string name() const override { return "file"; }
  absl::Status Write(const Alert& alert, const std::atomic<bool>& cancelled) override;
  absl::Status Flush() override;
  void Reopen() override;

 private:
  absl::Status Open();

  FileSinkOptions options_;
  FILE* file_ = nullptr;
};

}  // namespace peregrine::runtime::outputs

#endif  // PEREGRINE_RUNTIME_OUTPUTS_FILE_SINK_H_
