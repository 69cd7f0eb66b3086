#include "compiler/semantic/macro_expander.h"

#include "absl/strings/str_cat.h"
#include "base/status_macros.h"
#include "compiler/ast/traversal.h"

namespace peregrine::compiler::semantic {

MacroExpander::MacroExpander(const LoadedRules& rules,
                             const std::vector<std::unique_ptr<ast::Expr>>& macros)
    : rules_(rules),
      parsed_(macros),
      state_(rules.macros.size(), State::kNotExpanded),
      expanded_(rules.macros.size()),
      macro_error_(rules.macros.size()) {
  assert(macros.size() == rules.macros.size() && "one parsed condition per macro");
  for (size_t i = 0; i < rules.macros.size(); ++i) index_by_name_[rules.macros[i].name] = i;
}

template <typename Visible>
void MacroExpander::ExpandTree(std::unique_ptr<ast::Expr>& slot, const MacroDef* in_macro,
                               const Visible& visible, OriginMap* origins,
                               std::set<std::string>* used, std::optional<ExpansionError>& error) {
  if (error) return;
  if (auto* identifier = ast::DynCast<ast::IdentifierExpr>(slot.get())) {
    auto it = index_by_name_.find(identifier->name);
    if (it == index_by_name_.end() || !visible(rules_.macros[it->second])) {
      error =
          ExpansionError{absl::StrCat("Undefined macro '", identifier->name, "' used in filter."),
                         in_macro, identifier->range};
      return;
    }
    const size_t index = it->second;
    if (used != nullptr) used->insert(identifier->name);
    if (in_macro != nullptr) referenced_by_macros_.insert(identifier->name);
    if (state_[index] == State::kExpanding) {
      error = ExpansionError{absl::StrCat("reference loop in macro '", identifier->name, "'"),
                             in_macro, identifier->range};
      return;
    }
    std::optional<ExpansionError> inner_error;
    const ast::Expr* body = Expanded(index, inner_error);
    if (inner_error) {
      error = std::move(inner_error);
      return;
    }
    if (body == nullptr) {
      // The macro did not parse: its own diagnostic already says why. Fail this item quietly.
      error = ExpansionError{absl::StrCat("macro '", identifier->name, "' has errors"), in_macro,
                             identifier->range};
      return;
    }
    slot = ast::Clone(*body);
    if (origins != nullptr) {
      // Record the copy's root and every nested macro root inside it: the copy of a macro body
      // holds copies of the bodies it inlined, whose ranges point into those macros' texts.
      (*origins)[slot.get()] = &rules_.macros[index];
      RecordNestedOrigins(*body, *slot, *origins);
    }
    return;
  }
  ast::ForEachChildSlot(*slot, [&](std::unique_ptr<ast::Expr>& child) {
    ExpandTree(child, in_macro, visible, origins, used, error);
  });
}

void MacroExpander::RecordNestedOrigins(const ast::Expr& original, const ast::Expr& copy,
                                        OriginMap& origins) const {
  auto nested = body_origins_.find(&original);
  if (nested != body_origins_.end()) origins[&copy] = nested->second;
  // Walk both trees in lock-step: Clone preserves shape.
  std::vector<const ast::Expr*> original_children;
  std::vector<const ast::Expr*> copy_children;
  ast::ForEachChildSlot(const_cast<ast::Expr&>(original), [&](std::unique_ptr<ast::Expr>& c) {
    original_children.push_back(c.get());
  });
  ast::ForEachChildSlot(const_cast<ast::Expr&>(copy),
                        [&](std::unique_ptr<ast::Expr>& c) { copy_children.push_back(c.get()); });
  for (size_t i = 0; i < original_children.size() && i < copy_children.size(); ++i) {
    RecordNestedOrigins(*original_children[i], *copy_children[i], origins);
  }
}

const ast::Expr* MacroExpander::Expanded(size_t index, std::optional<ExpansionError>& error) {
  switch (state_[index]) {
    case State::kExpanded:
      return expanded_[index].get();
    case State::kFailed:
      error = macro_error_[index];
      return nullptr;
    case State::kExpanding:
      PEREGRINE_UNREACHABLE("cycles are caught before recursing");
    case State::kNotExpanded:
      break;
  }
  if (parsed_[index] == nullptr) {
    state_[index] = State::kExpanded;  // expanded_ stays null: the macro did not parse
    return nullptr;
  }
  state_[index] = State::kExpanding;
  const MacroDef& macro = rules_.macros[index];
  std::unique_ptr<ast::Expr> body = ast::Clone(*parsed_[index]);
  // §1.12: a macro sees only macros first defined before its latest (re)definition.
  auto visible = [&](const MacroDef& other) { return other.order.index < macro.order.visibility; };
  OriginMap nested;
  std::optional<ExpansionError> own_error;
  ExpandTree(body, &macro, visible, &nested, nullptr, own_error);
  if (own_error) {
    state_[index] = State::kFailed;
    macro_error_[index] = own_error;
    error = std::move(own_error);
    return nullptr;
  }
  for (const auto& [node, origin] : nested) body_origins_[node] = origin;
  expanded_[index] = std::move(body);
  state_[index] = State::kExpanded;
  return expanded_[index].get();
}

std::optional<ExpansionError> MacroExpander::CheckMacro(size_t index) {
  std::optional<ExpansionError> error;
  Expanded(index, error);
  return error;
}

std::optional<ExpansionError> MacroExpander::ExpandRule(std::unique_ptr<ast::Expr>& root,
                                                        int last_file_ordinal, OriginMap& origins,
                                                        std::set<std::string>& used) {
  auto visible = [&](const MacroDef& macro) {
    return macro.order.file_ordinal <= last_file_ordinal;
  };
  std::optional<ExpansionError> error;
  ExpandTree(root, /*in_macro=*/nullptr, visible, &origins, &used, error);
  return error;
}

}  // namespace peregrine::compiler::semantic
