#include "runtime/outputs/internal_alert.h"

#include <algorithm>
#include <cstdio>
#include <ctime>

#include "base/json_writer.h"

namespace peregrine::runtime::outputs {
namespace {

std::string FormatTime(uint64_t ns, bool iso, bool json_z) {
  const time_t secs = static_cast<time_t>(ns / 1000000000);
  const unsigned long frac = static_cast<unsigned long>(ns % 1000000000);
  tm t{};
  char buf[64];
  if (iso || json_z) {
    gmtime_r(&secs, &t);
    std::snprintf(buf, sizeof(buf), "%04d-%02d-%02dT%02d:%02d:%02d.%09lu%s", t.tm_year + 1900,
                  t.tm_mon + 1, t.tm_mday, t.tm_hour, t.tm_min, t.tm_sec, frac,
                  json_z ? "Z" : "+0000");
  } else {
    localtime_r(&secs, &t);
    std::snprintf(buf, sizeof(buf), "%02d:%02d:%02d.%09lu", t.tm_hour, t.tm_min, t.tm_sec, frac);
  }
  return buf;
}

void WriteValue(const InternalFieldValue& v, JsonWriter* w) {
  if (const auto* s = std::get_if<std::string>(&v)) {
    w->String(*s);
  } else if (const auto* u = std::get_if<uint64_t>(&v)) {
    w->Uint(*u);
  } else if (const auto* i = std::get_if<int64_t>(&v)) {
    w->Int(*i);
  } else {
    w->Bool(std::get<bool>(v));
  }
}

}  // namespace

Alert MakeInternalAlert(const InternalAlertOptions& options, uint8_t priority, std::string_view msg,
                        std::vector<std::pair<std::string, InternalFieldValue>> fields,
                        uint64_t time_ns) {
  std::sort(fields.begin(), fields.end(),
            [](const auto& a, const auto& b) { return a.first < b.first; });
  std::string line = FormatTime(time_ns, options.time_format_iso_8601, false);
  line += ": ";
  line += PriorityName(priority);
  line += ' ';
  line += msg;
  if (!fields.empty()) {
    line += " (";
    for (size_t i = 0; i < fields.size(); ++i) {
      if (i > 0) line += ' ';
      JsonWriter value;
      WriteValue(fields[i].second, &value);
      line += fields[i].first + "=" + value.str();
    }
    line += ')';
  }
  Alert alert;
  alert.priority = priority;
  alert.rule = std::string(msg);
  alert.source = "internal";
  alert.time_ns = time_ns;
  if (!options.json_output) {
    std::string escaped;
    AppendJsonEscaped(line, &escaped);
    alert.message = std::move(escaped);
    return alert;
  }
  JsonWriter w;
  w.BeginObject();
  w.Key("hostname").String(options.hostname);
  if (options.json_include_output_property) w.Key("output").String(line);
  w.Key("output_fields").BeginObject();
  for (const auto& [key, value] : fields) {
    w.Key(key);
    WriteValue(value, &w);
  }
  w.EndObject();
  w.Key("priority").String(PriorityName(priority));
  w.Key("rule").String(msg);
  w.Key("source").String("internal");
  w.Key("time").String(FormatTime(time_ns, false, true));
  w.EndObject();
  alert.message = w.str();
  return alert;
}

}  // namespace peregrine::runtime::outputs
