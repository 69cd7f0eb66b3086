// Loads arbitrary bytes as a rules file: the loader must never crash, and the offset maps it
// produces must stay consistent with the texts they describe.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "compiler/loader/plugin_requirements.h"
#include "compiler/loader/rule_loader.h"

namespace {

using peregrine::compiler::SourceLocation;
using peregrine::compiler::SubstitutedText;

void Require(bool condition) {
  if (!condition) std::abort();
}

void CheckSubstituted(const SubstitutedText& substituted, size_t input_size) {
  Require(substituted.origin.size() == substituted.text.size() + 1);
  Require(substituted.origin.back() == input_size);
  for (uint32_t origin : substituted.origin) Require(origin <= input_size);
}

template <typename Locate>
void Probe(size_t size, Locate locate) {
  // A few offsets, including past the end.
  for (size_t offset : {size_t{0}, size / 2, size, size + 7}) {
    const SourceLocation at = locate(offset);
    Require(at.line >= 0 && at.column >= 0);
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  peregrine::compiler::RuleLoader loader;
  loader.AddContent("fuzz.yaml", text);
  // A second file sees the first one's items (appends, overrides across files).
  loader.AddContent("fuzz2.yaml", text.substr(size / 2));
  const peregrine::compiler::LoadedRules rules = loader.Finish();
  for (const auto& macro : rules.macros) {
    CheckSubstituted(macro.substituted, macro.condition.size());
    Require(macro.condition_map.size() == macro.condition.size());
    Probe(macro.substituted.text.size(),
          [&](size_t offset) { return macro.LocateInSubstituted(offset); });
  }
  for (const auto& rule : rules.rules) {
    CheckSubstituted(rule.substituted, rule.condition_with_exceptions.size());
    Require(rule.condition_map.size() == rule.condition_with_exceptions.size());
    Require(rule.output_map.size() == rule.output.size());
    Probe(rule.substituted.text.size(),
          [&](size_t offset) { return rule.LocateInSubstituted(offset); });
    Probe(rule.output.size(), [&](size_t offset) { return rule.LocateInOutput(offset); });
  }
  peregrine::compiler::DiagnosticSink sink;
  peregrine::compiler::CheckPluginRequirements(rules.required_plugin_versions,
                                               peregrine::compiler::BuiltinPlugins(), sink);
  return 0;
}
