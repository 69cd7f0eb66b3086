// The runtime helpers generated matchers call for field reads and for the predicates they do not
// inline. Semantics come from compiler/interp/predicate_eval (the oracle's own code).
#include "base/string_view_compat.h"
#include "compiler/interp/predicate_eval.h"
#include "compiler/jit/internal/jit_abi.h"
#include "compiler/jit/internal/pattern_scan.h"

using peregrine::compiler::eval::FieldValue;
using peregrine::compiler::jit::internal::JitContext;
using peregrine::compiler::jit::internal::OperandValue;
namespace ir = peregrine::compiler::ir;
namespace interp = peregrine::compiler::interp;
namespace catalog = peregrine::catalog;

extern "C" uint8_t peregrine_jit_load(JitContext* ctx, uint32_t operand) {
  const ir::Operand& op = ctx->program->operands[operand];
  FieldValue& value = ctx->values[operand];
  bool available = ctx->reader->Read(op.field, &value);
  if (available && !op.transforms.empty()) {
    available = interp::ApplyTransforms(op.transforms, &value, &ctx->scratch[operand]);
  }
  if (!available) return 0;
  ir::ToCompact(value, &ctx->slots[operand]);
  return 1;
}

extern "C" uint8_t peregrine_jit_compare(JitContext* ctx, uint32_t predicate) {
  const ir::Predicate& p = ctx->program->predicates[predicate];
  FieldValue scratch;
  return interp::CompareWithConstants(p, ctx->program->operands[p.lhs],
                                      OperandValue(*ctx, p.lhs, &scratch))
             ? 1
             : 0;
}

extern "C" uint8_t peregrine_jit_compare_fields(JitContext* ctx, uint32_t predicate) {
  const ir::Predicate& p = ctx->program->predicates[predicate];
  FieldValue lhs_scratch, rhs_scratch;
  return interp::CompareWithField(p, OperandValue(*ctx, p.lhs, &lhs_scratch),
                                  OperandValue(*ctx, *p.rhs, &rhs_scratch))
             ? 1
             : 0;
}

extern "C" uint8_t peregrine_jit_multi(JitContext* ctx, uint32_t predicate) {
  const ir::Predicate& p = ctx->program->predicates[predicate];
  const ir::Operand& lhs = ctx->program->operands[p.lhs];
  if (lhs.multiplicity == ir::Multiplicity::kAnyAncestor) {
    // Some strict ancestor satisfies the check (§10.2), as the interpreter defines it.
    bool found = false;
    ctx->reader->ForEachAncestor(lhs.field, [&](const FieldValue& value) {
      found = interp::CompareWithConstants(p, lhs, value);
      return found;
    });
    return found ? 1 : 0;
  }
  FieldValue client, server;
  if (!ctx->reader->ReadEndpoints(lhs.field, &client, &server)) return 0;
  if (p.op == catalog::Op::kExists) return 1;
  if (p.op == catalog::Op::kNe) {
    // `!=` holds only when neither endpoint equals the constant (§10.3).
    return !interp::CompareWithConstantsAs(catalog::Op::kEq, p, lhs, client) &&
           !interp::CompareWithConstantsAs(catalog::Op::kEq, p, lhs, server);
  }
  return interp::CompareWithConstants(p, lhs, client) ||
         interp::CompareWithConstants(p, lhs, server);
}

extern "C" uint8_t peregrine_jit_in_strings(JitContext* ctx, uint32_t predicate) {
  const ir::Predicate& p = ctx->program->predicates[predicate];
  const ir::CompactValue& slot = ctx->slots[p.lhs];
  return p.lowered->strings.contains(absl::string_view(slot.ptr, slot.len)) ? 1 : 0;
}

extern "C" uint64_t peregrine_jit_scan(const void* table, const char* text, uint64_t len) {
  return peregrine::compiler::jit::internal::ScanPatterns(table, text, len);
}
