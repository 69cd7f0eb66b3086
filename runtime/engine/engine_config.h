// EngineConfig: the falco.yaml keys the replay engine honours, set from `-o key=value`.
#ifndef PEREGRINE_RUNTIME_ENGINE_ENGINE_CONFIG_H_
#define PEREGRINE_RUNTIME_ENGINE_ENGINE_CONFIG_H_

#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "compiler/semantic/ruleset_compiler.h"
#include "runtime/matcher/matcher.h"
#include "runtime/matcher/ruleset.h"

namespace peregrine::runtime {

// Defaults are Falco's (falco-rule-language.md §7), except `append_output`: Falco's default
// suggested_output entry adds only container-plugin fields, and no container plugin is loaded.
struct EngineConfig {
  compiler::CompileOptions compile;  // `priority` → compile.min_priority
  RulesetOptions ruleset;            // json_*, time_format_iso_8601, hostname, back end
  RuleMatching rule_matching = RuleMatching::kFirst;
  bool buffered_outputs = false;
  std::string engine_kind;          // `engine.kind` as given ("" when not set)
  std::string replay_capture_file;  // `engine.replay.capture_file`
};

// Applies one `-o key=value`. Errors: no '=', or a bad value for a key we honour (a boolean that
// is not true/false, an unknown priority or rule_matching). Keys we do not use are accepted and
// named in `*ignored` (Falco accepts any key), so Falco command lines keep working.
absl::Status ApplyConfigOverride(std::string_view key_value, EngineConfig* config,
                                 std::vector<std::string>* ignored);

// Falco's alert hostname: $FALCO_HOSTNAME when set, else gethostname().
std::string ResolveHostname();

}  // namespace peregrine::runtime

#endif  // PEREGRINE_RUNTIME_ENGINE_ENGINE_CONFIG_H_
