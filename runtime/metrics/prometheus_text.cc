#include "runtime/metrics/prometheus_text.h"

#include <cmath>
#include <cstdio>

namespace peregrine::runtime::metrics {

void AppendLabels(const Labels& labels, std::string_view extra_name, std::string_view extra_value,
                  std::string* out) {
  if (labels.empty() && extra_name.empty()) return;
  out->push_back('{');
  bool first = true;
  auto add = [&](std::string_view k, std::string_view v) {
    if (!first) out->push_back(',');
    first = false;
    out->append(k);
    out->append("=\"");
    for (char c : v) {
      if (c == '\\') {
        out->append("\\\\");
      } else if (c == '"') {
        out->append("\\\"");
      } else if (c == '\n') {
        out->append("\\n");
      } else {
        out->push_back(c);
      }
    }
    out->push_back('"');
  };
  for (const auto& [k, v] : labels) add(k, v);
  if (!extra_name.empty()) add(extra_name, extra_value);
  out->push_back('}');
}

void AppendHelp(std::string_view help, std::string* out) {
  for (char c : help) {
    if (c == '\\') {
      out->append("\\\\");
    } else if (c == '\n') {
      out->append("\\n");
    } else {
      out->push_back(c);
    }
  }
}

void AppendValue(double value, std::string* out) {
  if (std::isnan(value)) {
    out->append("NaN");
    return;
  }
  if (std::isinf(value)) {
    out->append(value > 0 ? "+Inf" : "-Inf");
    return;
  }
  char buf[64];
  if (value == std::floor(value) && std::fabs(value) < 9.0e15) {
    std::snprintf(buf, sizeof(buf), "%.0f", value);
  } else {
    std::snprintf(buf, sizeof(buf), "%.17g", value);
  }
  out->append(buf);
}

}  // namespace peregrine::runtime::metrics
