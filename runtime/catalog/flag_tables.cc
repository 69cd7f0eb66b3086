// Flag/enum table lookup and rendering.
#include "runtime/catalog/flag_tables.h"

#include <algorithm>
#include <vector>

namespace peregrine::catalog {
namespace internal {

struct FlagTableEntry {
  std::string_view name;
  absl::Span<const FlagEntry> entries;
};

#include "runtime/catalog/flag_tables_data.inc"

}  // namespace internal

namespace {

constexpr bool TablesSorted() {
  for (size_t i = 1; i < std::size(internal::kFlagTables); ++i) {
    if (!(internal::kFlagTables[i - 1].name < internal::kFlagTables[i].name)) return false;
  }
  return true;
}
static_assert(TablesSorted(), "flag tables must be sorted by name");

void Append(std::string& out, std::string_view name, std::string_view sep) {
  if (!out.empty()) out.append(sep);
  out.append(name);
}

// The §12.2 walk shared by FLAGS and MODE; `mode` selects the MODE whole-value rule.
std::string WalkFlags(absl::Span<const FlagEntry> entries, uint64_t value, bool mode) {
  std::string out;
  uint64_t rem = value;
  for (const FlagEntry& e : entries) {
    bool matched;
    if (mode && e.value == value) {
      matched = true;
    } else if (e.value == 0) {
      matched = value == 0;
    } else {
      matched = rem != 0 && (rem & e.value) == e.value;
    }
    if (!matched) continue;
    Append(out, e.name, "|");
    rem &= ~e.value;
    if (e.value == value) break;
  }
  return out;
}

}  // namespace

std::optional<absl::Span<const FlagEntry>> FindFlagTable(std::string_view table) {
  std::string_view key = table;
  const auto* begin = std::begin(internal::kFlagTables);
  const auto* end = std::end(internal::kFlagTables);
  const auto* it = std::lower_bound(
      begin, end, key,
      [](const internal::FlagTableEntry& t, std::string_view k) { return t.name < k; });
  if (it == end || it->name != key) return std::nullopt;
  return it->entries;
}

std::vector<std::string_view> FlagTableNames() {
  std::vector<std::string_view> out;
  for (const auto& t : internal::kFlagTables) out.push_back(t.name);
  return out;
}

std::string RenderFlags(std::string_view table, uint64_t value) {
  auto entries = FindFlagTable(table);
  if (!entries) return "";
  return WalkFlags(*entries, value, /*mode=*/false);
}

std::string RenderModeNames(std::string_view table, uint64_t value) {
  auto entries = FindFlagTable(table);
  if (!entries) return "";
  return WalkFlags(*entries, value, /*mode=*/true);
}

std::string RenderEnum(std::string_view table, uint64_t value) {
  auto entries = FindFlagTable(table);
  if (!entries) return "";
  std::string out;
  for (const FlagEntry& e : *entries) {
    if (e.value == value) Append(out, e.name, "|");
  }
  return out;
}

std::string FormatOctal(uint64_t value) {
  if (value == 0) return "0";
  std::string digits;
  while (value != 0) {
    digits.push_back(static_cast<char>('0' + (value & 7)));
    value >>= 3;
  }
  digits.push_back('0');
  std::reverse(digits.begin(), digits.end());
  return digits;
}

std::optional<std::string> RenderFlagsParam(ParamType type, std::string_view table,
                                            uint64_t value) {
  // An if-chain rather than a switch: only these types have flag tables.
  if (type == ParamType::kFlags8 || type == ParamType::kFlags16 || type == ParamType::kFlags32) {
    return RenderFlags(table, value);
  }
  if (type == ParamType::kEnumFlags8 || type == ParamType::kEnumFlags16 ||
      type == ParamType::kEnumFlags32) {
    return RenderEnum(table, value);
  }
  if (type == ParamType::kMode) return RenderModeNames(table, value);
  return std::nullopt;
}

std::string RenderCapabilities(uint64_t mask) {
  std::string out;
  auto entries = FindFlagTable("capabilities");
  if (!entries) return out;
  // The table lists single bits in increasing order; render set bits in that order.
  for (const FlagEntry& e : *entries) {
    if (e.value != 0 && (mask & e.value) == e.value) Append(out, e.name, " ");
  }
  return out;
}

std::optional<uint64_t> FlagValue(std::string_view table, std::string_view name) {
  auto entries = FindFlagTable(table);
  if (!entries) return std::nullopt;
  for (const FlagEntry& e : *entries) {
    if (e.name == name) return e.value;
  }
  return std::nullopt;
}

}  // namespace peregrine::catalog
