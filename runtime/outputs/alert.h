// Alert: one formatted alert as the output sinks deliver it.
#ifndef PEREGRINE_RUNTIME_OUTPUTS_ALERT_H_
#define PEREGRINE_RUNTIME_OUTPUTS_ALERT_H_

#include <cstdint>
#include <string>
#include <string_view>

namespace peregrine::runtime::outputs {

// The rendered alert. `message` is decided once, on the event path, by the formatter: the JSON
// object when `json_output` is true, else the text line (spec §6.3–§6.5), without a newline.
// Every sink delivers the same message, as Falco does. An Alert is immutable once handed to the
// OutputManager, which shares it between the sinks' queues.
struct Alert {
  uint8_t priority = 7;  // 0 Emergency … 7 Debug: Falco's numbering, equal to the syslog level
  std::string rule;
  std::string source = "syscall";
  uint64_t time_ns = 0;  // event time, ns since the epoch
  std::string message;
};

// "Emergency" … "Debug" ("Informational" for 6); "Debug" for out-of-range values.
std::string_view PriorityName(uint8_t priority);

}  // namespace peregrine::runtime::outputs

#endif  // PEREGRINE_RUNTIME_OUTPUTS_ALERT_H_
