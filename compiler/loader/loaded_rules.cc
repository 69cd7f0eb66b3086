#include "compiler/loader/loaded_rules.h"

namespace peregrine::compiler {
namespace {

template <typename T>
const T* FindByName(const std::vector<T>& items, std::string_view name) {
  for (const T& item : items) {
    if (item.name == name) return &item;
  }
  return nullptr;
}

}  // namespace

const ListDef* LoadedRules::FindList(std::string_view name) const {
  return FindByName(lists, name);
}
const MacroDef* LoadedRules::FindMacro(std::string_view name) const {
  return FindByName(macros, name);
}
const RuleDef* LoadedRules::FindRule(std::string_view name) const {
  return FindByName(rules, name);
}

void ReportUnusedMacros(const LoadedRules& rules, const std::set<std::string>& used_macro_names,
                        DiagnosticSink& sink) {
  for (const MacroDef& macro : rules.macros) {
    if (used_macro_names.count(macro.name) == 0) {
      sink.Warning("LOAD_UNUSED_MACRO", "Macro not referenced by any other rule/macro",
                   macro.location, "macro", macro.name);
    }
  }
}

}  // namespace peregrine::compiler
