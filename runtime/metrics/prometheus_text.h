// Prometheus text exposition format (0.0.4): escaping and number rendering.
#ifndef PEREGRINE_RUNTIME_METRICS_PROMETHEUS_TEXT_H_
#define PEREGRINE_RUNTIME_METRICS_PROMETHEUS_TEXT_H_

#include <string>
#include <string_view>

#include "runtime/metrics/registry.h"

namespace peregrine::runtime::metrics {

// Appends `{k="v",…}` (nothing for no labels) with label values escaped (\\, \", \n).
// `extra` adds one more pair at the end (a histogram's `le`) when its name is non-empty.
void AppendLabels(const Labels& labels, std::string_view extra_name, std::string_view extra_value,
                  std::string* out);
// HELP text escaping: backslash and newline.
void AppendHelp(std::string_view help, std::string* out);
// A sample value: integers without exponent, +Inf/-Inf/NaN spelled as Prometheus wants.
void AppendValue(double value, std::string* out);

}  // namespace peregrine::runtime::metrics

#endif  // PEREGRINE_RUNTIME_METRICS_PROMETHEUS_TEXT_H_
