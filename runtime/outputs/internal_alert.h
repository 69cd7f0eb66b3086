// Falco's internal alerts ("Falco internal: syscall event drop", …): source "internal" (§6.5).
#ifndef PEREGRINE_RUNTIME_OUTPUTS_INTERNAL_ALERT_H_
#define PEREGRINE_RUNTIME_OUTPUTS_INTERNAL_ALERT_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

#include "runtime/outputs/alert.h"

namespace peregrine::runtime::outputs {

struct InternalAlertOptions {
  bool json_output = false;
  bool json_include_output_property = true;
  bool time_format_iso_8601 = false;
  std::string hostname;
};

using InternalFieldValue = std::variant<std::string, uint64_t, int64_t, bool>;

// Builds the alert. Text: "<time>: <Priority> <msg> (k1=v1 k2=v2)" with JSON-encoded values;
// JSON: {"hostname","output","output_fields","priority","rule":msg,"source":"internal","time"}
// with sorted keys and no tags. <time> is local HH:MM:SS.nnnnnnnnn, or
// YYYY-MM-DDTHH:MM:SS.nnnnnnnnn+0000 with time_format_iso_8601.
Alert MakeInternalAlert(const InternalAlertOptions& options, uint8_t priority, std::string_view msg,
                        std::vector<std::pair<std::string, InternalFieldValue>> fields,
                        uint64_t time_ns);

}  // namespace peregrine::runtime::outputs

#endif  // PEREGRINE_RUNTIME_OUTPUTS_INTERNAL_ALERT_H_
