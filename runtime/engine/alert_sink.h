// AlertSink: where the pipeline hands formatted alerts (stdout, a callback; the output workers of
// runtime/outputs later).
#ifndef PEREGRINE_RUNTIME_ENGINE_ALERT_SINK_H_
#define PEREGRINE_RUNTIME_ENGINE_ALERT_SINK_H_

#include <cstdint>
#include <cstdio>
#include <functional>
#include <string_view>

#include "runtime/format/alert_formatter.h"

namespace peregrine::runtime {

class Ruleset;

// One alert. Every view borrows the pipeline and is valid only during AlertSink::Emit().
struct Alert {
  const Ruleset* ruleset = nullptr;  // the ruleset that matched
  uint32_t rule = 0;                 // the rule's index in ruleset->program()
  std::string_view rule_name;
  Priority priority = Priority::kDebug;
  uint64_t ts = 0;        // event time, ns since the epoch
  std::string_view text;  // the alert as configured: a JSON object or a text line, no newline
};

// Receives alerts on the pipeline's thread. Implementations say their own thread contract.
class AlertSink {
 public:
  virtual ~AlertSink() = default;
  // Delivers one alert; false when it was lost (counted as a dropped alert).
  virtual bool Emit(const Alert& alert) = 0;
  // Pushes out anything buffered (at exit, on SIGINT/SIGTERM).
  virtual void Flush() {}
};

// Writes each alert's text and a newline to a stdio stream; with `buffered` false (Falco's
// default `buffered_outputs: false`) it flushes after every alert. Borrows the stream.
// Thread-compatible.
class StreamAlertSink final : public AlertSink {
 public:
  StreamAlertSink(FILE* out, bool buffered) : out_(out), buffered_(buffered) {}
  bool Emit(const Alert& alert) override;
  void Flush() override { std::fflush(out_); }

 private:
  FILE* out_;
  bool buffered_;
};

// Calls a function with each alert (tests, rulec test, embedding). Thread-compatible.
class CallbackAlertSink final : public AlertSink {
 public:
  explicit CallbackAlertSink(std::function<void(const Alert&)> callback)
      : callback_(std::move(callback)) {}
  bool Emit(const Alert& alert) override {
    callback_(alert);
    return true;
  }

 private:
  std::function<void(const Alert&)> callback_;
};

}  // namespace peregrine::runtime

#endif  // PEREGRINE_RUNTIME_ENGINE_ALERT_SINK_H_
