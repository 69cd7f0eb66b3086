// Constant conversion (§2.4, §4.3).
#include "runtime/catalog/constants.h"

#include <limits>
#include <string>

#include "gtest/gtest.h"

namespace peregrine::catalog {
namespace {

template <typename T>
T Get(FieldType type, absl::string_view text, Op op = Op::kEq) {
  auto v = ConvertConstant(type, op, text);
  EXPECT_TRUE(v.ok()) << text << ": " << v.status();
  if (!v.ok()) return T{};
  EXPECT_TRUE(std::holds_alternative<T>(*v)) << text;
  return std::holds_alternative<T>(*v) ? std::get<T>(*v) : T{};
}

std::string Error(FieldType type, absl::string_view text, Op op = Op::kEq) {
  auto v = ConvertConstant(type, op, text);
  return v.ok() ? "ok" : std::string(v.status().message());
}

TEST(ConstantsTest, SignedDecimal) {
  EXPECT_EQ(Get<int64_t>(FieldType::kInt64, "0"), 0);
  EXPECT_EQ(Get<int64_t>(FieldType::kInt64, "-1"), -1);
  EXPECT_EQ(Get<int64_t>(FieldType::kInt64, "+7"), 7);
  EXPECT_EQ(Get<int64_t>(FieldType::kInt64, "  42"), 42);  // leading blanks
  EXPECT_EQ(Get<int64_t>(FieldType::kInt16, "-500"), -500);
  EXPECT_EQ(Get<int64_t>(FieldType::kFd, "-100"), -100);
}

TEST(ConstantsTest, RejectsHexFloatAndTrailingText) {
  EXPECT_EQ(Error(FieldType::kInt64, "0x10"), "0x10 is not a valid number");
  EXPECT_EQ(Error(FieldType::kInt64, "1.5"), "1.5 is not a valid number");
  EXPECT_EQ(Error(FieldType::kInt64, "10 "), "10  is not a valid number");
  EXPECT_EQ(Error(FieldType::kUint32, "abc"), "abc is not a valid number");
  EXPECT_EQ(Error(FieldType::kUint32, ""), " is not a valid number");
  EXPECT_EQ(Error(FieldType::kUint64, "-"), "- is not a valid number");
}

TEST(ConstantsTest, TruncatesToTypeWidth) {
  EXPECT_EQ(Get<int64_t>(FieldType::kInt8, "300"), 44);  // (int8_t)300
  EXPECT_EQ(Get<int64_t>(FieldType::kInt16, "65535"), -1);
  EXPECT_EQ(Get<uint64_t>(FieldType::kUint8, "257"), 1u);
  EXPECT_EQ(Get<uint64_t>(FieldType::kUint32, "4294967296"), 0u);
}

TEST(ConstantsTest, UnsignedWrapsMinusOne) {
  EXPECT_EQ(Get<uint64_t>(FieldType::kUint64, "-1"), std::numeric_limits<uint64_t>::max());
  EXPECT_EQ(Get<uint64_t>(FieldType::kUint32, "-1"), 0xFFFFFFFFu);
  EXPECT_EQ(Get<uint64_t>(FieldType::kUid, "-1"), 0xFFFFFFFFu);
  EXPECT_EQ(Get<uint64_t>(FieldType::kRelTime, "5000000000"), 5000000000u);
}

TEST(ConstantsTest, PortNumbersAndServiceNames) {
  EXPECT_EQ(Get<uint64_t>(FieldType::kPort, "443"), 443u);
  EXPECT_EQ(Get<uint64_t>(FieldType::kPort, ""), 0u);
  EXPECT_EQ(Error(FieldType::kPort, "nosuchservice"), "unrecognized protocol nosuchservice");
  // Service names come from the system's services database.
  if (ConvertConstant(FieldType::kPort, "ssh").ok()) {
    EXPECT_EQ(Get<uint64_t>(FieldType::kPort, "ssh"), 22u);
  }
}

TEST(ConstantsTest, DoubleIsParsedAsInteger) {
  EXPECT_EQ(Get<double>(FieldType::kDouble, "3"), 3.0);
  EXPECT_EQ(Error(FieldType::kDouble, "1.5"), "1.5 is not a valid number");
}

TEST(ConstantsTest, BoolIsStrict) {
  EXPECT_EQ(Get<bool>(FieldType::kBool, "true"), true);
  EXPECT_EQ(Get<bool>(FieldType::kBool, "false"), false);
  EXPECT_EQ(Error(FieldType::kBool, "True"), "filter error: unrecognized boolean value True");
  EXPECT_EQ(Error(FieldType::kBool, "1"), "filter error: unrecognized boolean value 1");
}

TEST(ConstantsTest, StringsAreKeptAsIs) {
  EXPECT_EQ(Get<std::string>(FieldType::kCharBuf, "/etc/passwd"), "/etc/passwd");
  EXPECT_EQ(Get<std::string>(FieldType::kFsPath, ""), "");
}

TEST(ConstantsTest, LengthLimitIs255Bytes) {
  EXPECT_EQ(Get<std::string>(FieldType::kCharBuf, std::string(255, 'a')), std::string(255, 'a'));
  EXPECT_EQ(Error(FieldType::kCharBuf, std::string(256, 'a')),
            "filter parameter too long: " + std::string(256, 'a'));
}

TEST(ConstantsTest, NulRule) {
  std::string with_nul("a\0b", 3);
  EXPECT_EQ(Error(FieldType::kCharBuf, with_nul), "filter value cannot contain a NUL byte (\\x00)");
  EXPECT_EQ(Get<Bytes>(FieldType::kByteBuf, with_nul, Op::kContains).data, with_nul);
  EXPECT_EQ(Error(FieldType::kByteBuf, with_nul, Op::kBContains),
            "filter value cannot contain a NUL byte (\\x00)");
}

TEST(ConstantsTest, BcontainsIsHexDecoded) {
  EXPECT_EQ(Get<Bytes>(FieldType::kByteBuf, "cafebabe", Op::kBContains).data,
            std::string("\xca\xfe\xba\xbe"));
  EXPECT_EQ(Get<Bytes>(FieldType::kByteBuf, "cafebabe", Op::kContains).data, "cafebabe");
  EXPECT_NE(Error(FieldType::kByteBuf, "abc", Op::kBStartsWith), "ok");
  EXPECT_NE(Error(FieldType::kByteBuf, "zz", Op::kBContains), "ok");
}

TEST(ConstantsTest, IpAddresses) {
  IpAddress v4 = Get<IpAddress>(FieldType::kIpAddr, "127.0.0.1");
  EXPECT_FALSE(v4.is_v6);
  EXPECT_EQ(v4.bytes[0], 127);
  EXPECT_EQ(v4.bytes[3], 1);
  IpAddress v6 = Get<IpAddress>(FieldType::kIpAddr, "0:0:0:0:0:0:0:1");
  EXPECT_TRUE(v6.is_v6);
  EXPECT_EQ(v6.bytes[15], 1);
  EXPECT_EQ(Error(FieldType::kIpv4Addr, "1.2.3"), "unrecognized IPv4 address 1.2.3");
  EXPECT_EQ(Error(FieldType::kIpAddr, "nothing"), "unrecognized IPv6 address nothing");
}

TEST(ConstantsTest, Networks) {
  IpNetwork n = Get<IpNetwork>(FieldType::kIpNet, "142.251.0.0/8");
  EXPECT_FALSE(n.addr.is_v6);
  EXPECT_EQ(n.prefix_len, 8);
  EXPECT_EQ(n.addr.bytes[0], 142);
  IpNetwork n6 = Get<IpNetwork>(FieldType::kIpNet, "fe80::/10");
  EXPECT_TRUE(n6.addr.is_v6);
  EXPECT_EQ(n6.prefix_len, 10);
  EXPECT_NE(Error(FieldType::kIpNet, "10.0.0.0"), "ok");  // '/' is mandatory
  EXPECT_NE(Error(FieldType::kIpNet, "10.0.0.0/33"), "ok");
  EXPECT_NE(Error(FieldType::kIpNet, "10.0.0.0/"), "ok");
}

TEST(ConstantsTest, UnsupportedTypes) { EXPECT_NE(Error(FieldType::kSockTuple, "x"), "ok"); }

}  // namespace
}  // namespace peregrine::catalog
