// Builds an ir::Program: interns operands, predicates and nodes (common subexpressions across
// rules), folds constants, and indexes rules by event code.
#ifndef PEREGRINE_COMPILER_IR_PROGRAM_BUILDER_H_
#define PEREGRINE_COMPILER_IR_PROGRAM_BUILDER_H_

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "compiler/ir/ir.h"

namespace peregrine::compiler::ir {

// Mutable and single-threaded; Build() hands out the immutable result.
class ProgramBuilder {
 public:
  ProgramBuilder();

  OperandId AddOperand(Operand operand);
  // Interns `predicate` and returns its node. Predicates that are constant by construction fold:
  // `in ()` / `intersects ()` / `pmatch ()` are false (even when the field is unavailable).
  NodeId AddPredicate(Predicate predicate);
  NodeId And(std::vector<NodeId> children);
  NodeId Or(std::vector<NodeId> children);
  NodeId Not(NodeId child);
  NodeId True() const { return kTrueNode; }
  NodeId False() const { return kFalseNode; }

  void AddRule(Rule rule);

  const Program& program() const { return program_; }
  // Lowers predicates and builds the event-code index. The builder is spent afterwards.
  Program Build() &&;

  static constexpr NodeId kTrueNode = 0;
  static constexpr NodeId kFalseNode = 1;

 private:
  NodeId Intern(Node node);
  // `id` with every plain evt.type check decided for events named `event_name`.
  NodeId SpecializeForEvent(NodeId id, std::string_view event_name,
                            absl::flat_hash_map<NodeId, NodeId>& memo);
  // The static verdict of predicate `id` on an event named `event_name`, if it is a plain
  // evt.type check.
  std::optional<bool> DecideEventType(PredicateId id, std::string_view event_name) const;
  NodeId Logical(NodeKind kind, std::vector<NodeId> children);

  Program program_;
  absl::flat_hash_map<std::string, OperandId> operand_ids_;
  absl::flat_hash_map<std::string, PredicateId> predicate_ids_;
  absl::flat_hash_map<std::string, NodeId> node_ids_;
};

// A canonical key of a constant, for interning ("u:5", "s:bash").
std::string ValueKey(const catalog::Value& value);

}  // namespace peregrine::compiler::ir

#endif  // PEREGRINE_COMPILER_IR_PROGRAM_BUILDER_H_
