// Readable text form of the IR, for `rulec explain` and tests.
#ifndef PEREGRINE_COMPILER_IR_IR_PRINTER_H_
#define PEREGRINE_COMPILER_IR_IR_PRINTER_H_

#include <string>

#include "compiler/ir/ir.h"

namespace peregrine::compiler::ir {

// One node as an expression: `(proc.name in {bash, sh} and not fd.num < 0)`. Predicates print
// with their id (`#12`) when `with_ids`, which shows what rules share.
std::string PrintNode(const Program& program, NodeId node, bool with_ids = false);

// A predicate: `proc.name in (bash, sh)`.
std::string PrintPredicate(const Program& program, PredicateId predicate);

// A constant as text.
std::string PrintValue(const catalog::Value& value);

}  // namespace peregrine::compiler::ir

#endif  // PEREGRINE_COMPILER_IR_IR_PRINTER_H_
