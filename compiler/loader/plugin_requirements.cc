#include "compiler/loader/plugin_requirements.h"

namespace peregrine::compiler {

std::vector<ProvidedPlugin> BuiltinPlugins() { return {ProvidedPlugin{"container", {0, 4, 0}}}; }

bool CheckPluginRequirements(const std::vector<PluginRequirement>& requirements,
                             const std::vector<ProvidedPlugin>& provided, DiagnosticSink& sink) {
  bool ok = true;
  for (const PluginRequirement& requirement : requirements) {
    bool found = false;
    bool compatible = false;
    std::string problem;
    for (const PluginRequirement::Alternative& alternative : requirement.alternatives) {
      for (const ProvidedPlugin& plugin : provided) {
        if (plugin.name != alternative.name) continue;
        found = true;
        const std::optional<SemVer> required = ParseSemVer(alternative.version);
        if (required.has_value() && plugin.version.CompatibleWith(*required)) {
          compatible = true;
        } else if (problem.empty()) {
          problem = "Plugin '" + plugin.name + "' version '" + plugin.version.ToString() +
                    "' is not compatible with required plugin version '" + alternative.version +
                    "'";
        }
      }
    }
    if (compatible) continue;
    ok = false;
    if (!found) {
      problem = "Plugin requirement not satisfied, must load one of: ";
      for (size_t i = 0; i < requirement.alternatives.size(); ++i) {
        if (i > 0) problem += ", ";
        problem +=
            requirement.alternatives[i].name + " (>= " + requirement.alternatives[i].version + ")";
      }
    }
    sink.Error("LOAD_ERR_VALIDATE", problem, requirement.location, "required_plugin_versions");
  }
  return ok;
}

}  // namespace peregrine::compiler
