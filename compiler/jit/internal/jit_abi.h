// The binary interface between generated matcher functions and the C++ runtime helpers they call.
// Private to compiler/jit/. The generated code reads only JitContext::slots and JitSlot's fields;
// everything else in JitContext is for the helpers.
#ifndef PEREGRINE_COMPILER_JIT_INTERNAL_JIT_ABI_H_
#define PEREGRINE_COMPILER_JIT_INTERNAL_JIT_ABI_H_

#include <cstddef>
#include <cstdint>
#include <string>

#include "compiler/eval/field_value.h"
#include "compiler/ir/field_reader.h"
#include "compiler/ir/ir.h"

namespace peregrine::compiler::jit::internal {

// A flat copy of one operand's value, laid out for generated code. Strings are already cut at
// their first NUL (§4.4); byte buffers are not.
struct JitSlot {
  uint8_t kind;  // eval::FieldValue::Kind
  uint8_t padding[7];
  uint64_t num;     // kInt (two's complement bits), kUint, kBool (0/1)
  const char* ptr;  // kString, kBytes
  uint64_t len;     // kString, kBytes
};
static_assert(sizeof(JitSlot) == 32);
inline constexpr unsigned kSlotKindField = 0;  // LLVM struct field indices of JitSlot
inline constexpr unsigned kSlotNumField = 2;
inline constexpr unsigned kSlotPtrField = 3;
inline constexpr unsigned kSlotLenField = 4;

// Per-event state of one evaluator. Generated code receives a pointer to it.
struct JitContext {
  JitSlot* slots;  // one per operand; must stay the first member (generated code loads it)
  const ir::Program* program;
  ir::FieldReader* reader;   // the current event's reader
  eval::FieldValue* values;  // one per operand
  std::string* scratch;      // one per operand (transformer output)
};
static_assert(offsetof(JitContext, slots) == 0);

// A generated matcher: evaluates the rules of one event code for the current event, writes the
// indices of matching rules to `out` (room for every rule of the code) and returns their count.
// With `first` != 0 it returns after the first match.
using MatchFunction = uint32_t (*)(JitContext* ctx, uint32_t* out, uint32_t first);

}  // namespace peregrine::compiler::jit::internal

// Runtime helpers called by generated code (C ABI; the JIT binds these names to their addresses).
extern "C" {
// Reads and transforms operand `operand` into its value and slot; 1 when available.
uint8_t peregrine_jit_load(peregrine::compiler::jit::internal::JitContext* ctx, uint32_t operand);
// `lhs <op> constants` of predicate `predicate`; its lhs operand is loaded and available.
uint8_t peregrine_jit_compare(peregrine::compiler::jit::internal::JitContext* ctx,
                              uint32_t predicate);
// Field-to-field predicate; both operands are loaded and available.
uint8_t peregrine_jit_compare_fields(peregrine::compiler::jit::internal::JitContext* ctx,
                                     uint32_t predicate);
// A predicate over an any-ancestor or either-endpoint operand (reads the field itself).
uint8_t peregrine_jit_multi(peregrine::compiler::jit::internal::JitContext* ctx,
                            uint32_t predicate);
// Membership of the loaded string lhs of an `in` predicate in its lowered string set.
uint8_t peregrine_jit_in_strings(peregrine::compiler::jit::internal::JitContext* ctx,
                                 uint32_t predicate);
}

#endif  // PEREGRINE_COMPILER_JIT_INTERNAL_JIT_ABI_H_
