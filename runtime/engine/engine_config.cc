#include "runtime/engine/engine_config.h"

#include <unistd.h>

#include <cstdlib>
#include <utility>

#include "runtime/config/config_loader.h"

namespace peregrine::runtime {

EngineConfig EngineConfigFrom(const config::Config& config, std::string hostname) {
  EngineConfig e;
  e.compile.min_priority = config.priority;
  AlertFormatOptions& f = e.ruleset.format;
  f.json_output = config.json_output;
  f.json_include_output_property = config.json_include_output_property;
  f.json_include_message_property = config.json_include_message_property;
  f.json_include_tags_property = config.json_include_tags_property;
  f.json_include_output_fields_property = config.json_include_output_fields_property;
  f.time_format_iso_8601 = config.time_format_iso_8601;
  f.hostname = std::move(hostname);
  for (const config::AppendOutputConfig& a : config.append_output) {
    const bool suggested_only = a.suggested_output && !a.match_rule && !a.match_source &&
                                a.match_tags.empty() && a.extra_output.empty() &&
                                a.extra_templates.empty() && a.extra_fields.empty();
    if (suggested_only) continue;
    AppendOutputEntry entry;
    entry.match_rule = a.match_rule;
    entry.match_source = a.match_source;
    entry.match_tags = a.match_tags;
    entry.extra_output = a.extra_output;
    entry.extra_templates = a.extra_templates;
    entry.extra_fields = a.extra_fields;
    entry.suggested_output = a.suggested_output;
    e.ruleset.append_output.push_back(std::move(entry));
  }
  switch (config.rule_matching) {
    case config::RuleMatching::kFirst:
      e.rule_matching = RuleMatching::kFirst;
      break;
    case config::RuleMatching::kAll:
      e.rule_matching = RuleMatching::kAll;
      break;
  }
  e.buffered_outputs = config.buffered_outputs;
  e.engine_kind = config.engine.kind;
  e.replay_capture_file = config.engine.replay_capture_file;
  return e;
}

absl::StatusOr<EngineConfig> EngineConfigFromOverrides(const std::vector<std::string>& overrides) {
  config::ConfigLoadOptions options;
  options.overrides = overrides;
  absl::StatusOr<config::ConfigLoadResult> loaded =
      config::LoadConfigString("", "<command line>", options);
  if (!loaded.ok()) return loaded.status();
  return EngineConfigFrom(*loaded->config, ResolveHostname());
}

std::string ResolveHostname() {
  if (const char* env = std::getenv("FALCO_HOSTNAME"); env != nullptr && *env != '\0') {
    return env;
  }
  char name[256] = {};
  if (gethostname(name, sizeof(name) - 1) != 0) return "";
  return name;
}

}  // namespace peregrine::runtime
