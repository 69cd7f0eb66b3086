// Loads rules files into a ready-to-run Ruleset under an EngineConfig (what `peregrine -r`,
// `peregrine --replay` and `rulec test` share).
#ifndef PEREGRINE_RUNTIME_ENGINE_RULESET_LOADER_H_
#define PEREGRINE_RUNTIME_ENGINE_RULESET_LOADER_H_

#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "compiler/diagnostics/diagnostic.h"
#include "runtime/engine/engine_config.h"
#include "runtime/matcher/ruleset.h"

namespace peregrine::runtime {

// Compiles `paths` (files or directories, in order) with config.compile and builds the Ruleset
// with config.ruleset. Every compiler diagnostic (warnings too) is appended to `*diagnostics`.
// Errors: the rules do not compile (FailedPrecondition naming the error count; the details are
// the diagnostics), or Ruleset::Create failed.
absl::StatusOr<std::unique_ptr<Ruleset>> LoadRuleset(
    const std::vector<std::string>& paths, const EngineConfig& config,
    std::vector<compiler::Diagnostic>* diagnostics);

}  // namespace peregrine::runtime

#endif  // PEREGRINE_RUNTIME_ENGINE_RULESET_LOADER_H_
