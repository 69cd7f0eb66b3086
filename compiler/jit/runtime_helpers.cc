// The runtime helpers generated matchers call for field reads and for the predicates they do not
// inline. Semantics come from compiler/interp/predicate_eval (the oracle's own code).
#include <algorithm>
#include <cstring>

#include "base/string_view_compat.h"
#include "compiler/interp/predicate_eval.h"
#include "compiler/jit/internal/jit_abi.h"

using peregrine::compiler::eval::FieldValue;
using peregrine::compiler::jit::internal::JitContext;
using peregrine::compiler::jit::internal::JitSlot;
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
  JitSlot& slot = ctx->slots[operand];
  slot.kind = static_cast<uint8_t>(value.kind);
  switch (value.kind) {
    case FieldValue::Kind::kInt:
      slot.num = static_cast<uint64_t>(value.i);
      break;
    case FieldValue::Kind::kUint:
      slot.num = value.u;
      break;
    case FieldValue::Kind::kBool:
      slot.num = value.b ? 1 : 0;
      break;
    case FieldValue::Kind::kString: {
      const void* nul = std::memchr(value.str.data(), '\0', value.str.size());
      slot.ptr = value.str.data();
      slot.len =
          nul == nullptr ? value.str.size() : static_cast<const char*>(nul) - value.str.data();
      break;
    }
    case FieldValue::Kind::kBytes:
      slot.ptr = value.str.data();
      slot.len = value.str.size();
      break;
    case FieldValue::Kind::kDouble:
    case FieldValue::Kind::kIp:
    case FieldValue::Kind::kList:
      break;  // generated code sends these kinds to the helpers
  }
  return 1;
}

extern "C" uint8_t peregrine_jit_compare(JitContext* ctx, uint32_t predicate) {
  const ir::Predicate& p = ctx->program->predicates[predicate];
  return interp::CompareWithConstants(p, ctx->program->operands[p.lhs], ctx->values[p.lhs]) ? 1 : 0;
}

extern "C" uint8_t peregrine_jit_compare_fields(JitContext* ctx, uint32_t predicate) {
  const ir::Predicate& p = ctx->program->predicates[predicate];
  return interp::CompareWithField(p, ctx->values[p.lhs], ctx->values[*p.rhs]) ? 1 : 0;
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
  const JitSlot& slot = ctx->slots[p.lhs];
  return p.lowered->strings.contains(absl::string_view(slot.ptr, slot.len)) ? 1 : 0;
}
