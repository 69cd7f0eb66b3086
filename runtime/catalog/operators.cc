// Operator names and the §4.2 operator/type compatibility matrix.
#include "runtime/catalog/operators.h"

#include <string>

#include "absl/strings/str_cat.h"

namespace peregrine::catalog {
namespace {

struct OpSpelling {
  Op op;
  std::string_view text;
};

constexpr OpSpelling kOps[] = {
    {Op::kEq, "="},
    {Op::kEqEq, "=="},
    {Op::kNe, "!="},
    {Op::kLt, "<"},
    {Op::kLe, "<="},
    {Op::kGt, ">"},
    {Op::kGe, ">="},
    {Op::kContains, "contains"},
    {Op::kIContains, "icontains"},
    {Op::kBContains, "bcontains"},
    {Op::kStartsWith, "startswith"},
    {Op::kBStartsWith, "bstartswith"},
    {Op::kEndsWith, "endswith"},
    {Op::kGlob, "glob"},
    {Op::kIGlob, "iglob"},
    {Op::kRegex, "regex"},
    {Op::kPmatch, "pmatch"},
    {Op::kIn, "in"},
    {Op::kIntersects, "intersects"},
    {Op::kExists, "exists"},
};

bool IsEquality(Op op) { return op == Op::kEq || op == Op::kEqEq || op == Op::kNe; }
bool IsOrdering(Op op) { return op == Op::kLt || op == Op::kLe || op == Op::kGt || op == Op::kGe; }

// Whether the §4.2 matrix allows `op` for a single-value field of class `cls`.
bool Allowed(TypeClass cls, Op op) {
  if (op == Op::kExists) return true;
  bool in_like = op == Op::kIn || op == Op::kIntersects;
  switch (cls) {
    case TypeClass::kNumeric:
      return IsEquality(op) || IsOrdering(op) || in_like;
    case TypeClass::kBool:
    case TypeClass::kIp:
      return IsEquality(op) || in_like;
    case TypeClass::kString:
      return op != Op::kBContains && op != Op::kBStartsWith;
    case TypeClass::kBuffer:
      return IsEquality(op) || in_like || op == Op::kContains || op == Op::kStartsWith ||
             op == Op::kEndsWith || op == Op::kBContains || op == Op::kBStartsWith;
    case TypeClass::kOther:
      return false;
  }
  return false;
}

std::string NotSupported(Op op, absl::string_view what) {
  return absl::StrCat("'", std::string(OpName(op)), "' operator not supported ", what);
}

}  // namespace

std::string_view OpName(Op op) {
  for (const OpSpelling& s : kOps) {
    if (s.op == op) return s.text;
  }
  return "?";
}

std::optional<Op> ParseOp(absl::string_view text) {
  for (const OpSpelling& s : kOps) {
    if (s.text == std::string_view(text.data(), text.size())) return s.op;
  }
  return std::nullopt;
}

std::string_view ModifierName(Modifier modifier) {
  switch (modifier) {
    case Modifier::kNone:
      return "";
    case Modifier::kOneOf:
      return "oneof";
    case Modifier::kAnyOf:
      return "anyof";
    case Modifier::kAllOf:
      return "allof";
  }
  return "";
}

std::optional<Modifier> ParseModifier(absl::string_view text) {
  if (text == "oneof") return Modifier::kOneOf;
  if (text == "anyof") return Modifier::kAnyOf;
  if (text == "allof") return Modifier::kAllOf;
  return std::nullopt;
}

bool IsListOp(Op op) { return op == Op::kIn || op == Op::kIntersects || op == Op::kPmatch; }

bool OpAcceptsModifier(Op op) { return !IsListOp(op) && !IsOrdering(op) && op != Op::kExists; }

absl::Status CheckOperator(FieldType type, Op op, Modifier modifier, bool is_list) {
  if (op == Op::kExists) {
    if (modifier != Modifier::kNone) {
      return absl::InvalidArgumentError("'exists' operator does not accept modifiers");
    }
    return absl::OkStatus();
  }
  if (modifier != Modifier::kNone && !OpAcceptsModifier(op)) {
    return absl::InvalidArgumentError(absl::StrCat("'", std::string(OpName(op)),
                                                   "' operator does not accept modifier '",
                                                   std::string(ModifierName(modifier)), "'"));
  }
  if (is_list) {
    if (!IsListableType(type)) {
      return absl::InvalidArgumentError(absl::StrCat("list filters are not supported for type '",
                                                     std::string(FieldTypeName(type)), "'"));
    }
    if (op != Op::kIn && op != Op::kIntersects) {
      // Falco's text, missing "for" included.
      return absl::InvalidArgumentError(NotSupported(op, "list filters"));
    }
    return absl::OkStatus();
  }
  TypeClass cls = ClassifyType(type);
  if (!Allowed(cls, op)) {
    switch (cls) {
      case TypeClass::kNumeric:
      case TypeClass::kBool:
        return absl::InvalidArgumentError(NotSupported(op, "for numeric filters"));
      case TypeClass::kIp:
        return absl::InvalidArgumentError(NotSupported(op, "for ip address and network filters"));
      case TypeClass::kString:
        return absl::InvalidArgumentError(NotSupported(op, "for string filters"));
      case TypeClass::kBuffer:
        return absl::InvalidArgumentError(NotSupported(op, "for buffer filters"));
      case TypeClass::kOther:
        return absl::InvalidArgumentError(
            absl::StrCat(NotSupported(op, "for type '"), std::string(FieldTypeName(type)), "'"));
    }
  }
  if (modifier != Modifier::kNone && cls == TypeClass::kIp && !IsEquality(op)) {
    return absl::InvalidArgumentError(
        absl::StrCat("'", std::string(OpName(op)), " ", std::string(ModifierName(modifier)),
                     "' operator not supported for ip address and network filters"));
  }
  return absl::OkStatus();
}

}  // namespace peregrine::catalog
