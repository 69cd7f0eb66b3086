#include "runtime/matcher/live_ruleset.h"

#include <cassert>
#include <utility>

namespace peregrine::runtime {

LiveRuleset::~LiveRuleset() {
  absl::MutexLock lock(&publish_mu_);
  for (Release& release : releases_) release.thread.join();
}

uint64_t LiveRuleset::Publish(std::unique_ptr<Ruleset> next) {
  assert(next != nullptr && "LiveRuleset::Publish of a null ruleset");
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
    // Join the releases that have finished, then hand this one to a thread of its own.
    std::erase_if(releases_, [](Release& release) {
      if (!release.done->load(std::memory_order_acquire)) return false;
      release.thread.join();
      return true;
    });
    if (released != nullptr) {
      auto done = std::make_shared<std::atomic<bool>>(false);
      releases_.push_back(Release{std::thread([ruleset = std::move(released), done]() mutable {
                                    ruleset.reset();
                                    done->store(true, std::memory_order_release);
                                  }),
                                  done});
    }
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
