#include "tools/peregrine/signal_watcher.h"

#include <pthread.h>
#include <signal.h>
#include <time.h>

#include <utility>

namespace peregrine::cli {
namespace {

sigset_t StopSignals() {
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGINT);
  sigaddset(&set, SIGTERM);
  sigaddset(&set, SIGHUP);
  return set;
}

}  // namespace

SignalWatcher::SignalWatcher() {
  const sigset_t set = StopSignals();
  pthread_sigmask(SIG_BLOCK, &set, nullptr);
  thread_ = std::thread([this] {
    const sigset_t wait_set = StopSignals();
    // A short timeout lets the destructor end the thread without sending it a signal.
    const timespec timeout = {0, 100 * 1000 * 1000};
    while (!quit_.load()) {
      const int sig = sigtimedwait(&wait_set, nullptr, &timeout);
      if (sig == SIGINT || sig == SIGTERM) {
        signal_.store(sig);
        stop_.store(true);
      } else if (sig == SIGHUP) {
        hangups_.fetch_add(1);
        absl::MutexLock lock(&mu_);
        if (on_hangup_) on_hangup_();
      }
    }
  });
}

void SignalWatcher::SetHangupHandler(std::function<void()> handler) {
  absl::MutexLock lock(&mu_);
  on_hangup_ = std::move(handler);
}

SignalWatcher::~SignalWatcher() {
  quit_.store(true);
  thread_.join();
  // The signals stay blocked: a second SIGINT arriving during shutdown must not kill the
  // process halfway through its flush.
}

}  // namespace peregrine::cli
