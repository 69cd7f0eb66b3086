// What the path and comm approvers share: a bound on one argument holds for an event code only
// when every enabled rule of that code has one; the code's bound is then the union of the rules'.
#ifndef PEREGRINE_COMPILER_PREFILTER_RULE_BOUNDS_H_
#define PEREGRINE_COMPILER_PREFILTER_RULE_BOUNDS_H_

#include <algorithm>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "absl/types/span.h"
#include "compiler/ir/ir.h"

namespace peregrine::compiler::prefilter {

// Sorts `values` and removes repeats: the canonical form of a bound.
template <typename T>
void SortUnique(std::vector<T>* values) {
  std::sort(values->begin(), values->end());
  values->erase(std::unique(values->begin(), values->end()), values->end());
}

// The union, in canonical form, of `bound(rule)` over the enabled rules of `rules`; nullopt when
// one of them has no bound (`bound` returns nullopt), with `*blocker` naming the first such rule
// ("rule 'X' has no necessary condition on <what>").
template <typename T, typename Bound>
std::optional<std::vector<T>> UnionOfRuleBounds(const ir::Program& program,
                                                absl::Span<const uint32_t> rules,
                                                absl::string_view what, Bound bound,
                                                std::string* blocker) {
  std::vector<T> all;
  for (uint32_t rule : rules) {
    if (!program.rules[rule].enabled) continue;
    std::optional<std::vector<T>> mine = bound(rule);
    if (!mine.has_value()) {
      *blocker = absl::StrCat("rule '", program.rules[rule].name,
                              "' has no necessary condition on ", what);
      return std::nullopt;
    }
    all.insert(all.end(), mine->begin(), mine->end());
  }
  SortUnique(&all);
  return all;
}

}  // namespace peregrine::compiler::prefilter

#endif  // PEREGRINE_COMPILER_PREFILTER_RULE_BOUNDS_H_
