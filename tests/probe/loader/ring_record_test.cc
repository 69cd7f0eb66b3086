// ParseRingRecord: prefix/context/event split and rejection of inconsistent records.
#include "probe/loader/ring_record.h"

#include <cstring>
#include <vector>

#include "gtest/gtest.h"

namespace peregrine::probe {
namespace {

std::vector<uint8_t> MakeRecord(bool with_ctx, uint32_t event_len) {
  const uint32_t ctx = with_ctx ? sizeof(pg_proc_ctx) : 0;
  std::vector<uint8_t> bytes(sizeof(pg_ring_prefix) + ctx + event_len, 0);
  pg_ring_prefix prefix{static_cast<uint32_t>(bytes.size()),
                        static_cast<uint16_t>(with_ctx ? PG_RING_HAS_CTX : 0),
                        static_cast<uint16_t>(ctx)};
  std::memcpy(bytes.data(), &prefix, sizeof(prefix));
  if (with_ctx) {
    pg_proc_ctx c{};
    c.pid = 42;
    std::memcpy(bytes.data() + sizeof(prefix), &c, sizeof(c));
  }
  return bytes;
}

TEST(RingRecordTest, SplitsPrefixContextAndEvent) {
  auto bytes = MakeRecord(true, 40);
  RingRecord r;
  ASSERT_TRUE(ParseRingRecord(bytes.data(), bytes.size(), 3, &r));
  EXPECT_EQ(r.ring, 3);
  ASSERT_NE(r.ctx, nullptr);
  EXPECT_EQ(r.ctx->pid, 42u);
  EXPECT_EQ(r.event, bytes.data() + 8 + sizeof(pg_proc_ctx));
  EXPECT_EQ(r.event_size, 40u);
}

TEST(RingRecordTest, AcceptsRecordWithoutContext) {
  auto bytes = MakeRecord(false, 26);
  RingRecord r;
  ASSERT_TRUE(ParseRingRecord(bytes.data(), bytes.size(), 0, &r));
  EXPECT_EQ(r.ctx, nullptr);
  EXPECT_EQ(r.event_size, 26u);
}

TEST(RingRecordTest, RejectsInconsistentRecords) {
  RingRecord r;
  auto bytes = MakeRecord(true, 40);
  EXPECT_FALSE(ParseRingRecord(bytes.data(), 7, 0, &r));                 // no room for prefix
  EXPECT_FALSE(ParseRingRecord(bytes.data(), bytes.size() - 1, 0, &r));  // len > size
  auto short_event = MakeRecord(false, 10);                              // event < 26 bytes
  EXPECT_FALSE(ParseRingRecord(short_event.data(), short_event.size(), 0, &r));
  auto bad_ctx = MakeRecord(true, 40);
  bad_ctx[6] = 50;  // ctx_size != sizeof(pg_proc_ctx)
  EXPECT_FALSE(ParseRingRecord(bad_ctx.data(), bad_ctx.size(), 0, &r));
  auto stray_ctx = MakeRecord(false, 40);
  stray_ctx[6] = 112;  // ctx_size without the flag
  EXPECT_FALSE(ParseRingRecord(stray_ctx.data(), stray_ctx.size(), 0, &r));
}

TEST(RingRecordTest, AbiSizesAndOffsets) {
  EXPECT_EQ(sizeof(pg_ring_prefix), 8u);
  EXPECT_EQ(sizeof(pg_proc_ctx), 112u);
  EXPECT_EQ(offsetof(pg_proc_ctx, cgroup_id), 56u);
  EXPECT_EQ(offsetof(pg_proc_ctx, comm), 96u);
}

}  // namespace
}  // namespace peregrine::probe
