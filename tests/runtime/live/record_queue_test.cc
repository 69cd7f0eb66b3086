#include "runtime/live/record_queue.h"

#include <cstring>
#include <thread>
#include <vector>

#include "gtest/gtest.h"

namespace peregrine::runtime::live {
namespace {

std::vector<uint8_t> Bytes(size_t n, uint8_t seed) {
  std::vector<uint8_t> v(n);
  for (size_t i = 0; i < n; ++i) v[i] = static_cast<uint8_t>(seed + i);
  return v;
}

TEST(RecordQueueTest, PushPeekPopKeepsOrderContextAndBytes) {
  RecordQueue q(64 * 1024);
  EXPECT_EQ(q.Peek(), nullptr);
  pg_proc_ctx ctx{};
  ctx.pid = 42;
  std::strcpy(ctx.comm, "cat");
  const auto a = Bytes(100, 1);
  const auto b = Bytes(33, 7);
  ASSERT_TRUE(q.Push(1, 1000, &ctx, a.data(), a.size()));
  ASSERT_TRUE(q.Push(0, 2000, nullptr, b.data(), b.size()));
  const QueuedRecord* r = q.Peek();
  ASSERT_NE(r, nullptr);
  EXPECT_EQ(r->ts, 1000u);
  EXPECT_EQ(r->ring, 1);
  ASSERT_NE(r->ctx(), nullptr);
  EXPECT_EQ(r->ctx()->pid, 42u);
  EXPECT_STREQ(r->ctx()->comm, "cat");
  EXPECT_EQ(std::memcmp(r->event(), a.data(), a.size()), 0);
  q.Pop();
  r = q.Peek();
  ASSERT_NE(r, nullptr);
  EXPECT_EQ(r->ctx(), nullptr);
  EXPECT_EQ(r->event_size, 33u);
  EXPECT_EQ(std::memcmp(r->event(), b.data(), b.size()), 0);
  q.Pop();
  EXPECT_EQ(q.Peek(), nullptr);
  EXPECT_EQ(q.used(), 0u);
}

TEST(RecordQueueTest, RefusesWhenFullAndWrapsAroundTheEnd) {
  RecordQueue q(64 * 1024);
  const auto rec = Bytes(1000, 3);
  size_t pushed = 0;
  while (q.Push(0, pushed, nullptr, rec.data(), rec.size())) ++pushed;
  EXPECT_GT(pushed, 50u);
  EXPECT_LT(pushed, 70u);  // 64 KiB / 1040 bytes per entry
  // Drain half, then push again: entries now wrap past the end of the buffer.
  for (size_t i = 0; i < pushed / 2; ++i) q.Pop();
  size_t more = 0;
  while (q.Push(0, pushed + more, nullptr, rec.data(), rec.size())) ++more;
  EXPECT_GE(more, pushed / 2 - 1);
  uint64_t expect = pushed / 2;
  while (const QueuedRecord* r = q.Peek()) {
    EXPECT_EQ(r->ts, expect++);
    EXPECT_EQ(std::memcmp(r->event(), rec.data(), rec.size()), 0);
    q.Pop();
  }
  EXPECT_EQ(expect, pushed + more);
}

TEST(RecordQueueTest, OneProducerOneConsumerThreadLoseNothing) {
  RecordQueue q(64 * 1024);
  constexpr uint64_t kCount = 200000;
  std::thread producer([&] {
    for (uint64_t i = 0; i < kCount;) {
      uint8_t payload[40];
      std::memcpy(payload, &i, sizeof(i));
      if (q.Push(0, i, nullptr, payload, 8 + (i % 32))) ++i;
    }
  });
  uint64_t next = 0;
  while (next < kCount) {
    const QueuedRecord* r = q.Peek();
    if (r == nullptr) continue;
    uint64_t v = 0;
    std::memcpy(&v, r->event(), sizeof(v));
    ASSERT_EQ(v, next);
    ASSERT_EQ(r->event_size, 8 + (next % 32));
    q.Pop();
    ++next;
  }
  producer.join();
  EXPECT_EQ(q.Peek(), nullptr);
}

}  // namespace
}  // namespace peregrine::runtime::live
