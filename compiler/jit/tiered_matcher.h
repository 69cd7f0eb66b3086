// Tiering: the interpreter serves from the moment a program is loaded while a background thread
// compiles it, first quickly (O0), then optimised (O2); each finished tier replaces the previous
// one atomically. Compilation never blocks the event path.
//
// Usage:
//   auto tiered = jit::TieredMatcher::Start(program_ptr, {});
//   jit::TieredMatcher::Worker worker(*tiered);        // one per event thread
//   worker.Match(code, reader, interp::RuleMatching::kAll, &matches);
#ifndef PEREGRINE_COMPILER_JIT_TIERED_MATCHER_H_
#define PEREGRINE_COMPILER_JIT_TIERED_MATCHER_H_

#include <atomic>
#include <memory>
#include <thread>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/status/status.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "compiler/interp/interpreter.h"
#include "compiler/jit/jit_matcher.h"
#include "compiler/jit/jit_program.h"

namespace peregrine::compiler::jit {

struct TierOptions {
  bool optimize = true;  // compile the O2 tier after the O0 one
  int rules_per_chunk = 32;
};

// Thread-safe. Owns the background compile thread and every compiled tier (kept until
// destruction, so a worker still running an older tier stays valid). Shares ownership of the
// program. The destructor skips the tiers not started yet but waits for a compile in progress
// to finish (at most one tier: ~0.1 s at O0, ~1 s at O2 for the upstream rules).
class TieredMatcher {
 public:
  enum class Tier : int { kInterpreter = 0, kFast = 1, kOptimized = 2 };

  static std::unique_ptr<TieredMatcher> Start(std::shared_ptr<const ir::Program> program,
                                              const TierOptions& options);
  ~TieredMatcher();
  TieredMatcher(const TieredMatcher&) = delete;
  TieredMatcher& operator=(const TieredMatcher&) = delete;

  Tier tier() const;
  // The first compile error, if any (the interpreter or the last good tier keeps serving).
  absl::Status status() const;
  // Waits until `tier` serves, the background thread has finished, or `timeout` passed;
  // true when `tier` (or a better one) serves. For tests and benchmarks.
  bool WaitForTier(Tier tier, absl::Duration timeout) const;

  const ir::Program& program() const { return *program_; }

  // The per-thread side: an interpreter until native code is ready, then a JitMatcher. Owned by
  // one thread; the TieredMatcher must outlive it.
  class Worker {
   public:
    explicit Worker(const TieredMatcher& tiered);
    void Match(uint16_t code, ir::FieldReader& reader, interp::RuleMatching matching,
               std::vector<uint32_t>* matches);
    Tier tier() const { return tier_; }

   private:
    const TieredMatcher& tiered_;
    interp::Interpreter interpreter_;
    std::unique_ptr<JitMatcher> jit_;
    const JitProgram* current_ = nullptr;
    Tier tier_ = Tier::kInterpreter;
  };

 private:
  TieredMatcher(std::shared_ptr<const ir::Program> program, const TierOptions& options);
  void Compile();

  std::shared_ptr<const ir::Program> program_;
  TierOptions options_;
  std::atomic<const JitProgram*> current_{nullptr};
  std::atomic<int> tier_{0};
  std::atomic<bool> cancelled_{false};
  mutable absl::Mutex mu_;
  bool finished_ ABSL_GUARDED_BY(mu_) = false;
  absl::Status status_ ABSL_GUARDED_BY(mu_);
  std::vector<std::unique_ptr<JitProgram>> programs_ ABSL_GUARDED_BY(mu_);
  std::thread thread_;
};

}  // namespace peregrine::compiler::jit

#endif  // PEREGRINE_COMPILER_JIT_TIERED_MATCHER_H_
