// The reference back end: evaluates an ir::Program over one event at a time. It is the oracle
// the JIT and the kernel prefilter are tested against (DESIGN.md invariant 1).
#ifndef PEREGRINE_COMPILER_INTERP_INTERPRETER_H_
#define PEREGRINE_COMPILER_INTERP_INTERPRETER_H_

#include <cstdint>
#include <string>
#include <vector>

#include "compiler/eval/field_value.h"
#include "compiler/ir/field_reader.h"
#include "compiler/ir/ir.h"

namespace peregrine::compiler::interp {

enum class RuleMatching { kFirst, kAll };

// Evaluates rules with per-event memoisation: each operand is read once, each shared predicate
// and node is evaluated once per event. Borrows the program, which must outlive it. Owned by one
// thread (it keeps per-event scratch); create one per worker.
class Interpreter {
 public:
  explicit Interpreter(const ir::Program& program);

  // Appends to `matches` the indices (into program.rules) of the rules that match the current
  // event of `code`, in evaluation order; with kFirst at most one. `reader` serves the event.
  void Match(uint16_t code, ir::FieldReader& reader, RuleMatching matching,
             std::vector<uint32_t>* matches);

  // Evaluates one node for the current event (tests, `rulec explain --event`).
  bool EvaluateNode(ir::NodeId node, ir::FieldReader& reader);

  // Starts a new event: forgets every memoised result. Match() calls it itself.
  void NextEvent();

 private:
  bool Node(ir::NodeId id);
  bool Predicate(ir::PredicateId id);
  // The transformed value of operand `id`, memoised per event; false when unavailable.
  bool Operand(ir::OperandId id, const eval::FieldValue** value);

  const ir::Program& program_;
  ir::FieldReader* reader_ = nullptr;
  uint32_t epoch_ = 1;
  std::vector<uint32_t> node_epoch_;
  std::vector<uint8_t> node_value_;
  std::vector<uint32_t> operand_epoch_;
  std::vector<uint8_t> operand_available_;
  std::vector<eval::FieldValue> operand_value_;
  std::vector<std::string> operand_scratch_;
};

}  // namespace peregrine::compiler::interp

#endif  // PEREGRINE_COMPILER_INTERP_INTERPRETER_H_
