// Typed parameter decoding (scap-format §12) on hand-made values.
#include "probe/capture/scap/param_decoder.h"

#include <deque>
#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/probe/capture/capture_builder.h"

namespace peregrine::probe::scap {
namespace {

using catalog::ParamType;
using namespace scap_test;  // NOLINT: the builder helpers
using ::testing::ElementsAre;

// Decoded values borrow the parameter bytes: keep every test value alive for the whole test.
ParamBytes B(std::string s) {
  static std::deque<std::string>* keep = new std::deque<std::string>;
  const std::string& kept = keep->emplace_back(std::move(s));
  return ParamBytes{reinterpret_cast<const uint8_t*>(kept.data()),
                    static_cast<uint32_t>(kept.size())};
}

TEST(ParamDecoderTest, IntegersAndSignExtension) {
  const std::string m1 = I64(-2);
  ParamValue v = DecodeParam(ParamType::kErrno, B(m1));
  ASSERT_TRUE(v.ok());
  EXPECT_EQ(v.i, -2);
  const std::string i32 = U32(0xFFFFFF9C);  // -100 as INT32
  EXPECT_EQ(DecodeParam(ParamType::kInt32, B(i32)).i, -100);
  EXPECT_EQ(DecodeParam(ParamType::kUint32, B(i32)).u, 0xFFFFFF9Cu);
  EXPECT_EQ(DecodeParam(ParamType::kUint32, B(i32)).i, 0xFFFFFF9Cll);  // not sign-extended
  const std::string i8 = U8(0xFF);
  EXPECT_EQ(DecodeParam(ParamType::kInt8, B(i8)).i, -1);
  EXPECT_EQ(DecodeParam(ParamType::kSigType, B(i8)).u, 255u);
  const std::string port = U16(443);
  EXPECT_EQ(DecodeParam(ParamType::kPort, B(port)).u, 443u);
}

TEST(ParamDecoderTest, EmptyAndMalformedFixedWidth) {
  EXPECT_EQ(DecodeParam(ParamType::kUint64, B("")).status, ParamStatus::kEmpty);
  EXPECT_EQ(DecodeParam(ParamType::kCharBuf, B("")).status, ParamStatus::kEmpty);
  EXPECT_EQ(DecodeParam(ParamType::kSockTuple, B("")).status, ParamStatus::kEmpty);
  EXPECT_EQ(DecodeParam(ParamType::kUint64, B(U32(1))).status, ParamStatus::kMalformed);
  EXPECT_EQ(DecodeParam(ParamType::kFd, B("abc")).status, ParamStatus::kMalformed);
  EXPECT_EQ(DecodeParam(ParamType::kIpv6Addr, B(std::string(15, '\0'))).status,
            ParamStatus::kMalformed);
  EXPECT_EQ(DecodeParam(ParamType::kIpv6Addr, B(std::string(16, '\0'))).status, ParamStatus::kOk);
}

TEST(ParamDecoderTest, StringsStopAtNul) {
  ParamValue v = DecodeParam(ParamType::kFsPath, B(Cstr("/etc/shadow")));
  ASSERT_TRUE(v.ok());
  EXPECT_EQ(v.str, "/etc/shadow");
  v = DecodeParam(ParamType::kCharBuf, B(std::string("ab\0cd\0", 6)));
  EXPECT_EQ(v.str, "ab");
  v = DecodeParam(ParamType::kCharBuf, B(Cstr("(NULL)")));  // legacy "no value"
  EXPECT_EQ(v.status, ParamStatus::kEmpty);
  v = DecodeParam(ParamType::kCharBuf, B("unterminated"));
  EXPECT_EQ(v.status, ParamStatus::kMalformed);
  EXPECT_EQ(v.str, "unterminated");
  v = DecodeParam(ParamType::kCharBuf, B(Cstr("")));  // present but empty string
  EXPECT_TRUE(v.ok());
  EXPECT_EQ(v.str, "");
}

TEST(ParamDecoderTest, StringListsAndByteBuffers) {
  std::vector<std::string> out;
  auto collect = [&](std::string_view s) { out.emplace_back(s); };
  ParamValue v = DecodeParam(ParamType::kByteBuf, B(std::string("-c\0ls\0", 6)));
  ForEachListString(v.str, collect);
  EXPECT_THAT(out, ElementsAre("-c", "ls"));
  out.clear();
  ForEachListString(std::string_view("a\0\0b", 4), collect);  // inner empty element kept
  EXPECT_THAT(out, ElementsAre("a", "", "b"));
  out.clear();
  ForEachListString(std::string_view("x", 1), collect);  // final NUL missing
  EXPECT_THAT(out, ElementsAre("x"));
  v = DecodeParam(ParamType::kByteBuf, B(std::string("\0\x01\x02", 3)));
  EXPECT_EQ(v.str.size(), 3u);  // raw bytes, NULs included
}

TEST(ParamDecoderTest, SockAddrFamilies) {
  ParamValue v =
      DecodeParam(ParamType::kSockAddr, B(U8(2) + std::string("\x7f\0\0\x01", 4) + U16(18081)));
  ASSERT_TRUE(v.ok());
  EXPECT_EQ(v.sockaddr.family, kPpmAfInet);
  EXPECT_EQ(v.sockaddr.addr[0], 127);
  EXPECT_EQ(v.sockaddr.addr[3], 1);
  EXPECT_EQ(v.sockaddr.port, 18081);
  v = DecodeParam(ParamType::kSockAddr, B(U8(10) + std::string(15, '\0') + "\x01" + U16(443)));
  ASSERT_TRUE(v.ok());
  EXPECT_EQ(v.sockaddr.addr[15], 1);
  EXPECT_EQ(v.sockaddr.port, 443);
  const std::string unix_addr = U8(1) + Cstr("/var/run/nscd/socket");  // outlives the view
  v = DecodeParam(ParamType::kSockAddr, B(unix_addr));
  ASSERT_TRUE(v.ok());
  EXPECT_EQ(v.sockaddr.unix_path, "/var/run/nscd/socket");
  EXPECT_EQ(DecodeParam(ParamType::kSockAddr, B(U8(2) + U32(1))).status, ParamStatus::kMalformed);
  EXPECT_EQ(DecodeParam(ParamType::kSockAddr, B(U8(16) + "x")).sockaddr.family, 16);
}

TEST(ParamDecoderTest, SockTupleFamilies) {
  const std::string lo("\x7f\0\0\x01", 4);
  ParamValue v = DecodeParam(ParamType::kSockTuple, B(U8(2) + lo + U16(54700) + lo + U16(33925)));
  ASSERT_TRUE(v.ok());
  EXPECT_EQ(v.socktuple.src_port, 54700);
  EXPECT_EQ(v.socktuple.dst_port, 33925);
  EXPECT_EQ(v.socktuple.dst_addr[0], 127);
  const std::string v6 = std::string(15, '\0') + "\x01";
  v = DecodeParam(ParamType::kSockTuple, B(U8(10) + v6 + U16(57708) + v6 + U16(60843)));
  ASSERT_TRUE(v.ok());
  EXPECT_EQ(v.socktuple.src_port, 57708);
  EXPECT_EQ(v.socktuple.dst_addr[15], 1);
  const std::string unix_tuple =
      U8(1) + U64(0xffff88810405e880) + U64(0xffff88810097d680) + Cstr("/tmp/s");
  v = DecodeParam(ParamType::kSockTuple, B(unix_tuple));
  ASSERT_TRUE(v.ok());
  EXPECT_EQ(v.socktuple.src_endpoint, 0xffff88810405e880u);
  EXPECT_EQ(v.socktuple.dst_endpoint, 0xffff88810097d680u);
  EXPECT_EQ(v.socktuple.unix_path, "/tmp/s");
  EXPECT_EQ(DecodeParam(ParamType::kSockTuple, B(U8(2) + lo + U16(1))).status,
            ParamStatus::kMalformed);
  EXPECT_EQ(DecodeParam(ParamType::kSockTuple, B(U8(1) + U64(1))).status, ParamStatus::kMalformed);
}

TEST(ParamDecoderTest, FdList) {
  const std::string bytes = U16(2) + I64(3) + U16(1) + I64(-1) + U16(4);  // outlives the view
  ParamValue v = DecodeParam(ParamType::kFdList, B(bytes));
  ASSERT_TRUE(v.ok());
  ASSERT_EQ(v.fdlist.count, 2);
  EXPECT_EQ(v.fdlist.fd(0), 3);
  EXPECT_EQ(v.fdlist.flags(0), 1);
  EXPECT_EQ(v.fdlist.fd(1), -1);
  EXPECT_EQ(v.fdlist.flags(1), 4);
  EXPECT_EQ(DecodeParam(ParamType::kFdList, B(U16(3) + I64(3) + U16(1))).status,
            ParamStatus::kMalformed);
}

TEST(ParamDecoderTest, DynSelectsTheType) {
  const ParamType setsockopt_val[] = {ParamType::kByteBuf, ParamType::kErrno, ParamType::kUint32,
                                      ParamType::kUint64, ParamType::kRelTime};
  ParamValue v = DecodeParam(ParamType::kDyn, B(U8(2) + U32(65536)), setsockopt_val);
  ASSERT_TRUE(v.ok());
  EXPECT_EQ(v.type, ParamType::kUint32);
  EXPECT_EQ(v.dyn_index, 2);
  EXPECT_EQ(v.u, 65536u);
  v = DecodeParam(ParamType::kDyn, B(U8(1) + I64(0)), setsockopt_val);
  EXPECT_EQ(v.type, ParamType::kErrno);
  EXPECT_EQ(v.i, 0);
  EXPECT_EQ(DecodeParam(ParamType::kDyn, B(U8(7) + U32(1)), setsockopt_val).status,
            ParamStatus::kMalformed);  // index out of range
  EXPECT_EQ(DecodeParam(ParamType::kDyn, B(U8(2) + U16(1)), setsockopt_val).status,
            ParamStatus::kMalformed);  // wrong width for the selected type
}

TEST(ParamDecoderTest, EventCountTolerance) {
  // close with one parameter more than the table (newer writer) and openat with fewer (older).
  std::string close_rec = Record(5, 1, 1, {I64(0), I64(3), "extra"});
  RecordView rv;
  ASSERT_TRUE(rv.Parse(reinterpret_cast<const uint8_t*>(close_rec.data()), close_rec.size()));
  std::vector<ParamValue> out(RecordView::kMaxParams);
  DecodeStats stats;
  EXPECT_EQ(DecodeEventParams(rv, out.data(), &stats), 2);
  EXPECT_EQ(out[1].i, 3);
  EXPECT_EQ(stats.extra, 1u);
  std::string open_rec = Record(307, 1, 1, {I64(3), I64(-100), Cstr("x")});
  ASSERT_TRUE(rv.Parse(reinterpret_cast<const uint8_t*>(open_rec.data()), open_rec.size()));
  stats = {};
  EXPECT_EQ(DecodeEventParams(rv, out.data(), &stats), 7);
  EXPECT_EQ(out[2].str, "x");
  EXPECT_EQ(out[3].status, ParamStatus::kEmpty);
  EXPECT_EQ(stats.empty, 4u);
  EXPECT_EQ(stats.malformed, 0u);
  // Malformed fixed-size values are counted.
  std::string bad = Record(5, 1, 1, {U32(0), I64(3)});
  ASSERT_TRUE(rv.Parse(reinterpret_cast<const uint8_t*>(bad.data()), bad.size()));
  stats = {};
  DecodeEventParams(rv, out.data(), &stats);
  EXPECT_EQ(stats.malformed, 1u);
  EXPECT_EQ(out[0].status, ParamStatus::kMalformed);
}

}  // namespace
}  // namespace peregrine::probe::scap
