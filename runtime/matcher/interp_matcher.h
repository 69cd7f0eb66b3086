// InterpMatcher: the Matcher back end over the reference interpreter (compiler/interp).
#ifndef PEREGRINE_RUNTIME_MATCHER_INTERP_MATCHER_H_
#define PEREGRINE_RUNTIME_MATCHER_INTERP_MATCHER_H_

#include <memory>

#include "compiler/semantic/ruleset_compiler.h"
#include "runtime/matcher/matcher.h"

namespace peregrine::runtime {

// A backend whose matchers run compiler::interp::Interpreter over the ruleset's ir::Program.
// Shares ownership of the compiled ruleset, so the program outlives every matcher as long as the
// backend does. Immutable; thread-safe.
std::unique_ptr<MatcherBackend> CreateInterpreterBackend(
    std::shared_ptr<const compiler::CompiledRuleset> compiled);

}  // namespace peregrine::runtime

#endif  // PEREGRINE_RUNTIME_MATCHER_INTERP_MATCHER_H_
