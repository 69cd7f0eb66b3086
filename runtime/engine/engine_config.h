// EngineConfig: what the engine takes from the one configuration (runtime/config's Config, loaded
// from falco.yaml and `-o key=value`): compile options, alert format, rule matching.
#ifndef PEREGRINE_RUNTIME_ENGINE_ENGINE_CONFIG_H_
#define PEREGRINE_RUNTIME_ENGINE_ENGINE_CONFIG_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "compiler/semantic/ruleset_compiler.h"
#include "runtime/config/config.h"
#include "runtime/matcher/matcher.h"
#include "runtime/matcher/ruleset.h"

namespace peregrine::runtime {

// A derived view, never parsed on its own: build it with EngineConfigFrom(). The defaults are
// those of a default Config (Falco's, falco-rule-language.md §7).
struct EngineConfig {
  compiler::CompileOptions compile;  // `priority` → compile.min_priority
  RulesetOptions ruleset;            // json_*, time_format_iso_8601, append_output, hostname
  RuleMatching rule_matching = RuleMatching::kFirst;
  bool buffered_outputs = false;
  std::string engine_kind;          // `engine.kind` as given ("" when not set)
  std::string replay_capture_file;  // `engine.replay.capture_file`
};

// The engine's settings from `config`; `hostname` goes into the alerts. Falco's default
// append_output entry `{suggested_output: true}` adds only container-plugin fields; no container
// plugin is loaded, so an entry that does nothing else is left out.
EngineConfig EngineConfigFrom(const config::Config& config, std::string hostname);

// The settings of a default configuration with `overrides` applied (`rulec test -o`, tests),
// through config::LoadConfigString, so the keys and their errors are the daemon's. The hostname
// is ResolveHostname(). Errors: those of LoadConfigString (malformed option, bad value).
absl::StatusOr<EngineConfig> EngineConfigFromOverrides(const std::vector<std::string>& overrides);

// Falco's alert hostname: $FALCO_HOSTNAME when set, else gethostname().
std::string ResolveHostname();

}  // namespace peregrine::runtime

#endif  // PEREGRINE_RUNTIME_ENGINE_ENGINE_CONFIG_H_
