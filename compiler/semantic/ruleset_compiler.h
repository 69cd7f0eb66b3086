// Compiles rules files into a CompiledRuleset: load (YAML, lists, appends, exceptions), parse,
// expand macros, check fields/types/constants, analyse event types, lower to the shared IR.
// The compile is whole or nothing: a ruleset with any error yields no CompiledRuleset.
//
// Usage:
//   CompileOutput out = CompileRulesFiles({"rules/"}, CompileOptions{});
//   for (const Diagnostic& d : out.diagnostics) Print(d);
//   if (out.ruleset) Use(*out.ruleset);
#ifndef PEREGRINE_COMPILER_SEMANTIC_RULESET_COMPILER_H_
#define PEREGRINE_COMPILER_SEMANTIC_RULESET_COMPILER_H_

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "compiler/diagnostics/diagnostic.h"
#include "compiler/ir/ir.h"
#include "compiler/loader/loaded_rules.h"

namespace peregrine::compiler {

struct CompileOptions {
  // Falco's `priority` threshold: rules less severe (numerically greater) are compiled but not
  // loaded. 7 = debug = everything.
  int min_priority = 7;
  // Stop after parsing (rulec lint --parse-only): no field, type or event-type checks.
  bool parse_only = false;
};

// What the compiler knows about one rule of LoadedRules::rules (same index).
struct CompiledRuleInfo {
  bool compiled = false;            // false: skipped (skip-if-unknown-filter)
  bool loaded = false;              // compiled, and passes the priority threshold
  std::optional<uint32_t> ir_rule;  // index in program.rules when compiled
  std::string expanded_condition;   // the condition after list substitution and macro expansion
  EventCodeSet codes;
  std::vector<std::string> output_fields;  // %field tokens of the output, as written
};

// Immutable once built; safe to share between threads (shared_ptr<const CompiledRuleset>).
struct CompiledRuleset {
  LoadedRules loaded;
  std::vector<CompiledRuleInfo> rules;  // parallel to loaded.rules
  ir::Program program;
  CompileOptions options;

  int enabled_rules() const;
};

// Counts of what the rules files define, also when the compile failed.
struct RulesetStats {
  int rules = 0;
  int macros = 0;
  int lists = 0;
  int enabled_rules = 0;  // compiled, enabled and passing the priority threshold
};

struct CompileOutput {
  std::shared_ptr<const CompiledRuleset> ruleset;  // null when there are errors
  std::vector<Diagnostic> diagnostics;
  RulesetStats stats;
};

// Loads `paths` (files or directories, in order) and compiles them.
CompileOutput CompileRulesFiles(const std::vector<std::string>& paths,
                                const CompileOptions& options);

// Same for in-memory rules text (`name` is used in diagnostics).
CompileOutput CompileRulesContent(const std::string& name, const std::string& content,
                                  const CompileOptions& options);

// Checks one condition (rulec lint -e) against the catalog and the lists and macros of
// `context` (may be empty). Returns the diagnostics; the condition's item name is "-e".
std::vector<Diagnostic> CheckStandaloneCondition(const std::string& condition,
                                                 const std::vector<std::string>& context_paths,
                                                 const CompileOptions& options);

}  // namespace peregrine::compiler

#endif  // PEREGRINE_COMPILER_SEMANTIC_RULESET_COMPILER_H_
