// SignalWatcher: turns SIGINT and SIGTERM into a stop flag and SIGHUP into a reload request,
// without a signal handler or global state: the signals are blocked and a thread waits for them.
#ifndef PEREGRINE_TOOLS_PEREGRINE_SIGNAL_WATCHER_H_
#define PEREGRINE_TOOLS_PEREGRINE_SIGNAL_WATCHER_H_

#include <atomic>
#include <cstdint>
#include <functional>
#include <thread>

#include "absl/base/thread_annotations.h"
#include "absl/synchronization/mutex.h"

namespace peregrine::cli {

// Create it in main() before any other thread starts, so that every thread inherits the blocked
// signal mask. Owns its waiting thread; the destructor stops and joins it (the
// signals stay blocked, so a late signal cannot interrupt the shutdown).
// stop() may be read from any thread; SetHangupHandler may be called from any thread (the
// handler runs on the watcher's thread).
class SignalWatcher {
 public:
  SignalWatcher();
  ~SignalWatcher();
  SignalWatcher(const SignalWatcher&) = delete;
  SignalWatcher& operator=(const SignalWatcher&) = delete;

  // Becomes true on the first SIGINT or SIGTERM.
  const std::atomic<bool>& stop() const { return stop_; }
  // The signal received (0 while none).
  int signal() const { return signal_.load(); }
  // Runs `handler` on every SIGHUP (empty: SIGHUPs are counted only). The handler must not block
  // for long; it must not call SetHangupHandler.
  void SetHangupHandler(std::function<void()> handler);
  uint64_t hangups() const { return hangups_.load(); }

 private:
  std::atomic<bool> stop_{false};
  std::atomic<bool> quit_{false};
  std::atomic<int> signal_{0};
  std::atomic<uint64_t> hangups_{0};
  absl::Mutex mu_;
  std::function<void()> on_hangup_ ABSL_GUARDED_BY(mu_);
  std::thread thread_;
};

}  // namespace peregrine::cli

#endif  // PEREGRINE_TOOLS_PEREGRINE_SIGNAL_WATCHER_H_
