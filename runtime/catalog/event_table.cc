// Lookups over the generated event and syscall tables.
#include "runtime/catalog/event_table.h"

#include <algorithm>
#include <cassert>

namespace peregrine::catalog {
namespace internal {

struct NameCodes {
  std::string_view name;
  absl::Span<const uint16_t> codes;
};

struct SyscallEntry {
  std::string_view name;
  uint16_t id;
};

#include "runtime/catalog/event_table_data.inc"

}  // namespace internal

namespace {

std::string_view ToStd(absl::string_view s) { return std::string_view(s.data(), s.size()); }

constexpr std::string_view kParamTypeNames[] = {
    "NONE",
    "INT8",
    "INT16",
    "INT32",
    "INT64",
    "UINT8",
    "UINT16",
    "UINT32",
    "UINT64",
    "CHARBUF",
    "BYTEBUF",
    "ERRNO",
    "SOCKADDR",
    "SOCKTUPLE",
    "FD",
    "PID",
    "FDLIST",
    "FSPATH",
    "SYSCALLID",
    "SIGTYPE",
    "RELTIME",
    "ABSTIME",
    "PORT",
    "L4PROTO",
    "SOCKFAMILY",
    "BOOL",
    "IPV4ADDR",
    "DYN",
    "FLAGS8",
    "FLAGS16",
    "FLAGS32",
    "UID",
    "GID",
    "DOUBLE",
    "SIGSET",
    "CHARBUFARRAY",
    "CHARBUF_PAIR_ARRAY",
    "IPV4NET",
    "IPV6ADDR",
    "IPV6NET",
    "IPADDR",
    "IPNET",
    "MODE",
    "FSRELPATH",
    "ENUMFLAGS8",
    "ENUMFLAGS16",
    "ENUMFLAGS32",
    "FD32",
    "PID32",
};

// The tables must be sorted for the binary searches below; checked at compile time.
constexpr bool NameIndexSorted() {
  for (size_t i = 1; i < std::size(internal::kNameIndex); ++i) {
    if (!(internal::kNameIndex[i - 1].name < internal::kNameIndex[i].name)) return false;
  }
  return true;
}
static_assert(NameIndexSorted(), "event name index must be sorted and unique");

constexpr bool SyscallIndexSorted() {
  for (size_t i = 1; i < std::size(internal::kSyscallsByName); ++i) {
    if (!(internal::kSyscallsByName[i - 1].name < internal::kSyscallsByName[i].name)) return false;
  }
  return true;
}
static_assert(SyscallIndexSorted(), "syscall name index must be sorted and unique");

constexpr bool EventRowsInOrder() {
  for (int i = 0; i < kNumEventCodes; ++i) {
    if (internal::kEvents[i].code != i) return false;
    if (internal::kEvents[i].is_exit != (i % 2 == 1)) return false;
  }
  return true;
}
static_assert(EventRowsInOrder(), "event rows must be indexed by code");

}  // namespace

std::string_view ParamTypeName(ParamType type) {
  size_t i = static_cast<size_t>(type);
  return i < std::size(kParamTypeNames) ? kParamTypeNames[i] : "?";
}

const EventInfo& GetEventInfo(uint16_t code) {
  assert(code < kNumEventCodes && "event code out of range");
  return internal::kEvents[code];
}

absl::Span<const uint16_t> CodesForName(absl::string_view name) {
  std::string_view key = ToStd(name);
  const auto* begin = std::begin(internal::kNameIndex);
  const auto* end = std::end(internal::kNameIndex);
  const auto* it = std::lower_bound(
      begin, end, key,
      [](const internal::NameCodes& entry, std::string_view k) { return entry.name < k; });
  if (it == end || it->name != key) return {};
  return it->codes;
}

bool IsEventName(absl::string_view name) { return !CodesForName(name).empty(); }

std::optional<int> ParamIndex(uint16_t code, absl::string_view param_name) {
  if (code >= kNumEventCodes) return std::nullopt;
  absl::Span<const ParamInfo> params = internal::kEvents[code].params;
  for (size_t i = 0; i < params.size(); ++i) {
    if (params[i].name == ToStd(param_name)) return static_cast<int>(i);
  }
  return std::nullopt;
}

bool IsParamNameOfAnyEvent(absl::string_view name) {
  return std::binary_search(std::begin(internal::kParamNames), std::end(internal::kParamNames),
                            ToStd(name));
}

absl::Span<const std::string_view> AllParamNames() { return internal::kParamNames; }

int NumSyscallIds() { return internal::kNumSyscallCodes; }

std::optional<std::string_view> SyscallName(uint16_t id) {
  if (id >= internal::kNumSyscallCodes) return std::nullopt;
  return internal::kSyscallNames[id];
}

std::optional<uint16_t> SyscallIdForName(absl::string_view name) {
  std::string_view key = ToStd(name);
  const auto* begin = std::begin(internal::kSyscallsByName);
  const auto* end = std::end(internal::kSyscallsByName);
  const auto* it = std::lower_bound(
      begin, end, key,
      [](const internal::SyscallEntry& entry, std::string_view k) { return entry.name < k; });
  if (it == end || it->name != key) return std::nullopt;
  return it->id;
}

}  // namespace peregrine::catalog
