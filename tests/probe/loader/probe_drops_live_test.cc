// Live tests: counters, drops when the consumer stalls, no-context records, Poll wakeups (only
// of a reader that waits).
#include <fcntl.h>
#include <sched.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <atomic>
#include <thread>

#include "absl/time/clock.h"
#include "absl/time/time.h"
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

// The probe wakes a reader only while it waits in Poll: with every record eligible for a wakeup,
// records made while nobody polls wake nobody, and one made while a reader waits (with a long
// timeout) wakes it early.
TEST_F(ProbeDropsTest, OnlyAReaderWaitingInPollIsWoken) {
  ProbeOptions options;
  options.ring_bytes_per_cpu = 1 << 20;
  options.wakeup_every = 1;
  options.wakeup_min_bytes = 0;
  options.interesting_syscalls = {SYS_openat};
  auto probe = Probe::Create(options);
  ASSERT_TRUE(probe.ok()) << probe.status();
  cpu_set_t saved, cpu0;
  ASSERT_EQ(sched_getaffinity(0, sizeof(saved), &saved), 0);
  CPU_ZERO(&cpu0);
  CPU_SET(0, &cpu0);
  ASSERT_EQ(sched_setaffinity(0, sizeof(cpu0), &cpu0), 0);  // our records go to ring 0

  for (int i = 0; i < 100; ++i) close(openat(AT_FDCWD, "/dev/null", O_RDONLY));
  auto busy = (*probe)->TotalCounters();
  ASSERT_TRUE(busy.ok());
  EXPECT_GE(busy->emitted, 100u);
  EXPECT_EQ(busy->wakeups, 0u);
  ASSERT_TRUE((*probe)->DrainAll([](const RingRecord&) {}).ok());

  const int tid = gettid();
  std::atomic<int> ours{0};
  absl::Duration waited;
  std::thread reader([&] {
    const absl::Time start = absl::Now();
    auto n = (*probe)->Poll(0, 10000, [&](const RingRecord& r) {
      RecordView view;
      if (view.Parse(r.event, r.event_size) && view.tid() == static_cast<uint64_t>(tid)) ++ours;
    });
    waited = absl::Now() - start;
    EXPECT_TRUE(n.ok()) << n.status();
  });
  absl::SleepFor(absl::Milliseconds(300));  // the reader is in its wait by now
  close(openat(AT_FDCWD, "/dev/null", O_RDONLY));
  reader.join();
  ASSERT_EQ(sched_setaffinity(0, sizeof(saved), &saved), 0);
  EXPECT_GE(ours.load(), 1);
  EXPECT_LT(waited, absl::Seconds(5)) << "woken early, not by the 10 s timeout";
  auto woken = (*probe)->TotalCounters();
  ASSERT_TRUE(woken.ok());
  EXPECT_GE(woken->wakeups, 1u);
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
