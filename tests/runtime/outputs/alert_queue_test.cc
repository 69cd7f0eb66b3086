// Tests for AlertQueue: exact capacity, unbounded mode, many producers and one consumer.
#include "runtime/outputs/alert_queue.h"

#include <atomic>
#include <set>
#include <thread>
#include <vector>

#include "gtest/gtest.h"

namespace peregrine::runtime::outputs {
namespace {

AlertPtr MakeAlert(uint64_t id) {
  auto a = std::make_shared<Alert>();
  a->time_ns = id;
  return a;
}

TEST(AlertQueueTest, BoundedHoldsExactlyCapacity) {
  AlertQueue q(5);  // the ring rounds up to 8; the limit stays 5
  for (int i = 0; i < 5; ++i) EXPECT_TRUE(q.TryPush(MakeAlert(i)));
  EXPECT_FALSE(q.TryPush(MakeAlert(99)));
  EXPECT_EQ(q.size(), 5u);
  AlertPtr out;
  ASSERT_TRUE(q.TryPop(&out));
  EXPECT_EQ(out->time_ns, 0u);
  EXPECT_TRUE(q.TryPush(MakeAlert(5)));
  for (uint64_t want = 1; want <= 5; ++want) {
    ASSERT_TRUE(q.TryPop(&out));
    EXPECT_EQ(out->time_ns, want);
  }
  EXPECT_FALSE(q.TryPop(&out));
}

TEST(AlertQueueTest, UnboundedNeverRefuses) {
  AlertQueue q(0);
  for (int i = 0; i < 100000; ++i) ASSERT_TRUE(q.TryPush(MakeAlert(i)));
  EXPECT_EQ(q.size(), 100000u);
  AlertPtr out;
  for (uint64_t i = 0; i < 100000; ++i) {
    ASSERT_TRUE(q.TryPop(&out));
    ASSERT_EQ(out->time_ns, i);
  }
  EXPECT_FALSE(q.TryPop(&out));
}

// Four producers race one consumer: every accepted alert comes out exactly once, per-producer
// order is kept, and accepted + refused = attempted.
void RunConcurrent(size_t capacity) {
  AlertQueue q(capacity);
  constexpr int kProducers = 4;
  constexpr uint64_t kPerProducer = 50000;
  std::atomic<uint64_t> refused{0};
  std::atomic<int> running{kProducers};
  std::vector<std::thread> producers;
  for (int p = 0; p < kProducers; ++p) {
    producers.emplace_back([&, p] {
      for (uint64_t i = 0; i < kPerProducer; ++i) {
        if (!q.TryPush(MakeAlert((uint64_t(p) << 32) | i))) refused.fetch_add(1);
      }
      running.fetch_sub(1);
    });
  }
  std::vector<uint64_t> last(kProducers, 0);
  std::vector<bool> seen_any(kProducers, false);
  uint64_t popped = 0;
  AlertPtr out;
  while (running.load() > 0 || q.size() > 0) {
    if (!q.TryPop(&out)) continue;
    const int p = static_cast<int>(out->time_ns >> 32);
    const uint64_t i = out->time_ns & 0xffffffff;
    if (seen_any[p]) {
      ASSERT_GT(i, last[p]) << "producer " << p << " reordered";
    }
    seen_any[p] = true;
    last[p] = i;
    ++popped;
  }
  for (auto& t : producers) t.join();
  while (q.TryPop(&out)) ++popped;
  EXPECT_EQ(popped + refused.load(), kProducers * kPerProducer);
  if (capacity == 0) {
    EXPECT_EQ(refused.load(), 0u);
  }
}

TEST(AlertQueueTest, ConcurrentBounded) { RunConcurrent(64); }
TEST(AlertQueueTest, ConcurrentUnbounded) { RunConcurrent(0); }

}  // namespace
}  // namespace peregrine::runtime::outputs
