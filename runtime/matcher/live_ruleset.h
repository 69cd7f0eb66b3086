// LiveRuleset: the ruleset the daemon runs now, swapped atomically as a whole (DESIGN.md
// invariant 3); ThreadRuleset: one worker thread's view of it.
//
// Usage:
//   LiveRuleset live;
//   live.Publish(*Ruleset::Create(compiled, options));   // start, and on every reload
//   ThreadRuleset mine(live);                            // in each worker
//   for (each event) { mine.Refresh(); mine.matcher().Match(...); }
#ifndef PEREGRINE_RUNTIME_MATCHER_LIVE_RULESET_H_
#define PEREGRINE_RUNTIME_MATCHER_LIVE_RULESET_H_

#include <atomic>
#include <cstdint>
#include <memory>
#include <thread>
#include <vector>

#include "absl/synchronization/mutex.h"
#include "runtime/matcher/matcher.h"
#include "runtime/matcher/ruleset.h"

namespace peregrine::runtime {

// Holds the current std::shared_ptr<const Ruleset>. Readers never block: Current() is an atomic
// shared_ptr load and generation() a single atomic load. Publishers are serialised among
// themselves by a mutex (reloads are rare). A reader holding a ruleset keeps it alive after a
// swap until it lets go. Thread-safe.
class LiveRuleset {
 public:
  LiveRuleset() = default;
  // Waits for the background releases of replaced rulesets.
  ~LiveRuleset();
  LiveRuleset(const LiveRuleset&) = delete;
  LiveRuleset& operator=(const LiveRuleset&) = delete;

  // Makes `next` the current ruleset; stamps it with the next generation number (1, 2, …) and
  // returns that number. `next` must not be null.
  uint64_t Publish(std::unique_ptr<Ruleset> next);

  // The current ruleset; null before the first Publish().
  std::shared_ptr<const Ruleset> Current() const {
    return current_.load(std::memory_order_acquire);
  }
  // The generation of Current() (0 before the first Publish()); cheap enough to poll per event.
  uint64_t generation() const { return generation_.load(std::memory_order_acquire); }

 private:
  absl::Mutex publish_mu_;
  uint64_t last_generation_ ABSL_GUARDED_BY(publish_mu_) = 0;
  // The ruleset replaced by the last Publish(). Keeping it here means a worker never drops the
  // last reference: destroying a ruleset may wait for its background JIT compile (up to about a
  // second at O2), which must stall neither the event path nor the publisher. Rulesets retired
  // before it are released on a short-lived thread of their own, joined once it has finished.
  std::shared_ptr<const Ruleset> retired_ ABSL_GUARDED_BY(publish_mu_);
  struct Release {
    std::thread thread;
    std::shared_ptr<std::atomic<bool>> done;
  };
  std::vector<Release> releases_ ABSL_GUARDED_BY(publish_mu_);
  std::atomic<std::shared_ptr<const Ruleset>> current_;
  std::atomic<uint64_t> generation_{0};
};

// A worker's copy of the live ruleset and its own Matcher for it. Refresh() between events picks
// up a new publication, so each event is evaluated by exactly one ruleset and none is lost in a
// swap. Borrows `live`, which must outlive it. Owned by one thread.
class ThreadRuleset {
 public:
  explicit ThreadRuleset(const LiveRuleset& live) : live_(live) { Refresh(); }

  // Takes the current publication if it changed since the last call; true when it did. When
  // nothing changed this is one atomic load.
  bool Refresh() {
    if (live_.generation() == generation_) return false;
    Reload();
    return true;
  }

  // Null until something was published.
  const Ruleset* ruleset() const { return ruleset_.get(); }
  const std::shared_ptr<const Ruleset>& shared_ruleset() const { return ruleset_; }
  Matcher* matcher() const { return matcher_.get(); }
  uint64_t generation() const { return generation_; }

 private:
  void Reload();

  const LiveRuleset& live_;
  std::shared_ptr<const Ruleset> ruleset_;
  std::unique_ptr<Matcher> matcher_;
  uint64_t generation_ = 0;
};

}  // namespace peregrine::runtime

#endif  // PEREGRINE_RUNTIME_MATCHER_LIVE_RULESET_H_
