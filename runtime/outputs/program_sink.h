// ProgramSink: pipes each alert into a shell command (Falco's program_output).
#ifndef PEREGRINE_RUNTIME_OUTPUTS_PROGRAM_SINK_H_
#define PEREGRINE_RUNTIME_OUTPUTS_PROGRAM_SINK_H_

#include <sys/types.h>

#include <string>

#include "runtime/outputs/sink.h"

namespace peregrine::runtime::outputs {

struct ProgramSinkOptions {
  std::string program;      // run as /bin/sh -c <program>, alerts on its standard input
  bool keep_alive = false;  // one long-lived process; else a new process per alert
  bool buffered = false;    // buffered_outputs (keep_alive only): write in 64 KiB batches
};

// keep_alive: spawns the command once and writes "message\n" per alert into its stdin; if it has
// exited (EPIPE), it is respawned and the alert retried once. Otherwise each alert spawns the
// command, writes the line, closes stdin and waits for it to exit (an exit status other than 0 is
// an error). Owns the child and the pipe; the destructor closes stdin and reaps the child.
// Thread contract: Sink's (SIGPIPE must be blocked on the calling thread: OutputWorker does so).
class ProgramSink final : public Sink {
 public:
  explicit ProgramSink(ProgramSinkOptions options) : options_(std::move(options)) {}
  ~ProgramSink() override;
  std::string name() const override { return "program"; }
  absl::Status Write(const Alert& alert, const std::atomic<bool>& cancelled) override;
  absl::Status Flush() override;
  void Reopen() override;

 private:
  absl::Status Spawn();
  absl::Status WriteAll(const std::string& data);
  absl::Status CloseChild();  // closes stdin, waits for the child

  ProgramSinkOptions options_;
  int pipe_fd_ = -1;
  pid_t pid_ = -1;
  std::string pending_;  // buffered mode
};

}  // namespace peregrine::runtime::outputs

#endif  // PEREGRINE_RUNTIME_OUTPUTS_PROGRAM_SINK_H_
