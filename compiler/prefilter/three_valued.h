// Three-valued evaluation of IR roots under an assumption about the event (the call failed, the
// call succeeded, the fd is a regular file, ...): each predicate is decided true or false where
// the assumption fixes its value, unknown otherwise, and and/or/not combine as in Kleene logic.
// A root that evaluates to kFalse cannot match any event satisfying the assumption.
#ifndef PEREGRINE_COMPILER_PREFILTER_THREE_VALUED_H_
#define PEREGRINE_COMPILER_PREFILTER_THREE_VALUED_H_

#include <cstdint>

#include "absl/functional/function_ref.h"
#include "compiler/ir/ir.h"

namespace peregrine::compiler::prefilter {

enum class Tri : uint8_t { kFalse, kTrue, kUnknown };

Tri Not(Tri t);

// Decides one predicate under the caller's assumption.
using PredicateDecider = absl::FunctionRef<Tri(const ir::Predicate&)>;

Tri Evaluate(const ir::Program& program, ir::NodeId id, PredicateDecider decide);

// What an exit event's outcome fixes: evt.rawres, evt.res, evt.failed and — for the open
// family, whose fd.num is the result — fd.num, under "the call failed" (return value in
// [-4095, -1]) or "the call succeeded" (return value ≥ 0).
Tri DecideOnOutcome(const ir::Program& program, const ir::Predicate& p, uint16_t code, bool failed);

// The truth of `x op v` for every x in [lo, hi] (integers): true/false when it is the same for
// the whole range, unknown otherwise.
Tri CompareRange(int64_t lo, int64_t hi, catalog::Op op, int64_t v);

// Open-family exit codes (open, creat, openat, openat2, open_by_handle_at).
bool IsOpenFamilyExit(uint16_t code);

}  // namespace peregrine::compiler::prefilter

#endif  // PEREGRINE_COMPILER_PREFILTER_THREE_VALUED_H_
