#include "runtime/events/param_decode.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "runtime/catalog/event_codes.h"
#include "runtime/events/event.h"
#include "runtime/events/net_format.h"
#include "tests/runtime/events/event_builder.h"

namespace peregrine::runtime {
namespace {

using testing::EventBuilder;

TEST(EventTest, TypedAccessorsDecodeByWidth) {
  auto e = EventBuilder(PG_EVT_SYSCALL_OPENAT_2_X, 1234, 42)
               .I64(-2)
               .I64(-100)
               .Str("/etc/passwd")
               .U32(0x1001)
               .Empty()
               .Build(9);
  ASSERT_NE(e, nullptr);
  const Event& ev = e->event;
  EXPECT_EQ(ev.type(), PG_EVT_SYSCALL_OPENAT_2_X);
  EXPECT_EQ(ev.tid(), 1234);
  EXPECT_EQ(ev.ts(), 42u);
  EXPECT_EQ(ev.num(), 9u);
  EXPECT_TRUE(ev.is_exit());
  ASSERT_NE(ev.info(), nullptr);
  EXPECT_EQ(ev.info()->name, "openat");
  int64_t i = 0;
  EXPECT_TRUE(ev.GetInt(0, &i));
  EXPECT_EQ(i, -2);
  uint64_t u = 0;
  EXPECT_TRUE(ev.GetUint(3, &u));
  EXPECT_EQ(u, 0x1001u);
  EXPECT_EQ(ev.GetString(2), "/etc/passwd");
  EXPECT_FALSE(ev.GetUint(4, &u));  // empty = absent
  EXPECT_FALSE(ev.GetUint(9, &u));  // beyond nparams
}

TEST(EventTest, SignExtendsNarrowValues) {
  auto e = EventBuilder(PG_EVT_SYSCALL_CLOSE_X, 1, 1).Fixed<int32_t>(-5).Raw("abc").Build();
  int64_t i = 0;
  EXPECT_TRUE(e->event.GetInt(0, &i));
  EXPECT_EQ(i, -5);
  EXPECT_FALSE(e->event.GetInt(1, &i));  // width 3 is malformed
}

TEST(ParamDecodeTest, EveryIntegerWidthSignedAndUnsigned) {
  const uint8_t bytes[8] = {0xfe, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff};
  const uint8_t pos[8] = {0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08};
  int64_t i = 0;
  uint64_t u = 0;
  for (uint32_t width : {1u, 2u, 4u, 8u}) {
    EXPECT_TRUE(DecodeSigned(probe::ParamBytes{bytes, width}, &i)) << width;
    EXPECT_EQ(i, -2) << width;
    EXPECT_TRUE(DecodeUnsigned(probe::ParamBytes{bytes, width}, &u)) << width;
    EXPECT_EQ(u, width == 8 ? ~uint64_t{1} : (uint64_t{1} << (8 * width)) - 2) << width;
  }
  EXPECT_TRUE(DecodeSigned(probe::ParamBytes{pos, 8}, &i));
  EXPECT_EQ(i, 0x0807060504030201);
  EXPECT_TRUE(DecodeUnsigned(probe::ParamBytes{pos, 4}, &u));
  EXPECT_EQ(u, 0x04030201u);
  EXPECT_TRUE(DecodeSigned(probe::ParamBytes{pos, 2}, &i));
  EXPECT_EQ(i, 0x0201);
  for (uint32_t width : {0u, 3u, 5u, 6u, 7u}) {
    i = 77;
    u = 77;
    EXPECT_FALSE(DecodeSigned(probe::ParamBytes{bytes, width}, &i)) << width;
    EXPECT_FALSE(DecodeUnsigned(probe::ParamBytes{bytes, width}, &u)) << width;
    EXPECT_EQ(i, 77);
    EXPECT_EQ(u, 77u);
  }
}

TEST(EventTest, LegacyNullStringIsEmpty) {
  auto e = EventBuilder(PG_EVT_SYSCALL_CHDIR_X, 1, 1).I64(0).Str("(NULL)").Build();
  EXPECT_EQ(e->event.GetString(1), "");
}

TEST(StrListTest, SplitsOnNulAndIgnoresOneTrailingEmpty) {
  std::vector<std::string> got;
  for (std::string_view s : StrList(std::string_view("-c\0ls\0\0x\0", 9))) got.emplace_back(s);
  EXPECT_EQ(got, (std::vector<std::string>{"-c", "ls", "", "x"}));
  got.clear();
  for (std::string_view s : StrList(std::string_view("a\0b", 3))) got.emplace_back(s);
  EXPECT_EQ(got, (std::vector<std::string>{"a", "b"}));
  EXPECT_FALSE(StrList(std::string_view()).begin() != StrList(std::string_view()).end());
}

TEST(SockTest, DecodesInetTupleAndRenders) {
  const uint8_t a[4] = {127, 0, 0, 1};
  auto e =
      EventBuilder(PG_EVT_SOCKET_CONNECT_X, 1, 1).I64(0).Inet4Tuple(a, 54700, a, 33925).Build();
  SockTuple t;
  ASSERT_TRUE(e->event.GetSockTuple(1, &t));
  EXPECT_EQ(t.family, kPpmAfInet);
  EXPECT_EQ(t.sport, 54700);
  EXPECT_EQ(t.dport, 33925);
  std::string s;
  AppendSockTuple(t, &s);
  EXPECT_EQ(s, "127.0.0.1:54700->127.0.0.1:33925");
}

TEST(SockTest, DecodesUnixTupleAndIpv6) {
  std::string raw(1, '\x01');
  uint64_t src = 0xffff88810405e880ull, dst = 0xffff88810097d680ull;
  raw.append(reinterpret_cast<const char*>(&src), 8);
  raw.append(reinterpret_cast<const char*>(&dst), 8);
  raw.append("/tmp/demo/sock");
  raw.push_back('\0');
  auto e = EventBuilder(PG_EVT_SOCKET_CONNECT_X, 1, 1).I64(0).Raw(raw).Build();
  SockTuple t;
  ASSERT_TRUE(e->event.GetSockTuple(1, &t));
  std::string s;
  AppendSockTuple(t, &s);
  EXPECT_EQ(s, "ffff88810405e880->ffff88810097d680 /tmp/demo/sock");

  IpAddr v6;
  v6.v6 = true;
  v6.bytes[15] = 1;
  s.clear();
  AppendIpPort(v6, 8080, &s);
  EXPECT_EQ(s, "::1:8080");
}

TEST(SockTest, TruncatedTupleIsRejected) {
  auto e =
      EventBuilder(PG_EVT_SOCKET_CONNECT_X, 1, 1).I64(0).Raw(std::string("\x02\x7f", 2)).Build();
  SockTuple t;
  EXPECT_FALSE(e->event.GetSockTuple(1, &t));
}

}  // namespace
}  // namespace peregrine::runtime
