// Checks the rules' required_plugin_versions against the plugins (field sets) we provide (§1.4).
#ifndef PEREGRINE_COMPILER_LOADER_PLUGIN_REQUIREMENTS_H_
#define PEREGRINE_COMPILER_LOADER_PLUGIN_REQUIREMENTS_H_

#include <string>
#include <vector>

#include "compiler/diagnostics/diagnostic.h"
#include "compiler/loader/loaded_rules.h"
#include "compiler/loader/semver.h"

namespace peregrine::compiler {

struct ProvidedPlugin {
  std::string name;
  SemVer version;
};

// What Peregrine provides without plugins. We have no plugin system: the `container` plugin's
// fields (container.*, k8s.pod.name, k8s.ns.name) are built in, and we declare them as
// container 0.4.0 — the version the upstream rules require — so requirements on container
// 0.x up to 0.4.0 are satisfied and a requirement for a later container version is not.
std::vector<ProvidedPlugin> BuiltinPlugins();

// Falco's check, done after all files are loaded: each requirement needs one alternative that
// is provided with a compatible version (same major, >=). Adds one LOAD_ERR_VALIDATE error per
// unsatisfied requirement, with Falco's message, and returns false if there was one.
bool CheckPluginRequirements(const std::vector<PluginRequirement>& requirements,
                             const std::vector<ProvidedPlugin>& provided, DiagnosticSink& sink);

}  // namespace peregrine::compiler

#endif  // PEREGRINE_COMPILER_LOADER_PLUGIN_REQUIREMENTS_H_
