#include "tools/peregrine/signal_watcher.h"

#include <pthread.h>
#include <signal.h>
#include <time.h>

namespace peregrine::cli {
namespace {

sigset_t StopSignals() {
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGINT);
  sigaddset(&set, SIGTERM);
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
      }
    }
  });
}

SignalWatcher::~SignalWatcher() {
  quit_.store(true);
  thread_.join();
  // The signals stay blocked: a second SIGINT arriving during shutdown must not kill the
  // process halfway through its flush.
}

}  // namespace peregrine::cli
