#include "compiler/jit/tiered_matcher.h"

namespace peregrine::compiler::jit {

TieredMatcher::TieredMatcher(std::shared_ptr<const ir::Program> program, const TierOptions& options)
    : program_(std::move(program)), options_(options) {}

std::unique_ptr<TieredMatcher> TieredMatcher::Start(std::shared_ptr<const ir::Program> program,
                                                    const TierOptions& options) {
  std::unique_ptr<TieredMatcher> tiered(new TieredMatcher(std::move(program), options));
  tiered->thread_ = std::thread([t = tiered.get()] { t->Compile(); });
  return tiered;
}

TieredMatcher::~TieredMatcher() {
  // A compile in progress cannot be interrupted; the tiers not started yet are skipped.
  cancelled_.store(true, std::memory_order_relaxed);
  if (thread_.joinable()) thread_.join();
}

void TieredMatcher::Compile() {
  std::vector<int> levels = {0};
  if (options_.optimize) levels.push_back(2);
  for (int level : levels) {
    if (cancelled_.load(std::memory_order_relaxed)) break;
    JitOptions options;
    options.opt_level = level;
    options.rules_per_chunk = options_.rules_per_chunk;
    absl::StatusOr<std::unique_ptr<JitProgram>> compiled = JitProgram::Compile(*program_, options);
    absl::MutexLock lock(&mu_);
    if (!compiled.ok()) {
      status_ = compiled.status();
      break;
    }
    programs_.push_back(std::move(*compiled));
    current_.store(programs_.back().get(), std::memory_order_release);
    tier_.store(level >= 2 ? static_cast<int>(Tier::kOptimized) : static_cast<int>(Tier::kFast),
                std::memory_order_release);
  }
  absl::MutexLock lock(&mu_);
  finished_ = true;
}

TieredMatcher::Tier TieredMatcher::tier() const {
  return static_cast<Tier>(tier_.load(std::memory_order_acquire));
}

absl::Status TieredMatcher::status() const {
  absl::MutexLock lock(&mu_);
  return status_;
}

bool TieredMatcher::WaitForTier(Tier tier, absl::Duration timeout) const {
  auto ready = [this, tier]() ABSL_SHARED_LOCKS_REQUIRED(mu_) {
    return finished_ || static_cast<int>(this->tier()) >= static_cast<int>(tier);
  };
  absl::MutexLock lock(&mu_);
  mu_.AwaitWithTimeout(absl::Condition(&ready), timeout);
  return static_cast<int>(this->tier()) >= static_cast<int>(tier);
}

TieredMatcher::Worker::Worker(const TieredMatcher& tiered)
    : tiered_(tiered), interpreter_(*tiered.program_) {}

void TieredMatcher::Worker::Match(uint16_t code, ir::FieldReader& reader,
                                  interp::RuleMatching matching, std::vector<uint32_t>* matches) {
  const JitProgram* latest = tiered_.current_.load(std::memory_order_acquire);
  if (latest != current_) {
    // A new tier finished: switch this thread to it (cheap; happens at most once per tier).
    if (jit_ == nullptr)
      jit_ = std::make_unique<JitMatcher>(*latest);
    else
      jit_->Rebind(*latest);
    current_ = latest;
    tier_ = latest->options().opt_level >= 2 ? Tier::kOptimized : Tier::kFast;
  }
  if (jit_ == nullptr) {
    interpreter_.Match(code, reader, matching, matches);
    return;
  }
  jit_->Match(code, reader, matching, matches);
}

}  // namespace peregrine::compiler::jit
