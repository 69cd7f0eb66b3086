// SyslogSink: sends each alert to the local syslog socket (Falco's syslog_output).
#ifndef PEREGRINE_RUNTIME_OUTPUTS_SYSLOG_SINK_H_
#define PEREGRINE_RUNTIME_OUTPUTS_SYSLOG_SINK_H_

#include <string>

#include "runtime/outputs/sink.h"

namespace peregrine::runtime::outputs {

struct SyslogSinkOptions {
  std::string socket_path = "/dev/log";  // a unix datagram socket
  std::string ident = "peregrine";
  int facility = 1;  // LOG_USER, as syslog(3) without openlog()
};

// Sends one RFC 3164 datagram per alert, as glibc's syslog(3) does on /dev/log:
// "<PRI>Mmm dd hh:mm:ss ident[pid]: message", PRI = facility * 8 + alert priority (Falco's
// priority numbers are the syslog levels). Reconnects when the socket went away (syslog daemon
// restart). Owns its socket. Thread contract: Sink's.
class SyslogSink final : public Sink {
 public:
  explicit SyslogSink(SyslogSinkOptions options) : options_(std::move(options)) {}
  ~SyslogSink() override;
  std::string name() const override { return "syslog"; }
  absl::Status Write(const Alert& alert, const std::atomic<bool>& cancelled) override;
  void Reopen() override;

  // The datagram for `alert` at local time `now` (seconds since the epoch); for tests.
  std::string Datagram(const Alert& alert, long now, int pid) const;

 private:
  absl::Status Connect();

  SyslogSinkOptions options_;
  int fd_ = -1;
};

}  // namespace peregrine::runtime::outputs

#endif  // PEREGRINE_RUNTIME_OUTPUTS_SYSLOG_SINK_H_
