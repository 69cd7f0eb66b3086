// Field types of the rule language (falco-rule-language.md §4.1) and their classification.
//
// Falco's field types are libscap's parameter types, so FieldType is ParamType: a field type and an
// event parameter type share one numbering and one name set ("CHARBUF", "UINT32", ...). Stateless;
// thread-safe.
#ifndef PEREGRINE_RUNTIME_CATALOG_FIELD_TYPES_H_
#define PEREGRINE_RUNTIME_CATALOG_FIELD_TYPES_H_

#include <string_view>

#include "runtime/catalog/event_table.h"

namespace peregrine::catalog {

using FieldType = ParamType;

// "CHARBUF", "UINT32", ... as `falco --list` prints them.
inline std::string_view FieldTypeName(FieldType type) { return ParamTypeName(type); }

// The §4.2 type classes that decide operator compatibility.
enum class TypeClass : uint8_t {
  kNumeric,  // integers, ERRNO, FD, PID, PORT, RELTIME, ABSTIME, FLAGS*, ENUMFLAGS*, MODE,
             // SYSCALLID, SIGTYPE, DOUBLE
  kBool,
  kIp,      // IPV4ADDR, IPV6ADDR, IPADDR, IPV4NET, IPV6NET, IPNET
  kString,  // CHARBUF, FSPATH, FSRELPATH
  kBuffer,  // BYTEBUF
  kOther,   // UID, GID, L4PROTO, SOCKADDR, ... (only `exists`)
};

TypeClass ClassifyType(FieldType type);

// Signed integer types (INT8..INT64, ERRNO, FD, PID, FD32, PID32).
bool IsSignedIntType(FieldType type);
// Unsigned integer-like types (UINT8..UINT64, FLAGS*, ENUMFLAGS*, MODE, UID, GID, L4PROTO,
// SYSCALLID, SIGTYPE, PORT, RELTIME, ABSTIME, SOCKFAMILY, SIGSET).
bool IsUnsignedIntType(FieldType type);
// IPv4/IPv6 addresses or networks.
bool IsIpType(FieldType type);
// IPV4NET, IPV6NET, IPNET.
bool IsNetworkType(FieldType type);
// CHARBUF, FSPATH, FSRELPATH.
bool IsStringType(FieldType type);
// List fields may have these element types (§4.2): CHARBUF, UINT64, RELTIME, ABSTIME, BOOL,
// IPADDR, IPNET.
bool IsListableType(FieldType type);

}  // namespace peregrine::catalog

#endif  // PEREGRINE_RUNTIME_CATALOG_FIELD_TYPES_H_
