#include "runtime/engine/engine_config.h"

#include <unistd.h>

#include <cstdlib>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "compiler/loader/priority.h"

namespace peregrine::runtime {
namespace {

absl::Status ParseBool(std::string_view key, std::string_view value, bool* out) {
  const std::string v = absl::AsciiStrToLower(absl::string_view(value.data(), value.size()));
  if (v == "true" || v == "yes" || v == "on") {
    *out = true;
  } else if (v == "false" || v == "no" || v == "off") {
    *out = false;
  } else {
    return absl::InvalidArgumentError(absl::StrCat(
        "-o ", std::string(key), ": expected true or false, found '", std::string(value), "'"));
  }
  return absl::OkStatus();
}

}  // namespace

absl::Status ApplyConfigOverride(std::string_view key_value, EngineConfig* config,
                                 std::vector<std::string>* ignored) {
  const size_t eq = key_value.find('=');
  if (eq == std::string_view::npos || eq == 0) {
    return absl::InvalidArgumentError(
        absl::StrCat("-o ", std::string(key_value), ": expected key=value"));
  }
  const std::string_view key = key_value.substr(0, eq);
  const std::string_view value = key_value.substr(eq + 1);
  AlertFormatOptions& f = config->ruleset.format;
  if (key == "json_output") return ParseBool(key, value, &f.json_output);
  if (key == "json_include_output_property") {
    return ParseBool(key, value, &f.json_include_output_property);
  }
  if (key == "json_include_message_property") {
    return ParseBool(key, value, &f.json_include_message_property);
  }
  if (key == "json_include_tags_property") {
    return ParseBool(key, value, &f.json_include_tags_property);
  }
  if (key == "json_include_output_fields_property") {
    return ParseBool(key, value, &f.json_include_output_fields_property);
  }
  if (key == "time_format_iso_8601") return ParseBool(key, value, &f.time_format_iso_8601);
  if (key == "buffered_outputs") return ParseBool(key, value, &config->buffered_outputs);
  if (key == "rule_matching") {
    if (value == "first") {
      config->rule_matching = RuleMatching::kFirst;
    } else if (value == "all") {
      config->rule_matching = RuleMatching::kAll;
    } else {
      return absl::InvalidArgumentError(absl::StrCat(
          "-o rule_matching: expected first or all, found '", std::string(value), "'"));
    }
    return absl::OkStatus();
  }
  if (key == "priority") {
    std::optional<compiler::Priority> p = compiler::ParsePriority(value);
    if (!p) {
      return absl::InvalidArgumentError(
          absl::StrCat("-o priority: unknown priority '", std::string(value),
                       "' (expected emergency, alert, critical, error, warning, notice, "
                       "informational, info or debug)"));
    }
    config->compile.min_priority = static_cast<int>(*p);
    return absl::OkStatus();
  }
  if (key == "engine.kind") {
    config->engine_kind = std::string(value);
    return absl::OkStatus();
  }
  if (key == "engine.replay.capture_file") {
    config->replay_capture_file = std::string(value);
    return absl::OkStatus();
  }
  if (ignored != nullptr) ignored->push_back(std::string(key));
  return absl::OkStatus();
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
