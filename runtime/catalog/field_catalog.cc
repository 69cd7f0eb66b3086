// Field catalog data and Falco's field-name resolution (§2.5).
#include "runtime/catalog/field_catalog.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <cstdlib>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"

namespace peregrine::catalog {
namespace {

constexpr FieldInfo kFields[] = {
#define PG_FIELD(id, name, type, cls, flags, desc) \
  {FieldId::id, name, FieldType::type, FieldClass::cls, static_cast<uint32_t>(flags), desc},
#include "runtime/catalog/field_list.inc"
#undef PG_FIELD
};
static_assert(std::size(kFields) == static_cast<size_t>(FieldId::kNumFieldIds));

// Field indices sorted by name, computed at compile time.
constexpr auto kByName = [] {
  std::array<uint16_t, std::size(kFields)> order{};
  for (size_t i = 0; i < order.size(); ++i) order[i] = static_cast<uint16_t>(i);
  std::sort(order.begin(), order.end(),
            [](uint16_t a, uint16_t b) { return kFields[a].name < kFields[b].name; });
  return order;
}();

constexpr bool NamesUnique() {
  for (size_t i = 1; i < kByName.size(); ++i) {
    if (kFields[kByName[i - 1]].name == kFields[kByName[i]].name) return false;
  }
  return true;
}
static_assert(NamesUnique(), "field names must be unique");

std::string_view Std(absl::string_view s) { return std::string_view(s.data(), s.size()); }

absl::Status Nonexistent(absl::string_view name, const std::optional<std::string>& arg) {
  std::string text(name.data(), name.size());
  if (arg) absl::StrAppend(&text, "[", *arg, "]");
  return absl::InvalidArgumentError(
      absl::StrCat("filter_check called with nonexistent field ", text));
}

bool IsDecimal(const std::string& s) {
  if (s.empty() || s.size() > 18) return false;
  return std::all_of(s.begin(), s.end(),
                     [](char c) { return std::isdigit(static_cast<unsigned char>(c)) != 0; });
}

// Fills the bracket-argument part of `out` for field `info`.
absl::Status ApplyBracketArg(const FieldInfo& info, std::optional<std::string> arg,
                             ResolvedField& out) {
  if (!arg) {
    if (info.Has(kFieldArgRequired)) {
      return absl::InvalidArgumentError(
          absl::StrCat("field '", std::string(info.name), "' requires an argument"));
    }
    return absl::OkStatus();
  }
  bool numeric = IsDecimal(*arg);
  if (info.Has(kFieldArgIndex) && !info.Has(kFieldArgKey) && !numeric) {
    return absl::InvalidArgumentError(absl::StrCat(
        "field '", std::string(info.name), "' requires a numeric argument, got '", *arg, "'"));
  }
  if (info.Has(kFieldArgIndex) && numeric) out.index = std::strtoll(arg->c_str(), nullptr, 10);
  out.arg = std::move(arg);
  return absl::OkStatus();
}

bool IsWordChar(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; }

}  // namespace

std::string_view FieldClassName(FieldClass field_class) {
  switch (field_class) {
    case FieldClass::kEvt:
      return "evt";
    case FieldClass::kProc:
      return "proc";
    case FieldClass::kThread:
      return "thread";
    case FieldClass::kUser:
      return "user";
    case FieldClass::kGroup:
      return "group";
    case FieldClass::kFd:
      return "fd";
    case FieldClass::kFsPath:
      return "fs.path";
    case FieldClass::kUtil:
      return "util";
    case FieldClass::kFdList:
      return "fdlist";
    case FieldClass::kContainer:
      return "container";
    case FieldClass::kK8s:
      return "k8s";
  }
  return "?";
}

absl::Span<const FieldInfo> AllFields() { return kFields; }

const FieldInfo& GetFieldInfo(FieldId id) { return kFields[static_cast<size_t>(id)]; }

const FieldInfo* FindField(absl::string_view name) {
  std::string_view key = Std(name);
  const auto* it =
      std::lower_bound(kByName.begin(), kByName.end(), key,
                       [](uint16_t i, std::string_view k) { return kFields[i].name < k; });
  if (it == kByName.end() || kFields[*it].name != key) return nullptr;
  return &kFields[*it];
}

std::optional<FieldType> RawArgType(absl::string_view param_name) {
  std::optional<FieldType> fallback;
  for (int code = 0; code < kNumEventCodes; ++code) {
    const EventInfo& e = GetEventInfo(static_cast<uint16_t>(code));
    for (const ParamInfo& p : e.params) {
      if (p.name != Std(param_name)) continue;
      if (!e.HasTag(kTagOld) && !e.HasTag(kTagUnused)) return p.type;
      if (!fallback) fallback = p.type;
    }
  }
  return fallback;
}

std::string ResolvedField::DisplayName() const {
  std::string out(info->name);
  if (!suffix.empty()) absl::StrAppend(&out, ".", suffix);
  if (arg) absl::StrAppend(&out, "[", *arg, "]");
  return out;
}

absl::StatusOr<ResolvedField> ResolveField(absl::string_view name, std::optional<std::string> arg) {
  if (const FieldInfo* info = FindField(name)) {
    // A bracket argument on a field that takes none: the class recognises only the bare name, so
    // the whole text is an unknown field (§2.5: proc.name[1]).
    bool takes_bracket = info->Has(kFieldArgIndex) || info->Has(kFieldArgKey);
    if (arg && !takes_bracket) return Nonexistent(name, arg);
    ResolvedField out{info->id, info,         info->type,  info->Has(kFieldIsList),
                      "",       std::nullopt, std::nullopt};
    absl::Status status = ApplyBracketArg(*info, std::move(arg), out);
    if (!status.ok()) return status;
    return out;
  }

  // Dotted-suffix fields: the longest catalog prefix "X." of a field taking a suffix.
  std::string_view text = Std(name);
  const FieldInfo* owner = nullptr;
  for (const FieldInfo& f : kFields) {
    if (!f.Has(kFieldDottedSuffix)) continue;
    if (text.size() > f.name.size() + 1 && text.substr(0, f.name.size()) == f.name &&
        text[f.name.size()] == '.' && (owner == nullptr || f.name.size() > owner->name.size())) {
      owner = &f;
    }
  }
  if (owner == nullptr || arg) return Nonexistent(name, arg);
  std::string suffix(text.substr(owner->name.size() + 1));
  ResolvedField out{owner->id, owner,        owner->type, owner->Has(kFieldIsList),
                    suffix,    std::nullopt, std::nullopt};
  if (owner->id == FieldId::kEvtArg) {
    if (!IsParamNameOfAnyEvent(suffix)) {
      return absl::InvalidArgumentError(absl::StrCat("unknown event argument ", suffix));
    }
    out.type = FieldType::kCharBuf;  // evt.arg.* is always the text rendering
    return out;
  }
  if (owner->id == FieldId::kEvtRawarg) {
    std::optional<FieldType> type = RawArgType(suffix);
    if (!type) return absl::InvalidArgumentError(absl::StrCat("unknown event argument ", suffix));
    out.type = *type;
    return out;
  }
  if (owner->id == FieldId::kEvtTypeIs) {
    if (!IsEventName(suffix) && !IsSyscallName(suffix)) {
      return absl::InvalidArgumentError(absl::StrCat("unknown event type ", suffix));
    }
    return out;
  }
  // thread.cgroup.SUBSYSTEM: any subsystem name.
  return out;
}

size_t LongestFieldPrefix(absl::string_view text_in) {
  std::string_view text = Std(text_in);
  size_t best = 0;
  for (const FieldInfo& f : kFields) {
    if (f.name.size() <= best || text.substr(0, f.name.size()) != f.name) continue;
    size_t len = f.name.size();
    if (f.Has(kFieldDottedSuffix) && text.size() > len + 1 && text[len] == '.') {
      std::string_view rest = text.substr(len + 1);
      size_t suffix = 0;
      if (f.id == FieldId::kEvtArg || f.id == FieldId::kEvtRawarg) {
        for (std::string_view p : AllParamNames()) {
          if (p.size() > suffix && rest.substr(0, p.size()) == p) suffix = p.size();
        }
      } else {
        while (suffix < rest.size() && IsWordChar(rest[suffix])) ++suffix;
      }
      if (suffix > 0) len += 1 + suffix;
    }
    best = std::max(best, len);
  }
  return best;
}

}  // namespace peregrine::catalog
