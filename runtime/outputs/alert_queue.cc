#include "runtime/outputs/alert_queue.h"

#include <cstdint>

namespace peregrine::runtime::outputs {

std::string_view PriorityName(uint8_t priority) {
  static constexpr std::string_view kNames[] = {"Emergency", "Alert",  "Critical",      "Error",
                                                "Warning",   "Notice", "Informational", "Debug"};
  return priority < 8 ? kNames[priority] : kNames[7];
}

AlertQueue::AlertQueue(size_t capacity) : capacity_(capacity) {
  if (capacity_ > 0) {
    // The ring is a power of two ≥ capacity; size_ enforces the exact capacity.
    size_t ring = 2;
    while (ring < capacity_) ring <<= 1;
    mask_ = ring - 1;
    cells_.reset(new Cell[ring]);
    for (size_t i = 0; i < ring; ++i) cells_[i].sequence.store(i, std::memory_order_relaxed);
  } else {
    tail_ = new Node;
    head_.store(tail_, std::memory_order_relaxed);
  }
}

AlertQueue::~AlertQueue() {
  if (capacity_ == 0) {
    Node* n = tail_;
    while (n != nullptr) {
      Node* next = n->next.load(std::memory_order_relaxed);
      delete n;
      n = next;
    }
  }
}

bool AlertQueue::TryPush(AlertPtr alert) {
  if (capacity_ == 0) {
    size_.fetch_add(1, std::memory_order_relaxed);
    Node* node = new Node;
    node->value = std::move(alert);
    Node* prev = head_.exchange(node, std::memory_order_acq_rel);
    prev->next.store(node, std::memory_order_release);
    return true;
  }
  if (size_.fetch_add(1, std::memory_order_relaxed) >= capacity_) {
    size_.fetch_sub(1, std::memory_order_relaxed);
    return false;
  }
  // Since size_ admitted us, a cell is free or about to be released by the consumer.
  size_t pos = enqueue_pos_.load(std::memory_order_relaxed);
  Cell* cell;
  for (;;) {
    cell = &cells_[pos & mask_];
    const size_t seq = cell->sequence.load(std::memory_order_acquire);
    const intptr_t diff = static_cast<intptr_t>(seq) - static_cast<intptr_t>(pos);
    if (diff == 0) {
      if (enqueue_pos_.compare_exchange_weak(pos, pos + 1, std::memory_order_relaxed)) break;
    } else if (diff < 0) {
      // The consumer has admitted the pop (size_) but not yet released the cell: it is not
      // blocked on us, so this wait is a few instructions long.
      pos = enqueue_pos_.load(std::memory_order_relaxed);
    } else {
      pos = enqueue_pos_.load(std::memory_order_relaxed);
    }
  }
  cell->value = std::move(alert);
  cell->sequence.store(pos + 1, std::memory_order_release);
  return true;
}

bool AlertQueue::TryPop(AlertPtr* alert) {
  if (capacity_ == 0) {
    Node* next = tail_->next.load(std::memory_order_acquire);
    if (next == nullptr) return false;
    *alert = std::move(next->value);
    delete tail_;
    tail_ = next;
    size_.fetch_sub(1, std::memory_order_relaxed);
    return true;
  }
  const size_t pos = dequeue_pos_.load(std::memory_order_relaxed);
  Cell* cell = &cells_[pos & mask_];
  const size_t seq = cell->sequence.load(std::memory_order_acquire);
  if (static_cast<intptr_t>(seq) - static_cast<intptr_t>(pos + 1) < 0) return false;  // empty
  // Single consumer: no CAS needed on dequeue_pos_.
  dequeue_pos_.store(pos + 1, std::memory_order_relaxed);
  *alert = std::move(cell->value);
  cell->value.reset();
  cell->sequence.store(pos + mask_ + 1, std::memory_order_release);
  size_.fetch_sub(1, std::memory_order_relaxed);
  return true;
}

}  // namespace peregrine::runtime::outputs
