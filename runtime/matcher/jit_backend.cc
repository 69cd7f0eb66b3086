#include "runtime/matcher/jit_backend.h"

#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/time/time.h"

namespace peregrine::runtime {
namespace {

using compiler::jit::TieredMatcher;

// Owned by one thread: a TieredMatcher worker (an interpreter until native code is ready).
class TieredWorkerMatcher final : public Matcher {
 public:
  explicit TieredWorkerMatcher(const TieredMatcher& tiered) : worker_(tiered) {}

  void Match(uint16_t code, compiler::ir::FieldReader& reader, RuleMatching matching,
             std::vector<uint32_t>* matches) override {
    worker_.Match(code, reader,
                  matching == RuleMatching::kAll ? compiler::interp::RuleMatching::kAll
                                                 : compiler::interp::RuleMatching::kFirst,
                  matches);
  }

 private:
  TieredMatcher::Worker worker_;
};

}  // namespace

absl::StatusOr<std::unique_ptr<JitBackend>> JitBackend::Create(
    std::shared_ptr<const compiler::CompiledRuleset> compiled, const JitBackendOptions& options) {
  if (compiled == nullptr) return absl::InvalidArgumentError("jit back end: no compiled ruleset");
  // The program lives inside the compiled ruleset: share the ruleset's ownership.
  std::shared_ptr<const compiler::ir::Program> program(compiled, &compiled->program);
  compiler::jit::TierOptions tier_options;
  tier_options.optimize = options.optimize;
  std::unique_ptr<TieredMatcher> tiered = TieredMatcher::Start(std::move(program), tier_options);
  if (options.wait_for_native) {
    if (!tiered->WaitForTier(TieredMatcher::Tier::kFast, absl::InfiniteDuration())) {
      absl::Status status = tiered->status();
      return absl::InternalError(
          absl::StrCat("jit back end: compiling the rules failed: ", status.message()));
    }
  }
  return std::unique_ptr<JitBackend>(new JitBackend(std::move(compiled), std::move(tiered),
                                                    options.wait_for_native ? "jit" : "tiered"));
}

std::unique_ptr<Matcher> JitBackend::CreateMatcher() const {
  return std::make_unique<TieredWorkerMatcher>(*tiered_);
}

}  // namespace peregrine::runtime
