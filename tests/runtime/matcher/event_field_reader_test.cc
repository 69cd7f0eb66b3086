#include "runtime/matcher/event_field_reader.h"

#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include "runtime/catalog/event_codes.h"
#include "runtime/catalog/field_catalog.h"
#include "runtime/state/state_tracker.h"
#include "tests/runtime/events/event_builder.h"

namespace peregrine::runtime {
namespace {

using EvalValue = compiler::eval::FieldValue;
using testing::EventBuilder;

catalog::ResolvedField Field(const char* name, std::optional<std::string> arg = std::nullopt) {
  absl::StatusOr<catalog::ResolvedField> f = catalog::ResolveField(name, arg);
  EXPECT_TRUE(f.ok()) << name << ": " << f.status();
  return *f;
}

class EventFieldReaderTest : public ::testing::Test {
 protected:
  void SetUp() override {
    Add(1, 0, "systemd", {});
    Add(50, 1, "sshd", {"-D"});
    Add(90, 50, "bash", {"-i"});
    Add(100, 90, "cat", {"/etc/shadow"});
  }
  void Add(int64_t tid, int64_t ptid, std::string comm, std::vector<std::string> args) {
    auto t = std::make_unique<ThreadEntry>();
    t->tid = t->pid = t->vtid = t->vpid = tid;
    t->ptid = ptid;
    t->comm = t->exe = comm;
    t->exepath = "/usr/bin/" + comm;
    t->cwd = "/tmp/";
    t->SetArgs(std::move(args));
    st_.threads().Insert(std::move(t));
  }
  StateTracker st_;
  EventFieldReader reader_;
};

TEST(ToEvalValueTest, ConvertsEveryKind) {
  FieldValue in;
  EvalValue out;
  EXPECT_FALSE(ToEvalValue(in, &out));  // kNone: unavailable

  in.SetString("abc");
  ASSERT_TRUE(ToEvalValue(in, &out));
  EXPECT_EQ(out.kind, EvalValue::Kind::kString);
  EXPECT_EQ(out.str, "abc");

  in.SetInt(-5);
  ASSERT_TRUE(ToEvalValue(in, &out));
  EXPECT_EQ(out.kind, EvalValue::Kind::kInt);
  EXPECT_EQ(out.i, -5);

  in.SetUint(7);
  ASSERT_TRUE(ToEvalValue(in, &out));
  EXPECT_EQ(out.kind, EvalValue::Kind::kUint);
  EXPECT_EQ(out.u, 7u);

  in.SetBool(true);
  ASSERT_TRUE(ToEvalValue(in, &out));
  EXPECT_EQ(out.kind, EvalValue::Kind::kBool);
  EXPECT_TRUE(out.b);

  in.kind = ValueKind::kDouble;
  in.d = 2.5;
  ASSERT_TRUE(ToEvalValue(in, &out));
  EXPECT_EQ(out.kind, EvalValue::Kind::kDouble);
  EXPECT_EQ(out.d, 2.5);

  in.SetIp(IpAddr{false, {10, 1, 2, 3}});
  out.ip.bytes.fill(0xff);  // stale bytes must not survive
  ASSERT_TRUE(ToEvalValue(in, &out));
  EXPECT_EQ(out.kind, EvalValue::Kind::kIp);
  EXPECT_FALSE(out.ip.is_v6);
  EXPECT_EQ(out.ip.bytes[0], 10);
  EXPECT_EQ(out.ip.bytes[3], 3);
  EXPECT_EQ(out.ip.bytes[4], 0);

  IpAddr v6{true, {}};
  v6.bytes[15] = 1;
  in.SetIp(v6);
  ASSERT_TRUE(ToEvalValue(in, &out));
  EXPECT_TRUE(out.ip.is_v6);
  EXPECT_EQ(out.ip.bytes[15], 1);

  in.kind = ValueKind::kBytes;
  in.str = std::string_view("a\0b", 3);
  ASSERT_TRUE(ToEvalValue(in, &out));
  EXPECT_EQ(out.kind, EvalValue::Kind::kBytes);
  EXPECT_EQ(out.str.size(), 3u);

  in.kind = ValueKind::kStringList;
  in.list = {"x", "y"};
  ASSERT_TRUE(ToEvalValue(in, &out));
  EXPECT_EQ(out.kind, EvalValue::Kind::kList);
  ASSERT_NE(out.list, nullptr);
  EXPECT_EQ(out.list, &in.list);  // borrowed, not copied
}

TEST_F(EventFieldReaderTest, ValuesOfOneEventStayValidTogether) {
  auto e = EventBuilder(PG_EVT_SYSCALL_CLOSE_X, 100, 5'000).I64(0).I64(9).Build();
  StateView v = st_.Process(e->event);
  reader_.Reset(e->event, v);
  // Both command lines are computed into scratch storage: they must not share it.
  EvalValue cmdline, pcmdline, name;
  ASSERT_TRUE(reader_.Read(Field("proc.cmdline"), &cmdline));
  ASSERT_TRUE(reader_.Read(Field("proc.pcmdline"), &pcmdline));
  ASSERT_TRUE(reader_.Read(Field("proc.name"), &name));
  EXPECT_EQ(cmdline.str, "cat /etc/shadow");
  EXPECT_EQ(pcmdline.str, "bash -i");
  EXPECT_EQ(name.str, "cat");
  EvalValue missing;
  EXPECT_FALSE(reader_.Read(Field("proc.aname", "10"), &missing));  // no 10th ancestor
}

TEST_F(EventFieldReaderTest, ResetReusesTheSlots) {
  auto e = EventBuilder(PG_EVT_SYSCALL_CLOSE_X, 100, 5'000).I64(0).I64(9).Build();
  const catalog::ResolvedField cmdline = Field("proc.cmdline");
  const catalog::ResolvedField pname = Field("proc.pname");
  for (int i = 0; i < 100; ++i) {
    StateView v = st_.Process(e->event);
    reader_.Reset(e->event, v);
    EvalValue a, b;
    ASSERT_TRUE(reader_.Read(cmdline, &a));
    ASSERT_TRUE(reader_.Read(pname, &b));
    EXPECT_EQ(a.str, "cat /etc/shadow");
    EXPECT_EQ(b.str, "bash");
  }
  EXPECT_EQ(reader_.slots(), 2u);
}

// The compact path (the JIT's) serves what Read() serves, kind by kind.
TEST_F(EventFieldReaderTest, CompactPathAgreesWithRead) {
  auto e = EventBuilder(PG_EVT_SYSCALL_CLOSE_X, 100, 5'000).I64(0).I64(9).Build();
  StateView v = st_.Process(e->event);
  for (const char* name :
       {"proc.cmdline", "proc.name", "proc.pname", "proc.pid", "evt.res", "proc.is_exe_writable",
        "fd.num", "proc.aname[2]", "proc.aname[10]", "fd.name", "evt.rawres"}) {
    SCOPED_TRACE(name);
    const std::string text = name;
    const size_t bracket = text.find('[');
    const catalog::ResolvedField field =
        bracket == std::string::npos ? Field(name)
                                     : Field(text.substr(0, bracket).c_str(),
                                             text.substr(bracket + 1, text.size() - bracket - 2));
    reader_.Reset(e->event, v);
    EvalValue expected;
    const bool available = reader_.Read(field, &expected);
    reader_.Reset(e->event, v);
    compiler::ir::CompactValue compact{};
    EvalValue full;
    ASSERT_EQ(reader_.ReadCompact(field, &compact, &full), available);
    if (!available) continue;
    EXPECT_EQ(compact.kind, expected.kind);
    compiler::ir::CompactValue via_read{};
    compiler::ir::ToCompact(expected, &via_read);
    if (compiler::ir::HasCompactForm(expected.kind)) {
      EXPECT_EQ(compact.num, via_read.num);
      if (expected.kind == EvalValue::Kind::kString || expected.kind == EvalValue::Kind::kBytes) {
        EXPECT_EQ(std::string_view(compact.ptr, compact.len),
                  std::string_view(via_read.ptr, via_read.len));
      }
    } else {
      EXPECT_EQ(full.kind, expected.kind);
    }
  }
}

TEST_F(EventFieldReaderTest, HasItsOwnCompactPath) {
  EventFieldReader reader;
  EXPECT_NE(reader.read_compact(), &compiler::ir::FieldReader::ReadCompactViaRead);
}

TEST_F(EventFieldReaderTest, ForEachAncestorVisitsParentFirstAndStops) {
  auto e = EventBuilder(PG_EVT_SYSCALL_CLOSE_X, 100, 5'000).I64(0).I64(9).Build();
  StateView v = st_.Process(e->event);
  reader_.Reset(e->event, v);
  std::vector<std::string> seen;
  reader_.ForEachAncestor(Field("proc.aname"), [&](const EvalValue& value) {
    seen.emplace_back(value.str);
    return false;
  });
  EXPECT_EQ(seen, (std::vector<std::string>{"bash", "sshd", "systemd"}));
  seen.clear();
  reader_.ForEachAncestor(Field("proc.aname"), [&](const EvalValue& value) {
    seen.emplace_back(value.str);
    return value.str == "sshd";
  });
  EXPECT_EQ(seen, (std::vector<std::string>{"bash", "sshd"}));
}

TEST_F(EventFieldReaderTest, EndpointsOfAConnectedSocket) {
  auto s =
      EventBuilder(PG_EVT_SOCKET_SOCKET_X, 100, 5'000).I64(4).U32(2).U32(1).U32(6).U32(0).Build();
  st_.Process(s->event);
  const uint8_t lo[4] = {127, 0, 0, 1};
  const uint8_t far[4] = {10, 1, 2, 3};
  auto c = EventBuilder(PG_EVT_SOCKET_CONNECT_X, 100, 6'000)
               .I64(0)
               .Inet4Tuple(lo, 40000, far, 443)
               .I64(4)
               .Inet4Addr(far, 443)
               .Build();
  StateView v = st_.Process(c->event);
  reader_.Reset(c->event, v);
  EvalValue client, server;
  ASSERT_TRUE(reader_.ReadEndpoints(Field("fd.port"), &client, &server));
  EXPECT_EQ(client.u, 40000u);
  EXPECT_EQ(server.u, 443u);
  ASSERT_TRUE(reader_.ReadEndpoints(Field("fd.ip"), &client, &server));
  EXPECT_EQ(client.ip.bytes[0], 127);
  EXPECT_EQ(server.ip.bytes[0], 10);

  auto other = EventBuilder(PG_EVT_SYSCALL_CLOSE_X, 100, 7'000).I64(0).I64(9).Build();
  v = st_.Process(other->event);
  reader_.Reset(other->event, v);
  EXPECT_FALSE(reader_.ReadEndpoints(Field("fd.port"), &client, &server));
}

}  // namespace
}  // namespace peregrine::runtime
