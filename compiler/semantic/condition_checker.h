// Semantic analysis of one expanded condition: resolves fields against the catalog, checks
// operators against types, converts constants, validates evt.type names, collects Falco's
// compile-time warnings — and lowers the result into the shared IR (falco-rule-language.md §3.5,
// §3.7, §4, §2.8).
#ifndef PEREGRINE_COMPILER_SEMANTIC_CONDITION_CHECKER_H_
#define PEREGRINE_COMPILER_SEMANTIC_CONDITION_CHECKER_H_

#include <optional>
#include <string>
#include <vector>

#include "compiler/ast/ast.h"
#include "compiler/ir/program_builder.h"
#include "compiler/semantic/macro_expander.h"

namespace peregrine::compiler::semantic {

// A problem found in a condition, located in the text it was parsed from.
struct ConditionProblem {
  std::string code;  // LOAD_ERR_COMPILE_CONDITION, LOAD_COMPILE_CONDITION, LOAD_DEPRECATED_ITEM
  std::string message;
  const MacroDef* in_macro = nullptr;  // nullptr: the rule's own condition text
  ast::SourceRange range;
};

struct CheckedCondition {
  std::optional<ir::NodeId> root;         // set when there is no error
  std::optional<ConditionProblem> error;  // the first error (Falco reports one)
  std::vector<ConditionProblem> warnings;
};

// Checks `expr` (macros expanded, `origins` from the expansion) and adds it to `builder`.
// Thread-compatible: one checker per builder.
CheckedCondition CheckCondition(const ast::Expr& expr, const OriginMap& origins,
                                ir::ProgramBuilder& builder);

// Falco's `skip-if-unknown-filter` test (§1.15): whether an error message is of the kind that
// the flag downgrades to a warning.
bool IsUnknownFilterError(const std::string& message);

}  // namespace peregrine::compiler::semantic

#endif  // PEREGRINE_COMPILER_SEMANTIC_CONDITION_CHECKER_H_
