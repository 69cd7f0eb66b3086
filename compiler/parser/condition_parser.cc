// Condition parser, boolean structure and checks: `filter` down to `condition` in the EBNF of
// spec §2.2.
#include "compiler/parser/internal/condition_parser.h"

#include <string>
#include <utility>
#include <vector>

#include "compiler/ast/operators.h"
#include "compiler/parser/tokens.h"

namespace peregrine::compiler::parser_internal {

using ast::CheckOperator;
using ast::Expr;
using ast::ExprKind;
using ast::Operand;
using ast::OperatorModifier;

namespace {

// Operators in the order the parser tries them, per class (§2.2 "Recognition order").
constexpr CheckOperator kNumericOps[] = {CheckOperator::kLe, CheckOperator::kLt, CheckOperator::kGe,
                                         CheckOperator::kGt};
constexpr CheckOperator kSymbolicStringOps[] = {CheckOperator::kEqEq, CheckOperator::kEq,
                                                CheckOperator::kNe};
constexpr CheckOperator kWordStringOps[] = {
    CheckOperator::kGlob,        CheckOperator::kIGlob,     CheckOperator::kContains,
    CheckOperator::kIContains,   CheckOperator::kBContains, CheckOperator::kStartsWith,
    CheckOperator::kBStartsWith, CheckOperator::kEndsWith,  CheckOperator::kRegex};
constexpr CheckOperator kListOps[] = {CheckOperator::kIntersects, CheckOperator::kIn,
                                      CheckOperator::kPmatch};

std::string QuotedNameList(std::span<const CheckOperator> ops) {
  std::string out;
  for (CheckOperator op : ops) {
    if (!out.empty()) out += ", ";
    out += "'";
    out += ast::CheckOperatorName(op);
    out += "'";
  }
  return out;
}

}  // namespace

ConditionParser::ConditionParser(std::string_view text, uint32_t max_depth)
    : text_(text), max_depth_(max_depth) {}

void ConditionParser::Fail(std::string message) { FailAt(pos_, std::move(message)); }

void ConditionParser::FailAt(size_t offset, std::string message) {
  if (error_.has_value()) return;  // keep the first error
  error_ = ParseError{static_cast<uint32_t>(offset), std::move(message)};
}

// filter = ws , or_expr , ws ;   (the whole input must be consumed)
std::unique_ptr<Expr> ConditionParser::Parse() {
  if (text_.empty()) {
    Fail("filter input string is empty");
    return nullptr;
  }
  std::unique_ptr<Expr> root = ParseOr();
  if (root == nullptr) return nullptr;
  if (pos_ != text_.size()) {
    Fail("unexpected token after '" + last_token_ + "', expecting 'or', 'and'");
    return nullptr;
  }
  return root;
}

// or_expr     = and_expr , { ws , "or" , or_operand } ;
// or_operand  = ws1 , and_expr | "(" , ws , or_expr , ws , ")" ;    (Q1: "or(" takes the group
//                                                                   as the whole operand)
std::unique_ptr<Expr> ConditionParser::ParseOr() {
  return ParseLogical(ExprKind::kOr, "or", &ConditionParser::ParseAnd);
}

// and_expr    = not_expr , { ws , "and" , and_operand } ;
// and_operand = ws1 , not_expr | "(" , ws , or_expr , ws , ")" ;
std::unique_ptr<Expr> ConditionParser::ParseAnd() {
  return ParseLogical(ExprKind::kAnd, "and", &ConditionParser::ParseNot);
}

// One n-ary level: operand { ws , keyword , ( ws1 , operand | "(" , embedded group ) }.
std::unique_ptr<Expr> ConditionParser::ParseLogical(
    ExprKind kind, std::string_view keyword,
    std::unique_ptr<Expr> (ConditionParser::*parse_operand)()) {
  DepthGuard guard(*this);
  if (!guard.ok()) return nullptr;
  SkipBlanks();
  const uint32_t start = pos();
  std::vector<std::unique_ptr<Expr>> children;
  std::unique_ptr<Expr> child = (this->*parse_operand)();
  if (child == nullptr) return nullptr;
  children.push_back(std::move(child));
  uint32_t end = pos();
  SkipBlanks();
  while (Consume(keyword)) {
    if (SkipBlanks()) {
      child = (this->*parse_operand)();
    } else if (Consume("(")) {
      child = ParseEmbeddedRemainder();
    } else {
      Fail("expected blank or '(' after '" + std::string(keyword) + "'");
      return nullptr;
    }
    if (child == nullptr) return nullptr;
    children.push_back(std::move(child));
    end = pos();
    SkipBlanks();
  }
  if (children.size() == 1) return std::move(children[0]);
  return std::make_unique<ast::LogicalExpr>(kind, std::move(children),
                                            ast::SourceRange::FromBounds(start, end));
}

// not_expr = ws , { "not" , space1 } , ( "not(" , ws , or_expr , ws , ")" | check ) ;
// An even number of negations folds away (§2.3).
std::unique_ptr<Expr> ConditionParser::ParseNot() {
  DepthGuard guard(*this);
  if (!guard.ok()) return nullptr;
  SkipBlanks();
  const uint32_t start = pos();
  bool negate = false;
  while (ConsumeNotBlank()) negate = !negate;
  std::unique_ptr<Expr> child;
  if (Consume("not(")) {
    negate = !negate;
    child = ParseEmbeddedRemainder();
  } else {
    child = ParseCheck();
  }
  if (child == nullptr) return nullptr;
  if (!negate) return child;
  return std::make_unique<ast::NotExpr>(std::move(child), RangeFrom(start));
}

// The rest of `"(" , ws , or_expr , ws , ")"` once "(" is consumed.
std::unique_ptr<Expr> ConditionParser::ParseEmbeddedRemainder() {
  DepthGuard guard(*this);
  if (!guard.ok()) return nullptr;
  SkipBlanks();
  std::unique_ptr<Expr> child = ParseOr();
  if (child == nullptr) return nullptr;
  SkipBlanks();
  if (!Consume(")")) {
    Fail("expected a ')' token");
    return nullptr;
  }
  return child;
}

// check = ws , ( "(" , ws , or_expr , ws , ")" | field , condition | transformer , condition
//              | IDENT ) ;
// Tried in this order, so `tolower(x.y)` is a transformer and `tolower` alone a macro name.
std::unique_ptr<Expr> ConditionParser::ParseCheck() {
  DepthGuard guard(*this);
  if (!guard.ok()) return nullptr;
  SkipBlanks();
  const uint32_t start = pos();
  if (Consume("(")) return ParseEmbeddedRemainder();

  if (std::string_view name = ConsumeToken(MatchFieldName); !name.empty()) {
    std::unique_ptr<Operand> left = ParseFieldRemainder(std::string(name), start);
    if (left == nullptr) return nullptr;
    return ParseConditionRest(std::move(left), start);
  }
  if (std::optional<ast::TransformerKind> kind = ConsumeTransformerOpen()) {
    SkipBlanks();
    std::unique_ptr<Operand> left = ParseTransformerRemainder(*kind, start);
    if (left == nullptr) return nullptr;
    return ParseConditionRest(std::move(left), start);
  }
  if (std::string_view name = ConsumeToken(MatchIdentifier); !name.empty()) {
    return std::make_unique<ast::IdentifierExpr>(std::string(name), RangeFrom(start));
  }
  Fail("expected a '(' token, a field check, or an identifier");
  return nullptr;
}

// condition = ws , ( "exists" | num_op , ws , ( rhs_transformer | HEXNUM | NUMBER )
//                  | str_op , str_rhs | list_op , ws , ( list_literal | rhs_transformer | IDENT )
//                  );
// Operators are tried in class order: exists, numeric, string (word operators only when a blank
// follows), list; none of them needs a blank after it except the word operators.
std::unique_ptr<Expr> ConditionParser::ParseConditionRest(std::unique_ptr<Operand> left,
                                                          uint32_t start) {
  DepthGuard guard(*this);
  if (!guard.ok()) return nullptr;
  SkipBlanks();
  if (Consume("exists")) {
    return std::make_unique<ast::UnaryCheckExpr>(std::move(left), CheckOperator::kExists,
                                                 RangeFrom(start));
  }

  std::unique_ptr<Operand> right;
  OperatorModifier modifier = OperatorModifier::kNone;
  auto make_check = [&](CheckOperator op) -> std::unique_ptr<Expr> {
    if (right == nullptr) return nullptr;
    return std::make_unique<ast::BinaryCheckExpr>(std::move(left), op, modifier, std::move(right),
                                                  RangeFrom(start));
  };

  for (CheckOperator op : kNumericOps) {
    if (Consume(ast::CheckOperatorName(op))) {
      right = ParseNumberRhs();
      return make_check(op);
    }
  }
  for (CheckOperator op : kSymbolicStringOps) {
    if (Consume(ast::CheckOperatorName(op))) {
      const bool blank = pos_ < text_.size() && IsConditionBlank(text_[pos_]);
      if (!ParseStringRhs(blank, &modifier, &right)) return nullptr;
      return make_check(op);
    }
  }
  for (CheckOperator op : kWordStringOps) {
    const std::string_view name = ast::CheckOperatorName(op);
    if (text_.substr(pos_, name.size()) == name && pos_ + name.size() < text_.size() &&
        IsConditionBlank(text_[pos_ + name.size()])) {
      Consume(name);
      SkipBlanks();
      if (!ParseStringRhs(/*blank_after_op=*/true, &modifier, &right)) return nullptr;
      return make_check(op);
    }
  }
  for (CheckOperator op : kListOps) {
    if (Consume(ast::CheckOperatorName(op))) {
      right = ParseListRhs();
      return make_check(op);
    }
  }
  Fail("expected a valid check operator: one of " + QuotedNameList(ast::AllCheckOperators()));
  return nullptr;
}

// str_rhs      = modifier_rhs | ws , ( rhs_transformer | QUOTED | BARESTR ) ;
// modifier_rhs = [ ws1 ] , modifier , ws1 , ( list_literal | IDENT ) ;
bool ConditionParser::ParseStringRhs(bool blank_after_op, OperatorModifier* modifier,
                                     std::unique_ptr<Operand>* rhs) {
  if (blank_after_op) {
    if (std::optional<OperatorModifier> m = LookAheadModifier()) {
      // LookAheadModifier left pos_ on the `(` or the identifier.
      *modifier = *m;
      const uint32_t start = pos();
      if (Consume("(")) {
        *rhs = ParseListLiteralRemainder(start);
      } else {
        std::string_view name = ConsumeToken(MatchIdentifier);
        *rhs = std::make_unique<ast::IdentifierRef>(std::string(name), RangeFrom(start));
      }
      return *rhs != nullptr;
    }
  }
  *rhs = ParseStringValueRhs();
  return *rhs != nullptr;
}

// The look-ahead of §2.6, tried after a blank followed the operator: the next word is exactly a
// modifier followed by ≥1 blank, then comes `(` or an identifier other than and/or/not. On
// success pos_ is moved to that `(` or identifier; otherwise pos_ is unchanged.
std::optional<OperatorModifier> ConditionParser::LookAheadModifier() {
  size_t p = pos_;
  while (p < text_.size() && IsConditionBlank(text_[p])) ++p;
  const size_t word = MatchIdentifier(text_, p);
  std::optional<OperatorModifier> modifier = ast::OperatorModifierFromName(text_.substr(p, word));
  if (!modifier.has_value()) return std::nullopt;
  p += word;
  if (p >= text_.size() || !IsConditionBlank(text_[p])) return std::nullopt;
  while (p < text_.size() && IsConditionBlank(text_[p])) ++p;
  if (p >= text_.size()) return std::nullopt;
  if (text_[p] != '(') {
    const std::string_view next = text_.substr(p, MatchIdentifier(text_, p));
    if (next.empty() || next == "and" || next == "or" || next == "not") return std::nullopt;
  }
  last_token_ = std::string(ast::OperatorModifierName(*modifier));
  pos_ = p;
  return modifier;
}

}  // namespace peregrine::compiler::parser_internal
