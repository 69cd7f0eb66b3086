// Fd entries built in scratch storage and copied into recycled slots (StateTracker::AddFd,
// StringPool): a reused slot or buffer never shows what it held before.
#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "runtime/catalog/event_codes.h"
#include "runtime/state/state_tracker.h"
#include "runtime/state/string_pool.h"
#include "tests/runtime/events/event_builder.h"

namespace peregrine::runtime {
namespace {

using testing::EventBuilder;
using testing::OwnedEvent;

constexpr uint64_t kSec = 1'000'000'000;

ThreadEntry* AddProcess(StateTracker& st, int64_t tid, std::string cwd) {
  auto t = std::make_unique<ThreadEntry>();
  t->tid = t->pid = t->vtid = t->vpid = tid;
  t->ptid = 1;
  t->comm = t->exe = "app";
  t->cwd = std::move(cwd);
  t->RecomputeCmdline();
  return st.threads().Insert(std::move(t));
}

std::unique_ptr<OwnedEvent> Openat(int64_t fd, std::string name, uint32_t flags, uint64_t ino,
                                   uint64_t ts) {
  return EventBuilder(PG_EVT_SYSCALL_OPENAT_2_X, 100, ts)
      .I64(fd)
      .I64(-100)
      .Str(name)
      .U32(flags)
      .U32(0)
      .U32(65024)
      .U64(ino)
      .Build();
}

std::unique_ptr<OwnedEvent> Close(int64_t fd, uint64_t ts) {
  return EventBuilder(PG_EVT_SYSCALL_CLOSE_X, 100, ts).I64(0).I64(fd).Build();
}

std::unique_ptr<OwnedEvent> Socket(int64_t fd, uint64_t ts) {
  return EventBuilder(PG_EVT_SOCKET_SOCKET_X, 100, ts).I64(fd).U32(2).U32(1).U32(0).U32(0).Build();
}

std::unique_ptr<OwnedEvent> Dup2(int64_t oldfd, int64_t newfd, uint64_t ts) {
  return EventBuilder(PG_EVT_SYSCALL_DUP2_X, 100, ts).I64(newfd).I64(oldfd).I64(newfd).Build();
}

const std::string kLong = "/var/lib/some/rather/long/directory/name/file-number-one.txt";
const std::string kLonger =
    "/usr/share/another/directory/that/is/longer/than/the/first/one/by/far/file-two.txt";

TEST(FdReuseTest, ReopenedSlotShowsOnlyTheNewFile) {
  StateTracker st;
  ThreadEntry* t = AddProcess(st, 100, "/srv/");
  st.Process(Openat(3, kLonger, 0x1001, 77, kSec)->event);
  st.Process(Close(3, kSec + 1)->event);
  StateView v = st.Process(Openat(3, "rel.txt", 1, 0, kSec + 2)->event);
  ASSERT_NE(v.fd, nullptr);
  EXPECT_EQ(v.fd->name, "/srv/rel.txt");
  EXPECT_EQ(v.fd->nameraw, "rel.txt");
  EXPECT_EQ(v.fd->open_flags, 1u);
  EXPECT_EQ(v.fd->ino, 0u);
  EXPECT_EQ(t->fds.size(), 1u);
}

TEST(FdReuseTest, ReplacingAnOpenFdResetsEveryField) {
  StateTracker st;
  ThreadEntry* t = AddProcess(st, 100, "/srv/");
  st.Process(Socket(3, kSec)->event);
  ASSERT_EQ(t->fds.at(3).l4proto, L4Proto::kTcp);
  // fd 3 is reused without a close event (the close was lost).
  StateView v = st.Process(Openat(3, kLong, 1, 5, kSec + 1)->event);
  ASSERT_NE(v.fd, nullptr);
  EXPECT_EQ(v.fd->type, FdType::kFileV2);
  EXPECT_EQ(v.fd->l4proto, L4Proto::kUnknown);
  EXPECT_EQ(v.fd->name, kLong);
  EXPECT_EQ(v.fd->ino, 5u);
  // And back: a socket replacing a file has no name left over.
  v = st.Process(Socket(3, kSec + 2)->event);
  ASSERT_NE(v.fd, nullptr);
  EXPECT_EQ(v.fd->name, "");
  EXPECT_EQ(v.fd->nameraw, "");
  EXPECT_EQ(v.fd->ino, 0u);
}

TEST(FdReuseTest, DuplicatedFdsOwnTheirNames) {
  StateTracker st;
  ThreadEntry* t = AddProcess(st, 100, "/srv/");
  st.Process(Openat(3, kLong, 0x1001, 9, kSec)->event);
  StateView v = st.Process(Dup2(3, 7, kSec + 1)->event);
  ASSERT_NE(v.fd, nullptr);
  EXPECT_EQ(v.fd_num, 7);
  EXPECT_EQ(v.fd->name, kLong);
  EXPECT_EQ(v.fd->ino, 9u);
  EXPECT_EQ(v.fd->open_flags & kPpmOCloexec, 0u);
  EXPECT_NE(t->fds.at(3).open_flags & kPpmOCloexec, 0u);
  // Closing and reopening the original leaves the copy as it was.
  st.Process(Close(3, kSec + 2)->event);
  st.Process(Openat(3, kLonger, 1, 10, kSec + 3)->event);
  EXPECT_EQ(t->fds.at(3).name, kLonger);
  EXPECT_EQ(t->fds.at(7).name, kLong);
  EXPECT_EQ(t->fds.at(7).nameraw, kLong);
  // F_DUPFD_CLOEXEC of the reopened fd.
  st.Process(EventBuilder(PG_EVT_SYSCALL_FCNTL_X, 100, kSec + 4)
                 .I64(12)
                 .I64(3)
                 .U8(26)
                 .U64(10)
                 .Build()
                 ->event);
  ASSERT_TRUE(t->fds.contains(12));
  EXPECT_EQ(t->fds.at(12).name, kLonger);
  EXPECT_NE(t->fds.at(12).open_flags & kPpmOCloexec, 0u);
}

TEST(FdReuseTest, ConnectTwiceToTheSameTupleIsNotARename) {
  StateTracker st;
  AddProcess(st, 100, "/srv/");
  st.Process(Socket(3, kSec)->event);
  const uint8_t lo[4] = {127, 0, 0, 1};
  auto connect = [&](uint64_t ts) {
    return EventBuilder(PG_EVT_SOCKET_CONNECT_X, 100, ts)
        .I64(0)
        .Inet4Tuple(lo, 54700, lo, 18081)
        .I64(3)
        .Inet4Addr(lo, 18081)
        .Build();
  };
  auto c1 = connect(kSec + 1);
  StateView v = st.Process(c1->event);
  EXPECT_TRUE(v.fd_name_changed);
  auto c2 = connect(kSec + 2);
  v = st.Process(c2->event);
  ASSERT_NE(v.fd, nullptr);
  EXPECT_FALSE(v.fd_name_changed);
  EXPECT_EQ(v.fd->name, "127.0.0.1:54700->127.0.0.1:18081");
  EXPECT_EQ(v.fd->nameraw, v.fd->name);
}

TEST(FdReuseTest, ExitedProcessFdNamesAreRecycledIntact) {
  StateTracker st;
  AddProcess(st, 1, "/");
  AddProcess(st, 100, "/srv/");
  st.Process(Openat(3, kLong, 1, 1, kSec)->event);
  st.Process(Openat(4, kLonger, 1, 2, kSec + 1)->event);
  st.Process(EventBuilder(PG_EVT_PROCEXIT_1_E, 100, kSec + 2)
                 .I64(0)
                 .I64(0)
                 .U8(0)
                 .U8(0)
                 .I64(0)
                 .Build()
                 ->event);
  // The next event removes 100; a new process with the same fd numbers gets fresh entries.
  AddProcess(st, 200, "/home/");
  auto o = EventBuilder(PG_EVT_SYSCALL_OPENAT_2_X, 200, kSec + 3)
               .I64(3)
               .I64(-100)
               .Str("a")
               .U32(1)
               .U32(0)
               .U32(0)
               .U64(0)
               .Build();
  StateView v = st.Process(o->event);
  EXPECT_EQ(st.threads().Find(100), nullptr);
  ASSERT_NE(v.fd, nullptr);
  EXPECT_EQ(v.fd->name, "/home/a");
  EXPECT_EQ(v.fd->nameraw, "a");
}

TEST(StringPoolTest, TakeReusesAGivenBuffer) {
  StringPool pool;
  std::string s(100, 'x');
  const char* buffer = s.data();
  pool.Give(&s);
  EXPECT_EQ(pool.size(), 1u);
  std::string t;
  pool.Take(&t);
  EXPECT_EQ(t, "");
  EXPECT_EQ(t.data(), buffer);
  EXPECT_GE(t.capacity(), 100u);
  EXPECT_EQ(pool.size(), 0u);
}

TEST(StringPoolTest, KeepsNeitherSmallNorLargeBuffers) {
  StringPool pool;
  std::string small = "abc";
  pool.Give(&small);
  std::string large(StringPool::kMaxCapacity + 1, 'y');
  pool.Give(&large);
  EXPECT_EQ(pool.size(), 0u);
  std::string t;
  pool.Take(&t);  // empty pool: nothing to take
  EXPECT_EQ(t, "");
}

TEST(StringPoolTest, IsBounded) {
  StringPool pool;
  for (size_t i = 0; i < StringPool::kMaxBuffers + 10; ++i) {
    std::string s(64, 'z');
    pool.Give(&s);
  }
  EXPECT_EQ(pool.size(), StringPool::kMaxBuffers);
}

TEST(StringPoolTest, TakeKeepsAnOwnBuffer) {
  StringPool pool;
  std::string given(64, 'a');
  pool.Give(&given);
  std::string own(80, 'b');
  const char* buffer = own.data();
  pool.Take(&own);
  EXPECT_EQ(own, "");
  EXPECT_EQ(own.data(), buffer);
  EXPECT_EQ(pool.size(), 1u);
}

}  // namespace
}  // namespace peregrine::runtime
