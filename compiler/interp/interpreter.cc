#include "compiler/interp/interpreter.h"

#include "base/status_macros.h"
#include "compiler/interp/predicate_eval.h"

namespace peregrine::compiler::interp {

Interpreter::Interpreter(const ir::Program& program)
    : program_(program),
      node_epoch_(program.nodes.size(), 0),
      node_value_(program.nodes.size(), 0),
      operand_epoch_(program.operands.size(), 0),
      operand_available_(program.operands.size(), 0),
      operand_value_(program.operands.size()),
      operand_scratch_(program.operands.size()) {}

void Interpreter::NextEvent() {
  if (++epoch_ == 0) {
    // The stamp wrapped: clear the stamps so that no stale entry looks current.
    std::fill(node_epoch_.begin(), node_epoch_.end(), 0);
    std::fill(operand_epoch_.begin(), operand_epoch_.end(), 0);
    epoch_ = 1;
  }
}

void Interpreter::Match(uint16_t code, ir::FieldReader& reader, RuleMatching matching,
                        std::vector<uint32_t>* matches) {
  NextEvent();
  reader_ = &reader;
  if (code >= program_.rules_by_code.size()) return;
  const std::vector<uint32_t>& rules = program_.rules_by_code[code];
  const std::vector<ir::NodeId>& roots = program_.roots_by_code[code];
  for (size_t i = 0; i < rules.size(); ++i) {
    if (Node(roots[i])) {
      matches->push_back(rules[i]);
      if (matching == RuleMatching::kFirst) return;
    }
  }
}

bool Interpreter::EvaluateNode(ir::NodeId node, ir::FieldReader& reader) {
  reader_ = &reader;
  return Node(node);
}

bool Interpreter::Node(ir::NodeId id) {
  if (node_epoch_[id] == epoch_) return node_value_[id] != 0;
  const ir::Node& node = program_.nodes[id];
  bool result = false;
  switch (node.kind) {
    case ir::NodeKind::kTrue:
      result = true;
      break;
    case ir::NodeKind::kFalse:
      result = false;
      break;
    case ir::NodeKind::kAnd:
      result = true;
      for (ir::NodeId child : node.children) {
        if (!Node(child)) {
          result = false;
          break;
        }
      }
      break;
    case ir::NodeKind::kOr:
      result = false;
      for (ir::NodeId child : node.children) {
        if (Node(child)) {
          result = true;
          break;
        }
      }
      break;
    case ir::NodeKind::kNot:
      result = !Node(node.children[0]);
      break;
    case ir::NodeKind::kPredicate:
      result = Predicate(node.predicate);
      break;
  }
  node_epoch_[id] = epoch_;
  node_value_[id] = result ? 1 : 0;
  return result;
}

bool Interpreter::Operand(ir::OperandId id, const eval::FieldValue** value) {
  if (operand_epoch_[id] != epoch_) {
    const ir::Operand& operand = program_.operands[id];
    eval::FieldValue& slot = operand_value_[id];
    bool available = reader_->Read(operand.field, &slot);
    if (available && !operand.transforms.empty()) {
      available = ApplyTransforms(operand.transforms, &slot, &operand_scratch_[id]);
    }
    operand_epoch_[id] = epoch_;
    operand_available_[id] = available ? 1 : 0;
  }
  *value = &operand_value_[id];
  return operand_available_[id] != 0;
}

bool Interpreter::Predicate(ir::PredicateId id) {
  const ir::Predicate& predicate = program_.predicates[id];
  const ir::Operand& lhs = program_.operands[predicate.lhs];
  switch (lhs.multiplicity) {
    case ir::Multiplicity::kAnyAncestor: {
      // True when some strict ancestor satisfies the check (`!=` included: "has an ancestor
      // that is not x"). `exists` holds when there is at least one ancestor.
      bool found = false;
      reader_->ForEachAncestor(lhs.field, [&](const eval::FieldValue& value) {
        found = CompareWithConstants(predicate, lhs, value);
        return found;
      });
      return found;
    }
    case ir::Multiplicity::kEitherEndpoint: {
      eval::FieldValue client, server;
      if (!reader_->ReadEndpoints(lhs.field, &client, &server)) return false;
      if (predicate.op == catalog::Op::kExists) return true;
      if (predicate.op == catalog::Op::kNe) {
        // `!=` holds only when neither endpoint equals the constant.
        return !CompareWithConstantsAs(catalog::Op::kEq, predicate, lhs, client) &&
               !CompareWithConstantsAs(catalog::Op::kEq, predicate, lhs, server);
      }
      return CompareWithConstants(predicate, lhs, client) ||
             CompareWithConstants(predicate, lhs, server);
    }
    case ir::Multiplicity::kSingle:
      break;
  }
  const eval::FieldValue* value = nullptr;
  if (!Operand(predicate.lhs, &value)) return false;  // unavailable: every check is false
  if (predicate.op == catalog::Op::kExists) return true;
  if (predicate.rhs) {
    const eval::FieldValue* rhs = nullptr;
    if (!Operand(*predicate.rhs, &rhs)) return false;
    return CompareWithField(predicate, *value, *rhs);
  }
  return CompareWithConstants(predicate, lhs, *value);
}

}  // namespace peregrine::compiler::interp
