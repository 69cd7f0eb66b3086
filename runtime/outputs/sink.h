// Sink: one output channel (stdout, file, syslog, program, http), driven by its OutputWorker.
#ifndef PEREGRINE_RUNTIME_OUTPUTS_SINK_H_
#define PEREGRINE_RUNTIME_OUTPUTS_SINK_H_

#include <atomic>
#include <string>

#include "absl/status/status.h"
#include "runtime/outputs/alert.h"

namespace peregrine::runtime::outputs {

// A channel that writes alerts somewhere. Owned by one OutputWorker and called only from that
// worker's thread (thread-compatible); it may block as long as it likes, since only its own queue
// waits for it. `cancelled` turns true when shutdown's deadline has passed: a sink that waits
// (retries, backoff, a slow server) must give up promptly then.
class Sink {
 public:
  virtual ~Sink() = default;

  // The output's name in metrics and logs: "stdout", "file", "syslog", "program", "http".
  virtual std::string name() const = 0;
  // Delivers one alert; an error means the alert was lost (counted as failed).
  virtual absl::Status Write(const Alert& alert, const std::atomic<bool>& cancelled) = 0;
  // Pushes out buffered data (buffered_outputs); called when the queue runs empty at shutdown.
  virtual absl::Status Flush() { return absl::OkStatus(); }
  // Closes and reopens files or connections before the next write (SIGUSR1, log rotation).
  virtual void Reopen() {}
};

}  // namespace peregrine::runtime::outputs

#endif  // PEREGRINE_RUNTIME_OUTPUTS_SINK_H_
