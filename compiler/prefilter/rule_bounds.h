// What the path and comm approvers share: the walk of a rule's condition for a necessary bound on
// one argument, and the rule that such a bound holds for an event code only when every enabled
// rule of that code has one (the code's bound is then the union of the rules').
#ifndef PEREGRINE_COMPILER_PREFILTER_RULE_BOUNDS_H_
#define PEREGRINE_COMPILER_PREFILTER_RULE_BOUNDS_H_

#include <algorithm>
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
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

// The necessary condition on one argument that node `id` of `program` implies when it holds
// (`negated`: when it does not). The boolean structure above the predicates is the same for every
// argument — true and false are constants, `not` pushes the negation down, `and` and `or` swap
// under it — and `lattice` supplies the rest:
//   lattice.Any(), lattice.Never()   no constraint / the node cannot hold;
//   lattice.Leaf(predicate, negated)  the bound one predicate implies under that polarity;
//   lattice.AllOf(parts)             combines the children of an effective conjunction (each
//                                    one necessary), lattice.AnyOf(parts) of a disjunction.
template <typename Lattice>
auto NecessaryBound(const ir::Program& program, ir::NodeId id, bool negated, const Lattice& lattice)
    -> decltype(lattice.Any()) {
  using Bound = decltype(lattice.Any());
  const ir::Node& n = program.nodes[id];
  switch (n.kind) {
    case ir::NodeKind::kTrue:
      return negated ? lattice.Never() : lattice.Any();
    case ir::NodeKind::kFalse:
      return negated ? lattice.Any() : lattice.Never();
    case ir::NodeKind::kNot:
      return NecessaryBound(program, n.children[0], !negated, lattice);
    case ir::NodeKind::kAnd:
    case ir::NodeKind::kOr: {
      std::vector<Bound> parts;
      for (ir::NodeId c : n.children) parts.push_back(NecessaryBound(program, c, negated, lattice));
      const bool conjunction = (n.kind == ir::NodeKind::kAnd) != negated;
      return conjunction ? lattice.AllOf(std::move(parts)) : lattice.AnyOf(std::move(parts));
    }
    case ir::NodeKind::kPredicate:
      return lattice.Leaf(program.predicates[n.predicate], negated);
  }
  return lattice.Any();
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
