// Constant conversion (§4.3) with Falco's quirks: decimal-only integers, wrapping unsigned values,
// type-width truncation, service-name ports, strict booleans, IP/CIDR parsing.
#include "runtime/catalog/constants.h"

#include <arpa/inet.h>
#include <netdb.h>

#include <cctype>
#include <cerrno>
#include <cstdlib>
#include <limits>
#include <string>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"

namespace peregrine::catalog {
namespace {

std::string Str(absl::string_view s) { return std::string(s.data(), s.size()); }

absl::Status NotANumber(absl::string_view text) {
  return absl::InvalidArgumentError(absl::StrCat(Str(text), " is not a valid number"));
}

// sscanf("%d")/("%u")-style: optional leading blanks, optional sign, at least one digit, and the
// whole text consumed. Out-of-range values saturate like strtoll/strtoull.
bool ParseDecimal(absl::string_view text, bool is_signed, int64_t* s, uint64_t* u) {
  std::string buf = Str(text);
  size_t i = 0;
  while (i < buf.size() && std::isspace(static_cast<unsigned char>(buf[i]))) ++i;
  size_t j = i;
  if (j < buf.size() && (buf[j] == '+' || buf[j] == '-')) ++j;
  if (j >= buf.size() || !std::isdigit(static_cast<unsigned char>(buf[j]))) return false;
  for (size_t k = j; k < buf.size(); ++k) {
    if (!std::isdigit(static_cast<unsigned char>(buf[k]))) return false;
  }
  errno = 0;
  if (is_signed) {
    *s = std::strtoll(buf.c_str() + i, nullptr, 10);
  } else {
    // strtoull negates "-1" into the maximum value: the wrap Falco shows.
    *u = std::strtoull(buf.c_str() + i, nullptr, 10);
  }
  return true;
}

int64_t TruncateSigned(FieldType type, int64_t v) {
  switch (FixedWidth(type)) {
    case 1:
      return static_cast<int8_t>(v);
    case 2:
      return static_cast<int16_t>(v);
    case 4:
      return static_cast<int32_t>(v);
    default:
      return v;
  }
}

uint64_t TruncateUnsigned(FieldType type, uint64_t v) {
  switch (FixedWidth(type)) {
    case 1:
      return static_cast<uint8_t>(v);
    case 2:
      return static_cast<uint16_t>(v);
    case 4:
      return static_cast<uint32_t>(v);
    default:
      return v;
  }
}

absl::StatusOr<Value> ConvertPort(absl::string_view text) {
  if (text.empty()) return Value(uint64_t{0});
  bool all_digits = true;
  for (char c : text) all_digits = all_digits && std::isdigit(static_cast<unsigned char>(c));
  if (all_digits) {
    uint64_t u = std::strtoull(Str(text).c_str(), nullptr, 10);
    return Value(static_cast<uint64_t>(static_cast<uint16_t>(u)));
  }
  std::string name = Str(text);
  struct servent entry;
  struct servent* result = nullptr;
  char buf[1024];
  if (getservbyname_r(name.c_str(), nullptr, &entry, buf, sizeof(buf), &result) != 0 ||
      result == nullptr) {
    return absl::InvalidArgumentError(absl::StrCat("unrecognized protocol ", name));
  }
  return Value(static_cast<uint64_t>(ntohs(static_cast<uint16_t>(result->s_port))));
}

int HexDigit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

absl::StatusOr<Value> ConvertBytes(Op op, absl::string_view text) {
  if (op != Op::kBContains && op != Op::kBStartsWith) return Value(Bytes{Str(text)});
  if (text.size() % 2 != 0) {
    return absl::InvalidArgumentError(
        absl::StrCat("invalid hex string ", Str(text), ": odd number of digits"));
  }
  Bytes bytes;
  for (size_t i = 0; i < text.size(); i += 2) {
    int hi = HexDigit(text[i]);
    int lo = HexDigit(text[i + 1]);
    if (hi < 0 || lo < 0) {
      return absl::InvalidArgumentError(
          absl::StrCat("invalid hex string ", Str(text), ": not a hex digit"));
    }
    bytes.data.push_back(static_cast<char>(hi * 16 + lo));
  }
  return Value(bytes);
}

absl::StatusOr<Value> ConvertNetwork(FieldType type, absl::string_view text) {
  bool v6 = type == FieldType::kIpv6Net ||
            (type == FieldType::kIpNet && text.find('.') == absl::string_view::npos);
  absl::string_view kind = v6 ? "IPv6" : "IPv4";
  auto error = [&] {
    return absl::InvalidArgumentError(
        absl::StrCat("unrecognized ", Str(kind), " network ", Str(text)));
  };
  size_t slash = text.find('/');
  if (slash == absl::string_view::npos) return error();
  IpNetwork net;
  if (!ParseIpAddress(text.substr(0, slash), v6, &net.addr)) return error();
  absl::string_view len_text = text.substr(slash + 1);
  if (len_text.empty() || len_text.size() > 3) return error();
  int len = 0;
  for (char c : len_text) {
    if (!std::isdigit(static_cast<unsigned char>(c))) return error();
    len = len * 10 + (c - '0');
  }
  if (len > (v6 ? 128 : 32)) return error();
  net.prefix_len = static_cast<uint8_t>(len);
  return Value(net);
}

}  // namespace

bool ParseIpAddress(absl::string_view text, bool v6, IpAddress* out) {
  std::string s = Str(text);
  IpAddress addr;
  addr.is_v6 = v6;
  if (inet_pton(v6 ? AF_INET6 : AF_INET, s.c_str(), addr.bytes.data()) != 1) return false;
  *out = addr;
  return true;
}

absl::StatusOr<Value> ConvertConstant(FieldType type, Op op, absl::string_view text) {
  if (text.size() > kMaxConstantLength) {
    return absl::InvalidArgumentError(absl::StrCat("filter parameter too long: ", Str(text)));
  }
  bool nul_allowed = type == FieldType::kByteBuf &&
                     (op == Op::kEq || op == Op::kEqEq || op == Op::kNe || op == Op::kContains ||
                      op == Op::kStartsWith || op == Op::kEndsWith);
  if (!nul_allowed && text.find('\0') != absl::string_view::npos) {
    return absl::InvalidArgumentError("filter value cannot contain a NUL byte (\\x00)");
  }

  if (type == FieldType::kPort) return ConvertPort(text);
  if (type == FieldType::kDouble) {
    // Falco parses DOUBLE constants as 32-bit integers.
    int64_t s = 0;
    uint64_t u = 0;
    if (!ParseDecimal(text, /*is_signed=*/true, &s, &u)) return NotANumber(text);
    return Value(static_cast<double>(static_cast<int32_t>(s)));
  }
  if (IsSignedIntType(type)) {
    int64_t s = 0;
    uint64_t u = 0;
    if (!ParseDecimal(text, /*is_signed=*/true, &s, &u)) return NotANumber(text);
    return Value(TruncateSigned(type, s));
  }
  if (IsUnsignedIntType(type)) {
    int64_t s = 0;
    uint64_t u = 0;
    if (!ParseDecimal(text, /*is_signed=*/false, &s, &u)) return NotANumber(text);
    return Value(TruncateUnsigned(type, u));
  }
  if (type == FieldType::kBool) {
    if (text == "true") return Value(true);
    if (text == "false") return Value(false);
    return absl::InvalidArgumentError(
        absl::StrCat("filter error: unrecognized boolean value ", Str(text)));
  }
  if (IsStringType(type)) return Value(Str(text));
  if (type == FieldType::kByteBuf) return ConvertBytes(op, text);
  if (IsNetworkType(type)) return ConvertNetwork(type, text);
  if (IsIpType(type)) {
    bool v6 = type == FieldType::kIpv6Addr ||
              (type == FieldType::kIpAddr && text.find('.') == absl::string_view::npos);
    IpAddress addr;
    if (!ParseIpAddress(text, v6, &addr)) {
      return absl::InvalidArgumentError(
          absl::StrCat("unrecognized ", v6 ? "IPv6" : "IPv4", " address ", Str(text)));
    }
    return Value(addr);
  }
  return absl::InvalidArgumentError(
      absl::StrCat("constants of type '", std::string(FieldTypeName(type)), "' are not supported"));
}

}  // namespace peregrine::catalog
