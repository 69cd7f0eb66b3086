// Event-type analysis (falco-rule-language.md §5.3): the set of event codes for which a rule's
// expanded condition can be true. Drives the per-event-type rule index, the "too many event
// types" warning, and the kernel's interest map.
#ifndef PEREGRINE_COMPILER_SEMANTIC_EVENT_TYPE_ANALYSIS_H_
#define PEREGRINE_COMPILER_SEMANTIC_EVENT_TYPE_ANALYSIS_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "compiler/ast/ast.h"
#include "compiler/semantic/event_codes.h"

namespace peregrine::compiler::semantic {

// Falco's LOAD_NO_EVTTYPE threshold: more codes than this is "too many".
inline constexpr size_t kTooManyEventCodes = 100;

// The codes `root` (macros expanded) can match. Fails, with Falco's message, on right-hand field
// comparisons against evt.type/syscall.type and on transformers applied to them.
absl::StatusOr<EventCodeSet> AnalyzeEventTypes(const ast::Expr& root);

// The evt.num invariant (events are numbered from 1) for `evt.num <op> values` (§5.3):
// kNever (unsatisfiable), kAlways (tautology) or kNeutral.
enum class EventNumberDecision { kNeutral, kNever, kAlways };
EventNumberDecision DecideEventNumber(ast::CheckOperator op,
                                      const std::vector<std::string>& values);

// codes(names) of §5.3 for one name: its event codes, plus the generic codes when the name is a
// syscall without a dedicated event.
EventCodeSet CodesForEventName(const std::string& name);

}  // namespace peregrine::compiler::semantic

#endif  // PEREGRINE_COMPILER_SEMANTIC_EVENT_TYPE_ANALYSIS_H_
