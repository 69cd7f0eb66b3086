#include "runtime/engine/ruleset_loader.h"

#include <utility>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"

namespace peregrine::runtime {

absl::StatusOr<std::unique_ptr<Ruleset>> LoadRuleset(
    const std::vector<std::string>& paths, const EngineConfig& config,
    std::vector<compiler::Diagnostic>* diagnostics) {
  compiler::CompileOutput out = compiler::CompileRulesFiles(paths, config.compile);
  int errors = 0;
  for (compiler::Diagnostic& d : out.diagnostics) {
    if (d.severity == compiler::Severity::kError) ++errors;
    if (diagnostics != nullptr) diagnostics->push_back(std::move(d));
  }
  if (out.ruleset == nullptr) {
    return absl::FailedPreconditionError(
        absl::StrCat("rules failed to load: ", errors, errors == 1 ? " error" : " errors"));
  }
  return Ruleset::Create(std::move(out.ruleset), config.ruleset);
}

}  // namespace peregrine::runtime
