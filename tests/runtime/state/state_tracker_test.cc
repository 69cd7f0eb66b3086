#include "runtime/state/state_tracker.h"

#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include "runtime/catalog/event_codes.h"
#include "tests/runtime/events/event_builder.h"

namespace peregrine::runtime {
namespace {

using testing::EventBuilder;

constexpr uint64_t kSec = 1'000'000'000;

FdEntry FileFd(std::string name, uint32_t flags = 0) {
  FdEntry e;
  e.type = FdType::kFileV2;
  e.name = std::move(name);
  e.open_flags = flags;
  return e;
}

// A leader thread seeded directly into the table.
ThreadEntry* AddProcess(StateTracker& st, int64_t tid, int64_t ptid, std::string comm,
                        std::string cwd = "/root/") {
  auto t = std::make_unique<ThreadEntry>();
  t->tid = t->pid = tid;
  t->vtid = t->vpid = tid;
  t->ptid = ptid;
  t->comm = comm;
  t->exe = comm;
  t->exepath = "/usr/bin/" + comm;
  t->cwd = cwd;
  t->uid = 0;
  t->gid = 0;
  t->RecomputeCmdline();
  return st.threads().Insert(std::move(t));
}

EventBuilder Clone(int64_t tid, int64_t res, int64_t pid, int64_t ptid, uint32_t flags, uint64_t ts,
                   std::string comm = "bash") {
  EventBuilder b(PG_EVT_SYSCALL_CLONE_20_X, tid, ts);
  b.I64(res)
      .Str(comm)
      .List({"-c", "x"})
      .I64(tid)
      .I64(pid)
      .I64(ptid)
      .Empty()
      .I64(1024)
      .U64(0)
      .U64(0)
      .U32(0)
      .U32(0)
      .U32(0)
      .Str(comm)
      .List({"cpu=/", "memory=/agent"})
      .U32(flags)
      .U32(0)
      .U32(0)
      .I64(tid)
      .I64(pid)
      .U64(0);
  return b;
}

EventBuilder Execve(int64_t tid, int64_t res, std::string exe, std::vector<std::string> args,
                    std::string comm, std::string exepath, uint64_t ts, uint32_t flags = 0) {
  EventBuilder b(PG_EVT_SYSCALL_EXECVE_19_X, tid, ts);
  b.I64(res)
      .Str(exe)
      .List(args)
      .I64(tid)
      .I64(tid)
      .I64(1)
      .Empty()
      .U64(1024)
      .U64(0)
      .U64(0)
      .U32(0)
      .U32(0)
      .U32(0)
      .Str(comm)
      .List({"cpu=/"})
      .List({"HOME=/root", "PATH=/bin"})
      .U32(34816)
      .I64(tid)
      .U32(1000)
      .U32(flags)
      .U64(0)
      .U64(0x3f)
      .U64(0x1)
      .U64(42)
      .U64(1)
      .U64(2)
      .U32(0)
      .Str(exepath)
      .I64(tid)
      .U32(0)
      .Str(exepath);
  return b;
}

EventBuilder Openat(int64_t tid, int64_t fd, int64_t dirfd, std::string name, uint32_t flags,
                    uint64_t ts) {
  EventBuilder b(PG_EVT_SYSCALL_OPENAT_2_X, tid, ts);
  b.I64(fd).I64(dirfd).Str(name).U32(flags).U32(0).U32(65024).U64(1234);
  return b;
}

EventBuilder Close(int64_t tid, int64_t fd, uint64_t ts) {
  EventBuilder b(PG_EVT_SYSCALL_CLOSE_X, tid, ts);
  b.I64(0).I64(fd);
  return b;
}

TEST(StateTrackerTest, UnknownThreadBecomesPlaceholder) {
  StateTracker st;
  auto e = Close(77, 3, kSec).Build();
  StateView v = st.Process(e->event);
  ASSERT_NE(v.thread, nullptr);
  EXPECT_EQ(v.thread->tid, 77);
  EXPECT_TRUE(v.thread->IsPlaceholder());
  EXPECT_EQ(v.thread->comm, "<NA>");
  EXPECT_EQ(v.fd, nullptr);
  EXPECT_EQ(st.stats().placeholders_created, 1u);
}

TEST(StateTrackerTest, CloneParentCreatesChildWithInheritedFdsAndCwd) {
  StateTracker st;
  ThreadEntry* parent = AddProcess(st, 100, 1, "bash", "/tmp/ref/");
  parent->fds[3] = FileFd("/etc/hosts");
  auto e = Clone(100, 200, 100, 1, 0, kSec).Build();
  StateView v = st.Process(e->event);
  EXPECT_EQ(v.thread->tid, 100);
  const ThreadEntry* child = st.threads().Find(200);
  ASSERT_NE(child, nullptr);
  EXPECT_EQ(child->pid, 200);
  EXPECT_EQ(child->ptid, 100);
  EXPECT_EQ(child->cwd, "/tmp/ref/");
  EXPECT_EQ(child->exepath, "/usr/bin/bash");
  EXPECT_EQ(child->cmdline, "bash -c x");
  ASSERT_TRUE(child->fds.contains(3));
  EXPECT_EQ(child->fds.at(3).name, "/etc/hosts");
  EXPECT_EQ(st.threads().Parent(*child), parent);

  // The child's own event arrives later and keeps the entry.
  auto c = Clone(200, 0, 200, 100, 0, kSec + 1000).Build();
  StateView cv = st.Process(c->event);
  EXPECT_EQ(cv.thread, child);
}

TEST(StateTrackerTest, CloneChildFirstCreatesEntryAndParentEventSkips) {
  StateTracker st;
  AddProcess(st, 100, 1, "bash", "/srv/");
  auto c = Clone(300, 0, 300, 100, 0, kSec).Build();
  StateView cv = st.Process(c->event);
  ASSERT_NE(cv.thread, nullptr);
  EXPECT_EQ(cv.thread->tid, 300);
  EXPECT_EQ(cv.thread->cwd, "/srv/");
  EXPECT_NE(cv.thread->flags & kClCloneInverted, 0u);
  auto p = Clone(100, 300, 100, 1, 0, kSec + 10).Build();
  st.Process(p->event);
  EXPECT_EQ(st.threads().Find(300), cv.thread);
}

TEST(StateTrackerTest, CloneThreadSharesLeaderFdTable) {
  StateTracker st;
  ThreadEntry* leader = AddProcess(st, 100, 1, "java");
  leader->fds[5] = FileFd("/var/log/x");
  auto e = Clone(100, 101, 100, 1, kClCloneThread | kClCloneFiles, kSec).Build();
  st.Process(e->event);
  ThreadEntry* th = st.threads().Find(101);
  ASSERT_NE(th, nullptr);
  EXPECT_EQ(th->pid, 100);
  EXPECT_EQ(&st.threads().FdsOf(*th), &leader->fds);
  EXPECT_EQ(st.threads().MainThread(*th), leader);
}

TEST(StateTrackerTest, ExecveReplacesImageAndDropsCloexecFds) {
  StateTracker st;
  ThreadEntry* t = AddProcess(st, 100, 1, "bash");
  t->fds[3] = FileFd("/a", kPpmOCloexec);
  t->fds[4] = FileFd("/b");
  auto e = Execve(100, 0, "cat", {"/etc/shadow"}, "cat", "/usr/bin/cat", kSec, 1).Build();
  StateView v = st.Process(e->event);
  EXPECT_EQ(v.thread, t);
  EXPECT_EQ(t->comm, "cat");
  EXPECT_EQ(t->exe, "cat");
  EXPECT_EQ(t->exepath, "/usr/bin/cat");
  EXPECT_EQ(t->cmdline, "cat /etc/shadow");
  EXPECT_TRUE(t->exe_writable);
  EXPECT_EQ(t->loginuid, 1000u);
  EXPECT_EQ(t->tty, 34816u);
  EXPECT_EQ(t->cap_effective, 1u);
  EXPECT_EQ(t->cwd, "/root/");
  EXPECT_FALSE(t->fds.contains(3));
  EXPECT_TRUE(t->fds.contains(4));
}

TEST(StateTrackerTest, FailedExecveChangesNothing) {
  StateTracker st;
  ThreadEntry* t = AddProcess(st, 100, 1, "bash");
  auto e = Execve(100, -2, "nope", {}, "bash", "/usr/bin/bash", kSec).Build();
  st.Process(e->event);
  EXPECT_EQ(t->comm, "bash");
  EXPECT_EQ(t->exe, "bash");
}

TEST(StateTrackerTest, OpenatResolvesAgainstCwdAndDirfd) {
  StateTracker st;
  AddProcess(st, 100, 1, "cat", "/tmp/ref/srv/a/");
  auto e1 = Openat(100, 3, -100, "../b/./f.txt", 1, kSec).Build();
  StateView v1 = st.Process(e1->event);
  ASSERT_NE(v1.fd, nullptr);
  EXPECT_EQ(v1.fd->name, "/tmp/ref/srv/b/f.txt");
  EXPECT_EQ(v1.fd->nameraw, "../b/./f.txt");
  EXPECT_EQ(v1.fd->type, FdType::kFileV2);
  EXPECT_EQ(v1.fd_num, 3);

  auto e2 = Openat(100, 4, -100, "/usr/lib", 0x1401, kSec + 1).Build();
  StateView v2 = st.Process(e2->event);
  ASSERT_NE(v2.fd, nullptr);
  EXPECT_EQ(v2.fd->type, FdType::kDirectory);

  auto e3 = Openat(100, 5, 4, "x/y", 1, kSec + 2).Build();
  StateView v3 = st.Process(e3->event);
  ASSERT_NE(v3.fd, nullptr);
  EXPECT_EQ(v3.fd->name, "/usr/lib/x/y");

  auto e4 = Openat(100, 6, 99, "z", 1, kSec + 3).Build();
  StateView v4 = st.Process(e4->event);
  ASSERT_NE(v4.fd, nullptr);
  EXPECT_EQ(v4.fd->name, "<UNKNOWN>z");

  auto e5 = Openat(100, -2, -100, "missing", 1, kSec + 4).Build();
  StateView v5 = st.Process(e5->event);
  EXPECT_EQ(v5.fd, nullptr);
  EXPECT_EQ(v5.fd_num, -1);
}

TEST(StateTrackerTest, CloseRemovesFdOnlyAfterTheEvent) {
  StateTracker st;
  ThreadEntry* t = AddProcess(st, 100, 1, "cat");
  t->fds[3] = FileFd("/etc/passwd");
  auto c = Close(100, 3, kSec).Build();
  StateView v = st.Process(c->event);
  ASSERT_NE(v.fd, nullptr);
  EXPECT_EQ(v.fd->name, "/etc/passwd");
  auto next = Close(100, 9, kSec + 1).Build();
  st.Process(next->event);
  EXPECT_FALSE(t->fds.contains(3));
}

TEST(StateTrackerTest, ProcexitRemovesThreadBeforeNextEventAndReparents) {
  StateTracker st;
  AddProcess(st, 1, 0, "systemd");
  AddProcess(st, 100, 1, "bash");
  ThreadEntry* child = AddProcess(st, 200, 100, "sleep");
  auto e = EventBuilder(PG_EVT_PROCEXIT_1_E, 100, kSec).I64(0).I64(0).U8(0).U8(0).I64(0).Build();
  StateView v = st.Process(e->event);
  ASSERT_NE(v.thread, nullptr);
  EXPECT_TRUE(v.thread->dead);
  EXPECT_NE(st.threads().Find(100), nullptr);
  auto next = Close(200, 9, kSec + 1).Build();
  st.Process(next->event);
  EXPECT_EQ(st.threads().Find(100), nullptr);
  EXPECT_EQ(child->ptid, 1);
}

TEST(StateTrackerTest, DupPipeFcntl) {
  StateTracker st;
  ThreadEntry* t = AddProcess(st, 100, 1, "sh");
  auto p = EventBuilder(PG_EVT_SYSCALL_PIPE2_X, 100, kSec)
               .I64(0)
               .I64(3)
               .I64(4)
               .U64(99)
               .U32(0x1000)
               .Build();
  st.Process(p->event);
  ASSERT_TRUE(t->fds.contains(3));
  EXPECT_EQ(t->fds.at(3).type, FdType::kFifo);
  auto d = EventBuilder(PG_EVT_SYSCALL_DUP2_X, 100, kSec + 1).I64(1).I64(4).I64(1).Build();
  StateView v = st.Process(d->event);
  ASSERT_NE(v.fd, nullptr);
  EXPECT_EQ(v.fd_num, 1);
  EXPECT_EQ(v.fd->type, FdType::kFifo);
  EXPECT_EQ(v.fd->open_flags & kPpmOCloexec, 0u);
  EXPECT_NE(t->flags & kClPipeSrc, 0u);
  auto f =
      EventBuilder(PG_EVT_SYSCALL_FCNTL_X, 100, kSec + 2).I64(10).I64(3).U8(26).U64(10).Build();
  st.Process(f->event);
  ASSERT_TRUE(t->fds.contains(10));
  EXPECT_NE(t->fds.at(10).open_flags & kPpmOCloexec, 0u);
}

TEST(StateTrackerTest, SocketConnectNamesTheFd) {
  StateTracker st;
  ThreadEntry* t = AddProcess(st, 100, 1, "curl");
  auto s =
      EventBuilder(PG_EVT_SOCKET_SOCKET_X, 100, kSec).I64(3).U32(2).U32(1).U32(0).U32(0).Build();
  st.Process(s->event);
  ASSERT_TRUE(t->fds.contains(3));
  EXPECT_EQ(t->fds.at(3).l4proto, L4Proto::kTcp);
  const uint8_t lo[4] = {127, 0, 0, 1};
  auto c = EventBuilder(PG_EVT_SOCKET_CONNECT_X, 100, kSec + 1)
               .I64(0)
               .Inet4Tuple(lo, 54700, lo, 18081)
               .I64(3)
               .Inet4Addr(lo, 18081)
               .Build();
  StateView v = st.Process(c->event);
  ASSERT_NE(v.fd, nullptr);
  EXPECT_EQ(v.fd->name, "127.0.0.1:54700->127.0.0.1:18081");
  EXPECT_TRUE(v.fd->connected);
  EXPECT_EQ(v.fd->role, SocketRole::kClient);
  EXPECT_TRUE(v.fd_name_changed);
}

TEST(StateTrackerTest, ChdirUpdatesLeaderCwd) {
  StateTracker st;
  ThreadEntry* t = AddProcess(st, 100, 1, "sh", "/tmp/");
  auto e = EventBuilder(PG_EVT_SYSCALL_CHDIR_X, 100, kSec).I64(0).Str("ref/../srv").Build();
  st.Process(e->event);
  EXPECT_EQ(t->cwd, "/tmp/srv/");
  auto up = EventBuilder(PG_EVT_SYSCALL_CHDIR_X, 100, kSec).I64(0).Str("/").Build();
  st.Process(up->event);
  EXPECT_EQ(t->cwd, "/");
}

TEST(StateTrackerTest, OnlyASuccessfulFchdirMovesTheCwd) {
  StateTracker st;
  ThreadEntry* t = AddProcess(st, 100, 1, "sh", "/tmp/");
  auto file = Openat(100, 5, -100, "/etc/hostname", 0, kSec).Build();
  st.Process(file->event);
  auto dir = Openat(100, 6, -100, "/srv", 0, kSec).Build();
  st.Process(dir->event);
  // fchdir on a regular file's fd fails with ENOTDIR: the cwd stays.
  auto failed = EventBuilder(PG_EVT_SYSCALL_FCHDIR_X, 100, kSec).I64(-20).I64(5).Build();
  st.Process(failed->event);
  EXPECT_EQ(t->cwd, "/tmp/");
  auto ok = EventBuilder(PG_EVT_SYSCALL_FCHDIR_X, 100, kSec).I64(0).I64(6).Build();
  st.Process(ok->event);
  EXPECT_EQ(t->cwd, "/srv/");
}

TEST(StateTrackerTest, SetuidAndUserEvents) {
  StateTracker st;
  ThreadEntry* t = AddProcess(st, 100, 1, "su");
  auto u = EventBuilder(PG_EVT_USER_ADDED_E, -1, kSec)
               .U32(65534)
               .U32(65534)
               .Str("nobody")
               .Str("/nonexistent")
               .Str("/usr/sbin/nologin")
               .Str("")
               .Build();
  st.Process(u->event);
  auto e = EventBuilder(PG_EVT_SYSCALL_SETUID_X, 100, kSec).I64(0).U32(65534).Build();
  st.Process(e->event);
  EXPECT_EQ(t->uid, 65534u);
  const UserEntry* user = st.users().FindUser("", 65534);
  ASSERT_NE(user, nullptr);
  EXPECT_EQ(user->name, "nobody");
}

TEST(StateTrackerTest, EvictsWhenFull) {
  StateOptions opts;
  opts.max_threads = 32;
  StateTracker st(opts);
  for (int i = 0; i < 100; ++i) {
    auto e = Close(1000 + i, 3, kSec + i).Build();
    st.Process(e->event);
  }
  EXPECT_LE(st.threads().size(), 32u);
  EXPECT_GT(st.stats().threads_evicted, 0u);
  EXPECT_NE(st.threads().Find(1099), nullptr);
}

}  // namespace
}  // namespace peregrine::runtime

namespace peregrine::runtime {
namespace {

// The tracker remembers the last thread it looked up: entries replaced or erased through the
// table between events must still be seen.
TEST(StateTrackerTest, ThreadReplacedOrErasedBetweenEventsIsSeen) {
  StateTracker st;
  AddProcess(st, 100, 1, "first");
  auto c1 = Close(100, 9, kSec).Build();
  StateView v1 = st.Process(c1->event);
  ASSERT_NE(v1.thread, nullptr);
  EXPECT_EQ(v1.thread->comm, "first");
  AddProcess(st, 100, 1, "second");  // replaces the entry for tid 100
  auto c2 = Close(100, 9, kSec + 1).Build();
  StateView v2 = st.Process(c2->event);
  ASSERT_NE(v2.thread, nullptr);
  EXPECT_EQ(v2.thread->comm, "second");
  st.threads().Erase(100);
  auto c3 = Close(100, 9, kSec + 2).Build();
  StateView v3 = st.Process(c3->event);
  ASSERT_NE(v3.thread, nullptr);
  EXPECT_TRUE(v3.thread->IsPlaceholder());  // a new placeholder, not the erased entry
  EXPECT_EQ(v3.thread->comm, "<NA>");
}

}  // namespace
}  // namespace peregrine::runtime
