#include "runtime/reload/reload_controller.h"

#include <poll.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"

namespace peregrine::runtime::reload {
namespace {

double Ms(std::chrono::steady_clock::duration d) {
  return std::chrono::duration<double, std::milli>(d).count();
}

}  // namespace

ReloadController::ReloadController(LiveRuleset& live, RulesetBuilder builder, ReloadHooks hooks,
                                   ReloadOptions options)
    : live_(live),
      builder_(std::move(builder)),
      hooks_(std::move(hooks)),
      options_(std::move(options)) {}

absl::StatusOr<std::unique_ptr<ReloadController>> ReloadController::Create(
    LiveRuleset& live, RulesetBuilder builder, ReloadHooks hooks, ReloadOptions options,
    std::vector<std::string> watch_paths) {
  std::unique_ptr<ReloadController> c(
      new ReloadController(live, std::move(builder), std::move(hooks), std::move(options)));
  c->wake_fd_ = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
  if (c->wake_fd_ < 0) {
    return absl::InternalError(absl::StrCat("reload: eventfd: ", std::strerror(errno)));
  }
  if (c->options_.registry != nullptr) {
    metrics::Registry& r = *c->options_.registry;
    const auto ok =
        r.GetCounter("peregrine_reloads_total", "Ruleset reloads, by result", {{"result", "ok"}});
    const auto rejected = r.GetCounter("peregrine_reloads_total", "Ruleset reloads, by result",
                                       {{"result", "rejected"}});
    const auto latency =
        r.GetHistogram("peregrine_reload_latency_seconds", "Change or request to new ruleset live",
                       {0.001, 0.005, 0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30});
    if (ok.ok()) c->ok_counter_ = *ok;
    if (rejected.ok()) c->rejected_counter_ = *rejected;
    if (latency.ok()) c->latency_ = *latency;
  }
  if (c->options_.watch) {
    absl::StatusOr<std::unique_ptr<FileWatcher>> watcher = FileWatcher::Create();
    if (!watcher.ok()) return watcher.status();
    c->watcher_ = *std::move(watcher);
    if (absl::Status s = c->watcher_->Watch(watch_paths); !s.ok()) {
      c->Log(absl::StrCat("reload: ", s.message()));
    }
    absl::MutexLock lock(&c->mu_);
    c->watched_ = watch_paths;
  }
  c->thread_ = std::thread([p = c.get()] { p->Loop(); });
  return c;
}

ReloadController::~ReloadController() {
  stop_.store(true);
  if (wake_fd_ >= 0) {
    const uint64_t one = 1;
    (void)!write(wake_fd_, &one, sizeof(one));
  }
  if (thread_.joinable()) thread_.join();
  if (wake_fd_ >= 0) close(wake_fd_);
}

void ReloadController::Log(const std::string& line) const {
  if (hooks_.log) hooks_.log(line);
}

void ReloadController::RequestReload(std::string reason) {
  {
    absl::MutexLock lock(&mu_);
    if (requests_.empty()) first_request_ = Clock::now();
    requests_.push_back(std::move(reason));
  }
  const uint64_t one = 1;
  (void)!write(wake_fd_, &one, sizeof(one));
}

bool ReloadController::WaitForAttempts(uint64_t n, absl::Duration timeout) const {
  absl::MutexLock lock(&mu_);
  const auto done = [this, n]() ABSL_SHARED_LOCKS_REQUIRED(mu_) { return history_.size() >= n; };
  return mu_.AwaitWithTimeout(absl::Condition(&done), timeout);
}

std::vector<ReloadRecord> ReloadController::history() const {
  absl::MutexLock lock(&mu_);
  return history_;
}

uint64_t ReloadController::attempts() const {
  absl::MutexLock lock(&mu_);
  return history_.size();
}

std::vector<std::string> ReloadController::watched() const {
  absl::MutexLock lock(&mu_);
  return watched_;
}

void ReloadController::Loop() {
  // File events wait for a quiet period; requests go at once.
  bool files_pending = false;
  Clock::time_point first_change;
  Clock::time_point last_change;
  std::vector<std::string> changed;
  while (!stop_.load()) {
    int timeout_ms = -1;
    if (files_pending) {
      const auto due = last_change + options_.debounce;
      const auto now = Clock::now();
      timeout_ms =
          due <= now
              ? 0
              : static_cast<int>(
                    std::chrono::duration_cast<std::chrono::milliseconds>(due - now).count()) +
                    1;
    }
    pollfd fds[2] = {{wake_fd_, POLLIN, 0}, {watcher_ ? watcher_->fd() : -1, POLLIN, 0}};
    const int n = poll(fds, watcher_ ? 2 : 1, timeout_ms);
    if (n < 0 && errno != EINTR) {
      Log(absl::StrCat("reload: poll: ", std::strerror(errno)));
      return;
    }
    if (stop_.load()) return;
    if (watcher_ && (fds[1].revents & POLLIN) != 0) {
      std::vector<std::string> paths = watcher_->ReadChanges();
      if (!paths.empty()) {
        const auto now = Clock::now();
        if (!files_pending) first_change = now;
        files_pending = true;
        last_change = now;
        for (std::string& p : paths) {
          if (std::find(changed.begin(), changed.end(), p) == changed.end()) {
            changed.push_back(std::move(p));
          }
        }
      }
    }
    if ((fds[0].revents & POLLIN) != 0) {
      uint64_t count;
      (void)!read(wake_fd_, &count, sizeof(count));
    }
    std::vector<std::string> requests;
    Clock::time_point since;
    {
      absl::MutexLock lock(&mu_);
      requests.swap(requests_);
      since = first_request_;
    }
    if (!requests.empty()) {
      // A request covers the file changes seen so far too.
      std::string trigger = absl::StrJoin(requests, ", ");
      if (files_pending) {
        absl::StrAppend(&trigger, " + file changed: ", absl::StrJoin(changed, ", "));
        if (first_change < since) since = first_change;
      }
      files_pending = false;
      changed.clear();
      Reload(trigger, since);
      continue;
    }
    if (files_pending && Clock::now() >= last_change + options_.debounce) {
      files_pending = false;
      const std::string trigger = absl::StrCat("file changed: ", absl::StrJoin(changed, ", "));
      changed.clear();
      Reload(trigger, first_change);
    }
  }
}

void ReloadController::Reload(const std::string& trigger, Clock::time_point since) {
  ReloadRecord record;
  record.trigger = trigger;
  const auto t0 = Clock::now();
  absl::StatusOr<ReloadCandidate> candidate = builder_();
  const auto t1 = Clock::now();
  record.compile_ms = Ms(t1 - t0);
  const std::shared_ptr<const Ruleset> old = live_.Current();
  if (!candidate.ok() || candidate->ruleset == nullptr) {
    record.ok = false;
    record.generation = live_.generation();
    record.error = candidate.ok() ? "the builder returned no ruleset"
                                  : std::string(candidate.status().message());
    record.latency_ms = Ms(Clock::now() - since);
    Log(absl::StrFormat(
        "reload rejected (%s) after %.1f ms; generation %u (hash %016x) stays live:\n%s", trigger,
        record.compile_ms, record.generation, old != nullptr ? old->hash() : 0, record.error));
    if (rejected_counter_ != nullptr) rejected_counter_->Increment();
  } else {
    const Ruleset& next = *candidate->ruleset;
    record.hash = next.hash();
    if (hooks_.before_publish) hooks_.before_publish(next);
    const auto s0 = Clock::now();
    record.generation = live_.Publish(std::move(candidate->ruleset));
    const auto s1 = Clock::now();
    const std::shared_ptr<const Ruleset> now_live = live_.Current();
    if (hooks_.after_publish && now_live != nullptr) hooks_.after_publish(*now_live);
    const auto s2 = Clock::now();
    record.ok = true;
    record.swap_us = std::chrono::duration<double, std::micro>(s2 - t1).count();
    record.latency_ms = Ms(s1 - since);
    if (candidate->on_published) candidate->on_published();
    Log(absl::StrFormat(
        "ruleset swapped (%s): generation %u, hash %016x (was %016x), %s; compile %.1f ms, "
        "swap %.0f us (publish %.1f us), change to live %.1f ms",
        trigger, record.generation, record.hash, old != nullptr ? old->hash() : 0,
        candidate->description, record.compile_ms, record.swap_us,
        std::chrono::duration<double, std::micro>(s1 - s0).count(), record.latency_ms));
    if (ok_counter_ != nullptr) ok_counter_->Increment();
    if (latency_ != nullptr) latency_->Observe(record.latency_ms / 1000.0);
    if (watcher_ && !candidate->watch_paths.empty() &&
        candidate->watch_paths != watcher_->watched()) {
      if (absl::Status s = watcher_->Watch(candidate->watch_paths); !s.ok()) {
        Log(absl::StrCat("reload: ", s.message()));
      }
      absl::MutexLock lock(&mu_);
      watched_ = candidate->watch_paths;
    }
  }
  absl::MutexLock lock(&mu_);
  history_.push_back(std::move(record));
}

}  // namespace peregrine::runtime::reload
