// Plans the generated functions of a program: which event codes share a function, which rules
// each evaluates after folding the predicates an event code decides (evt.type, evt.dir), and the
// per-event memo layout (operands and shared nodes). Pure C++; no LLVM.
#ifndef PEREGRINE_COMPILER_JIT_INTERNAL_FUNCTION_PLAN_H_
#define PEREGRINE_COMPILER_JIT_INTERNAL_FUNCTION_PLAN_H_

#include <cstdint>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "compiler/ir/ir.h"
#include "compiler/jit/internal/pattern_scan.h"

namespace peregrine::compiler::jit::internal {

// The `contains`/`icontains` constants of one string operand, answered by one scan of its value
// (the first predicate of the group evaluated runs it; the others test their bit).
struct PatternGroup {
  ir::OperandId operand = 0;
  std::vector<ScanPattern> patterns;  // at most kMaxScanPatterns
  uint32_t memo = 0;  // 8 memo bytes: 0 = not scanned yet, else the scan's bits | 1 << 63
};

// One generated function: serves `codes`, evaluates `rules` in order.
struct FunctionPlan {
  std::vector<uint16_t> codes;
  std::vector<uint32_t> rules;  // rules whose root did not fold to false, evaluation order
  // Nodes this function knows the value of (folded per event code).
  absl::flat_hash_map<ir::NodeId, bool> folded;
  // Memo byte index per operand loaded and per node reached from two or more places.
  absl::flat_hash_map<ir::OperandId, uint32_t> operand_memo;
  absl::flat_hash_map<ir::NodeId, uint32_t> node_memo;
  std::vector<PatternGroup> pattern_groups;
  // Per grouped predicate: its group (index into pattern_groups) and bit.
  absl::flat_hash_map<ir::PredicateId, std::pair<uint32_t, uint32_t>> pattern_of;
  uint32_t memo_size = 0;
  uint32_t max_matches = 0;  // the size of the output buffer it needs
};

struct ProgramPlan {
  std::vector<FunctionPlan> functions;
  // Per event code (kNumEventCodes entries): index into `functions`, or -1 when no rule applies.
  std::vector<int32_t> function_of_code;
};

// Whether the value of evt.type for events of `code` is the code's table name (not for generic
// and async events, whose evt.type comes from a parameter).
bool EventTypeIsStatic(uint16_t code);

ProgramPlan PlanProgram(const ir::Program& program);

}  // namespace peregrine::compiler::jit::internal

#endif  // PEREGRINE_COMPILER_JIT_INTERNAL_FUNCTION_PLAN_H_
