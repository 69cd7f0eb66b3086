#include "runtime/engine/ruleset_loader.h"

#include <filesystem>
#include <system_error>
#include <utility>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"

namespace peregrine::runtime {

absl::StatusOr<std::unique_ptr<Ruleset>> LoadRuleset(
    const std::vector<std::string>& paths, const EngineConfig& config,
    std::vector<compiler::Diagnostic>* diagnostics) {
  // The loader skips a named path it cannot use; a daemon started on a mistyped path must not
  // run without its rules.
  for (const std::string& path : paths) {
    std::error_code error;
    if (!std::filesystem::exists(path, error)) {
      return absl::NotFoundError(absl::StrCat(path, ": no such rules file or directory"));
    }
  }
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
