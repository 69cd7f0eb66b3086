// Spellings of check operators, modifiers and transformers.
#include "compiler/ast/operators.h"

#include <array>

#include "base/status_macros.h"

namespace peregrine::compiler::ast {
namespace {

constexpr std::array kAllOperators = {
    CheckOperator::kExists,    CheckOperator::kLe,         CheckOperator::kLt,
    CheckOperator::kGe,        CheckOperator::kGt,         CheckOperator::kEqEq,
    CheckOperator::kEq,        CheckOperator::kNe,         CheckOperator::kGlob,
    CheckOperator::kIGlob,     CheckOperator::kContains,   CheckOperator::kIContains,
    CheckOperator::kBContains, CheckOperator::kStartsWith, CheckOperator::kBStartsWith,
    CheckOperator::kEndsWith,  CheckOperator::kRegex,      CheckOperator::kIntersects,
    CheckOperator::kIn,        CheckOperator::kPmatch,
};

constexpr std::array kCallableTransformers = {
    TransformerKind::kToLower,  TransformerKind::kToUpper, TransformerKind::kB64,
    TransformerKind::kBasename, TransformerKind::kLen,     TransformerKind::kJoin,
    TransformerKind::kConcat,   TransformerKind::kGetopt,
};

}  // namespace

std::string_view CheckOperatorName(CheckOperator op) {
  switch (op) {
    case CheckOperator::kExists:
      return "exists";
    case CheckOperator::kLe:
      return "<=";
    case CheckOperator::kLt:
      return "<";
    case CheckOperator::kGe:
      return ">=";
    case CheckOperator::kGt:
      return ">";
    case CheckOperator::kEqEq:
      return "==";
    case CheckOperator::kEq:
      return "=";
    case CheckOperator::kNe:
      return "!=";
    case CheckOperator::kGlob:
      return "glob";
    case CheckOperator::kIGlob:
      return "iglob";
    case CheckOperator::kContains:
      return "contains";
    case CheckOperator::kIContains:
      return "icontains";
    case CheckOperator::kBContains:
      return "bcontains";
    case CheckOperator::kStartsWith:
      return "startswith";
    case CheckOperator::kBStartsWith:
      return "bstartswith";
    case CheckOperator::kEndsWith:
      return "endswith";
    case CheckOperator::kRegex:
      return "regex";
    case CheckOperator::kIntersects:
      return "intersects";
    case CheckOperator::kIn:
      return "in";
    case CheckOperator::kPmatch:
      return "pmatch";
  }
  PEREGRINE_UNREACHABLE("invalid CheckOperator");
}

OperatorClass ClassOfOperator(CheckOperator op) {
  switch (op) {
    case CheckOperator::kExists:
      return OperatorClass::kUnary;
    case CheckOperator::kLe:
    case CheckOperator::kLt:
    case CheckOperator::kGe:
    case CheckOperator::kGt:
      return OperatorClass::kNumeric;
    case CheckOperator::kEqEq:
    case CheckOperator::kEq:
    case CheckOperator::kNe:
    case CheckOperator::kGlob:
    case CheckOperator::kIGlob:
    case CheckOperator::kContains:
    case CheckOperator::kIContains:
    case CheckOperator::kBContains:
    case CheckOperator::kStartsWith:
    case CheckOperator::kBStartsWith:
    case CheckOperator::kEndsWith:
    case CheckOperator::kRegex:
      return OperatorClass::kString;
    case CheckOperator::kIntersects:
    case CheckOperator::kIn:
    case CheckOperator::kPmatch:
      return OperatorClass::kList;
  }
  PEREGRINE_UNREACHABLE("invalid CheckOperator");
}

std::optional<CheckOperator> CheckOperatorFromName(std::string_view name) {
  for (CheckOperator op : kAllOperators) {
    if (CheckOperatorName(op) == name) return op;
  }
  return std::nullopt;
}

std::span<const CheckOperator> AllCheckOperators() { return kAllOperators; }

std::string_view OperatorModifierName(OperatorModifier modifier) {
  switch (modifier) {
    case OperatorModifier::kNone:
      return "";
    case OperatorModifier::kOneOf:
      return "oneof";
    case OperatorModifier::kAnyOf:
      return "anyof";
    case OperatorModifier::kAllOf:
      return "allof";
  }
  PEREGRINE_UNREACHABLE("invalid OperatorModifier");
}

std::optional<OperatorModifier> OperatorModifierFromName(std::string_view name) {
  for (OperatorModifier m :
       {OperatorModifier::kOneOf, OperatorModifier::kAnyOf, OperatorModifier::kAllOf}) {
    if (OperatorModifierName(m) == name) return m;
  }
  return std::nullopt;
}

std::string_view TransformerName(TransformerKind kind) {
  switch (kind) {
    case TransformerKind::kVal:
      return "val";
    case TransformerKind::kToLower:
      return "tolower";
    case TransformerKind::kToUpper:
      return "toupper";
    case TransformerKind::kB64:
      return "b64";
    case TransformerKind::kBasename:
      return "basename";
    case TransformerKind::kLen:
      return "len";
    case TransformerKind::kJoin:
      return "join";
    case TransformerKind::kConcat:
      return "concat";
    case TransformerKind::kGetopt:
      return "getopt";
  }
  PEREGRINE_UNREACHABLE("invalid TransformerKind");
}

std::optional<TransformerKind> TransformerFromName(std::string_view name) {
  if (name == "val") return TransformerKind::kVal;
  for (TransformerKind kind : kCallableTransformers) {
    if (TransformerName(kind) == name) return kind;
  }
  return std::nullopt;
}

std::span<const TransformerKind> CallableTransformers() { return kCallableTransformers; }

}  // namespace peregrine::compiler::ast
