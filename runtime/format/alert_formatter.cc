// AlertFormatter: alert line, text escaping and JSON alert (§6.3–§6.5).
#include "runtime/format/alert_formatter.h"

#include <algorithm>
#include <cinttypes>
#include <cstdio>
#include <ctime>

#include "base/json_writer.h"

namespace peregrine::runtime {
namespace {

constexpr std::string_view kSuggestedContainerOutput =
    "container_id=%container.id container_name=%container.name "
    "container_image_repository=%container.image.repository "
    "container_image_tag=%container.image.tag k8s_pod_name=%k8s.pod.name "
    "k8s_ns_name=%k8s.ns.name";

bool Matches(const AppendOutputEntry& e, const RuleInfo& rule) {
  if (e.match_rule.has_value() && *e.match_rule != rule.name) return false;
  if (e.match_source.has_value() && *e.match_source != rule.source) return false;
  for (const std::string& tag : e.match_tags) {
    if (std::find(rule.tags.begin(), rule.tags.end(), tag) == rule.tags.end()) return false;
  }
  return true;
}

void AppendUtcTime(uint64_t ts, std::string* out) {
  const time_t secs = static_cast<time_t>(ts / 1'000'000'000);
  struct tm tm;
  gmtime_r(&secs, &tm);
  char buf[64];
  size_t n = strftime(buf, sizeof(buf), "%Y-%m-%dT%H:%M:%S", &tm);
  out->append(buf, n);
  std::snprintf(buf, sizeof(buf), ".%09" PRIu64 "Z", ts % 1'000'000'000);
  out->append(buf);
}

}  // namespace

absl::StatusOr<AlertFormatter> AlertFormatter::Create(RuleInfo rule,
                                                      const AlertFormatOptions& options,
                                                      absl::Span<const AppendOutputEntry> append,
                                                      std::vector<std::string>* warnings) {
  AlertFormatter f;
  f.options_ = options;
  std::string prefix = options.time_format_iso_8601 ? "*%evt.time.iso8601: " : "*%evt.time: ";
  prefix.append(PriorityName(rule.priority));
  auto p = OutputTemplate::Parse(prefix);
  if (!p.ok()) return p.status();
  f.prefix_ = *std::move(p);

  std::string message = rule.output;
  for (const AppendOutputEntry& e : append) {
    if (!Matches(e, rule)) continue;
    if (!e.extra_output.empty()) {
      message.push_back(' ');
      message.append(e.extra_output);
    }
    if (e.suggested_output && rule.source == "syscall") {
      message.push_back(' ');
      message.append(kSuggestedContainerOutput);
    }
    for (const auto& [name, text] : e.extra_templates) {
      auto t = OutputTemplate::Parse(text, warnings);
      if (!t.ok()) return t.status();
      f.extra_templates_.emplace_back(name, *std::move(t));
    }
    for (const std::string& field : e.extra_fields) {
      auto t = OutputTemplate::Parse("%" + field, warnings);
      if (!t.ok()) return t.status();
      f.extra_fields_.emplace_back(field, *std::move(t));
    }
  }
  auto m = OutputTemplate::Parse(message, warnings);
  if (!m.ok()) return m.status();
  f.message_ = *std::move(m);
  f.sorted_tags_ = rule.tags;
  std::sort(f.sorted_tags_.begin(), f.sorted_tags_.end());
  f.sorted_tags_.erase(std::unique(f.sorted_tags_.begin(), f.sorted_tags_.end()),
                       f.sorted_tags_.end());
  f.rule_ = std::move(rule);
  return f;
}

void AlertFormatter::FormatLine(const Event& event, const StateView& state,
                                std::string* out) const {
  prefix_.Render(event, state, out);
  out->push_back(' ');
  message_.Render(event, state, out);
}

void AlertFormatter::FormatText(const Event& event, const StateView& state,
                                std::string* out) const {
  std::string line;
  FormatLine(event, state, &line);
  AppendJsonEscaped(line, out);
}

void AlertFormatter::FormatJson(const Event& event, const StateView& state,
                                std::string* out) const {
  JsonWriter json;
  json.BeginObject();
  // Keys in sorted order: hostname, message, output, output_fields, priority, rule, source,
  // tags, time.
  json.Key("hostname").String(options_.hostname);
  if (options_.json_include_message_property) {
    std::string msg;
    message_.Render(event, state, &msg);
    json.Key("message").String(msg);
  }
  if (options_.json_include_output_property) {
    std::string line;
    FormatLine(event, state, &line);
    json.Key("output").String(line);
  }
  if (options_.json_include_output_fields_property) {
    json.Key("output_fields").BeginObject();
    // Merge the template keys, the prefix time field and the extras, in sorted order.
    struct Item {
      std::string_view key;
      int kind;  // 0 message field, 1 time, 2 extra template, 3 extra field
      size_t index;
    };
    std::vector<Item> items;
    const std::string_view time_key =
        options_.time_format_iso_8601 ? "evt.time.iso8601" : "evt.time";
    items.push_back({time_key, 1, 0});
    for (size_t k = 0; k < message_.keys().size(); ++k) {
      if (message_.keys()[k] != time_key) items.push_back({message_.keys()[k], 0, k});
    }
    for (size_t k = 0; k < extra_templates_.size(); ++k) {
      items.push_back({extra_templates_[k].first, 2, k});
    }
    for (size_t k = 0; k < extra_fields_.size(); ++k) {
      items.push_back({extra_fields_[k].first, 3, k});
    }
    std::stable_sort(items.begin(), items.end(),
                     [](const Item& a, const Item& b) { return a.key < b.key; });
    std::string_view last;
    for (const Item& it : items) {
      if (it.key == last) continue;  // first occurrence wins
      last = it.key;
      json.Key(it.key);
      switch (it.kind) {
        case 0:
          message_.WriteFieldValue(it.index, event, state, &json);
          break;
        case 1:
          json.Uint(event.ts());
          break;
        case 2: {
          std::string s;
          extra_templates_[it.index].second.Render(event, state, &s);
          json.String(s);
          break;
        }
        default: {
          const OutputTemplate& t = extra_fields_[it.index].second;
          if (t.keys().empty()) {
            json.Null();
          } else {
            t.WriteFieldValue(0, event, state, &json);
          }
          break;
        }
      }
    }
    json.EndObject();
  }
  json.Key("priority").String(PriorityName(rule_.priority));
  json.Key("rule").String(rule_.name);
  json.Key("source").String(rule_.source);
  if (options_.json_include_tags_property) {
    json.Key("tags").BeginArray();
    for (const std::string& tag : sorted_tags_) json.String(tag);
    json.EndArray();
  }
  std::string time;
  AppendUtcTime(event.ts(), &time);
  json.Key("time").String(time);
  json.EndObject();
  out->append(json.str());
}

void AlertFormatter::Format(const Event& event, const StateView& state, std::string* out) const {
  if (options_.json_output) {
    FormatJson(event, state, out);
  } else {
    FormatText(event, state, out);
  }
}

}  // namespace peregrine::runtime
