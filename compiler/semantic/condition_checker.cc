#include "compiler/semantic/condition_checker.h"

#include <regex>
#include <utility>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "base/status_macros.h"
#include "base/string_view_compat.h"
#include "compiler/semantic/event_type_analysis.h"
#include "runtime/catalog/event_table.h"

namespace peregrine::compiler::semantic {
namespace {

using catalog::FieldId;
using catalog::FieldType;
using catalog::Op;

constexpr char kCompileError[] = "LOAD_ERR_COMPILE_CONDITION";
constexpr char kCompileWarning[] = "LOAD_COMPILE_CONDITION";
constexpr char kDeprecated[] = "LOAD_DEPRECATED_ITEM";

Op ToCatalogOp(ast::CheckOperator op) {
  std::optional<Op> mapped = catalog::ParseOp(Sv(ast::CheckOperatorName(op)));
  assert(mapped.has_value() && "every AST operator has a catalog twin");
  return *mapped == Op::kEqEq ? Op::kEq : *mapped;  // `==` and `=` are the same check
}

catalog::Modifier ToCatalogModifier(ast::OperatorModifier modifier) {
  switch (modifier) {
    case ast::OperatorModifier::kNone:
      return catalog::Modifier::kNone;
    case ast::OperatorModifier::kOneOf:
      return catalog::Modifier::kOneOf;
    case ast::OperatorModifier::kAnyOf:
      return catalog::Modifier::kAnyOf;
    case ast::OperatorModifier::kAllOf:
      return catalog::Modifier::kAllOf;
  }
  PEREGRINE_UNREACHABLE("all modifiers handled");
}

bool IsAncestorField(FieldId id) {
  return id == FieldId::kProcAname || id == FieldId::kProcAexe || id == FieldId::kProcAexepath ||
         id == FieldId::kProcAcmdline || id == FieldId::kProcApid || id == FieldId::kProcAenv;
}

bool IsEndpointField(FieldId id) {
  return id == FieldId::kFdIp || id == FieldId::kFdPort || id == FieldId::kFdProto ||
         id == FieldId::kFdNet;
}

bool IsIpNameField(FieldId id) {
  return id == FieldId::kFdCipName || id == FieldId::kFdSipName || id == FieldId::kFdLipName ||
         id == FieldId::kFdRipName;
}

bool IsStringLike(FieldType type) { return catalog::IsStringType(type); }

// Falco's "regex without special characters" heuristic (§1.16 LOAD_COMPILE_CONDITION (a)).
bool RegexIsPlainText(std::string_view pattern) {
  for (std::string_view prefix : {"^", ".*", ".+", ".?"}) {
    if (absl::StartsWith(Sv(pattern), Sv(prefix))) {
      pattern.remove_prefix(prefix.size());
      break;
    }
  }
  for (std::string_view suffix : {"$", ".*", ".+", ".?"}) {
    if (absl::EndsWith(Sv(pattern), Sv(suffix))) {
      pattern.remove_suffix(suffix.size());
      break;
    }
  }
  return pattern.find_first_of(".^$*+?()[]{}|\\") == std::string_view::npos;
}

bool LooksLikeTransformerCall(std::string_view text) {
  const size_t paren = text.find('(');
  if (paren == std::string_view::npos || text.back() != ')') return false;
  return ast::TransformerFromName(text.substr(0, paren)).has_value();
}

class Checker {
 public:
  Checker(const OriginMap& origins, ir::ProgramBuilder& builder)
      : origins_(origins), builder_(builder) {}

  CheckedCondition Run(const ast::Expr& expr) {
    CheckedCondition result;
    std::optional<ir::NodeId> root = Visit(expr);
    if (error_) {
      result.error = std::move(error_);
    } else {
      result.root = root;
    }
    result.warnings = std::move(warnings_);
    return result;
  }

 private:
  // Sets the first error; returns nullopt so callers can `return Fail(...)`.
  std::nullopt_t Fail(std::string message, ast::SourceRange range) {
    if (!error_) error_ = ConditionProblem{kCompileError, std::move(message), origin_, range};
    return std::nullopt;
  }
  void Warn(const char* code, std::string message, ast::SourceRange range) {
    warnings_.push_back(ConditionProblem{code, std::move(message), origin_, range});
  }

  std::optional<ir::NodeId> Visit(const ast::Expr& expr) {
    const MacroDef* saved = origin_;
    if (auto it = origins_.find(&expr); it != origins_.end()) origin_ = it->second;
    std::optional<ir::NodeId> node = VisitInOrigin(expr);
    origin_ = saved;
    return node;
  }

  std::optional<ir::NodeId> VisitInOrigin(const ast::Expr& expr) {
    switch (expr.kind) {
      case ast::ExprKind::kAnd:
      case ast::ExprKind::kOr: {
        const auto& logical = ast::Cast<ast::LogicalExpr>(expr);
        std::vector<ir::NodeId> children;
        for (const auto& child : logical.children) {
          std::optional<ir::NodeId> node = Visit(*child);
          if (!node) return std::nullopt;
          children.push_back(*node);
        }
        return logical.is_and() ? builder_.And(std::move(children))
                                : builder_.Or(std::move(children));
      }
      case ast::ExprKind::kNot: {
        std::optional<ir::NodeId> child = Visit(*ast::Cast<ast::NotExpr>(expr).child);
        if (!child) return std::nullopt;
        return builder_.Not(*child);
      }
      case ast::ExprKind::kUnaryCheck: {
        const auto& check = ast::Cast<ast::UnaryCheckExpr>(expr);
        std::optional<ir::OperandId> lhs = LeftOperand(*check.left);
        if (!lhs) return std::nullopt;
        ir::Predicate predicate;
        predicate.lhs = *lhs;
        predicate.op = Op::kExists;
        return builder_.AddPredicate(std::move(predicate));
      }
      case ast::ExprKind::kBinaryCheck:
        return BinaryCheck(ast::Cast<ast::BinaryCheckExpr>(expr));
      case ast::ExprKind::kIdentifier:
        return Fail(absl::StrCat("Undefined macro '", ast::Cast<ast::IdentifierExpr>(expr).name,
                                 "' used in filter."),
                    expr.range);
    }
    PEREGRINE_UNREACHABLE("all expression kinds handled");
  }

  // Resolves a field or transformer into an IR operand. `allow_transformers` is false inside
  // val(). Returns nullopt after Fail().
  std::optional<ir::Operand> ResolveOperand(const ast::Operand& operand) {
    if (const auto* field = ast::DynCast<ast::FieldRef>(&operand)) {
      absl::StatusOr<catalog::ResolvedField> resolved =
          catalog::ResolveField(field->name, field->arg);
      if (!resolved.ok()) return Fail(std::string(resolved.status().message()), field->range);
      if (resolved->info->Has(catalog::kFieldDeprecated)) {
        Warn(kDeprecated, absl::StrCat("field '", resolved->DisplayName(), "' is deprecated"),
             field->range);
      }
      ir::Operand result;
      result.type = resolved->type;
      result.is_list = resolved->is_list;
      if (IsAncestorField(resolved->id) && !resolved->index.has_value()) {
        result.multiplicity = ir::Multiplicity::kAnyAncestor;
      } else if (IsEndpointField(resolved->id)) {
        result.multiplicity = ir::Multiplicity::kEitherEndpoint;
      }
      result.field = *std::move(resolved);
      return result;
    }
    if (const auto* call = ast::DynCast<ast::TransformerCall>(&operand)) {
      return Transformer(*call);
    }
    return Fail("expected a field or a transformer", operand.range);
  }

  std::optional<ir::Operand> Transformer(const ast::TransformerCall& call) {
    const std::string_view name = ast::TransformerName(call.transformer);
    ir::Transform transform = ir::Transform::kToLower;  // set by every supported case below
    switch (call.transformer) {
      case ast::TransformerKind::kToLower:
        transform = ir::Transform::kToLower;
        break;
      case ast::TransformerKind::kToUpper:
        transform = ir::Transform::kToUpper;
        break;
      case ast::TransformerKind::kB64:
        transform = ir::Transform::kB64;
        break;
      case ast::TransformerKind::kBasename:
        transform = ir::Transform::kBasename;
        break;
      case ast::TransformerKind::kLen:
        transform = ir::Transform::kLen;
        break;
      case ast::TransformerKind::kJoin:
      case ast::TransformerKind::kConcat:
      case ast::TransformerKind::kGetopt:
      case ast::TransformerKind::kVal:
        return Fail(absl::StrCat("transformer '", Sv(name),
                                 "' is not supported by Peregrine yet (multi-value transformers "
                                 "are new in libs 0.25 and used by no released ruleset)"),
                    call.range);
    }
    if (call.arg.has_value()) {
      return Fail(absl::StrCat("transformer '", Sv(name), "' does not accept an argument"),
                  call.range);
    }
    if (call.args.size() != 1) {
      return Fail(absl::StrCat("transformer '", Sv(name), "' takes exactly one argument"),
                  call.range);
    }
    const ast::Operand& inner_ast = *call.args[0];
    if (!ast::Is<ast::FieldRef>(inner_ast) && !ast::Is<ast::TransformerCall>(inner_ast)) {
      return Fail(absl::StrCat("transformer '", Sv(name), "' expects a field argument"),
                  inner_ast.range);
    }
    std::optional<ir::Operand> inner = ResolveOperand(inner_ast);
    if (!inner) return std::nullopt;
    if (inner->field.info->Has(catalog::kFieldNoTransformer)) {
      return Fail(
          absl::StrCat("field '", inner->field.DisplayName(), "' does not support transformers"),
          inner_ast.range);
    }
    const FieldType type = inner->type;
    bool accepted = false;
    switch (transform) {
      case ir::Transform::kToLower:
      case ir::Transform::kToUpper:
      case ir::Transform::kBasename:
        accepted = IsStringLike(type) && !inner->is_list;
        break;
      case ir::Transform::kB64:
        accepted = (type == FieldType::kCharBuf || type == FieldType::kByteBuf) && !inner->is_list;
        break;
      case ir::Transform::kLen:
        accepted = IsStringLike(type) || type == FieldType::kByteBuf || inner->is_list;
        break;
    }
    if (!accepted) {
      return Fail(absl::StrCat("transformer '", Sv(name), "' is not supported on field type '",
                               Sv(catalog::FieldTypeName(type)), "'"),
                  call.range);
    }
    inner->transforms.push_back(transform);
    if (transform == ir::Transform::kLen) {
      inner->type = FieldType::kUint64;
      inner->is_list = false;
    }
    return inner;
  }

  std::optional<ir::OperandId> LeftOperand(const ast::Operand& operand) {
    std::optional<ir::Operand> resolved = ResolveOperand(operand);
    if (!resolved) return std::nullopt;
    return builder_.AddOperand(*std::move(resolved));
  }

  // Operator restrictions of special fields that Falco only finds at run time (§3.5); we reject
  // them at load time.
  bool CheckSpecialFieldOperator(const ir::Operand& lhs, Op op, ast::SourceRange range) {
    const FieldId id = lhs.field.id;
    const bool equality = op == Op::kEq || op == Op::kNe || op == Op::kIn || op == Op::kExists;
    if ((id == FieldId::kFdIp || id == FieldId::kFdNet) && !equality) {
      Fail("IP filter only supports '=' and '!=' operators", range);
      return false;
    }
    if ((id == FieldId::kFdPort || id == FieldId::kFdProto) &&
        !(equality || op == Op::kLt || op == Op::kLe || op == Op::kGt || op == Op::kGe)) {
      Fail(absl::StrCat("'", Sv(catalog::OpName(op)), "' operator not supported for field '",
                        lhs.field.DisplayName(), "'"),
           range);
      return false;
    }
    if (IsIpNameField(id) && !equality) {
      Fail(absl::StrCat("'", Sv(catalog::OpName(op)), "' operator not supported for field '",
                        lhs.field.DisplayName(), "'"),
           range);
      return false;
    }
    if (id == FieldId::kEvtAround && op != Op::kEq) {
      Fail("evt.around supports only '='", range);
      return false;
    }
    return true;
  }

  // Converts one constant; validates evt.type names; adds the const-string warnings.
  bool AddConstant(const ir::Operand& lhs, Op op, const std::string& text, ast::SourceRange range,
                   std::vector<catalog::Value>& values) {
    absl::StatusOr<catalog::Value> value = catalog::ConvertConstant(lhs.type, op, text);
    if (!value.ok()) {
      Fail(std::string(value.status().message()), range);
      return false;
    }
    const bool plain_type_field = lhs.transforms.empty() && lhs.field.id == FieldId::kEvtType;
    if (plain_type_field && !catalog::IsEventName(text) && !catalog::IsSyscallName(text)) {
      Fail(absl::StrCat("unknown event type ", text), range);
      return false;
    }
    if (std::holds_alternative<std::string>(*value)) {
      if (catalog::ResolveField(text).ok()) {
        Warn(kCompileWarning,
             absl::StrCat("'", text, "' may be a valid field misused as a const string value"),
             range);
      } else if (LooksLikeTransformerCall(text)) {
        Warn(kCompileWarning,
             absl::StrCat("'", text,
                          "' may be a valid field transformer misused as a const string value"),
             range);
      }
    }
    if (op == Op::kRegex) {
      try {
        std::regex compiled(text, std::regex::extended);
      } catch (const std::regex_error& e) {
        Fail(absl::StrCat("invalid regex pattern: ", text, ": ", e.what()), range);
        return false;
      }
      if (RegexIsPlainText(text)) {
        Warn(kCompileWarning,
             absl::StrCat("'regex' value '", text,
                          "' has no regex special characters: consider '=', 'contains', "
                          "'startswith' or 'endswith', which are faster"),
             range);
      }
    }
    values.push_back(*std::move(value));
    return true;
  }

  std::optional<ir::NodeId> FieldToField(const ir::Operand& lhs, Op op,
                                         const ast::BinaryCheckExpr& check) {
    const ast::Operand& right = *check.right;
    std::optional<ir::Operand> rhs;
    if (const auto* val = ast::DynCast<ast::ValRef>(&right)) {
      if (val->arg.has_value()) return Fail("val() does not accept an argument", val->range);
      rhs = ResolveOperand(val->field);
    } else {
      rhs = ResolveOperand(right);
    }
    if (!rhs) return std::nullopt;
    if (op == Op::kPmatch || op == Op::kRegex) {
      return Fail(absl::StrCat("'", Sv(catalog::OpName(op)),
                               "' operator does not support a field on the right-hand side"),
                  right.range);
    }
    if (catalog::IsNetworkType(lhs.type)) {
      return Fail("network fields do not support a field on the right-hand side", right.range);
    }
    for (const ir::Operand* side : {&lhs, static_cast<const ir::Operand*>(&*rhs)}) {
      if (side->field.info->Has(catalog::kFieldNoRhs)) {
        return Fail(absl::StrCat("field '", side->field.DisplayName(),
                                 "' does not support field-to-field comparisons"),
                    check.range);
      }
    }
    if (lhs.type != rhs->type || lhs.is_list != rhs->is_list) {
      return Fail(
          absl::StrCat("field '", lhs.Display(), "' has type '",
                       Sv(catalog::FieldTypeName(lhs.type)), "' while the right-hand side field '",
                       rhs->Display(), "' has incompatible type '",
                       Sv(catalog::FieldTypeName(rhs->type)), "'"),
          right.range);
    }
    ir::Predicate predicate;
    predicate.lhs = builder_.AddOperand(lhs);
    predicate.op = op;
    predicate.modifier = ToCatalogModifier(check.modifier);
    predicate.rhs = builder_.AddOperand(*std::move(rhs));
    return builder_.AddPredicate(std::move(predicate));
  }

  std::optional<ir::NodeId> BinaryCheck(const ast::BinaryCheckExpr& check) {
    std::optional<ir::Operand> lhs = ResolveOperand(*check.left);
    if (!lhs) return std::nullopt;
    const Op op = ToCatalogOp(check.op);
    const catalog::Modifier modifier = ToCatalogModifier(check.modifier);
    absl::Status compatible = catalog::CheckOperator(lhs->type, op, modifier, lhs->is_list);
    if (!compatible.ok()) return Fail(std::string(compatible.message()), check.range);
    if (!CheckSpecialFieldOperator(*lhs, op, check.range)) return std::nullopt;

    const ast::Operand& right = *check.right;
    if (ast::Is<ast::ValRef>(right) || ast::Is<ast::TransformerCall>(right)) {
      return FieldToField(*lhs, op, check);
    }
    std::vector<catalog::Value> values;
    if (const auto* value = ast::DynCast<ast::ConstValue>(&right)) {
      if (!AddConstant(*lhs, op, value->text, value->range, values)) return std::nullopt;
    } else if (const auto* list = ast::DynCast<ast::ListLiteral>(&right)) {
      for (const ast::ConstValue& v : list->values) {
        if (!AddConstant(*lhs, op, v.text, v.range, values)) return std::nullopt;
      }
    } else if (const auto* identifier = ast::DynCast<ast::IdentifierRef>(&right)) {
      // `x in foo`: the single constant "foo" (§2.7).
      if (!AddConstant(*lhs, op, identifier->name, identifier->range, values)) {
        return std::nullopt;
      }
    } else {
      return Fail("unexpected right-hand side", right.range);
    }
    if (lhs->field.id == FieldId::kEvtNum && lhs->transforms.empty() &&
        modifier == catalog::Modifier::kNone) {
      // Events are numbered from 1: `evt.num = 0` (the corpus' never_true) is decided here, so
      // `not never_true` costs nothing at run time.
      std::vector<std::string> texts;
      if (const auto* value = ast::DynCast<ast::ConstValue>(&right)) texts.push_back(value->text);
      if (const auto* list = ast::DynCast<ast::ListLiteral>(&right)) {
        for (const ast::ConstValue& v : list->values) texts.push_back(v.text);
      }
      switch (DecideEventNumber(check.op, texts)) {
        case EventNumberDecision::kNever:
          return builder_.False();
        case EventNumberDecision::kAlways:
          return builder_.True();
        case EventNumberDecision::kNeutral:
          break;
      }
    }
    ir::Predicate predicate;
    predicate.lhs = builder_.AddOperand(*std::move(lhs));
    predicate.op = op;
    predicate.modifier = modifier;
    predicate.values = std::move(values);
    return builder_.AddPredicate(std::move(predicate));
  }

  const OriginMap& origins_;
  ir::ProgramBuilder& builder_;
  const MacroDef* origin_ = nullptr;
  std::optional<ConditionProblem> error_;
  std::vector<ConditionProblem> warnings_;
};

}  // namespace

CheckedCondition CheckCondition(const ast::Expr& expr, const OriginMap& origins,
                                ir::ProgramBuilder& builder) {
  return Checker(origins, builder).Run(expr);
}

bool IsUnknownFilterError(const std::string& message) {
  for (const char* marker :
       {"nonexistent field", "invalid formatting token", "unknown event type", "unknown filter:"}) {
    if (absl::StrContains(message, marker)) return true;
  }
  return false;
}

}  // namespace peregrine::compiler::semantic
