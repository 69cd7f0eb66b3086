// RecordQueue: a single-producer single-consumer ring of variable-size probe records, copied out
// of a kernel ring by its reader thread and consumed in place by one pipeline worker.
#ifndef PEREGRINE_RUNTIME_LIVE_RECORD_QUEUE_H_
#define PEREGRINE_RUNTIME_LIVE_RECORD_QUEUE_H_

#include <atomic>
#include <cassert>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <memory>

#include "probe/abi/proc_ctx.h"

namespace peregrine::runtime::live {

// One queued record: this header, then a pg_proc_ctx when has_ctx, then the scap event record.
// Entries are 16-byte aligned and never wrap around the end of the buffer.
struct QueuedRecord {
  uint32_t size;        // whole entry including padding; the wrap marker covers the tail
  uint32_t event_size;  // bytes of the scap event record; kWrapMarker for the marker
  uint64_t ts;          // event timestamp (copied from the record header for the merge)
  // 8 bytes reserved so the context that follows is 8-byte aligned within a 16-byte entry start.
  uint16_t has_ctx;
  uint16_t ring;
  uint32_t reserved;
  uint32_t reserved2;

  static constexpr uint32_t kWrapMarker = 0xFFFFFFFF;

  const pg_proc_ctx* ctx() const {
    return has_ctx ? reinterpret_cast<const pg_proc_ctx*>(this + 1) : nullptr;
  }
  const uint8_t* event() const {
    return reinterpret_cast<const uint8_t*>(this + 1) + (has_ctx ? sizeof(pg_proc_ctx) : 0);
  }
};
static_assert(sizeof(QueuedRecord) == 32, "queued record header is 32 bytes");

// Lock-free: the producer owns head_, the consumer owns tail_, each publishes with release and
// reads the other's with acquire. Exactly one producer thread and one consumer thread.
class RecordQueue {
 public:
  // `capacity` bytes, rounded up to a power of two (at least 64 KiB).
  explicit RecordQueue(size_t capacity) {
    size_t cap = 64 * 1024;
    while (cap < capacity) cap <<= 1;
    capacity_ = cap;
    buffer_.reset(new (std::align_val_t{64}) uint8_t[cap]);
  }
  RecordQueue(const RecordQueue&) = delete;
  RecordQueue& operator=(const RecordQueue&) = delete;

  // Producer: copies one record. False (and nothing written) when there is no room.
  bool Push(uint16_t ring, uint64_t ts, const pg_proc_ctx* ctx, const uint8_t* event,
            uint32_t event_size) {
    const size_t payload = sizeof(QueuedRecord) + (ctx ? sizeof(pg_proc_ctx) : 0) + event_size;
    const size_t need = (payload + 15) & ~size_t{15};
    if (need > capacity_ / 2) return false;
    const uint64_t head = head_.load(std::memory_order_relaxed);
    const uint64_t tail = tail_.load(std::memory_order_acquire);
    const size_t offset = head & (capacity_ - 1);
    const size_t contiguous = capacity_ - offset;
    const size_t skip = need > contiguous ? contiguous : 0;
    if (capacity_ - (head - tail) < skip + need) return false;
    uint64_t pos = head;
    if (skip != 0) {
      auto* marker = reinterpret_cast<QueuedRecord*>(buffer_.get() + offset);
      marker->size = static_cast<uint32_t>(skip);
      marker->event_size = QueuedRecord::kWrapMarker;
      pos += skip;
    }
    auto* rec = reinterpret_cast<QueuedRecord*>(buffer_.get() + (pos & (capacity_ - 1)));
    rec->size = static_cast<uint32_t>(need);
    rec->event_size = event_size;
    rec->ts = ts;
    rec->has_ctx = ctx != nullptr;
    rec->ring = ring;
    rec->reserved = rec->reserved2 = 0;
    uint8_t* out = reinterpret_cast<uint8_t*>(rec + 1);
    if (ctx != nullptr) {
      std::memcpy(out, ctx, sizeof(pg_proc_ctx));
      out += sizeof(pg_proc_ctx);
    }
    std::memcpy(out, event, event_size);
    head_.store(pos + need, std::memory_order_release);
    return true;
  }

  // Consumer: the oldest record, or nullptr when empty. Valid until Pop().
  const QueuedRecord* Peek() {
    while (true) {
      const uint64_t tail = tail_.load(std::memory_order_relaxed);
      if (tail == head_.load(std::memory_order_acquire)) return nullptr;
      const auto* rec =
          reinterpret_cast<const QueuedRecord*>(buffer_.get() + (tail & (capacity_ - 1)));
      if (rec->event_size != QueuedRecord::kWrapMarker) return rec;
      tail_.store(tail + rec->size, std::memory_order_release);
    }
  }
  // Consumer: releases the record Peek() returned.
  void Pop() {
    const uint64_t tail = tail_.load(std::memory_order_relaxed);
    const auto* rec =
        reinterpret_cast<const QueuedRecord*>(buffer_.get() + (tail & (capacity_ - 1)));
    assert(tail != head_.load(std::memory_order_acquire) && "pop of an empty queue");
    tail_.store(tail + rec->size, std::memory_order_release);
  }

  // Bytes in use (approximate from a third thread).
  size_t used() const {
    return static_cast<size_t>(head_.load(std::memory_order_acquire) -
                               tail_.load(std::memory_order_acquire));
  }
  size_t capacity() const { return capacity_; }

 private:
  struct AlignedDelete {
    void operator()(uint8_t* p) const { ::operator delete[](p, std::align_val_t{64}); }
  };
  std::unique_ptr<uint8_t[], AlignedDelete> buffer_;
  size_t capacity_ = 0;
  alignas(64) std::atomic<uint64_t> head_{0};
  alignas(64) std::atomic<uint64_t> tail_{0};
};

}  // namespace peregrine::runtime::live

#endif  // PEREGRINE_RUNTIME_LIVE_RECORD_QUEUE_H_
