// Replays the reference capture through the state tracker and checks facts verified by hand
// against Falco's alerts (shared/corpus/captures/README.md).
#include <gtest/gtest.h>

#include <string>

#include "probe/capture/scap/scap_reader.h"
#include "runtime/catalog/event_codes.h"
#include "runtime/state/state_tracker.h"

namespace peregrine::runtime {
namespace {

const char kCapture[] = PEREGRINE_SHARED_DIR "/corpus/captures/dev-mixed.scap";

constexpr uint64_t kShadowOpenTs = 1795771167554634511ull;
constexpr uint64_t kSymlinkTs = 1795771171430486555ull;
constexpr uint64_t kShmExecTs = 1795771173413094638ull;

struct Snapshot {
  bool seen = false;
  std::string comm, exepath, cmdline, pname, pcmdline, cwd, fd_name, user;
  std::string anc2, anc3, anc4;
  uint32_t uid = 0, loginuid = 0, tty = 0;
  bool exe_writable = false;
};

Snapshot Take(const StateTracker& st, const StateView& v) {
  Snapshot s;
  s.seen = true;
  const ThreadEntry& t = *v.thread;
  s.comm = t.comm;
  s.exepath = t.exepath;
  s.cmdline = t.cmdline;
  s.uid = t.uid;
  s.loginuid = t.loginuid;
  s.tty = t.tty;
  s.exe_writable = t.exe_writable;
  s.cwd = std::string(CwdOf(st.threads(), t));
  if (const ThreadEntry* p = st.threads().Parent(t)) {
    s.pname = p->comm;
    s.pcmdline = p->cmdline;
  }
  if (const ThreadEntry* a = NthAncestor(st.threads(), t, 2)) s.anc2 = a->comm;
  if (const ThreadEntry* a = NthAncestor(st.threads(), t, 3)) s.anc3 = a->comm;
  if (const ThreadEntry* a = NthAncestor(st.threads(), t, 4)) s.anc4 = a->comm;
  if (v.fd != nullptr) s.fd_name = v.fd->name;
  if (const UserEntry* u = st.users().FindUser("", t.uid)) s.user = u->name;
  return s;
}

TEST(CaptureReplayTest, ReproducesFalcoStateAtTheThreeDetections) {
  auto reader_or = probe::scap::ScapReader::Open(kCapture);
  ASSERT_TRUE(reader_or.ok()) << reader_or.status();
  auto& reader = *reader_or;
  StateTracker st;
  st.Seed(reader->tables());
  EXPECT_EQ(st.host().hostname, "vm");
  EXPECT_GT(st.threads().size(), 10u);

  Snapshot shadow, symlink, shm;
  probe::scap::ScapEvent se;
  uint64_t n = 0;
  while (true) {
    auto more = reader->Next(&se);
    ASSERT_TRUE(more.ok()) << more.status();
    if (!*more) break;
    Event ev(&se.record, se.cpu, se.dump_flags, ++n);
    StateView v = st.Process(ev);
    if (ev.ts() == kShadowOpenTs && ev.type() == PG_EVT_SYSCALL_OPENAT_2_X) {
      shadow = Take(st, v);
    } else if (ev.ts() == kSymlinkTs && ev.type() == PG_EVT_SYSCALL_SYMLINKAT_X) {
      symlink = Take(st, v);
    } else if (ev.ts() == kShmExecTs && ev.type() == PG_EVT_SYSCALL_EXECVE_19_X) {
      shm = Take(st, v);
    }
  }
  EXPECT_EQ(n, 426824u);

  ASSERT_TRUE(shadow.seen);
  EXPECT_EQ(shadow.comm, "cat");
  EXPECT_EQ(shadow.pname, "bash");
  EXPECT_EQ(shadow.anc2, "capture.sh");
  EXPECT_EQ(shadow.anc3, "bash");
  EXPECT_EQ(shadow.anc4, "bash");
  EXPECT_EQ(shadow.fd_name, "/etc/shadow");
  EXPECT_EQ(shadow.user, "root");
  EXPECT_EQ(shadow.uid, 0u);
  EXPECT_EQ(shadow.loginuid, 0xFFFFFFFFu);
  EXPECT_EQ(shadow.exepath, "/usr/bin/cat");
  EXPECT_EQ(shadow.cmdline, "cat /etc/shadow");
  EXPECT_EQ(shadow.tty, 0u);

  ASSERT_TRUE(symlink.seen);
  EXPECT_EQ(symlink.comm, "ln");
  EXPECT_EQ(symlink.pname, "bash");
  EXPECT_EQ(symlink.cmdline, "ln -s /etc/shadow /tmp/x");
  EXPECT_EQ(symlink.exepath, "/usr/bin/ln");

  ASSERT_TRUE(shm.seen);
  EXPECT_EQ(shm.comm, "true");
  EXPECT_EQ(shm.exepath, "/dev/shm/true");
  EXPECT_EQ(shm.cmdline, "true");
  EXPECT_EQ(shm.cwd, "/tmp/ref/srv/a/");
  EXPECT_EQ(shm.pname, "bash");
  EXPECT_EQ(shm.pcmdline, "bash /tmp/ref/workload_a.sh");
  EXPECT_TRUE(shm.exe_writable);
  EXPECT_EQ(shm.user, "root");
  EXPECT_LT(st.stats().placeholders_created, 50u);
}

}  // namespace
}  // namespace peregrine::runtime
