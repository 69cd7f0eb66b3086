// Macro expansion on the AST (falco-rule-language.md §3.10, §1.12): identifiers are replaced by
// deep copies of the (already expanded) macro bodies.
#ifndef PEREGRINE_COMPILER_SEMANTIC_MACRO_EXPANDER_H_
#define PEREGRINE_COMPILER_SEMANTIC_MACRO_EXPANDER_H_

#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "compiler/ast/ast.h"
#include "compiler/loader/loaded_rules.h"

namespace peregrine::compiler::semantic {

// Which text an expression node was parsed from: a macro (then `macro` is set) or the rule itself.
// Expanded rule trees mix nodes from several texts; diagnostics need the right one.
struct ExprOrigin {
  const MacroDef* macro = nullptr;  // nullptr: the rule's own condition
};

// Maps the root node of every inserted macro copy to the macro it came from. Nodes below such a
// root come from the same macro unless they are themselves a recorded root.
using OriginMap = absl::flat_hash_map<const ast::Expr*, const MacroDef*>;

struct ExpansionError {
  std::string message;       // "Undefined macro 'X' used in filter.", "reference loop ..."
  const MacroDef* in_macro;  // the text holding the offending identifier; nullptr: the rule
  ast::SourceRange range;    // of the identifier
};

// Expands macro references. Built once per ruleset from the parsed macro conditions; macros are
// expanded lazily with memoisation, so each is expanded at most once. Thread-compatible.
class MacroExpander {
 public:
  // `macros[i]` is the parsed condition of `rules.macros[i]`, or nullptr when it did not parse
  // (references to it then fail the referencing item, not with "undefined macro"). Borrows both;
  // they must outlive the expander.
  MacroExpander(const LoadedRules& rules, const std::vector<std::unique_ptr<ast::Expr>>& macros);

  // Expands macro `index` on its own (definition-order visibility, §1.12). Returns the first
  // error, if any. Falco reports undefined macros even in unused macros, so every macro is checked.
  std::optional<ExpansionError> CheckMacro(size_t index);

  // Replaces every identifier under `root` (a rule condition) by its macro's expanded body. Macros
  // defined in files after `last_file_ordinal` are not visible (each file compiles on its own).
  // Records inserted copies in `origins`; adds the names of every macro used to `used`.
  std::optional<ExpansionError> ExpandRule(std::unique_ptr<ast::Expr>& root, int last_file_ordinal,
                                           OriginMap& origins, std::set<std::string>& used);

  // Names of the macros referenced by any macro that was expanded (for LOAD_UNUSED_MACRO).
  const std::set<std::string>& referenced_by_macros() const { return referenced_by_macros_; }

 private:
  enum class State { kNotExpanded, kExpanding, kExpanded, kFailed };

  // Returns the expanded body of macro `index`, expanding it first if needed.
  const ast::Expr* Expanded(size_t index, std::optional<ExpansionError>& error);
  // Expands identifiers under `slot`, in text `in_macro`, seeing macros accepted by `visible`.
  template <typename Visible>
  void ExpandTree(std::unique_ptr<ast::Expr>& slot, const MacroDef* in_macro,
                  const Visible& visible, OriginMap* origins, std::set<std::string>* used,
                  std::optional<ExpansionError>& error);
  // Copies the origins recorded for the macro roots inside `original` (an expanded macro body)
  // onto the matching nodes of `copy`, a Clone of it.
  void RecordNestedOrigins(const ast::Expr& original, const ast::Expr& copy,
                           OriginMap& origins) const;

  const LoadedRules& rules_;
  const std::vector<std::unique_ptr<ast::Expr>>& parsed_;
  absl::flat_hash_map<std::string, size_t> index_by_name_;
  std::vector<State> state_;
  std::vector<std::unique_ptr<ast::Expr>> expanded_;
  std::vector<std::optional<ExpansionError>> macro_error_;
  // Origins of the inlined macro copies inside expanded_ bodies.
  OriginMap body_origins_;
  std::set<std::string> referenced_by_macros_;
};

}  // namespace peregrine::compiler::semantic

#endif  // PEREGRINE_COMPILER_SEMANTIC_MACRO_EXPANDER_H_
