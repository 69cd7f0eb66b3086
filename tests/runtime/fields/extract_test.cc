#include "runtime/fields/extract.h"

#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "runtime/catalog/event_codes.h"
#include "runtime/state/state_tracker.h"
#include "tests/runtime/events/event_builder.h"

namespace peregrine::runtime {
namespace {

using testing::EventBuilder;

class ExtractTest : public ::testing::Test {
 protected:
  void SetUp() override {
    Add(1, 0, "systemd", {});
    Add(50, 1, "sshd", {"-D"});
    Add(90, 50, "bash", {});
    ThreadEntry* t = Add(100, 90, "cat", {"/etc/shadow"});
    t->env = {"HOME=/root", "PATH=/bin"};
    t->loginuid = 1000;
    t->cap_effective = 0x3;
    t->exe_writable = true;
    t->clone_ts = 1'000;
    t->SetCgroups({"cpu=/docker/" + std::string(64, 'a')});
    st_.users().AddUser("", UserEntry{0, 0, "root", "/root", "/bin/bash"});
    st_.users().AddUser("", UserEntry{1000, 1000, "alice", "/home/alice", "/bin/sh"});
    st_.users().AddGroup("", GroupEntry{0, "root"});
  }
  ThreadEntry* Add(int64_t tid, int64_t ptid, std::string comm, std::vector<std::string> args) {
    auto t = std::make_unique<ThreadEntry>();
    t->tid = t->pid = t->vtid = t->vpid = tid;
    t->ptid = ptid;
    t->comm = t->exe = comm;
    t->exepath = "/usr/bin/" + comm;
    t->cwd = "/tmp/";
    t->uid = t->gid = 0;
    t->SetArgs(std::move(args));
    return st_.threads().Insert(std::move(t));
  }
  std::string Text(const char* field, const Event& e, const StateView& v,
                   std::optional<std::string> arg = std::nullopt) {
    auto f = catalog::ResolveField(field, arg);
    EXPECT_TRUE(f.ok()) << field;
    FieldValue out;
    if (!Extract(*f, e, v, &out)) return "<unavailable>";
    switch (out.kind) {
      case ValueKind::kString:
        return std::string(out.str);
      case ValueKind::kInt:
        return std::to_string(out.i);
      case ValueKind::kUint:
        return std::to_string(out.u);
      case ValueKind::kBool:
        return out.b ? "true" : "false";
      default:
        return "<kind>";
    }
  }
  StateTracker st_;
};

TEST_F(ExtractTest, ProcessFieldsOnAnOpen) {
  auto e = EventBuilder(PG_EVT_SYSCALL_OPENAT_2_X, 100, 5'000)
               .I64(3)
               .I64(-100)
               .Str("../etc/./shadow")
               .U32(0x1001)
               .U32(0)
               .U32(0)
               .U64(0)
               .Build(7);
  StateView v = st_.Process(e->event);
  EXPECT_EQ(Text("proc.name", e->event, v), "cat");
  EXPECT_EQ(Text("proc.pname", e->event, v), "bash");
  EXPECT_EQ(Text("proc.aname", e->event, v, "2"), "sshd");
  EXPECT_EQ(Text("proc.aname", e->event, v, "0"), "cat");
  EXPECT_EQ(Text("proc.aname", e->event, v, "5"), "<unavailable>");
  EXPECT_EQ(Text("proc.aname", e->event, v), "bash sshd systemd");
  EXPECT_EQ(Text("proc.cmdline", e->event, v), "cat /etc/shadow");
  EXPECT_EQ(Text("proc.pcmdline", e->event, v), "bash");
  EXPECT_EQ(Text("proc.args", e->event, v), "/etc/shadow");
  EXPECT_EQ(Text("proc.exepath", e->event, v), "/usr/bin/cat");
  EXPECT_EQ(Text("proc.cwd", e->event, v), "/tmp/");
  EXPECT_EQ(Text("proc.env", e->event, v, "HOME"), "/root");
  EXPECT_EQ(Text("proc.env", e->event, v, "NOPE"), "");
  EXPECT_EQ(Text("proc.ppid", e->event, v), "90");
  EXPECT_EQ(Text("proc.duration", e->event, v), "4000");
  EXPECT_EQ(Text("proc.is_exe_writable", e->event, v), "true");
  EXPECT_EQ(Text("thread.cap_effective", e->event, v), "CAP_CHOWN CAP_DAC_OVERRIDE");
  EXPECT_EQ(Text("user.name", e->event, v), "root");
  EXPECT_EQ(Text("user.loginuid", e->event, v), "1000");
  EXPECT_EQ(Text("user.loginname", e->event, v), "alice");
  EXPECT_EQ(Text("group.name", e->event, v), "root");
  EXPECT_EQ(Text("container.id", e->event, v), "aaaaaaaaaaaa");
  EXPECT_EQ(Text("container.name", e->event, v), "<unavailable>");
  EXPECT_EQ(Text("evt.type", e->event, v), "openat");
  EXPECT_EQ(Text("evt.num", e->event, v), "7");
  EXPECT_EQ(Text("evt.res", e->event, v), "SUCCESS");
  EXPECT_EQ(Text("evt.rawres", e->event, v), "3");
  EXPECT_EQ(Text("evt.is_open_read", e->event, v), "true");
  EXPECT_EQ(Text("evt.is_open_write", e->event, v), "false");
  EXPECT_EQ(Text("evt.arg.flags", e->event, v), "O_RDONLY|O_CLOEXEC");
  EXPECT_EQ(Text("evt.arg.name", e->event, v), "/etc/shadow");
  EXPECT_EQ(Text("evt.rawarg.name", e->event, v), "../etc/./shadow");
  EXPECT_EQ(Text("evt.arg.fd", e->event, v), "<f>/etc/shadow");
  EXPECT_EQ(Text("evt.arg.dirfd", e->event, v), "AT_FDCWD");
  EXPECT_EQ(Text("evt.arg", e->event, v, "0"), "<f>/etc/shadow");
  EXPECT_EQ(Text("fd.name", e->event, v), "/etc/shadow");
  EXPECT_EQ(Text("fd.nameraw", e->event, v), "../etc/./shadow");
  EXPECT_EQ(Text("fd.directory", e->event, v), "/etc");
  EXPECT_EQ(Text("fd.filename", e->event, v), "shadow");
  EXPECT_EQ(Text("fd.typechar", e->event, v), "f");
  EXPECT_EQ(Text("fd.type", e->event, v), "file");
  EXPECT_EQ(Text("fd.num", e->event, v), "3");
}

TEST_F(ExtractTest, FailedOpenAnswersFdNameFromTheEvent) {
  auto e = EventBuilder(PG_EVT_SYSCALL_OPENAT_2_X, 100, 5'000)
               .I64(-2)
               .I64(-100)
               .Str("missing")
               .U32(1)
               .U32(0)
               .Empty()
               .Empty()
               .Build();
  StateView v = st_.Process(e->event);
  EXPECT_EQ(Text("fd.name", e->event, v), "/tmp/missing");
  EXPECT_EQ(Text("fd.directory", e->event, v), "/tmp");
  EXPECT_EQ(Text("fd.filename", e->event, v), "<unavailable>");
  EXPECT_EQ(Text("fd.typechar", e->event, v), "f");
  EXPECT_EQ(Text("evt.res", e->event, v), "ENOENT");
  EXPECT_EQ(Text("evt.failed", e->event, v), "true");
  EXPECT_EQ(Text("evt.arg.fd", e->event, v), "ENOENT");
}

TEST_F(ExtractTest, OneValueReusedAcrossFailedOpensAndPathArgs) {
  // The same FieldValue (as the matcher keeps one per slot) for several extractions whose
  // computed text is built in its scratch space: nothing of an earlier value leaks.
  auto open_at = [&](int64_t dirfd, const char* name, uint64_t ts) {
    return EventBuilder(PG_EVT_SYSCALL_OPENAT_2_X, 100, ts)
        .I64(-2)
        .I64(dirfd)
        .Str(name)
        .U32(1)
        .U32(0)
        .Empty()
        .Empty()
        .Build();
  };
  auto name = catalog::ResolveField("fd.name", std::nullopt);
  auto dir = catalog::ResolveField("fd.directory", std::nullopt);
  auto arg = catalog::ResolveField("evt.arg.name", std::nullopt);
  ASSERT_TRUE(name.ok() && dir.ok() && arg.ok());
  FieldValue out;
  auto e1 = open_at(-100, "a/very/long/relative/path/to/some/file.txt", 5'000);
  StateView v1 = st_.Process(e1->event);
  ASSERT_TRUE(Extract(*name, e1->event, v1, &out));
  EXPECT_EQ(out.str, "/tmp/a/very/long/relative/path/to/some/file.txt");
  ASSERT_TRUE(Extract(*dir, e1->event, v1, &out));
  EXPECT_EQ(out.str, "/tmp/a/very/long/relative/path/to/some");
  ASSERT_TRUE(Extract(*arg, e1->event, v1, &out));  // resolved against the cwd
  EXPECT_EQ(out.str, "/tmp/a/very/long/relative/path/to/some/file.txt");

  auto e2 = open_at(-100, "/x", 5'001);
  StateView v2 = st_.Process(e2->event);
  ASSERT_TRUE(Extract(*dir, e2->event, v2, &out));
  EXPECT_EQ(out.str, "/");
  ASSERT_TRUE(Extract(*name, e2->event, v2, &out));
  EXPECT_EQ(out.str, "/x");
  ASSERT_TRUE(Extract(*arg, e2->event, v2, &out));
  EXPECT_EQ(out.str, "/x");

  auto e3 = open_at(-100, "f", 5'002);
  StateView v3 = st_.Process(e3->event);
  ASSERT_TRUE(Extract(*dir, e3->event, v3, &out));
  EXPECT_EQ(out.str, "/tmp");
  // An unknown dirfd: the base is the marker.
  auto e4 = open_at(42, "g", 5'003);
  StateView v4 = st_.Process(e4->event);
  ASSERT_TRUE(Extract(*name, e4->event, v4, &out));
  EXPECT_EQ(out.str, "<UNKNOWN>g");
}

TEST_F(ExtractTest, NonFdEventsHaveNoFdFields) {
  auto e = EventBuilder(PG_EVT_SYSCALL_SETUID_X, 100, 5'000).I64(0).U32(1000).Build();
  StateView v = st_.Process(e->event);
  EXPECT_EQ(Text("fd.name", e->event, v), "<unavailable>");
  EXPECT_EQ(Text("fd.num", e->event, v), "<unavailable>");
  EXPECT_EQ(Text("evt.arg.uid", e->event, v), "alice");
  EXPECT_EQ(Text("user.uid", e->event, v), "1000");
}

TEST_F(ExtractTest, SocketFields) {
  auto s =
      EventBuilder(PG_EVT_SOCKET_SOCKET_X, 100, 5'000).I64(4).U32(2).U32(1).U32(6).U32(0).Build();
  st_.Process(s->event);
  st_.host().addresses.push_back(IpAddr{false, {127, 0, 0, 1}});
  const uint8_t lo[4] = {127, 0, 0, 1};
  const uint8_t far[4] = {10, 1, 2, 3};
  auto c = EventBuilder(PG_EVT_SOCKET_CONNECT_X, 100, 6'000)
               .I64(0)
               .Inet4Tuple(lo, 40000, far, 443)
               .I64(4)
               .Inet4Addr(far, 443)
               .Build();
  StateView v = st_.Process(c->event);
  EXPECT_EQ(Text("fd.name", c->event, v), "127.0.0.1:40000->10.1.2.3:443");
  EXPECT_EQ(Text("fd.l4proto", c->event, v), "tcp");
  EXPECT_EQ(Text("fd.sport", c->event, v), "443");
  EXPECT_EQ(Text("fd.lport", c->event, v), "40000");
  EXPECT_EQ(Text("fd.rport", c->event, v), "443");
  EXPECT_EQ(Text("fd.connected", c->event, v), "true");
  EXPECT_EQ(Text("fd.name_changed", c->event, v), "true");
  EXPECT_EQ(Text("fd.sockfamily", c->event, v), "ip");
  EXPECT_EQ(Text("evt.arg.fd", c->event, v), "<4t>127.0.0.1:40000->10.1.2.3:443");
  auto f = catalog::ResolveField("fd.sip");
  ASSERT_TRUE(f.ok());
  FieldValue ip;
  ASSERT_TRUE(Extract(*f, c->event, v, &ip));
  EXPECT_EQ(ip.kind, ValueKind::kIp);
  EXPECT_EQ(ip.ip.bytes[0], 10);
}

TEST_F(ExtractTest, AncestorIterationCoversStrictAncestors) {
  auto e = EventBuilder(PG_EVT_SYSCALL_CLOSE_X, 100, 5'000).I64(0).I64(9).Build();
  StateView v = st_.Process(e->event);
  auto f = catalog::ResolveField("proc.aname");
  ASSERT_TRUE(f.ok());
  EXPECT_TRUE(IsAncestorField(f->id));
  AncestorValues a(*f, v);
  FieldValue out;
  std::string names;
  while (a.Next(&out)) names += std::string(out.str) + ",";
  EXPECT_EQ(names, "bash,sshd,systemd,");
}

TEST_F(ExtractTest, EveryCatalogFieldIsSafeToExtract) {
  auto e = EventBuilder(PG_EVT_SYSCALL_OPENAT_2_X, 100, 5'000)
               .I64(3)
               .I64(-100)
               .Str("/etc/hosts")
               .U32(1)
               .U32(0)
               .U32(0)
               .U64(0)
               .Build();
  StateView v = st_.Process(e->event);
  int implemented = 0;
  for (const catalog::FieldInfo& info : catalog::AllFields()) {
    catalog::ResolvedField f;
    f.id = info.id;
    f.info = &info;
    f.type = info.type;
    f.is_list = info.Has(catalog::kFieldIsList);
    FieldValue out;
    const bool ok = Extract(f, e->event, v, &out);
    EXPECT_EQ(ok, out.available()) << info.name;
    if (!IsFieldImplemented(info.id)) {
      EXPECT_FALSE(ok) << info.name;
    }
    implemented += IsFieldImplemented(info.id) ? 1 : 0;
  }
  EXPECT_GT(implemented, 150);
}

}  // namespace
}  // namespace peregrine::runtime
