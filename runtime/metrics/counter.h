// Counter and Gauge: lock-free metric cells for the event path (sharded atomics).
#ifndef PEREGRINE_RUNTIME_METRICS_COUNTER_H_
#define PEREGRINE_RUNTIME_METRICS_COUNTER_H_

#include <array>
#include <atomic>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <thread>

namespace peregrine::runtime::metrics {

// The shard a thread increments: fixed for the thread's life, so concurrent writers from different
// threads usually land on different cache lines.
inline size_t ThisThreadShard() {
  thread_local const size_t shard = std::hash<std::thread::id>{}(std::this_thread::get_id());
  return shard;
}

// A monotonically increasing count. Increment() is wait-free (one relaxed fetch_add on the
// calling thread's shard); Value() sums the shards. Thread-safe. Owned by a Registry, which hands
// out stable pointers that stay valid for the registry's lifetime.
class Counter {
 public:
  static constexpr size_t kShards = 8;

  void Increment(uint64_t n = 1) {
    shards_[ThisThreadShard() % kShards].value.fetch_add(n, std::memory_order_relaxed);
  }
  uint64_t Value() const {
    uint64_t sum = 0;
    for (const Shard& s : shards_) sum += s.value.load(std::memory_order_relaxed);
    return sum;
  }

 private:
  struct alignas(64) Shard {
    std::atomic<uint64_t> value{0};
  };
  std::array<Shard, kShards> shards_;
};

// A value that goes up and down, or is set. Set/Add are lock-free. Thread-safe.
class Gauge {
 public:
  void Set(double v) { value_.store(v, std::memory_order_relaxed); }
  void Add(double d) {
    double cur = value_.load(std::memory_order_relaxed);
    while (!value_.compare_exchange_weak(cur, cur + d, std::memory_order_relaxed)) {
    }
  }
  double Value() const { return value_.load(std::memory_order_relaxed); }

 private:
  std::atomic<double> value_{0};
};

}  // namespace peregrine::runtime::metrics

#endif  // PEREGRINE_RUNTIME_METRICS_COUNTER_H_
