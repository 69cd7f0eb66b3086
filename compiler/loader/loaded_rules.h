// The loader's result: lists, macros and rules as the rules files define them, in index order.
#ifndef PEREGRINE_COMPILER_LOADER_LOADED_RULES_H_
#define PEREGRINE_COMPILER_LOADER_LOADED_RULES_H_

#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "compiler/diagnostics/diagnostic.h"
#include "compiler/loader/exceptions.h"
#include "compiler/loader/list_substitution.h"
#include "compiler/loader/priority.h"
#include "compiler/loader/semver.h"
#include "compiler/loader/source_map.h"

namespace peregrine::compiler {

// Sequence numbers of §1.12: `index` is the number of an item's first definition, `visibility`
// that of its latest (re)definition, append or override. Numbers grow across all files.
// `file_ordinal` is the position (0-based) in LoadedRules::files of the file of the first
// definition, `last_file_ordinal` that of the latest change: a rule last changed in file k was
// compiled by Falco against what files 0..k define (§1.12, macros of later files unknown).
struct ItemOrder {
  int index = 0;
  int visibility = 0;
  int file_ordinal = 0;
  int last_file_ordinal = 0;
};

struct ListDef {
  std::string name;
  std::vector<std::string> items;           // as written, appends included (YAML text)
  std::vector<std::string> expanded_items;  // one level of nested lists expanded (§3.9)
  SourceLocation location;                  // the item of the latest full definition
  ItemOrder order;
  // Substituted into some macro or known-source rule condition, or nested in another list.
  bool used = false;
};

struct MacroDef {
  std::string name;
  std::string condition;    // as written, appends concatenated with " " (§1.10)
  SourceMap condition_map;  // positions of `condition`
  // `condition` after list substitution (§3.9): what the condition parser reads.
  SubstitutedText substituted;
  SourceLocation location;            // the item of the latest full definition
  SourceLocation condition_location;  // the latest `condition` value
  ItemOrder order;

  // File position of byte `offset` of `substituted.text` (for parse errors).
  SourceLocation LocateInSubstituted(size_t offset) const {
    return condition_map.Locate(substituted.OriginalOffset(offset));
  }
};

struct RuleDef {
  std::string name;
  std::string desc;
  std::string condition;  // as written, appends concatenated with " " (§1.10)
  // "(" condition ")" + " and not (…)" per exception (§1.9); equal to `condition` when the rule
  // has no exceptions.
  std::string condition_with_exceptions;
  SourceMap condition_map;  // positions of `condition_with_exceptions`
  // `condition_with_exceptions` after list substitution: what the condition parser reads.
  SubstitutedText substituted;
  std::string output;    // trimmed of surrounding white space
  SourceMap output_map;  // positions of `output`
  Priority priority = Priority::kDebug;
  std::string source = "syscall";
  bool enabled = true;
  std::set<std::string> tags;
  std::vector<ExceptionDef> exceptions;  // validated, comps filled in
  std::set<std::string> exception_fields;
  bool warn_evttypes = true;
  bool skip_if_unknown_filter = false;
  bool capture = false;
  uint64_t capture_duration = 0;      // ms, 0 = global default
  SourceLocation location;            // the item of the latest full definition
  SourceLocation condition_location;  // the latest `condition` value
  SourceLocation output_location;     // the latest `output` value
  ItemOrder order;

  // File position of byte `offset` of `substituted.text` (for parse errors).
  SourceLocation LocateInSubstituted(size_t offset) const {
    return condition_map.Locate(substituted.OriginalOffset(offset));
  }
  // File position of byte `offset` of `output`.
  SourceLocation LocateInOutput(size_t offset) const { return output_map.Locate(offset); }
};

// One `required_plugin_versions` entry: satisfied if any alternative is.
struct PluginRequirement {
  struct Alternative {
    std::string name;
    std::string version;
  };
  std::vector<Alternative> alternatives;  // the entry's own name/version first
  SourceLocation location;
};

// Everything the rules files define after all appends and overrides. Immutable value.
struct LoadedRules {
  std::vector<std::string> files;  // by file ordinal
  std::vector<ListDef> lists;      // index order
  std::vector<MacroDef> macros;    // index order
  // Index order = evaluation order. Rules of an unsupported source are not here.
  std::vector<RuleDef> rules;
  std::vector<std::string> skipped_rules;         // unsupported source (LOAD_UNKNOWN_SOURCE)
  std::optional<SemVer> required_engine_version;  // the highest one required
  std::vector<PluginRequirement> required_plugin_versions;

  const ListDef* FindList(std::string_view name) const;
  const MacroDef* FindMacro(std::string_view name) const;
  const RuleDef* FindRule(std::string_view name) const;
};

// Adds LOAD_UNUSED_MACRO warnings for the macros not in `used_macro_names` (the semantic stage
// knows which macros rules and macros reference once conditions are parsed).
void ReportUnusedMacros(const LoadedRules& rules, const std::set<std::string>& used_macro_names,
                        DiagnosticSink& sink);

}  // namespace peregrine::compiler

#endif  // PEREGRINE_COMPILER_LOADER_LOADED_RULES_H_
