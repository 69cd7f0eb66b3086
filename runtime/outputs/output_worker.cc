#include "runtime/outputs/output_worker.h"

#include <pthread.h>
#include <signal.h>

namespace peregrine::runtime::outputs {

OutputWorker::OutputWorker(std::unique_ptr<Sink> sink, size_t capacity)
    : name_(sink->name()), sink_(std::move(sink)), queue_(capacity) {
  thread_ = std::thread([this] { Run(); });
}

OutputWorker::~OutputWorker() { Shutdown(absl::Now()); }

bool OutputWorker::Enqueue(AlertPtr alert) {
  if (closed_.load(std::memory_order_relaxed)) {
    dropped_shutdown_.fetch_add(1, std::memory_order_relaxed);
    return false;
  }
  if (!queue_.TryPush(std::move(alert))) {
    dropped_full_.fetch_add(1, std::memory_order_relaxed);
    return false;
  }
  enqueued_.fetch_add(1, std::memory_order_relaxed);
  // Pairs with the fence in Run(): either the worker sees the new size, or we see it sleeping.
  std::atomic_thread_fence(std::memory_order_seq_cst);
  if (sleeping_.load(std::memory_order_relaxed)) Wake();
  return true;
}

void OutputWorker::Wake() {
  wake_seq_.fetch_add(1, std::memory_order_release);
  wake_seq_.notify_one();
}

void OutputWorker::Run() {
  // A program sink's child may exit: EPIPE is an error to count, not a signal that kills us.
  sigset_t pipe_set;
  sigemptyset(&pipe_set);
  sigaddset(&pipe_set, SIGPIPE);
  pthread_sigmask(SIG_BLOCK, &pipe_set, nullptr);

  for (;;) {
    if (cancelled_.load(std::memory_order_acquire)) break;
    busy_.store(true, std::memory_order_relaxed);
    AlertPtr alert;
    if (queue_.TryPop(&alert)) {
      Deliver(alert);
      busy_.store(false, std::memory_order_release);
      continue;
    }
    busy_.store(false, std::memory_order_release);
    if (draining_.load(std::memory_order_acquire)) {
      if (queue_.size() > 0) continue;  // a push is being published
      break;
    }
    const uint32_t seq = wake_seq_.load(std::memory_order_acquire);
    sleeping_.store(true, std::memory_order_seq_cst);
    std::atomic_thread_fence(std::memory_order_seq_cst);
    if (queue_.size() == 0 && !draining_.load(std::memory_order_acquire) &&
        !cancelled_.load(std::memory_order_acquire)) {
      wake_seq_.wait(seq, std::memory_order_acquire);
    }
    sleeping_.store(false, std::memory_order_relaxed);
  }
  if (!cancelled_.load(std::memory_order_acquire)) {
    if (absl::Status s = sink_->Flush(); !s.ok()) SetError(s);
  }
  done_.store(true, std::memory_order_release);
}

void OutputWorker::Deliver(const AlertPtr& alert) {
  if (reopen_.exchange(false, std::memory_order_relaxed)) sink_->Reopen();
  absl::Status status = sink_->Write(*alert, cancelled_);
  if (status.ok()) {
    delivered_.fetch_add(1, std::memory_order_relaxed);
  } else {
    failed_.fetch_add(1, std::memory_order_relaxed);
    SetError(status);
  }
}

void OutputWorker::SetError(const absl::Status& status) {
  absl::MutexLock lock(&error_mu_);
  last_error_ = std::string(status.message());
}

bool OutputWorker::WaitIdle(absl::Duration timeout) {
  const absl::Time deadline = absl::Now() + timeout;
  for (;;) {
    if (queue_.size() == 0 && !busy_.load(std::memory_order_acquire)) return true;
    if (done_.load(std::memory_order_acquire) || absl::Now() >= deadline) return false;
    absl::SleepFor(absl::Milliseconds(1));
  }
}

bool OutputWorker::Shutdown(absl::Time deadline) {
  if (!thread_.joinable()) return dropped_shutdown_.load() == 0;
  closed_.store(true, std::memory_order_relaxed);
  draining_.store(true, std::memory_order_release);
  Wake();
  while (!done_.load(std::memory_order_acquire) && absl::Now() < deadline) {
    absl::SleepFor(absl::Milliseconds(1));
  }
  const bool in_time = done_.load(std::memory_order_acquire);
  if (!in_time) {
    cancelled_.store(true, std::memory_order_release);
    Wake();
  }
  thread_.join();
  // The worker has exited: this thread is now the queue's only consumer.
  AlertPtr left;
  uint64_t dropped = 0;
  while (queue_.TryPop(&left)) ++dropped;
  dropped_shutdown_.fetch_add(dropped, std::memory_order_relaxed);
  return in_time && dropped == 0;
}

OutputStats OutputWorker::stats() const {
  OutputStats s;
  s.name = name_;
  s.enqueued = enqueued_.load(std::memory_order_relaxed);
  s.delivered = delivered_.load(std::memory_order_relaxed);
  s.failed = failed_.load(std::memory_order_relaxed);
  s.dropped_queue_full = dropped_full_.load(std::memory_order_relaxed);
  s.dropped_shutdown = dropped_shutdown_.load(std::memory_order_relaxed);
  s.queue_depth = queue_.size();
  absl::MutexLock lock(&error_mu_);
  s.last_error = last_error_;
  return s;
}

}  // namespace peregrine::runtime::outputs
