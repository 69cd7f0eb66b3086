// A set of PPM event codes: what event-type analysis computes for a rule.
#ifndef PEREGRINE_COMPILER_SEMANTIC_EVENT_CODES_H_
#define PEREGRINE_COMPILER_SEMANTIC_EVENT_CODES_H_

#include <bitset>
#include <string>
#include <vector>

#include "runtime/catalog/event_table.h"

namespace peregrine::compiler {

using EventCodeSet = std::bitset<catalog::kNumEventCodes>;

inline EventCodeSet AllEventCodes() { return EventCodeSet().set(); }

// The distinct event names of `codes`, in code order ("execve", "execveat").
std::vector<std::string> EventNames(const EventCodeSet& codes);

}  // namespace peregrine::compiler

#endif  // PEREGRINE_COMPILER_SEMANTIC_EVENT_CODES_H_
