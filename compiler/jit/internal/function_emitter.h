// Emits the LLVM IR of planned matcher functions with IRBuilder. Private to compiler/jit/: this
// header includes LLVM and is included only by compiler/jit/*.cc.
#ifndef PEREGRINE_COMPILER_JIT_INTERNAL_FUNCTION_EMITTER_H_
#define PEREGRINE_COMPILER_JIT_INTERNAL_FUNCTION_EMITTER_H_

#include <string>
#include <string_view>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/functional/function_ref.h"
#include "compiler/eval/field_value.h"
#include "compiler/ir/ir.h"
#include "compiler/jit/internal/function_plan.h"
#include "llvm/IR/IRBuilder.h"
#include "llvm/IR/Module.h"

namespace peregrine::compiler::jit::internal {

// What every function of one module shares: types, helper declarations, string constants.
// Owned by one thread for the duration of one module's emission.
class ModuleContext {
 public:
  ModuleContext(const ir::Program& program, llvm::Module& module);

  const ir::Program& program() const { return program_; }
  llvm::Module& module() { return module_; }
  llvm::LLVMContext& context() { return module_.getContext(); }
  llvm::StructType* slot_type() const { return slot_type_; }

  // A private constant holding the bytes of `text` (no terminating NUL), shared by equal texts.
  llvm::Constant* StringConstant(std::string_view text);

  // A private constant holding a pattern group's scan table (BuildScanTable), 16-byte aligned.
  llvm::Constant* ScanTable(const PatternGroup& group);

  llvm::FunctionCallee load, compare, compare_fields, multi, in_strings, scan, memcmp, memmem;
  llvm::FunctionType* read_compact_type = nullptr;

 private:
  const ir::Program& program_;
  llvm::Module& module_;
  llvm::StructType* slot_type_;
  absl::flat_hash_map<std::string, llvm::Constant*> strings_;
};

// Emits one planned function (and its chunk functions). Single use.
class FunctionEmitter {
 public:
  FunctionEmitter(ModuleContext& module, const FunctionPlan& plan);

  // Emits the externally visible matcher `name` (internal::MatchFunction signature) evaluating
  // the plan's rules, `rules_per_chunk` rules per internal chunk function.
  llvm::Function* Emit(const std::string& name, size_t rules_per_chunk);

 private:
  llvm::Function* EmitChunk(const std::string& name, size_t begin, size_t end);

  // Each returns an i1 computed in the current block (which may have moved).
  llvm::Value* Node(ir::NodeId id);
  llvm::Value* NodeBody(ir::NodeId id);
  llvm::Value* Predicate(ir::PredicateId id);  // emit_predicate.cc
  llvm::Value* Compare(ir::PredicateId id);    // emit_predicate.cc: lhs available
  llvm::Value* OperandAvailable(ir::OperandId id);
  // Reads operand `id` into its slot (and value); an i8, 1 when available.
  llvm::Value* ReadOperand(ir::OperandId id);

  // The string fast paths (emit_string.cc) and the numeric ones (emit_number.cc).
  llvm::Value* StringOp(catalog::Op op, ir::OperandId lhs, std::string_view constant);
  llvm::Value* StringSet(ir::PredicateId id, ir::OperandId lhs);
  llvm::Value* NumberCompare(catalog::Op op, ir::OperandId lhs, const catalog::Value& constant);
  llvm::Value* NumberSet(ir::OperandId lhs, const ir::Lowered& lowered);
  // Whether the string lhs of grouped substring predicate `id` contains its constant: the bit of
  // its group's scan, which runs at the first such check of the event.
  llvm::Value* PatternFound(ir::PredicateId id);

  // `cond ? then() : false`, short-circuiting.
  llvm::Value* Guard(llvm::Value* cond, absl::FunctionRef<llvm::Value*()> then);
  // `cond ? then() : otherwise()`.
  llvm::Value* IfElse(llvm::Value* cond, absl::FunctionRef<llvm::Value*()> then,
                      absl::FunctionRef<llvm::Value*()> otherwise);
  llvm::Value* SlotField(ir::OperandId id, unsigned field);
  llvm::Value* KindIs(ir::OperandId id, eval::FieldValue::Kind kind);
  llvm::Value* IsTrue(llvm::Value* byte);  // i8 helper result → i1
  llvm::Value* MemoPointer(uint32_t index);

  // Operands read on every path to the insertion point. Straight-line emission adds to it;
  // leaving a branch truncates it back to a mark (a merge keeps only what both sides share,
  // approximated by what was read before the split).
  void NoteRead(ir::OperandId id);
  size_t ReadMark() const { return read_stack_.size(); }
  void RollbackReads(size_t mark);
  // Whether evaluating `id` here needs no field read: every operand it can read is already read
  // (any-ancestor and endpoint predicates read through a helper each time, so never).
  bool ReadsNothingNew(ir::NodeId id) const;
  // The operands on the read stack above `mark`.
  std::vector<ir::OperandId> ReadsAbove(size_t mark) const {
    return std::vector<ir::OperandId>(read_stack_.begin() + static_cast<ptrdiff_t>(mark),
                                      read_stack_.end());
  }

  ModuleContext& m_;
  const FunctionPlan& plan_;
  llvm::IRBuilder<> b_;
  // Per chunk function.
  llvm::Function* function_ = nullptr;
  llvm::Value* ctx_ = nullptr;
  llvm::Value* memo_ = nullptr;
  llvm::Value* slots_ = nullptr;
  llvm::Value* read_compact_ = nullptr;
  llvm::Value* reader_ = nullptr;
  llvm::Value* fields_ = nullptr;
  llvm::Value* values_ = nullptr;
  // Per pattern group of the plan: its scan table, created on first use.
  std::vector<llvm::Constant*> scan_tables_;
  std::vector<ir::OperandId> read_stack_;
  std::vector<uint8_t> on_read_stack_;  // per program operand
  // What the node Node() just emitted reads beyond the read stack when its value is true / is
  // false (short-circuiting makes them differ: a true `and` read every child).
  std::vector<ir::OperandId> true_reads_, false_reads_;
  // Per memoised node: what its evaluation reads (always, if true, if false). Its body is emitted
  // from an empty read stack, so its code, and these, are the same at every site: a later site
  // finding the memo set knows what the first evaluation read.
  struct NodeReads {
    std::vector<ir::OperandId> always, if_true, if_false;
  };
  absl::flat_hash_map<ir::NodeId, NodeReads> memo_reads_;
};

}  // namespace peregrine::compiler::jit::internal

#endif  // PEREGRINE_COMPILER_JIT_INTERNAL_FUNCTION_EMITTER_H_
