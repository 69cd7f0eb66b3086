// Loading falco.yaml-schema configuration: file or text, `${VAR}` expansion, `-o` overrides.
#ifndef PEREGRINE_RUNTIME_CONFIG_CONFIG_LOADER_H_
#define PEREGRINE_RUNTIME_CONFIG_CONFIG_LOADER_H_

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "runtime/config/config.h"
#include "runtime/config/env_expand.h"

namespace peregrine::runtime::config {

struct ConfigLoadOptions {
  // `-o key=value` options in command-line order (overrides.h); later ones win.
  std::vector<std::string> overrides;
  EnvLookup env = ProcessEnv();
};

struct ConfigLoadResult {
  std::shared_ptr<const Config> config;
  // "falco.yaml:12:3: unknown key 'jsn_output'", deprecated spellings, …
  std::vector<std::string> warnings;
  // Falco keys that Peregrine accepts and does not use (plugins, webserver, grpc, …), as
  // "falco.yaml:20:1: plugins".
  std::vector<std::string> ignored;
};

// Order of work: parse YAML → apply overrides → expand ${VAR} in every scalar → decode into a
// Config whose untouched keys keep Falco's defaults. Errors (InvalidArgument): malformed YAML,
// a malformed override, wrong types or values; every error names its place as
// "file:line:col: key: expected …, found '…'" (or "-o key=value: …" for an override) and all of
// them are reported together, one per line. NotFound when the file cannot be read.
absl::StatusOr<ConfigLoadResult> LoadConfigFile(const std::string& path,
                                                const ConfigLoadOptions& options = {});
// Same, for YAML text; `source_name` stands for the file name in messages.
absl::StatusOr<ConfigLoadResult> LoadConfigString(std::string_view yaml,
                                                  std::string_view source_name,
                                                  const ConfigLoadOptions& options = {});

// "debug" → 7 … "emergency" → 0, any case, "info" for 6 (spec §1.8); nullopt otherwise.
std::optional<uint8_t> ParsePriority(std::string_view name);

}  // namespace peregrine::runtime::config

#endif  // PEREGRINE_RUNTIME_CONFIG_CONFIG_LOADER_H_
