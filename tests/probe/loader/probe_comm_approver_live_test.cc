// Comm approvers in the kernel: with names installed for ptrace, a call from a thread whose comm
// (prctl(PR_SET_NAME)) is none of them is dropped in the dispatcher and counted; listed comms
// (15 bytes included), empty comms and other syscalls are delivered; a swap of sets while calls
// run never drops a call whose comm both sets list.
#include <sys/prctl.h>
#include <sys/ptrace.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <atomic>
#include <cstdio>
#include <map>
#include <string>
#include <thread>
#include <vector>

#include "probe/abi/comm_approver.h"
#include "probe/abi/ppm_codes.h"
#include "tests/probe/loader/live_probe_fixture.h"

namespace peregrine::probe::testing {
namespace {

// A failing ptrace (no such tracee): emitted whatever its result, as no drop-failed is set.
void CallPtrace() { syscall(SYS_ptrace, PTRACE_PEEKDATA, 0, 0, 0); }

class CommApproverLiveTest : public LiveProbeTest {
 protected:
  void TearDown() override {
    if (probe_ != nullptr) {
      EXPECT_TRUE(probe_->SetCommApprovers({}).ok());
    }
  }

  pg_probe_counters Counters() {
    auto c = probe_->TotalCounters();
    EXPECT_TRUE(c.ok()) << c.status();
    return c.ok() ? *c : pg_probe_counters{};
  }

  // Runs `calls` times `call` in one thread per name (each sets its comm first), with `syscalls`
  // interesting; returns the number of records of `code` per thread name.
  std::map<std::string, int> PerName(const std::vector<std::string>& names, uint16_t code, int nr,
                                     void (*call)(), int calls = 1,
                                     const std::function<void()>& meanwhile = nullptr) {
    std::vector<int> tids(names.size());
    std::vector<Captured> records = Capture(
        {nr},
        [&] {
          std::atomic<int> started{0};
          std::vector<std::thread> threads;
          for (size_t i = 0; i < names.size(); ++i) {
            threads.emplace_back([&, i] {
              prctl(PR_SET_NAME, names[i].c_str(), 0, 0, 0);
              tids[i] = static_cast<int>(gettid());
              ++started;
              for (int k = 0; k < calls; ++k) call();
            });
          }
          if (meanwhile) meanwhile();
          for (std::thread& t : threads) t.join();
        },
        /*procexit=*/false, &tids);
    std::map<std::string, int> out;
    for (const Captured& c : records) {
      if (c.view.type() != code) continue;
      for (size_t i = 0; i < names.size(); ++i) {
        if (c.view.tid() == static_cast<uint64_t>(tids[i])) {
          ++out[names[i]];
          // The record's context carries the comm the kernel checked (at most 15 bytes).
          EXPECT_TRUE(c.has_ctx);
          EXPECT_EQ(std::string(c.ctx.comm, strnlen(c.ctx.comm, sizeof(c.ctx.comm))),
                    names[i].substr(0, 15));
        }
      }
    }
    return out;
  }
};

TEST_F(CommApproverLiveTest, OnlyListedCommsAreDeliveredAndDropsCounted) {
  ASSERT_TRUE(probe_->SetCommApprovers({{SYS_ptrace, {"pg_keep", "abcdefghijklmno"}}}).ok());
  const pg_probe_counters before = Counters();
  auto got = PerName({"pg_keep", "pg_drop", "abcdefghijklmno", "abcdefghijklmn", "abcdefghijklmnX",
                      "abcdefghijklmnoXYZ"},
                     PG_PPME_PTRACE_X, SYS_ptrace, CallPtrace, 3);
  const pg_probe_counters after = Counters();
  // Listed: the name, and the 15-byte name (exactly, and as the kernel cuts a longer name).
  EXPECT_EQ(got["pg_keep"], 3);
  EXPECT_EQ(got["abcdefghijklmno"], 3);
  EXPECT_EQ(got["abcdefghijklmnoXYZ"], 3);
  // Not listed: a prefix of a listed name, a 15-byte name one byte off, another name.
  EXPECT_EQ(got["pg_drop"], 0);
  EXPECT_EQ(got["abcdefghijklmn"], 0);
  EXPECT_EQ(got["abcdefghijklmnX"], 0);
  // Machine-wide counters: other processes' ptrace calls would add, never subtract.
  EXPECT_GE(after.comm_approver_dropped - before.comm_approver_dropped, 9u);
  EXPECT_GE(after.approver_dropped - before.approver_dropped, 9u);
}

TEST_F(CommApproverLiveTest, AFullSetFindsEveryListedNameAndNoOther) {
  // 64 names: 32 short ones, and 32 of 15 bytes that share their first 8 bytes (ordered by
  // their second word), so the kernel's binary search visits every position.
  std::vector<std::string> listed;
  for (int i = 0; i < 32; ++i) {
    char a[16], b[16];
    std::snprintf(a, sizeof(a), "pg_n%02d", i);
    std::snprintf(b, sizeof(b), "abcdefghijk%04d", i * 7);
    listed.push_back(a);
    listed.push_back(b);
  }
  ASSERT_EQ(listed.size(), size_t{PG_COMM_NAMES_MAX});
  ASSERT_TRUE(probe_->SetCommApprovers({{SYS_ptrace, listed}}).ok());
  const std::vector<std::string> absent = {"a",
                                           "zz",
                                           "pg_n",
                                           "pg_n3",
                                           "pg_n32",
                                           "pg_n010",
                                           "abcdefghijk0001",
                                           "abcdefghijk9999",
                                           "abcdefghijk",
                                           "abcdefgh",
                                           "abcdefghijk021",
                                           "pg_m00"};
  std::vector<std::string> names = listed;
  names.insert(names.end(), absent.begin(), absent.end());
  auto got = PerName(names, PG_PPME_PTRACE_X, SYS_ptrace, CallPtrace);
  for (const std::string& n : listed) EXPECT_EQ(got[n], 1) << n;
  for (const std::string& n : absent) EXPECT_EQ(got[n], 0) << n;
}

TEST_F(CommApproverLiveTest, EmptyCommIsDelivered) {
  ASSERT_TRUE(probe_->SetCommApprovers({{SYS_ptrace, {"pg_keep"}}}).ok());
  auto got = PerName({"", "pg_drop"}, PG_PPME_PTRACE_X, SYS_ptrace, CallPtrace);
  EXPECT_EQ(got[""], 1);
  EXPECT_EQ(got["pg_drop"], 0);
}

TEST_F(CommApproverLiveTest, AnEmptySetDropsEveryNamedCaller) {
  ASSERT_TRUE(probe_->SetCommApprovers({{SYS_ptrace, {}}}).ok());
  auto got = PerName({"pg_keep", "gdb"}, PG_PPME_PTRACE_X, SYS_ptrace, CallPtrace);
  EXPECT_EQ(got["pg_keep"], 0);
  EXPECT_EQ(got["gdb"], 0);
}

void CallRmdir() { rmdir("/nonexistent/pg_comm_approver"); }

TEST_F(CommApproverLiveTest, OtherSyscallsAndNoApproverDropNothing) {
  ASSERT_TRUE(probe_->SetCommApprovers({{SYS_ptrace, {"pg_keep"}}}).ok());
  auto got = PerName({"pg_drop"}, PG_PPME_RMDIR_X, SYS_rmdir, CallRmdir);
  EXPECT_EQ(got["pg_drop"], 1);
  ASSERT_TRUE(probe_->SetCommApprovers({}).ok());
  got = PerName({"pg_drop"}, PG_PPME_PTRACE_X, SYS_ptrace, CallPtrace);
  EXPECT_EQ(got["pg_drop"], 1);
}

TEST_F(CommApproverLiveTest, InvalidEntriesAreRefused) {
  EXPECT_FALSE(probe_->SetCommApprovers({{SYS_ptrace, {"abcdefghijklmnop"}}}).ok());
  EXPECT_FALSE(probe_->SetCommApprovers({{SYS_ptrace, {""}}}).ok());
  EXPECT_FALSE(probe_->SetCommApprovers({{SYS_ptrace, {"a"}}, {SYS_ptrace, {"b"}}}).ok());
  EXPECT_FALSE(probe_->SetCommApprovers({{-1, {"a"}}}).ok());
  std::vector<std::string> many;
  for (int i = 0; i <= PG_COMM_NAMES_MAX; ++i) many.push_back(std::to_string(i));
  EXPECT_FALSE(probe_->SetCommApprovers({{SYS_ptrace, many}}).ok());
  // A refused set changes nothing: the previous (none) stays.
  auto got = PerName({"pg_drop"}, PG_PPME_PTRACE_X, SYS_ptrace, CallPtrace);
  EXPECT_EQ(got["pg_drop"], 1);
}

std::atomic<int> g_paced_calls{0};

// A ptrace, then a pause: the calls of a thread span many swaps without filling the ring.
void CallPtracePaced() {
  CallPtrace();
  ++g_paced_calls;
  usleep(300);
}

TEST_F(CommApproverLiveTest, SwapsWhileRunningNeverDropACommBothSetsList) {
  constexpr int kCalls = 1000;
  constexpr int kThreads = 3;
  g_paced_calls = 0;
  int swaps = 0;
  auto swapper = [&] {
    // Each swap waits for an RCU grace period in the kernel (map-in-map update), ~10 ms here.
    // Alternate two sets that both list pg_both, and no approver at all (the interest bit
    // turning off and on), until the callers are done.
    const std::vector<std::vector<CommApproverEntry>> sets = {
        {{SYS_ptrace, {"pg_both", "pg_a"}}}, {{SYS_ptrace, {"pg_b", "pg_both"}}}, {}};
    while (g_paced_calls < kThreads * kCalls) {
      EXPECT_TRUE(probe_->SetCommApprovers(sets[swaps % sets.size()]).ok());
      ++swaps;
      usleep(100);
    }
  };
  ASSERT_TRUE(probe_->SetCommApprovers({{SYS_ptrace, {"pg_both", "pg_a"}}}).ok());
  const pg_probe_counters before = Counters();
  auto got = PerName({"pg_both", "pg_both", "pg_never"}, PG_PPME_PTRACE_X, SYS_ptrace,
                     CallPtracePaced, kCalls, swapper);
  const pg_probe_counters after = Counters();
  ASSERT_EQ(after.drops[PG_DROP_RING_FULL], before.drops[PG_DROP_RING_FULL]) << "ring too small";
  EXPECT_GE(swaps, 10);
  // Two threads named pg_both: every call of both arrives.
  EXPECT_EQ(got["pg_both"], 2 * kCalls);
  // pg_never is in no set: dropped while an approver is installed, delivered while none is.
  EXPECT_LT(got["pg_never"], kCalls);
  EXPECT_GE(after.comm_approver_dropped - before.comm_approver_dropped,
            static_cast<uint64_t>(kCalls - got["pg_never"]));
  std::printf("%d swaps; pg_never delivered %d of %d\n", swaps, got["pg_never"], kCalls);
}

}  // namespace
}  // namespace peregrine::probe::testing
