// `-o key=value` overrides applied to a parsed falco.yaml tree.
#ifndef PEREGRINE_RUNTIME_CONFIG_OVERRIDES_H_
#define PEREGRINE_RUNTIME_CONFIG_OVERRIDES_H_

#include <string>
#include <string_view>

#include "absl/status/status.h"
#include "yaml-cpp/yaml.h"

namespace peregrine::runtime::config {

// Applies one `key=value` to `root` (a map; created when null). The key is a dotted path whose
// segments may carry list indices, as Falco accepts: `json_output`, `http_output.url`,
// `rules_files[1]`, `append_output[0].match.rule`; an index equal to the list's length appends.
// A value written in braces or brackets (`{enabled: true}`, `[a.yaml, b.yaml]`) is parsed as a
// YAML flow node; anything else is a plain scalar (typed later, like a file's scalars). Sets
// `*path` to the canonical path ("rules_files[1]") for error messages.
absl::Status ApplyOverride(std::string_view key_value, YAML::Node* root, std::string* path);

}  // namespace peregrine::runtime::config

#endif  // PEREGRINE_RUNTIME_CONFIG_OVERRIDES_H_
