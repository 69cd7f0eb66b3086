// StdoutSink: writes each alert and a newline to a stdio stream (Falco's stdout_output).
#ifndef PEREGRINE_RUNTIME_OUTPUTS_STDOUT_SINK_H_
#define PEREGRINE_RUNTIME_OUTPUTS_STDOUT_SINK_H_

#include <cstdio>

#include "runtime/outputs/sink.h"

namespace peregrine::runtime::outputs {

// Borrows `stream` (stdout by default; tests pass a tmpfile), which must outlive the sink. Flushes
// after every alert unless `buffered` (buffered_outputs). Thread contract: Sink's.
class StdoutSink final : public Sink {
 public:
  explicit StdoutSink(bool buffered, FILE* stream = stdout)
      : stream_(stream), buffered_(buffered) {}
  std::string name() const override { return "stdout"; }
  absl::Status Write(const Alert& alert, const std::atomic<bool>& cancelled) override;
  absl::Status Flush() override;

 private:
  FILE* stream_;
  bool buffered_;
};

}  // namespace peregrine::runtime::outputs

#endif  // PEREGRINE_RUNTIME_OUTPUTS_STDOUT_SINK_H_
