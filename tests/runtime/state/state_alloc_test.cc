// Heap allocations of the state tracker on fd churn: open, dup, fcntl, connect and close of
// already-seen fd numbers must not allocate once the tables and the string pool are warm.
// operator new is replaced in this test binary only.
#include <gtest/gtest.h>

#include <atomic>
#include <cstdlib>
#include <memory>
#include <new>
#include <string>
#include <vector>

#include "runtime/catalog/event_codes.h"
#include "runtime/state/state_tracker.h"
#include "tests/runtime/events/event_builder.h"

namespace {
std::atomic<uint64_t> g_allocations{0};
}  // namespace

#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wmismatched-new-delete"
void* operator new(size_t n) {
  g_allocations.fetch_add(1, std::memory_order_relaxed);
  if (void* p = std::malloc(n == 0 ? 1 : n)) return p;
  throw std::bad_alloc();
}
void operator delete(void* p) noexcept { std::free(p); }
void operator delete(void* p, size_t) noexcept { std::free(p); }
#pragma GCC diagnostic pop

namespace peregrine::runtime {
namespace {

using testing::EventBuilder;
using testing::OwnedEvent;

TEST(StateAllocTest, FdChurnDoesNotAllocateOnceWarm) {
  StateTracker st;
  auto t = std::make_unique<ThreadEntry>();
  t->tid = t->pid = t->vtid = t->vpid = 100;
  t->ptid = 1;
  t->comm = t->exe = "app";
  t->cwd = "/srv/application/working/directory/";
  t->RecomputeCmdline();
  st.threads().Insert(std::move(t));

  // One round: open two long relative paths, dup one, F_DUPFD the other, connect a socket,
  // then close everything.
  const uint8_t lo[4] = {127, 0, 0, 1};
  std::vector<std::unique_ptr<OwnedEvent>> round;
  uint64_t ts = 1'000'000'000;
  auto add = [&](const EventBuilder& b) { round.push_back(b.Build()); };
  add(EventBuilder(PG_EVT_SYSCALL_OPENAT_2_X, 100, ++ts)
          .I64(3)
          .I64(-100)
          .Str("../data/some/file/with/a/long/name.json")
          .U32(0x1001)
          .U32(0)
          .U32(1)
          .U64(2));
  add(EventBuilder(PG_EVT_SYSCALL_OPENAT_2_X, 100, ++ts)
          .I64(4)
          .I64(3)
          .Str("relative/to/the/first/directory.txt")
          .U32(1)
          .U32(0)
          .U32(1)
          .U64(3));
  add(EventBuilder(PG_EVT_SYSCALL_DUP2_X, 100, ++ts).I64(5).I64(3).I64(5));
  add(EventBuilder(PG_EVT_SYSCALL_FCNTL_X, 100, ++ts).I64(6).I64(4).U8(26).U64(6));
  add(EventBuilder(PG_EVT_SOCKET_SOCKET_X, 100, ++ts).I64(7).U32(2).U32(1).U32(0).U32(0));
  add(EventBuilder(PG_EVT_SOCKET_CONNECT_X, 100, ++ts)
          .I64(0)
          .Inet4Tuple(lo, 54700, lo, 18081)
          .I64(7)
          .Inet4Addr(lo, 18081));
  for (int fd = 3; fd <= 7; ++fd) {
    add(EventBuilder(PG_EVT_SYSCALL_CLOSE_X, 100, ++ts).I64(0).I64(fd));
  }

  auto run = [&] {
    for (const auto& e : round) st.Process(e->event);
  };
  run();  // warm-up: the fd table and the pool grow here
  run();
  const uint64_t before = g_allocations.load();
  for (int i = 0; i < 100; ++i) run();
  EXPECT_EQ(g_allocations.load() - before, 0u);
  // The state is still right (a last event applies the deferred close of fd 7).
  st.Process(EventBuilder(PG_EVT_SYSCALL_CLOSE_X, 100, ++ts).I64(0).I64(99).Build()->event);
  const ThreadEntry* th = st.threads().Find(100);
  ASSERT_NE(th, nullptr);
  EXPECT_TRUE(th->fds.empty());
}

}  // namespace
}  // namespace peregrine::runtime
