// The PPM event table (scap-format.md Appendix A) and the syscall id table (Appendix D).
//
// All data is immutable, generated at build-time-independent constexpr tables
// (tools/gen/gen_event_table.py → event_table_data.inc); every function here is thread-safe and
// allocation-free. Plain-C event code constants for BPF programs are in event_codes.h.
#ifndef PEREGRINE_RUNTIME_CATALOG_EVENT_TABLE_H_
#define PEREGRINE_RUNTIME_CATALOG_EVENT_TABLE_H_

#include <cstdint>
#include <optional>
#include <string_view>

#include "absl/strings/string_view.h"
#include "absl/types/span.h"

namespace peregrine::catalog {

// Parameter encodings (scap-format.md §12). The numeric values are libscap's PT_* ids.
enum class ParamType : uint8_t {
  kNone = 0,
  kInt8 = 1,
  kInt16 = 2,
  kInt32 = 3,
  kInt64 = 4,
  kUint8 = 5,
  kUint16 = 6,
  kUint32 = 7,
  kUint64 = 8,
  kCharBuf = 9,
  kByteBuf = 10,
  kErrno = 11,
  kSockAddr = 12,
  kSockTuple = 13,
  kFd = 14,
  kPid = 15,
  kFdList = 16,
  kFsPath = 17,
  kSyscallId = 18,
  kSigType = 19,
  kRelTime = 20,
  kAbsTime = 21,
  kPort = 22,
  kL4Proto = 23,
  kSockFamily = 24,
  kBool = 25,
  kIpv4Addr = 26,
  kDyn = 27,
  kFlags8 = 28,
  kFlags16 = 29,
  kFlags32 = 30,
  kUid = 31,
  kGid = 32,
  kDouble = 33,
  kSigSet = 34,
  kCharBufArray = 35,
  kCharBufPairArray = 36,
  kIpv4Net = 37,
  kIpv6Addr = 38,
  kIpv6Net = 39,
  kIpAddr = 40,
  kIpNet = 41,
  kMode = 42,
  kFsRelPath = 43,
  kEnumFlags8 = 44,
  kEnumFlags16 = 45,
  kEnumFlags32 = 46,
  kFd32 = 47,
  kPid32 = 48,
};

// Width in bytes of a fixed-width parameter value (§12), or 0 for variable-width types (and for
// the filter-only network types, which never occur as event parameters).
constexpr int FixedWidth(ParamType type) {
  switch (type) {
    case ParamType::kInt8:
    case ParamType::kUint8:
    case ParamType::kSigType:
    case ParamType::kL4Proto:
    case ParamType::kSockFamily:
    case ParamType::kFlags8:
    case ParamType::kEnumFlags8:
      return 1;
    case ParamType::kInt16:
    case ParamType::kUint16:
    case ParamType::kSyscallId:
    case ParamType::kPort:
    case ParamType::kFlags16:
    case ParamType::kEnumFlags16:
      return 2;
    case ParamType::kInt32:
    case ParamType::kUint32:
    case ParamType::kBool:
    case ParamType::kIpv4Addr:
    case ParamType::kFlags32:
    case ParamType::kUid:
    case ParamType::kGid:
    case ParamType::kSigSet:
    case ParamType::kMode:
    case ParamType::kEnumFlags32:
    case ParamType::kFd32:
    case ParamType::kPid32:
      return 4;
    case ParamType::kInt64:
    case ParamType::kUint64:
    case ParamType::kErrno:
    case ParamType::kFd:
    case ParamType::kPid:
    case ParamType::kRelTime:
    case ParamType::kAbsTime:
    case ParamType::kDouble:
      return 8;
    case ParamType::kIpv6Addr:
      return 16;
    case ParamType::kNone:
    case ParamType::kCharBuf:
    case ParamType::kByteBuf:
    case ParamType::kSockAddr:
    case ParamType::kSockTuple:
    case ParamType::kFdList:
    case ParamType::kFsPath:
    case ParamType::kDyn:
    case ParamType::kCharBufArray:
    case ParamType::kCharBufPairArray:
    case ParamType::kIpv4Net:
    case ParamType::kIpv6Net:
    case ParamType::kIpAddr:
    case ParamType::kIpNet:
    case ParamType::kFsRelPath:
      return 0;
  }
  return 0;
}

// The spec's name of a type without the PT_ prefix ("UINT32", "FSRELPATH"); "?" if out of range.
std::string_view ParamTypeName(ParamType type);

// One parameter of an event, in wire order.
struct ParamInfo {
  std::string_view name;
  ParamType type;
  // Appendix B table naming the values of FLAGS*/ENUMFLAGS*/MODE parameters; empty if none.
  std::string_view flag_table;
  // For FSRELPATH: index of the dirfd parameter the path is relative to; -1 otherwise.
  int8_t relative_dirfd;
  // For DYN: the types selected by the value's leading u8 index (index i → dyn_types[i]).
  absl::Span<const ParamType> dyn_types;
};

// Appendix A tags, as bits of EventInfo::tags.
enum EventTag : uint32_t {
  kTagOld = 1u << 0,        // not produced by current drivers; may appear in old captures
  kTagUnused = 1u << 1,     // never valid in a file: drop
  kTagLarge = 1u << 2,      // u32 parameter lengths (§11.3)
  kTagFdCreate = 1u << 3,   // "fd+"
  kTagFdDestroy = 1u << 4,  // "fd-"
  kTagFdUse = 1u << 5,      // "fd"
  kTagState = 1u << 6,      // changes thread/fd state
  kTagSkip = 1u << 7,       // bookkeeping; does not reset per-thread "last event"
};

struct EventInfo {
  uint16_t code;
  bool is_exit;             // odd code ("X"); even = enter ("E")
  std::string_view name;    // evt.type name; "NA" for unused rows
  std::string_view symbol;  // libs symbol without PPME_ ("SYSCALL_OPEN_X")
  uint32_t tags;            // EventTag bits
  absl::Span<const ParamInfo> params;

  bool HasTag(EventTag tag) const { return (tags & tag) != 0; }
};

inline constexpr int kNumEventCodes = 454;

// Well-known codes used by several modules.
inline constexpr uint16_t kGenericExitCode = 1;       // PPME_GENERIC_X ("syscall")
inline constexpr uint16_t kPluginEventCode = 322;     // PPME_PLUGINEVENT_E
inline constexpr uint16_t kContainerEventCode = 324;  // PPME_CONTAINER_JSON_2_E
inline constexpr uint16_t kAsyncEventCode = 402;      // PPME_ASYNCEVENT_E

// The row of `code`. Requires code < kNumEventCodes (asserted).
const EventInfo& GetEventInfo(uint16_t code);

// Whether the parameter-length array of `code` uses u32 entries (§11.3). Requires a valid code.
inline bool IsLargeEvent(uint16_t code) { return GetEventInfo(code).HasTag(kTagLarge); }

// Every code whose table name is `name` (enter and exit, all versions), ascending. Unused "NA" rows
// are never returned. Empty if the name is not an event name (syscall-only names included: see
// SyscallIdForName).
absl::Span<const uint16_t> CodesForName(absl::string_view name);

// Whether `name` is the table name of some (not unused) event.
bool IsEventName(absl::string_view name);

// Index of the parameter called `param_name` in event `code`, if it has one.
std::optional<int> ParamIndex(uint16_t code, absl::string_view param_name);

// Whether any event of the table has a parameter called `name` (evt.arg.NAME validation).
bool IsParamNameOfAnyEvent(absl::string_view name);

// All parameter names of the table, sorted and unique.
absl::Span<const std::string_view> AllParamNames();

// Appendix D: names of PT_SYSCALLID values (generic events).
int NumSyscallIds();
// The name of syscall id `id` ("pivot_root"); nullopt if out of range.
std::optional<std::string_view> SyscallName(uint16_t id);
// The id of a syscall name, if Appendix D lists it.
std::optional<uint16_t> SyscallIdForName(absl::string_view name);
inline bool IsSyscallName(absl::string_view name) { return SyscallIdForName(name).has_value(); }

}  // namespace peregrine::catalog

#endif  // PEREGRINE_RUNTIME_CATALOG_EVENT_TABLE_H_
