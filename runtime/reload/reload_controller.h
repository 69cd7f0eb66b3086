// ReloadController: hot reload of the live ruleset — on request (SIGHUP) or when a watched file
// changes (inotify, debounced), builds the next ruleset on its own thread, off the event path,
// and publishes it through LiveRuleset; a ruleset that fails to build is rejected and the live
// one stays.
//
// Usage:
//   auto controller = ReloadController::Create(live, [&] { return BuildFromConfig(); },
//                                              hooks, ReloadOptions{}, {"/etc/falco/rules.d"});
//   (*controller)->RequestReload("SIGHUP");   // from the signal thread
#ifndef PEREGRINE_RUNTIME_RELOAD_RELOAD_CONTROLLER_H_
#define PEREGRINE_RUNTIME_RELOAD_RELOAD_CONTROLLER_H_

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "runtime/matcher/live_ruleset.h"
#include "runtime/matcher/ruleset.h"
#include "runtime/metrics/registry.h"
#include "runtime/reload/file_watcher.h"

namespace peregrine::runtime::reload {

// What a successful build hands over.
struct ReloadCandidate {
  std::unique_ptr<Ruleset> ruleset;
  // The files and directories to watch from now on (the rules files of a reloaded config, the
  // config file, the bundle file); empty keeps the current set.
  std::vector<std::string> watch_paths;
  // Runs on the reload thread right after the publication (commit a bundle, …). May be empty.
  std::function<void()> on_published;
  // What was built, for the log line: "3 rules files", "bundle 2024.06.1 (sha256 ab12…)".
  std::string description;
};

// Builds the next ruleset from the current sources. Runs on the reload thread. A non-OK status
// rejects the reload; its message (the compiler's diagnostics, one per line) is logged.
using RulesetBuilder = std::function<absl::StatusOr<ReloadCandidate>()>;

// Called on the reload thread. All may be empty.
struct ReloadHooks {
  // Before the swap: e.g. widen the probe's syscall interest to the old set ∪ the next one, so
  // that nothing the next ruleset needs is missing when it goes live.
  std::function<void(const Ruleset& next)> before_publish;
  // After the swap: e.g. narrow the interest to the live ruleset's, update the metrics.
  std::function<void(const Ruleset& live)> after_publish;
  // One line per event (swap, rejection, watch error), without a newline.
  std::function<void(const std::string& line)> log;
};

struct ReloadOptions {
  // Watch the initial paths (and each candidate's) with inotify.
  bool watch = true;
  // A burst of file events is one reload: it starts once no event came for this long.
  std::chrono::milliseconds debounce{200};
  // Exports peregrine_reloads_total{result="ok"|"rejected"} and
  // peregrine_reload_latency_seconds. Borrowed; may be null; must outlive the controller.
  metrics::Registry* registry = nullptr;
};

// One reload attempt.
struct ReloadRecord {
  std::string trigger;  // "SIGHUP", "file changed: /etc/falco/rules.d", …
  bool ok = false;
  uint64_t generation = 0;  // the live generation afterwards (unchanged when rejected)
  uint64_t hash = 0;        // of the published ruleset (ok only)
  double compile_ms = 0;    // the builder's wall time
  double swap_us = 0;       // before_publish + Publish + after_publish
  double latency_ms = 0;    // first trigger (request or file event) → published (or rejected)
  std::string error;        // when rejected
};

// Owns the reload thread, the watcher and the history. Borrows the live ruleset (which must
// outlive it). Publications are serialised by this thread; readers of the live ruleset never
// block. RequestReload, WaitFor* and history() are thread-safe; the destructor stops and joins
// the thread (a build in progress finishes first).
class ReloadController {
 public:
  static absl::StatusOr<std::unique_ptr<ReloadController>> Create(
      LiveRuleset& live, RulesetBuilder builder, ReloadHooks hooks, ReloadOptions options,
      std::vector<std::string> watch_paths);
  ~ReloadController();
  ReloadController(const ReloadController&) = delete;
  ReloadController& operator=(const ReloadController&) = delete;

  // Asks for a reload (no debounce). Requests that arrive while one is pending are merged.
  void RequestReload(std::string reason);
  // Waits until at least `n` attempts have completed; false on timeout.
  bool WaitForAttempts(uint64_t n, absl::Duration timeout) const;
  std::vector<ReloadRecord> history() const;
  uint64_t attempts() const;
  // The paths watched now.
  std::vector<std::string> watched() const;

 private:
  using Clock = std::chrono::steady_clock;
  ReloadController(LiveRuleset& live, RulesetBuilder builder, ReloadHooks hooks,
                   ReloadOptions options);
  void Loop();
  void Reload(const std::string& trigger, Clock::time_point since);
  void Log(const std::string& line) const;

  LiveRuleset& live_;
  RulesetBuilder builder_;
  ReloadHooks hooks_;
  ReloadOptions options_;
  std::unique_ptr<FileWatcher> watcher_;  // null when not watching; used by the thread only
  int wake_fd_ = -1;                      // eventfd: requests and stop
  std::atomic<bool> stop_{false};
  std::thread thread_;
  metrics::Counter* ok_counter_ = nullptr;
  metrics::Counter* rejected_counter_ = nullptr;
  metrics::Histogram* latency_ = nullptr;

  mutable absl::Mutex mu_;
  std::vector<std::string> requests_ ABSL_GUARDED_BY(mu_);
  Clock::time_point first_request_ ABSL_GUARDED_BY(mu_);
  std::vector<ReloadRecord> history_ ABSL_GUARDED_BY(mu_);
  std::vector<std::string> watched_ ABSL_GUARDED_BY(mu_);
};

}  // namespace peregrine::runtime::reload

#endif  // PEREGRINE_RUNTIME_RELOAD_RELOAD_CONTROLLER_H_
