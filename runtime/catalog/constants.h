// Conversion of constant text in conditions to typed values (falco-rule-language.md §2.4, §4.3).
//
// Stateless and thread-safe (service names are resolved with the reentrant getservbyname_r).
#ifndef PEREGRINE_RUNTIME_CATALOG_CONSTANTS_H_
#define PEREGRINE_RUNTIME_CATALOG_CONSTANTS_H_

#include <array>
#include <cstdint>
#include <string>
#include <variant>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "runtime/catalog/field_types.h"
#include "runtime/catalog/operators.h"

namespace peregrine::catalog {

// An IPv4 or IPv6 address in network byte order (IPv4 uses bytes[0..3]).
struct IpAddress {
  bool is_v6 = false;
  std::array<uint8_t, 16> bytes{};

  bool operator==(const IpAddress&) const = default;
};

// A CIDR network: the address as written (host bits not cleared) and the prefix length.
struct IpNetwork {
  IpAddress addr;
  uint8_t prefix_len = 0;

  bool operator==(const IpNetwork&) const = default;
};

// A raw byte string (BYTEBUF constants), kept apart from text strings.
struct Bytes {
  std::string data;

  bool operator==(const Bytes&) const = default;
};

// A typed constant. Which alternative a field type produces:
//   signed integer types        → int64_t (already truncated to the type's width)
//   unsigned types, PORT, times → uint64_t (truncated/wrapped to the type's width)
//   DOUBLE                      → double;  BOOL → bool
//   CHARBUF/FSPATH/FSRELPATH    → std::string;  BYTEBUF → Bytes
//   IPV4ADDR/IPV6ADDR/IPADDR    → IpAddress;  IPV4NET/IPV6NET/IPNET → IpNetwork
using Value =
    std::variant<int64_t, uint64_t, double, bool, std::string, Bytes, IpAddress, IpNetwork>;

// The longest constant text accepted (§2.4).
inline constexpr size_t kMaxConstantLength = 255;

// Converts the (already unescaped) constant `text` for a comparison `op` on a field of `type`.
// `op` matters for BYTEBUF (hex-decoded for bcontains/bstartswith) and for the NUL rule. Errors
// carry Falco's messages: "X is not a valid number", "unrecognized protocol X",
// "filter error: unrecognized boolean value X", "unrecognized IPv4 address X",
// "filter value cannot contain a NUL byte (\x00)", "filter parameter too long: X".
absl::StatusOr<Value> ConvertConstant(FieldType type, Op op, absl::string_view text);

// Same, for an equality comparison.
inline absl::StatusOr<Value> ConvertConstant(FieldType type, absl::string_view text) {
  return ConvertConstant(type, Op::kEq, text);
}

// Parses "a.b.c.d" or an IPv6 address (inet_pton); false if invalid.
bool ParseIpAddress(absl::string_view text, bool v6, IpAddress* out);

}  // namespace peregrine::catalog

#endif  // PEREGRINE_RUNTIME_CATALOG_CONSTANTS_H_
