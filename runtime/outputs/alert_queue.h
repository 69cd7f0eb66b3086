// AlertQueue: a lock-free multi-producer, single-consumer queue of shared alerts.
#ifndef PEREGRINE_RUNTIME_OUTPUTS_ALERT_QUEUE_H_
#define PEREGRINE_RUNTIME_OUTPUTS_ALERT_QUEUE_H_

#include <atomic>
#include <cstddef>
#include <memory>

#include "runtime/outputs/alert.h"

namespace peregrine::runtime::outputs {

using AlertPtr = std::shared_ptr<const Alert>;

// With capacity > 0, holds at most `capacity` alerts in a preallocated ring (sequence-numbered
// cells); TryPush() fails when it is full and never waits. With capacity 0 (Falco's
// `outputs_queue.capacity: 0`, unbounded) it is a linked list: TryPush() allocates a node and
// publishes it with one atomic exchange. In both modes TryPush() takes no lock and does no
// system call. Thread contract: any number of producer threads; TryPop() from one consumer thread
// at a time.
class AlertQueue {
 public:
  explicit AlertQueue(size_t capacity);
  ~AlertQueue();
  AlertQueue(const AlertQueue&) = delete;
  AlertQueue& operator=(const AlertQueue&) = delete;

  bool TryPush(AlertPtr alert);
  bool TryPop(AlertPtr* alert);

  // Approximate number of queued alerts (exact when producers and consumer are quiet).
  size_t size() const { return size_.load(std::memory_order_relaxed); }
  size_t capacity() const { return capacity_; }

 private:
  struct Cell {
    std::atomic<size_t> sequence;
    AlertPtr value;
  };
  struct Node {
    std::atomic<Node*> next{nullptr};
    AlertPtr value;
  };

  const size_t capacity_;
  std::atomic<size_t> size_{0};
  // Bounded mode.
  size_t mask_ = 0;
  std::unique_ptr<Cell[]> cells_;
  alignas(64) std::atomic<size_t> enqueue_pos_{0};
  alignas(64) std::atomic<size_t> dequeue_pos_{0};
  // Unbounded mode: producers exchange head_; the consumer owns tail_ (a consumed stub node).
  alignas(64) std::atomic<Node*> head_{nullptr};
  alignas(64) Node* tail_ = nullptr;
};

}  // namespace peregrine::runtime::outputs

#endif  // PEREGRINE_RUNTIME_OUTPUTS_ALERT_QUEUE_H_
