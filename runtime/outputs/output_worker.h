// OutputWorker: one sink, its bounded queue and the thread that drains it.
#ifndef PEREGRINE_RUNTIME_OUTPUTS_OUTPUT_WORKER_H_
#define PEREGRINE_RUNTIME_OUTPUTS_OUTPUT_WORKER_H_

#include <atomic>
#include <cstdint>
#include <memory>
#include <string>
#include <thread>

#include "absl/base/thread_annotations.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "runtime/outputs/alert_queue.h"
#include "runtime/outputs/sink.h"

namespace peregrine::runtime::outputs {

// Counters of one output; a consistent-enough snapshot (each counter is read atomically).
struct OutputStats {
  std::string name;
  uint64_t enqueued = 0;            // accepted into the queue
  uint64_t delivered = 0;           // Write() returned OK
  uint64_t failed = 0;              // Write() returned an error (after the sink's own retries)
  uint64_t dropped_queue_full = 0;  // refused by Enqueue(): the queue was full
  uint64_t dropped_shutdown = 0;    // still queued when shutdown's deadline passed
  uint64_t queue_depth = 0;
  std::string last_error;  // the most recent Write/Flush error, "" if none
};

// Owns a Sink and runs it on its own thread, fed by an AlertQueue of `capacity` (0 = unbounded).
// Enqueue() is lock-free and never blocks (it may do one futex wake when the worker is idle); a
// full queue drops the alert and counts it. Shutdown() drains until the deadline, then cancels the
// sink and counts what is left. Thread-safe: Enqueue/RequestReopen/stats from any thread.
class OutputWorker {
 public:
  OutputWorker(std::unique_ptr<Sink> sink, size_t capacity);
  ~OutputWorker();  // Shutdown(absl::ZeroDuration()) if not done
  OutputWorker(const OutputWorker&) = delete;
  OutputWorker& operator=(const OutputWorker&) = delete;

  // False when the queue was full (or the worker is shut down): the alert is dropped and counted.
  bool Enqueue(AlertPtr alert);
  // The sink reopens its files/connections before its next write.
  void RequestReopen() { reopen_.store(true, std::memory_order_relaxed); }
  // Delivers what is queued until `deadline`, flushes, and stops the thread. Idempotent.
  // Returns true when everything queued was written (delivered or failed) in time.
  bool Shutdown(absl::Time deadline);
  // Waits (up to `timeout`) until the queue is empty and the sink is idle; for tests and flushes.
  bool WaitIdle(absl::Duration timeout);

  OutputStats stats() const;
  const std::string& name() const { return name_; }

 private:
  void Run();
  void Wake();
  void Deliver(const AlertPtr& alert);
  void SetError(const absl::Status& status);

  const std::string name_;
  std::unique_ptr<Sink> sink_;  // used only by the worker thread
  AlertQueue queue_;

  std::atomic<uint32_t> wake_seq_{0};
  std::atomic<bool> sleeping_{false};
  std::atomic<bool> draining_{false};   // shutdown requested: exit once the queue is empty
  std::atomic<bool> cancelled_{false};  // deadline passed: stop now
  std::atomic<bool> closed_{false};     // Enqueue refuses
  std::atomic<bool> reopen_{false};
  std::atomic<bool> busy_{false};  // inside Deliver()
  std::atomic<bool> done_{false};  // the thread has exited its loop

  std::atomic<uint64_t> enqueued_{0};
  std::atomic<uint64_t> delivered_{0};
  std::atomic<uint64_t> failed_{0};
  std::atomic<uint64_t> dropped_full_{0};
  std::atomic<uint64_t> dropped_shutdown_{0};

  mutable absl::Mutex error_mu_;
  std::string last_error_ ABSL_GUARDED_BY(error_mu_);

  std::thread thread_;
};

}  // namespace peregrine::runtime::outputs

#endif  // PEREGRINE_RUNTIME_OUTPUTS_OUTPUT_WORKER_H_
