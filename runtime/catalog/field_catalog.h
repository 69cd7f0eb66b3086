// The field catalog of the rule language: every field a condition or output may name, with its
// type, class and flags, and Falco's name resolution (falco-rule-language.md §2.5, §4, §8).
//
// The catalog is immutable constexpr data (field_list.inc); every function is thread-safe.
// ResolveField allocates only for its result.
#ifndef PEREGRINE_RUNTIME_CATALOG_FIELD_CATALOG_H_
#define PEREGRINE_RUNTIME_CATALOG_FIELD_CATALOG_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/types/span.h"
#include "runtime/catalog/field_types.h"

namespace peregrine::catalog {

// Field classes, in Falco's registration order (§2.5). container.* and k8s.* belong to the
// container plugin in current Falco.
enum class FieldClass : uint8_t {
  kEvt,
  kProc,
  kThread,
  kUser,
  kGroup,
  kFd,
  kFsPath,
  kUtil,
  kFdList,
  kContainer,
  kK8s,
};

std::string_view FieldClassName(FieldClass field_class);  // "evt", "proc", ..., "fs.path"

// FieldInfo::flags bits.
enum FieldFlag : uint32_t {
  kFieldArgIndex = 1u << 0,       // accepts a numeric [N] argument
  kFieldArgKey = 1u << 1,         // accepts a key [K] argument
  kFieldArgRequired = 1u << 2,    // an argument (bracket or dotted suffix) is mandatory
  kFieldIsList = 1u << 3,         // list-valued (EPF_IS_LIST)
  kFieldFilterOnly = 1u << 4,     // cannot be printed (always <NA> in outputs)
  kFieldNoRhs = 1u << 5,          // cannot be either side of a field-to-field comparison
  kFieldNoTransformer = 1u << 6,  // rejects transformers
  kFieldDeprecated = 1u << 7,     // Falco warns when a rule uses it
  kFieldDottedSuffix = 1u << 8,   // takes its argument as ".SUFFIX" (evt.arg.NAME, thread.cgroup.X)
};

// A stable numeric id per catalog field, for cheap switches in back ends.
enum class FieldId : uint16_t {
#define PG_FIELD(id, name, type, cls, flags, desc) id,
#include "runtime/catalog/field_list.inc"
#undef PG_FIELD
  kNumFieldIds
};

inline constexpr int kNumFields = static_cast<int>(FieldId::kNumFieldIds);

struct FieldInfo {
  FieldId id;
  std::string_view name;
  FieldType type;
  FieldClass field_class;
  uint32_t flags;
  std::string_view description;

  bool Has(FieldFlag flag) const { return (flags & flag) != 0; }
  bool AcceptsArgument() const {
    return (flags & (kFieldArgIndex | kFieldArgKey | kFieldDottedSuffix)) != 0;
  }
};

// All fields, indexed by FieldId.
absl::Span<const FieldInfo> AllFields();
const FieldInfo& GetFieldInfo(FieldId id);
// The field whose catalog name is exactly `name` (no argument, no suffix); nullptr if none.
const FieldInfo* FindField(absl::string_view name);

// A field reference resolved against the catalog.
struct ResolvedField {
  FieldId id;
  const FieldInfo* info;  // never null; points into the static catalog
  // The type the reference evaluates to: info->type, except evt.rawarg.NAME (the declared type of
  // parameter NAME; DYN stays DYN).
  FieldType type;
  bool is_list;
  // The dotted suffix: "flags" for evt.arg.flags, "open" for evt.type.is.open, "cpuacct" for
  // thread.cgroup.cpuacct; empty otherwise.
  std::string suffix;
  // The bracket argument as given ("2", "HOME", "/proc*"), if any.
  std::optional<std::string> arg;
  // The bracket argument as a number, when it is a decimal index the field accepts as an index.
  std::optional<int64_t> index;

  // The reference as written: "proc.aname[2]", "evt.arg.flags".
  std::string DisplayName() const;
};

// Resolves `name` (a dotted field name, possibly with a dotted suffix) with the optional bracket
// argument `arg` (the text between [ and ], quotes already removed), per §2.5. Errors:
//   "filter_check called with nonexistent field X"  (X = name, plus [arg] if given)
//   "unknown event argument NAME"                    (evt.arg.NAME / evt.rawarg.NAME)
//   "unknown event type NAME"                        (evt.type.is.NAME)
//   "field 'X' requires an argument"                 (evt.arg, evt.rawarg, container.label, ...)
//   "field 'X' requires a numeric argument, got 'A'" (proc.aname[abc], evt.arg[x])
// The last two texts are ours (the spec gives no wording).
absl::StatusOr<ResolvedField> ResolveField(absl::string_view name,
                                           std::optional<std::string> arg = std::nullopt);

// For output format strings (§6): the length of the longest prefix of `text` that names a field
// (without a bracket argument; evt.arg.X takes the longest parameter name), or 0 if none.
size_t LongestFieldPrefix(absl::string_view text);

// The type of evt.rawarg.NAME: the declared type of the first current-layout (not old, not
// unused) event parameter called NAME, or of any event if only old ones have it.
std::optional<FieldType> RawArgType(absl::string_view param_name);

}  // namespace peregrine::catalog

#endif  // PEREGRINE_RUNTIME_CATALOG_FIELD_CATALOG_H_
