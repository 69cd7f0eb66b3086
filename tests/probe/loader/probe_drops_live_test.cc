// Live tests: counters, drops when the consumer stalls, no-context records, Poll wakeups.
#include <fcntl.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "live_probe_fixture.h"
#include "probe/abi/ppm_codes.h"

namespace peregrine::probe::testing {
namespace {

using ProbeDropsTest = LiveProbeTest;

// A second probe with tiny rings; the suite's probe stays attached with nothing interesting.
std::unique_ptr<Probe> SmallProbe(bool context) {
  ProbeOptions options;
  options.ring_bytes_per_cpu = 4096;
  options.process_context = context;
  options.interesting_syscalls = {SYS_openat};
  auto probe = Probe::Create(options);
  EXPECT_TRUE(probe.ok()) << probe.status();
  return probe.ok() ? std::move(*probe) : nullptr;
}

TEST_F(ProbeDropsTest, StalledConsumerCountsRingFullDrops) {
  auto probe = SmallProbe(true);
  ASSERT_NE(probe, nullptr);
  constexpr int kCalls = 2000;
  for (int i = 0; i < kCalls; ++i) close(openat(AT_FDCWD, "/dev/null", O_RDONLY));
  auto totals = probe->TotalCounters();
  ASSERT_TRUE(totals.ok()) << totals.status();
  // A 4 KiB ring holds a few dozen ~160-byte records: most of ours were dropped and counted.
  EXPECT_GT(totals->drops[PG_DROP_RING_FULL], uint64_t{kCalls / 2});
  EXPECT_EQ(totals->drops[PG_DROP_NO_RING], 0u);
  EXPECT_EQ(totals->drops[PG_DROP_NO_FILLER], 0u);
  size_t delivered = 0;
  auto n = probe->DrainAll([&](const RingRecord&) { ++delivered; });
  ASSERT_TRUE(n.ok());
  EXPECT_GT(delivered, 0u);
  EXPECT_LT(delivered, size_t{kCalls});
  // Every record emitted was delivered (others' openats included).
  auto after = probe->TotalCounters();
  ASSERT_TRUE(after.ok());
  EXPECT_GE(after->emitted, delivered);
  auto per_cpu = probe->CountersPerCpu();
  ASSERT_TRUE(per_cpu.ok());
  uint64_t sum = 0;
  for (const pg_probe_counters& c : *per_cpu) sum += c.drops[PG_DROP_RING_FULL];
  EXPECT_EQ(sum, after->drops[PG_DROP_RING_FULL]);
}

TEST_F(ProbeDropsTest, RecordsWithoutContextWhenDisabled) {
  auto probe = SmallProbe(false);
  ASSERT_NE(probe, nullptr);
  int fd = openat(AT_FDCWD, "/dev/null", O_RDONLY);
  close(fd);
  int ours = 0;
  auto n = probe->DrainAll([&](const RingRecord& r) {
    RecordView view;
    ASSERT_TRUE(view.Parse(r.event, r.event_size));
    if (view.tid() != static_cast<uint64_t>(gettid())) return;
    ++ours;
    EXPECT_EQ(r.ctx, nullptr);
    EXPECT_EQ(view.type(), PG_PPME_OPENAT_X);
  });
  ASSERT_TRUE(n.ok());
  EXPECT_EQ(ours, 1);
}

TEST_F(ProbeDropsTest, PollDeliversAfterTimeoutWithoutWakeups) {
  ProbeOptions options;
  options.ring_bytes_per_cpu = 1 << 16;
  options.wakeup_every = 0;  // never wake: Poll must still deliver after its timeout
  options.interesting_syscalls = {SYS_openat};
  auto probe = Probe::Create(options);
  ASSERT_TRUE(probe.ok()) << probe.status();
  close(openat(AT_FDCWD, "/dev/null", O_RDONLY));
  int ours = 0;
  for (int ring = 0; ring < (*probe)->ring_count(); ++ring) {
    auto n = (*probe)->Poll(ring, 5, [&](const RingRecord& r) {
      RecordView view;
      if (view.Parse(r.event, r.event_size) && view.tid() == static_cast<uint64_t>(gettid())) {
        ++ours;
      }
    });
    ASSERT_TRUE(n.ok()) << n.status();
  }
  EXPECT_EQ(ours, 1);
}

TEST_F(ProbeDropsTest, InvalidOptionsAreRejected) {
  ProbeOptions options;
  options.ring_bytes_per_cpu = 5000;
  EXPECT_EQ(Probe::Create(options).status().code(), absl::StatusCode::kInvalidArgument);
  options.ring_bytes_per_cpu = 1 << 16;
  options.wakeup_every = 3;
  EXPECT_EQ(Probe::Create(options).status().code(), absl::StatusCode::kInvalidArgument);
  options.wakeup_every = 64;
  options.interesting_syscalls = {SYS_getppid};
  EXPECT_EQ(Probe::Create(options).status().code(), absl::StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace peregrine::probe::testing
