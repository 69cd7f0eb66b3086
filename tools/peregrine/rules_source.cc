#include "tools/peregrine/rules_source.h"

#include <utility>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "runtime/config/config_loader.h"
#include "runtime/engine/ruleset_loader.h"
#include "runtime/reload/bundle_store.h"
#include "tools/rulec/diagnostic_printer.h"

namespace peregrine::cli {
namespace {

bool OverridesRulesFiles(const std::vector<std::string>& overrides) {
  for (const std::string& kv : overrides) {
    if (kv.rfind("rules_file", 0) == 0) return true;
  }
  return false;
}

}  // namespace

absl::StatusOr<LoadedConfig> LoadConfigFromCli(const CliOptions& options) {
  runtime::config::ConfigLoadOptions load;
  load.overrides = options.overrides;
  absl::StatusOr<runtime::config::ConfigLoadResult> result =
      options.config_path ? runtime::config::LoadConfigFile(*options.config_path, load)
                          : runtime::config::LoadConfigString("", "<defaults>", load);
  if (!result.ok()) return result.status();
  LoadedConfig out;
  out.config = result->config;
  out.warnings = std::move(result->warnings);
  out.ignored = std::move(result->ignored);
  return out;
}

std::vector<std::string> RulesSource::RulesPathsFor(const runtime::config::Config& config) const {
  if (!options_.rules_paths.empty()) return options_.rules_paths;
  if (options_.config_path || OverridesRulesFiles(options_.overrides)) return config.rules_files;
  return {default_rules_dir_};
}

absl::StatusOr<std::unique_ptr<runtime::Ruleset>> RulesSource::Compile(
    const std::vector<std::string>& paths, const runtime::EngineConfig& engine,
    std::vector<std::string>* notes) {
  std::vector<compiler::Diagnostic> diagnostics;
  absl::StatusOr<std::unique_ptr<runtime::Ruleset>> ruleset =
      runtime::LoadRuleset(paths, engine, &diagnostics);
  rulec::SourceCache sources;
  if (options_.verbose) {
    for (const compiler::Diagnostic& d : diagnostics) {
      if (d.severity == compiler::Severity::kWarning) {
        notes->push_back(rulec::FormatDiagnosticText(d, sources));
      }
    }
  }
  if (ruleset.ok()) return ruleset;
  std::vector<std::string> lines;
  for (const compiler::Diagnostic& d : diagnostics) {
    if (d.severity != compiler::Severity::kError) continue;
    lines.push_back(rulec::FormatDiagnosticText(d, sources));
  }
  lines.push_back(std::string(ruleset.status().message()));
  return absl::Status(ruleset.status().code(), absl::StrJoin(lines, "\n"));
}

absl::Status RulesSource::BuildFromBundle(const std::string& bundle, bool rollback,
                                          BuiltRules* out) {
  runtime::reload::BundleStore store(out->config->peregrine.bundle_state_dir);
  const auto use = [&](runtime::reload::StagedBundle staged,
                       std::unique_ptr<runtime::Ruleset> ruleset) {
    out->ruleset = std::move(ruleset);
    out->rules_paths = staged.rules_paths;
    out->description =
        absl::StrCat("bundle ", staged.manifest.version, " (sha256 ",
                     staged.archive_sha256.substr(0, 16), ", from ", staged.origin, ")");
    out->commit = [state_dir = store.state_dir(), staged = std::move(staged)] {
      runtime::reload::BundleStore(state_dir).Commit(staged).IgnoreError();
    };
  };
  std::string failure;
  absl::StatusOr<runtime::reload::StagedBundle> staged = store.Stage(bundle);
  if (staged.ok()) {
    absl::StatusOr<std::unique_ptr<runtime::Ruleset>> ruleset =
        Compile(staged->rules_paths, out->engine, &out->notes);
    if (ruleset.ok()) {
      use(*std::move(staged), *std::move(ruleset));
      return absl::OkStatus();
    }
    store.Discard(*staged);
    failure = absl::StrCat("bundle ", bundle, " (version ", staged->manifest.version,
                           ") does not compile:\n", ruleset.status().message());
  } else {
    failure = absl::StrCat("bundle rejected: ", staged.status().message());
  }
  if (!rollback) return absl::InvalidArgumentError(failure);
  out->notes.push_back(failure);
  for (runtime::reload::BundleSlot slot :
       {runtime::reload::BundleSlot::kCurrent, runtime::reload::BundleSlot::kPrevious}) {
    absl::StatusOr<runtime::reload::StagedBundle> stored = store.StageStored(slot);
    if (!stored.ok()) {
      out->notes.push_back(std::string(stored.status().message()));
      continue;
    }
    absl::StatusOr<std::unique_ptr<runtime::Ruleset>> ruleset =
        Compile(stored->rules_paths, out->engine, &out->notes);
    if (!ruleset.ok()) {
      out->notes.push_back(absl::StrCat("stored ", runtime::reload::BundleSlotName(slot),
                                        " bundle does not compile either:\n",
                                        ruleset.status().message()));
      store.Discard(*stored);
      continue;
    }
    out->notes.push_back(absl::StrCat("rolled back to the stored ",
                                      runtime::reload::BundleSlotName(slot), " bundle, version ",
                                      stored->manifest.version));
    use(*std::move(stored), *std::move(ruleset));
    return absl::OkStatus();
  }
  return absl::FailedPreconditionError(
      absl::StrCat(failure, "\nno stored bundle to roll back to in ", store.state_dir()));
}

absl::StatusOr<BuiltRules> RulesSource::Build(bool rollback) {
  absl::StatusOr<LoadedConfig> loaded = LoadConfigFromCli(options_);
  if (!loaded.ok()) return loaded.status();
  BuiltRules out;
  out.config = loaded->config;
  out.notes = loaded->warnings;
  out.engine = runtime::EngineConfigFrom(*out.config, hostname_);
  std::string bundle = options_.bundle_path ? *options_.bundle_path : out.config->peregrine.bundle;
  if (!options_.rules_paths.empty()) bundle.clear();  // -r wins, as over rules_files
  if (!bundle.empty()) {
    if (absl::Status s = BuildFromBundle(bundle, rollback, &out); !s.ok()) return s;
    out.watch_paths.push_back(bundle);
  } else {
    out.rules_paths = RulesPathsFor(*out.config);
    absl::StatusOr<std::unique_ptr<runtime::Ruleset>> ruleset =
        Compile(out.rules_paths, out.engine, &out.notes);
    if (!ruleset.ok()) return ruleset.status();
    out.ruleset = *std::move(ruleset);
    out.description = absl::StrCat("rules: ", absl::StrJoin(out.rules_paths, ", "));
    out.watch_paths = out.rules_paths;
  }
  if (options_.config_path) out.watch_paths.push_back(*options_.config_path);
  return out;
}

}  // namespace peregrine::cli
