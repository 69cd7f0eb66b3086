#include "runtime/matcher/live_ruleset.h"

#include <cassert>
#include <utility>

namespace peregrine::runtime {

uint64_t LiveRuleset::Publish(std::unique_ptr<Ruleset> next) {
  assert(next != nullptr && "LiveRuleset::Publish of a null ruleset");
  absl::MutexLock lock(&publish_mu_);
  const uint64_t generation = ++last_generation_;
  next->generation_ = generation;
  // The ruleset first, then the number: a reader that sees the new number finds the new ruleset
  // (or a newer one).
  current_.store(std::shared_ptr<const Ruleset>(std::move(next)), std::memory_order_release);
  generation_.store(generation, std::memory_order_release);
  return generation;
}

void ThreadRuleset::Reload() {
  std::shared_ptr<const Ruleset> current = live_.Current();
  if (current == nullptr) return;
  // The matcher borrows the old ruleset's back end: drop it before the ruleset.
  matcher_.reset();
  ruleset_ = std::move(current);
  matcher_ = ruleset_->CreateMatcher();
  generation_ = ruleset_->generation();
}

}  // namespace peregrine::runtime
