// Evaluation of one IR predicate against extracted values, with Falco's semantics per type and
// operator (falco-rule-language.md §3.4, §4.4). The reference for every back end.
#ifndef PEREGRINE_COMPILER_INTERP_PREDICATE_EVAL_H_
#define PEREGRINE_COMPILER_INTERP_PREDICATE_EVAL_H_

#include <string>

#include "compiler/eval/field_value.h"
#include "compiler/ir/ir.h"

namespace peregrine::compiler::interp {

// Applies `transforms` to `value` in order. Computed strings go to `scratch`. False when a
// transformer makes the value unavailable (b64 of invalid base64).
bool ApplyTransforms(const std::vector<ir::Transform>& transforms, eval::FieldValue* value,
                     std::string* scratch);

// `value <op> constants` for a predicate without a field on the right. `value` is available.
bool CompareWithConstants(const ir::Predicate& predicate, const ir::Operand& lhs,
                          const eval::FieldValue& value);

// The same with `op` in place of the predicate's operator (fd.ip & co. evaluate `!=` as "neither
// endpoint is equal").
bool CompareWithConstantsAs(catalog::Op op, const ir::Predicate& predicate, const ir::Operand& lhs,
                            const eval::FieldValue& value);

// `value <op> rhs` for a field-to-field predicate; both are available.
bool CompareWithField(const ir::Predicate& predicate, const eval::FieldValue& value,
                      const eval::FieldValue& rhs);

}  // namespace peregrine::compiler::interp

#endif  // PEREGRINE_COMPILER_INTERP_PREDICATE_EVAL_H_
