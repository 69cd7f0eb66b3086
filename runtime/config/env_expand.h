// ${VAR} expansion of falco.yaml values (spec §7).
#ifndef PEREGRINE_RUNTIME_CONFIG_ENV_EXPAND_H_
#define PEREGRINE_RUNTIME_CONFIG_ENV_EXPAND_H_

#include <functional>
#include <optional>
#include <string>
#include <string_view>

namespace peregrine::runtime::config {

// Looks a variable up; nullopt when unset.
using EnvLookup = std::function<std::optional<std::string>(std::string_view name)>;

// The process environment (getenv).
EnvLookup ProcessEnv();

// Replaces each `${NAME}` by the variable's value (empty when unset) and each `$${` by a literal
// `${`, so `$${X}` yields `${X}`. A `${` without a closing `}` is left as written.
std::string ExpandEnv(std::string_view text, const EnvLookup& lookup);

}  // namespace peregrine::runtime::config

#endif  // PEREGRINE_RUNTIME_CONFIG_ENV_EXPAND_H_
