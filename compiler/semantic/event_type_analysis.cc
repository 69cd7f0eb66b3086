#include "compiler/semantic/event_type_analysis.h"

#include <cstdlib>
#include <string_view>
#include <vector>

#include "absl/strings/numbers.h"
#include "base/status_macros.h"

namespace peregrine::compiler {

std::vector<std::string> EventNames(const EventCodeSet& codes) {
  std::vector<std::string> names;
  for (size_t code = 0; code < codes.size(); ++code) {
    if (!codes.test(code)) continue;
    std::string_view name = catalog::GetEventInfo(static_cast<uint16_t>(code)).name;
    if (name == "NA") continue;
    if (names.empty() || names.back() != name) {
      bool seen = false;
      for (const std::string& n : names) seen = seen || n == name;
      if (!seen) names.emplace_back(name);
    }
  }
  return names;
}

namespace semantic {
namespace {

const ast::FieldRef* PlainField(const ast::Operand& operand) {
  const auto* field = ast::DynCast<ast::FieldRef>(&operand);
  return field != nullptr && !field->arg.has_value() ? field : nullptr;
}

bool IsTypeField(const ast::FieldRef* field) {
  return field != nullptr && (field->name == "evt.type" || field->name == "syscall.type");
}

// Whether a transformer (possibly nested) has evt.type/syscall.type among its arguments.
bool TransformsTypeField(const ast::Operand& operand) {
  const auto* call = ast::DynCast<ast::TransformerCall>(&operand);
  if (call == nullptr) return false;
  for (const auto& arg : call->args) {
    if (IsTypeField(ast::DynCast<ast::FieldRef>(arg.get())) || TransformsTypeField(*arg)) {
      return true;
    }
  }
  return false;
}

// The constants on the right of a check: one value, a list literal, or an identifier.
bool RightValues(const ast::Operand& right, std::vector<std::string>* values) {
  if (const auto* value = ast::DynCast<ast::ConstValue>(&right)) {
    values->push_back(value->text);
    return true;
  }
  if (const auto* list = ast::DynCast<ast::ListLiteral>(&right)) {
    for (const ast::ConstValue& v : list->values) values->push_back(v.text);
    return true;
  }
  if (const auto* identifier = ast::DynCast<ast::IdentifierRef>(&right)) {
    values->push_back(identifier->name);
    return true;
  }
  return false;
}

using Decision = EventNumberDecision;

}  // namespace

Decision DecideEventNumber(ast::CheckOperator op, const std::vector<std::string>& values) {
  std::vector<uint64_t> numbers;
  for (const std::string& text : values) {
    uint64_t n;
    if (!absl::SimpleAtoi(text, &n)) return Decision::kNeutral;
    numbers.push_back(n);
  }
  using Op = ast::CheckOperator;
  if (op == Op::kIn) {
    for (uint64_t n : numbers) {
      if (n != 0) return Decision::kNeutral;
    }
    return Decision::kNever;  // `in ()` and `in (0, 0...)`
  }
  if (numbers.size() != 1) return Decision::kNeutral;
  const uint64_t n = numbers[0];
  switch (op) {
    case Op::kEq:
    case Op::kEqEq:
      return n == 0 ? Decision::kNever : Decision::kNeutral;
    case Op::kLt:
      return n <= 1 ? Decision::kNever : Decision::kNeutral;
    case Op::kLe:
      return n == 0 ? Decision::kNever : Decision::kNeutral;
    case Op::kNe:
    case Op::kGt:
      return n == 0 ? Decision::kAlways : Decision::kNeutral;
    case Op::kGe:
      return n <= 1 ? Decision::kAlways : Decision::kNeutral;
    default:
      return Decision::kNeutral;
  }
}

namespace {

class Analyzer {
 public:
  absl::StatusOr<EventCodeSet> Visit(const ast::Expr& node, bool negated) {
    switch (node.kind) {
      case ast::ExprKind::kAnd:
      case ast::ExprKind::kOr: {
        const auto& logical = ast::Cast<ast::LogicalExpr>(node);
        // and (not negated) / or (negated) intersect; the other two unite.
        const bool intersect = logical.is_and() != negated;
        EventCodeSet result = intersect ? AllEventCodes() : EventCodeSet();
        for (const auto& child : logical.children) {
          absl::StatusOr<EventCodeSet> codes = Visit(*child, negated);
          if (!codes.ok()) return codes.status();
          result = intersect ? (result & *codes) : (result | *codes);
        }
        return result;
      }
      case ast::ExprKind::kNot:
        return Visit(*ast::Cast<ast::NotExpr>(node).child, !negated);
      case ast::ExprKind::kBinaryCheck:
        return VisitBinary(ast::Cast<ast::BinaryCheckExpr>(node), negated);
      case ast::ExprKind::kUnaryCheck: {
        const auto& check = ast::Cast<ast::UnaryCheckExpr>(node);
        if (IsTypeField(PlainField(*check.left))) {
          return negated ? EventCodeSet() : AllEventCodes();
        }
        return AllEventCodes();
      }
      case ast::ExprKind::kIdentifier:
        return AllEventCodes();  // neutral: an unexpanded macro
    }
    PEREGRINE_UNREACHABLE("all expression kinds handled");
  }

 private:
  absl::StatusOr<EventCodeSet> VisitBinary(const ast::BinaryCheckExpr& check, bool negated) {
    using Op = ast::CheckOperator;
    const ast::FieldRef* left = PlainField(*check.left);
    std::vector<std::string> values;
    if (left != nullptr && left->name == "evt.num" && RightValues(*check.right, &values) &&
        check.modifier == ast::OperatorModifier::kNone) {
      const Decision decision = DecideEventNumber(check.op, values);
      if (decision != Decision::kNeutral) {
        EventCodeSet set = decision == Decision::kNever ? EventCodeSet() : AllEventCodes();
        return negated ? ~set : set;
      }
      return AllEventCodes();
    }
    const bool restricting_op =
        check.op == Op::kEq || check.op == Op::kEqEq || check.op == Op::kNe || check.op == Op::kIn;
    if (restricting_op && IsTypeField(left) && check.modifier == ast::OperatorModifier::kNone) {
      values.clear();
      if (!RightValues(*check.right, &values)) {
        return absl::InvalidArgumentError(
            "right-hand field comparisons on evt.type/syscall.type checks are not supported by "
            "event code search");
      }
      EventCodeSet set;
      for (const std::string& name : values) set |= CodesForEventName(name);
      if (negated) set = ~set;
      if (check.op == Op::kNe) set = ~set;
      return set;
    }
    if (TransformsTypeField(*check.left)) {
      return absl::InvalidArgumentError(
          "transformers on evt.type/syscall.type checks are not supported by event code search");
    }
    return AllEventCodes();  // neutral, never inverted
  }
};

}  // namespace

EventCodeSet CodesForEventName(const std::string& name) {
  EventCodeSet set;
  absl::Span<const uint16_t> codes = catalog::CodesForName(name);
  for (uint16_t code : codes) set.set(code);
  if (codes.empty() && catalog::IsSyscallName(name)) {
    set.set(0);  // PPME_GENERIC_E
    set.set(catalog::kGenericExitCode);
  }
  return set;
}

absl::StatusOr<EventCodeSet> AnalyzeEventTypes(const ast::Expr& root) {
  return Analyzer().Visit(root, /*negated=*/false);
}

}  // namespace semantic
}  // namespace peregrine::compiler
