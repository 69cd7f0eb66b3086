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

// One operand's value as generated code reads it: the reader's compact form (strings already cut
// at their first NUL, §4.4; byte buffers are not).
using JitSlot = ir::CompactValue;
inline constexpr unsigned kSlotKindField = 0;  // LLVM struct field indices of JitSlot
inline constexpr unsigned kSlotNumField = 2;
inline constexpr unsigned kSlotPtrField = 3;
inline constexpr unsigned kSlotLenField = 4;

// Per-event state of one evaluator. Generated code receives a pointer to it and loads the first
// five members (their offsets are part of the ABI); the rest is for the helpers.
//
// Field reads of operands without transformers go straight from generated code to the reader:
// `read_compact(*reader, *fields[operand], &slots[operand], &values[operand])`. Every other read
// goes through peregrine_jit_load. Helpers take an operand's value from its slot when the slot
// has a compact form, else from `values` (see OperandValue()).
struct JitContext {
  JitSlot* slots;                               // one per operand
  ir::FieldReader::ReadCompactFn read_compact;  // the current reader's compact path
  ir::FieldReader* reader;                      // the current event's reader
  const catalog::ResolvedField* const* fields;  // one per operand: its field
  eval::FieldValue* values;                     // one per operand
  const ir::Program* program;
  std::string* scratch;  // one per operand (transformer output)
};
inline constexpr unsigned kContextSlotsOffset = 0;
inline constexpr unsigned kContextReadCompactOffset = 8;
inline constexpr unsigned kContextReaderOffset = 16;
inline constexpr unsigned kContextFieldsOffset = 24;
inline constexpr unsigned kContextValuesOffset = 32;
static_assert(offsetof(JitContext, slots) == kContextSlotsOffset);
static_assert(offsetof(JitContext, read_compact) == kContextReadCompactOffset);
static_assert(offsetof(JitContext, reader) == kContextReaderOffset);
static_assert(offsetof(JitContext, fields) == kContextFieldsOffset);
static_assert(offsetof(JitContext, values) == kContextValuesOffset);

// The loaded value of `operand` for a helper: rebuilt from its slot (in `scratch`) when the slot
// has a compact form, else the full value the read stored.
inline const eval::FieldValue& OperandValue(const JitContext& ctx, uint32_t operand,
                                            eval::FieldValue* scratch) {
  const JitSlot& slot = ctx.slots[operand];
  if (!ir::HasCompactForm(slot.kind)) return ctx.values[operand];
  *scratch = ir::FromCompact(slot);
  return *scratch;
}

// A generated matcher: evaluates the rules of one event code for the current event, writes the
// indices of matching rules to `out` (room for every rule of the code) and returns their count.
// With `first` != 0 it returns after the first match.
using MatchFunction = uint32_t (*)(JitContext* ctx, uint32_t* out, uint32_t first);

}  // namespace peregrine::compiler::jit::internal

// Runtime helpers called by generated code (C ABI; the JIT binds these names to their addresses).
extern "C" {
// Reads and transforms operand `operand` into its value and slot; 1 when available. Generated
// code uses it for operands with transformers (the others read through JitContext::read_compact).
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
// The patterns of a scan table (internal/pattern_scan.h) found in `len` bytes at `text`.
uint64_t peregrine_jit_scan(const void* table, const char* text, uint64_t len);
}

#endif  // PEREGRINE_COMPILER_JIT_INTERNAL_JIT_ABI_H_
