// Predicates: operand availability, then an inlined fast path for the common value kinds
// (string equality, prefix, suffix, substring, set membership; integer and bool comparisons and
// sets) with a call to the runtime helper for every other kind, operator and modifier.
#include <algorithm>
#include <variant>

#include "compiler/jit/internal/function_emitter.h"
#include "compiler/jit/internal/jit_abi.h"
#include "llvm/IR/Constants.h"

namespace peregrine::compiler::jit::internal {
namespace {

using catalog::Op;
using Kind = eval::FieldValue::Kind;

// Sets up to this size are compared inline; larger ones go through a length filter and the
// helper's hash set.
constexpr size_t kMaxInlineSet = 4;

bool IsOrdered(Op op) {
  switch (op) {
    case Op::kEq:
    case Op::kEqEq:
    case Op::kNe:
    case Op::kLt:
    case Op::kLe:
    case Op::kGt:
    case Op::kGe:
      return true;
    default:
      return false;
  }
}

}  // namespace

llvm::Value* FunctionEmitter::Predicate(ir::PredicateId id) {
  const ir::Predicate& p = m_.program().predicates[id];
  const ir::Operand& lhs = m_.program().operands[p.lhs];
  if (lhs.multiplicity != ir::Multiplicity::kSingle) {
    return IsTrue(b_.CreateCall(m_.multi, {ctx_, b_.getInt32(id)}));
  }
  // An unavailable operand makes every check false (§4.6); `exists` is availability itself.
  llvm::Value* available = OperandAvailable(p.lhs);
  if (p.op == Op::kExists) return available;
  return Guard(available, [&] {
    if (p.rhs) {
      return Guard(OperandAvailable(*p.rhs), [&] {
        return IsTrue(b_.CreateCall(m_.compare_fields, {ctx_, b_.getInt32(id)}));
      });
    }
    return Compare(id);
  });
}

llvm::Value* FunctionEmitter::Compare(ir::PredicateId id) {
  const ir::Predicate& p = m_.program().predicates[id];
  const ir::Operand& lhs = m_.program().operands[p.lhs];
  auto helper = [&] { return IsTrue(b_.CreateCall(m_.compare, {ctx_, b_.getInt32(id)})); };
  if (p.modifier != catalog::Modifier::kNone || lhs.field.id == catalog::FieldId::kFdNet ||
      p.values.empty()) {
    return helper();
  }
  const catalog::Value& constant = p.values[0];
  if (const auto* text = std::get_if<std::string>(&constant)) {
    // (i)contains answered by its operand's multi-pattern scan (function_plan's pattern groups).
    if ((p.op == Op::kContains || p.op == Op::kIContains) && plan_.pattern_of.contains(id)) {
      return IfElse(
          KindIs(p.lhs, Kind::kString), [&] { return PatternFound(id); }, helper);
    }
    switch (p.op) {
      case Op::kEq:
      case Op::kEqEq:
      case Op::kNe:
      case Op::kStartsWith:
      case Op::kEndsWith:
      case Op::kContains:
        return IfElse(
            KindIs(p.lhs, Kind::kString), [&] { return StringOp(p.op, p.lhs, *text); }, helper);
      case Op::kIn:
        if (p.lowered->strings.empty()) break;
        return IfElse(
            KindIs(p.lhs, Kind::kString), [&] { return StringSet(id, p.lhs); }, helper);
      default:
        break;
    }
    return helper();
  }
  const bool integral = std::holds_alternative<int64_t>(constant) ||
                        std::holds_alternative<uint64_t>(constant) ||
                        std::holds_alternative<bool>(constant);
  if (integral && IsOrdered(p.op)) {
    llvm::Value* is_integral =
        b_.CreateOr(b_.CreateOr(KindIs(p.lhs, Kind::kInt), KindIs(p.lhs, Kind::kUint)),
                    KindIs(p.lhs, Kind::kBool));
    return IfElse(
        is_integral, [&] { return NumberCompare(p.op, p.lhs, constant); }, helper);
  }
  if (p.op == Op::kIn && !p.lowered->numbers.empty()) {
    llvm::Value* is_int = b_.CreateOr(KindIs(p.lhs, Kind::kInt), KindIs(p.lhs, Kind::kUint));
    return IfElse(
        is_int, [&] { return NumberSet(p.lhs, *p.lowered); }, helper);
  }
  return helper();
}

llvm::Value* FunctionEmitter::StringOp(Op op, ir::OperandId lhs, std::string_view constant) {
  llvm::Value* len = SlotField(lhs, kSlotLenField);
  const uint64_t n = constant.size();
  llvm::Value* size = b_.getInt64(n);
  auto bytes_equal = [&](llvm::Value* at) -> llvm::Value* {
    if (n == 0) return b_.getTrue();
    llvm::Value* cmp = b_.CreateCall(m_.memcmp, {at, m_.StringConstant(constant), size});
    return b_.CreateICmpEQ(cmp, b_.getInt32(0));
  };
  switch (op) {
    case Op::kEq:
    case Op::kEqEq:
    case Op::kNe: {
      llvm::Value* equal = Guard(b_.CreateICmpEQ(len, size),
                                 [&] { return bytes_equal(SlotField(lhs, kSlotPtrField)); });
      return op == Op::kNe ? b_.CreateNot(equal) : equal;
    }
    case Op::kStartsWith:
      if (n == 0) return b_.getTrue();
      return Guard(b_.CreateICmpUGE(len, size),
                   [&] { return bytes_equal(SlotField(lhs, kSlotPtrField)); });
    case Op::kEndsWith:
      if (n == 0) return b_.getTrue();
      return Guard(b_.CreateICmpUGE(len, size), [&] {
        llvm::Value* start = b_.CreateInBoundsGEP(b_.getInt8Ty(), SlotField(lhs, kSlotPtrField),
                                                  b_.CreateSub(len, size));
        return bytes_equal(start);
      });
    case Op::kContains: {
      if (n == 0) return b_.getTrue();  // an empty needle matches
      llvm::Value* found = b_.CreateCall(
          m_.memmem, {SlotField(lhs, kSlotPtrField), len, m_.StringConstant(constant), size});
      return b_.CreateIsNotNull(found);
    }
    default:
      break;
  }
  assert(false && "string operator without a fast path");
  return b_.getFalse();
}

llvm::Value* FunctionEmitter::StringSet(ir::PredicateId id, ir::OperandId lhs) {
  const ir::Lowered& lowered = *m_.program().predicates[id].lowered;
  llvm::Value* len = SlotField(lhs, kSlotLenField);
  if (lowered.strings.size() <= kMaxInlineSet) {
    std::vector<std::string> members(lowered.strings.begin(), lowered.strings.end());
    std::sort(members.begin(), members.end());  // deterministic IR
    llvm::Value* any = b_.getFalse();
    for (const std::string& member : members) {
      // or-chain of guarded comparisons: each only when the previous ones failed.
      llvm::Value* previous = any;
      any = IfElse(
          previous, [&] { return b_.getTrue(); }, [&] { return StringOp(Op::kEq, lhs, member); });
    }
    return any;
  }
  // Reject on length first: most values have a length no member has.
  uint64_t mask = 0;
  bool all_short = true;
  for (const std::string& member : lowered.strings) {
    if (member.size() < 64)
      mask |= uint64_t{1} << member.size();
    else
      all_short = false;
  }
  auto lookup = [&] { return IsTrue(b_.CreateCall(m_.in_strings, {ctx_, b_.getInt32(id)})); };
  if (!all_short) return lookup();
  llvm::Value* short_len = b_.CreateICmpULT(len, b_.getInt64(64));
  return Guard(short_len, [&] {
    llvm::Value* bit = b_.CreateAnd(b_.CreateLShr(b_.getInt64(mask), len), b_.getInt64(1));
    return Guard(b_.CreateICmpNE(bit, b_.getInt64(0)), lookup);
  });
}

llvm::Value* FunctionEmitter::PatternFound(ir::PredicateId id) {
  const auto [group_index, bit] = plan_.pattern_of.at(id);
  const PatternGroup& group = plan_.pattern_groups[group_index];
  llvm::Constant*& table = scan_tables_[group_index];
  if (table == nullptr) table = m_.ScanTable(group);
  llvm::Type* i64 = b_.getInt64Ty();
  llvm::Value* slot = MemoPointer(group.memo);
  llvm::Value* memo = b_.CreateAlignedLoad(i64, slot, llvm::Align(1));
  llvm::BasicBlock* from = b_.GetInsertBlock();
  llvm::BasicBlock* scan = llvm::BasicBlock::Create(m_.context(), "scan", function_);
  llvm::BasicBlock* merge = llvm::BasicBlock::Create(m_.context(), "scanned", function_);
  b_.CreateCondBr(b_.CreateICmpNE(memo, b_.getInt64(0)), merge, scan);
  b_.SetInsertPoint(scan);
  llvm::Value* found = b_.CreateCall(m_.scan, {table, SlotField(group.operand, kSlotPtrField),
                                               SlotField(group.operand, kSlotLenField)});
  found = b_.CreateOr(found, b_.getInt64(uint64_t{1} << 63));
  b_.CreateAlignedStore(found, slot, llvm::Align(1));
  b_.CreateBr(merge);
  b_.SetInsertPoint(merge);
  llvm::PHINode* bits = b_.CreatePHI(i64, 2);
  bits->addIncoming(memo, from);
  bits->addIncoming(found, scan);
  llvm::Value* mask = b_.getInt64(uint64_t{1} << bit);
  return b_.CreateICmpNE(b_.CreateAnd(bits, mask), b_.getInt64(0));
}

llvm::Value* FunctionEmitter::NumberCompare(Op op, ir::OperandId lhs,
                                            const catalog::Value& constant) {
  // Integers of either signedness compare exactly as 128-bit values, as the interpreter does.
  llvm::Type* i128 = b_.getInt128Ty();
  llvm::Value* bits = SlotField(lhs, kSlotNumField);
  llvm::Value* value = b_.CreateSelect(KindIs(lhs, Kind::kInt), b_.CreateSExt(bits, i128),
                                       b_.CreateZExt(bits, i128));
  llvm::APInt c;
  if (const auto* i = std::get_if<int64_t>(&constant))
    c = llvm::APInt(128, static_cast<uint64_t>(*i), /*isSigned=*/true);
  else if (const auto* u = std::get_if<uint64_t>(&constant))
    c = llvm::APInt(128, *u, /*isSigned=*/false);
  else
    c = llvm::APInt(128, std::get<bool>(constant) ? 1 : 0);
  llvm::Value* k = llvm::ConstantInt::get(i128, c);
  switch (op) {
    case Op::kEq:
    case Op::kEqEq:
      return b_.CreateICmpEQ(value, k);
    case Op::kNe:
      return b_.CreateICmpNE(value, k);
    case Op::kLt:
      return b_.CreateICmpSLT(value, k);
    case Op::kLe:
      return b_.CreateICmpSLE(value, k);
    case Op::kGt:
      return b_.CreateICmpSGT(value, k);
    case Op::kGe:
      return b_.CreateICmpSGE(value, k);
    default:
      break;
  }
  assert(false && "numeric operator without a fast path");
  return b_.getFalse();
}

llvm::Value* FunctionEmitter::NumberSet(ir::OperandId lhs, const ir::Lowered& lowered) {
  // The interpreter looks the value's 64 bits up in the set (§4.4 `in` on integers).
  std::vector<uint64_t> members(lowered.numbers.begin(), lowered.numbers.end());
  std::sort(members.begin(), members.end());
  llvm::Value* bits = SlotField(lhs, kSlotNumField);
  llvm::BasicBlock* hit = llvm::BasicBlock::Create(m_.context(), "in", function_);
  llvm::BasicBlock* miss = llvm::BasicBlock::Create(m_.context(), "notin", function_);
  llvm::BasicBlock* merge = llvm::BasicBlock::Create(m_.context(), "inm", function_);
  llvm::SwitchInst* sw = b_.CreateSwitch(bits, miss, static_cast<unsigned>(members.size()));
  for (uint64_t m : members) sw->addCase(b_.getInt64(m), hit);
  b_.SetInsertPoint(hit);
  b_.CreateBr(merge);
  b_.SetInsertPoint(miss);
  b_.CreateBr(merge);
  b_.SetInsertPoint(merge);
  llvm::PHINode* phi = b_.CreatePHI(b_.getInt1Ty(), 2);
  phi->addIncoming(b_.getTrue(), hit);
  phi->addIncoming(b_.getFalse(), miss);
  return phi;
}

}  // namespace peregrine::compiler::jit::internal
