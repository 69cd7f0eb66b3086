// The JIT back ends of a Ruleset: native matchers compiled by compiler/jit behind tiering — the
// interpreter serves until native code is ready, which then replaces it atomically.
#ifndef PEREGRINE_RUNTIME_MATCHER_JIT_BACKEND_H_
#define PEREGRINE_RUNTIME_MATCHER_JIT_BACKEND_H_

#include <memory>

#include "absl/status/statusor.h"
#include "compiler/jit/tiered_matcher.h"
#include "compiler/semantic/ruleset_compiler.h"
#include "runtime/matcher/matcher.h"

namespace peregrine::runtime {

struct JitBackendOptions {
  // Block creation (never the event path) until the fast native tier serves; a compile error is
  // then an error of creation. When false, creation returns at once and the interpreter serves
  // until the first tier is ready (a compile error leaves the interpreter serving: status()).
  bool wait_for_native = false;
  // Compile the optimised tier in the background after the fast one.
  bool optimize = true;
};

// A back end whose matchers are compiler::jit::TieredMatcher workers over the ruleset's program.
// Owns the TieredMatcher (and its background compile thread) and shares ownership of the compiled
// ruleset. Thread-safe. Destruction waits for a compile in progress (at most one tier).
class JitBackend final : public MatcherBackend {
 public:
  static absl::StatusOr<std::unique_ptr<JitBackend>> Create(
      std::shared_ptr<const compiler::CompiledRuleset> compiled, const JitBackendOptions& options);

  // "jit" when created waiting for native code, else "tiered".
  std::string_view name() const override { return name_; }
  std::unique_ptr<Matcher> CreateMatcher() const override;

  const compiler::jit::TieredMatcher& tiered() const { return *tiered_; }

 private:
  JitBackend(std::shared_ptr<const compiler::CompiledRuleset> compiled,
             std::unique_ptr<compiler::jit::TieredMatcher> tiered, std::string_view name)
      : compiled_(std::move(compiled)), tiered_(std::move(tiered)), name_(name) {}

  std::shared_ptr<const compiler::CompiledRuleset> compiled_;
  std::unique_ptr<compiler::jit::TieredMatcher> tiered_;
  std::string_view name_;
};

}  // namespace peregrine::runtime

#endif  // PEREGRINE_RUNTIME_MATCHER_JIT_BACKEND_H_
