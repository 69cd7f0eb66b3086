// Accumulates lists, macros and rules across files: definitions, appends, overrides (§1.10,
// §1.12). Mirrors Falco's rule collector.
#ifndef PEREGRINE_COMPILER_LOADER_INTERNAL_COLLECTOR_H_
#define PEREGRINE_COMPILER_LOADER_INTERNAL_COLLECTOR_H_

#include <optional>
#include <set>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "compiler/diagnostics/diagnostic.h"
#include "compiler/loader/loaded_rules.h"

namespace peregrine::compiler::loader_internal {

// A rules author's mistake found while reading; becomes one diagnostic. Thrown only inside
// compiler/loader/ and caught by the reader (as Falco's loader does), never beyond.
struct ReadError {
  std::string code;
  std::string message;
  SourceLocation location;
};

// The keys an override or a legacy append brings to an existing rule.
struct RuleUpdate {
  std::string name;
  SourceLocation location;
  std::optional<std::string> condition;
  SourceMap condition_map;
  SourceLocation condition_location;
  std::optional<std::string> output;
  SourceMap output_map;
  SourceLocation output_location;
  std::optional<std::string> desc;
  std::optional<Priority> priority;
  std::optional<std::string> source;
  std::optional<bool> enabled;
  std::optional<bool> warn_evttypes;
  std::optional<bool> skip_if_unknown_filter;
  std::optional<bool> capture;
  std::optional<uint64_t> capture_duration;
  std::optional<std::set<std::string>> tags;
  std::optional<std::vector<ExceptionDef>> exceptions;
};

// Mutable builder state; single-threaded. Operations throw ReadError on a rules author's
// mistake, leaving the state as it was.
class Collector {
 public:
  // The file the next operations come from (ordinal in LoadedRules::files).
  void SetFile(int file_ordinal) { file_ordinal_ = file_ordinal; }

  void DefineEngineVersion(const SemVer& version, const SourceLocation& location);
  void DefinePluginRequirement(PluginRequirement requirement);

  void DefineList(ListDef list);
  void AppendList(const ListDef& list);
  void DefineMacro(MacroDef macro);
  void AppendMacro(const MacroDef& macro);
  // `supported_source` tells whether the rule's source is one we evaluate.
  void DefineRule(RuleDef rule, bool supported_source, DiagnosticSink& sink);
  void AppendRule(RuleUpdate update);
  void ReplaceRule(RuleUpdate update);
  void EnableRule(const std::string& name, bool enabled, const SourceLocation& location);

  std::vector<ListDef>& lists() { return lists_; }
  std::vector<MacroDef>& macros() { return macros_; }
  std::vector<RuleDef>& rules() { return rules_; }
  // Parallel to rules(): false for a rule whose source we do not support.
  const std::vector<bool>& rule_supported() const { return rule_supported_; }
  const std::optional<SemVer>& required_engine_version() const { return engine_version_; }
  std::vector<PluginRequirement>& plugin_requirements() { return plugin_requirements_; }

 private:
  ItemOrder NewOrder() { return ItemOrder{next_, next_++, file_ordinal_, file_ordinal_}; }
  void Touch(ItemOrder& order) {
    order.visibility = next_++;
    order.last_file_ordinal = file_ordinal_;
  }
  RuleDef* FindRule(const std::string& name);
  void CheckSource(const RuleDef& previous, const std::optional<std::string>& source,
                   const SourceLocation& location) const;

  int next_ = 0;
  int file_ordinal_ = 0;
  std::vector<ListDef> lists_;
  absl::flat_hash_map<std::string, size_t> list_index_;
  std::vector<MacroDef> macros_;
  absl::flat_hash_map<std::string, size_t> macro_index_;
  std::vector<RuleDef> rules_;
  std::vector<bool> rule_supported_;
  absl::flat_hash_map<std::string, size_t> rule_index_;
  std::optional<SemVer> engine_version_;
  std::vector<PluginRequirement> plugin_requirements_;
};

}  // namespace peregrine::compiler::loader_internal

#endif  // PEREGRINE_COMPILER_LOADER_INTERNAL_COLLECTOR_H_
