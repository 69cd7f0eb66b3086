#include "runtime/matcher/live_ruleset.h"

#include <cassert>
#include <utility>

namespace peregrine::runtime {

uint64_t LiveRuleset::Publish(std::unique_ptr<Ruleset> next) {
  assert(next != nullptr && "LiveRuleset::Publish of a null ruleset");
  // Destroyed after the lock is released, on the publisher's thread.
  std::shared_ptr<const Ruleset> released;
  uint64_t generation;
  {
    absl::MutexLock lock(&publish_mu_);
    generation = ++last_generation_;
    next->generation_ = generation;
    // The ruleset first, then the number: a reader that sees the new number finds the new
    // ruleset (or a newer one).
    std::shared_ptr<const Ruleset> previous = current_.exchange(
        std::shared_ptr<const Ruleset>(std::move(next)), std::memory_order_acq_rel);
    generation_.store(generation, std::memory_order_release);
    // Workers let go of `previous` within an event of seeing the new generation; the ruleset
    // retired before it is released here rather than by a worker.
    released = std::exchange(retired_, std::move(previous));
  }
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
