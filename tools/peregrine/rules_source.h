// RulesSource: where the daemon's rules come from — the configuration (-c file and -o keys), then
// rules files (-r, else the config's rules_files) or a rules bundle (--bundle or
// peregrine.bundle, verified, with rollback to the stored good one) — compiled into a Ruleset.
// Start-up and every hot reload build through it.
#ifndef PEREGRINE_TOOLS_PEREGRINE_RULES_SOURCE_H_
#define PEREGRINE_TOOLS_PEREGRINE_RULES_SOURCE_H_

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "runtime/config/config.h"
#include "runtime/engine/engine_config.h"
#include "runtime/matcher/ruleset.h"
#include "tools/peregrine/cli_options.h"

namespace peregrine::cli {

// The configuration as loaded from the command line: -c (or Falco's defaults) with -o applied.
struct LoadedConfig {
  std::shared_ptr<const runtime::config::Config> config;
  std::vector<std::string> warnings;  // unknown keys, deprecated spellings
  std::vector<std::string> ignored;   // Falco keys Peregrine does not use
};

// Errors: the config file cannot be read, or a key has a wrong type or value (all of them, one
// per line, "file:line:col: key: expected …").
absl::StatusOr<LoadedConfig> LoadConfigFromCli(const CliOptions& options);

// One build's result.
struct BuiltRules {
  std::unique_ptr<runtime::Ruleset> ruleset;
  std::shared_ptr<const runtime::config::Config> config;
  runtime::EngineConfig engine;
  std::vector<std::string> rules_paths;  // what was compiled, in order
  std::vector<std::string> watch_paths;  // rules paths or the bundle file, and the config file
  std::string description;               // "rules: a.yaml, b/" or "bundle V (sha256 …)"
  std::function<void()> commit;          // makes a bundle the stored current one (may be empty)
  std::vector<std::string> notes;        // config warnings, bundle rejections and rollbacks
};

// Thread-compatible: used by the start-up code, then only by the reload thread.
class RulesSource {
 public:
  // `default_rules_dir`: the rules when neither -r, -c, rules_files nor a bundle says otherwise.
  RulesSource(CliOptions options, std::string default_rules_dir, std::string hostname)
      : options_(std::move(options)),
        default_rules_dir_(std::move(default_rules_dir)),
        hostname_(std::move(hostname)) {}

  // Loads the configuration and compiles the rules. With a bundle: the new bundle is verified
  // and compiled; when it fails and `rollback` is true, the stored current bundle (then the
  // previous one) is used instead, and a note says so. Errors: the configuration; rules that do
  // not compile (the message lists every error diagnostic, file:line:col); a bundle that fails
  // with nothing to roll back to.
  absl::StatusOr<BuiltRules> Build(bool rollback);

  // The rules paths (not a bundle) the configuration names.
  std::vector<std::string> RulesPathsFor(const runtime::config::Config& config) const;

 private:
  absl::StatusOr<std::unique_ptr<runtime::Ruleset>> Compile(const std::vector<std::string>& paths,
                                                            const runtime::EngineConfig& engine,
                                                            std::vector<std::string>* notes);
  absl::Status BuildFromBundle(const std::string& bundle, bool rollback, BuiltRules* out);

  CliOptions options_;
  std::string default_rules_dir_;
  std::string hostname_;
};

}  // namespace peregrine::cli

#endif  // PEREGRINE_TOOLS_PEREGRINE_RULES_SOURCE_H_
