// Condition parser, operands and lexing: fields, transformers, values and lists of the EBNF of
// spec §2.2.
#include <string>
#include <utility>
#include <vector>

#include "compiler/ast/operators.h"
#include "compiler/parser/escaping.h"
#include "compiler/parser/internal/condition_parser.h"
#include "compiler/parser/tokens.h"

namespace peregrine::compiler::parser_internal {

using ast::Operand;

namespace {

// "'val', 'tolower', ..." as listed in Falco's messages.
std::string TransformerNameList() {
  std::string out = "'val'";
  for (ast::TransformerKind kind : ast::CallableTransformers()) {
    out += ", '";
    out += ast::TransformerName(kind);
    out += "'";
  }
  return out;
}

}  // namespace

// ---------------------------------------------------------------------------------------------
// Lexing

bool ConditionParser::SkipBlanks() {
  const size_t begin = pos_;
  while (pos_ < text_.size() && IsConditionBlank(text_[pos_])) ++pos_;
  return pos_ != begin;
}

bool ConditionParser::Consume(std::string_view literal) {
  if (text_.substr(pos_, literal.size()) != literal) return false;
  pos_ += literal.size();
  last_token_ = std::string(literal);
  return true;
}

bool ConditionParser::ConsumeNotBlank() {
  if (text_.substr(pos_, 3) != "not" || pos_ + 3 >= text_.size() ||
      !IsPosixSpace(text_[pos_ + 3])) {
    return false;
  }
  pos_ += 3;
  while (pos_ < text_.size() && IsPosixSpace(text_[pos_])) ++pos_;
  last_token_ = "not";
  return true;
}

std::optional<ast::TransformerKind> ConditionParser::ConsumeTransformerOpen() {
  for (ast::TransformerKind kind : ast::CallableTransformers()) {
    const std::string_view name = ast::TransformerName(kind);
    if (text_.substr(pos_, name.size()) == name && pos_ + name.size() < text_.size() &&
        text_[pos_ + name.size()] == '(') {
      pos_ += name.size() + 1;
      last_token_ = std::string(name) + "(";
      return kind;
    }
  }
  return std::nullopt;
}

std::string_view ConditionParser::ConsumeToken(size_t (*scanner)(std::string_view, size_t)) {
  const size_t n = scanner(text_, pos_);
  const std::string_view token = text_.substr(pos_, n);
  if (n > 0) {
    pos_ += n;
    last_token_ = std::string(token);
  }
  return token;
}

ConditionParser::Lexed ConditionParser::LexQuoted(std::string* value) {
  if (pos_ >= text_.size() || (text_[pos_] != '"' && text_[pos_] != '\'')) return Lexed::kNoMatch;
  const size_t close = FindClosingQuote(text_, pos_);
  if (close == std::string_view::npos) return Lexed::kNoMatch;  // unterminated: not a QUOTED
  UnescapeResult unescaped = UnescapeString(text_.substr(pos_ + 1, close - pos_ - 1), text_[pos_]);
  if (!unescaped.ok()) {
    FailAt(pos_ + 1 + unescaped.error_offset, std::move(unescaped.error));
    return Lexed::kError;
  }
  pos_ = close + 1;
  *value = std::move(unescaped.value);
  last_token_ = *value;
  return Lexed::kOk;
}

ConditionParser::Lexed ConditionParser::LexStringValue(std::string* text, bool* quoted) {
  const Lexed lexed = LexQuoted(text);
  if (lexed != Lexed::kNoMatch) {
    *quoted = true;
    return lexed;
  }
  std::string_view bare = ConsumeToken(MatchBareString);
  if (bare.empty()) return Lexed::kNoMatch;
  *text = std::string(bare);
  *quoted = false;
  return Lexed::kOk;
}

// ---------------------------------------------------------------------------------------------
// Fields and transformers

// field = FIELDNAME , [ field_arg ] ;   (the name is already consumed)
std::unique_ptr<Operand> ConditionParser::ParseFieldRemainder(std::string name, uint32_t start) {
  DepthGuard guard(*this);
  if (!guard.ok()) return nullptr;
  std::optional<std::string> arg;
  if (!ParseOptionalFieldArg(&arg)) return nullptr;
  return std::make_unique<ast::FieldRef>(std::move(name), std::move(arg), RangeFrom(start));
}

// field_arg = "[" , ( QUOTED | FIELDARG_BARE ) , "]" ;   (no blanks, no blank before "[")
bool ConditionParser::ParseOptionalFieldArg(std::optional<std::string>* arg) {
  if (!Consume("[")) return true;
  std::string value;
  switch (LexQuoted(&value)) {
    case Lexed::kOk:
      break;
    case Lexed::kError:
      return false;
    case Lexed::kNoMatch: {
      std::string_view bare = ConsumeToken(MatchFieldArgBare);
      if (bare.empty()) {
        Fail("expected a valid field argument: a quoted string or a bare string");
        return false;
      }
      value = std::string(bare);
      break;
    }
  }
  if (!Consume("]")) {
    Fail("expected a ']' token");
    return false;
  }
  *arg = std::move(value);
  return true;
}

// transformer = tr_name , "(" , ws , tr_arg , { ws , "," , ws , tr_arg } , ws , ")" ,
//               [ field_arg ] ;   ("tr_name(" is already consumed)
std::unique_ptr<Operand> ConditionParser::ParseTransformerRemainder(ast::TransformerKind kind,
                                                                    uint32_t start) {
  DepthGuard guard(*this);
  if (!guard.ok()) return nullptr;
  SkipBlanks();
  std::vector<std::unique_ptr<Operand>> args;
  do {
    std::unique_ptr<Operand> arg = ParseTransformerArg();
    if (arg == nullptr) return nullptr;
    args.push_back(std::move(arg));
    SkipBlanks();
  } while (Consume(","));
  SkipBlanks();
  if (!Consume(")")) {
    Fail("expected a ')' token closing the transformer");
    return nullptr;
  }
  std::optional<std::string> field_arg;
  if (!ParseOptionalFieldArg(&field_arg)) return nullptr;
  return std::make_unique<ast::TransformerCall>(kind, std::move(args), std::move(field_arg),
                                                RangeFrom(start));
}

// tr_arg = HEXNUM | NUMBER | QUOTED | "(" , ws , [ tl_arg , { ws , "," , ws , tl_arg } ] , ws ,
//          ")" | transformer | field ;
std::unique_ptr<Operand> ConditionParser::ParseTransformerArg() {
  DepthGuard guard(*this);
  if (!guard.ok()) return nullptr;
  SkipBlanks();
  const uint32_t start = pos();
  std::string_view number = ConsumeToken(MatchHexNumber);
  if (number.empty()) number = ConsumeToken(MatchNumber);
  if (!number.empty()) {
    return std::make_unique<ast::ConstValue>(std::string(number), /*quoted=*/false,
                                             RangeFrom(start));
  }
  std::string value;
  switch (LexQuoted(&value)) {
    case Lexed::kOk:
      return std::make_unique<ast::ConstValue>(std::move(value), /*quoted=*/true, RangeFrom(start));
    case Lexed::kError:
      return nullptr;
    case Lexed::kNoMatch:
      break;
  }
  if (Consume("(")) return ParseTransformerList(start);
  if (std::optional<ast::TransformerKind> kind = ConsumeTransformerOpen()) {
    return ParseTransformerRemainder(*kind, start);
  }
  if (std::string_view name = ConsumeToken(MatchFieldName); !name.empty()) {
    return ParseFieldRemainder(std::string(name), start);
  }
  Fail(
      "expected field transformer argument: field, transformer, quoted string, number, or "
      "transformer list");
  return nullptr;
}

// The rest of a transformer list once "(" is consumed.
std::unique_ptr<Operand> ConditionParser::ParseTransformerList(uint32_t start) {
  DepthGuard guard(*this);
  if (!guard.ok()) return nullptr;
  std::vector<std::unique_ptr<Operand>> items;
  SkipBlanks();
  if (!Consume(")")) {
    do {
      SkipBlanks();
      std::unique_ptr<Operand> item = ParseTransformerListArg();
      if (item == nullptr) return nullptr;
      items.push_back(std::move(item));
      SkipBlanks();
    } while (Consume(","));
    if (!Consume(")")) {
      Fail("expected ')'");
      return nullptr;
    }
  }
  return std::make_unique<ast::TransformerList>(std::move(items), RangeFrom(start));
}

// tl_arg = field | transformer | QUOTED | HEXNUM | NUMBER ;
std::unique_ptr<Operand> ConditionParser::ParseTransformerListArg() {
  const uint32_t start = pos();
  if (std::string_view name = ConsumeToken(MatchFieldName); !name.empty()) {
    return ParseFieldRemainder(std::string(name), start);
  }
  if (std::optional<ast::TransformerKind> kind = ConsumeTransformerOpen()) {
    return ParseTransformerRemainder(*kind, start);
  }
  std::string value;
  switch (LexQuoted(&value)) {
    case Lexed::kOk:
      return std::make_unique<ast::ConstValue>(std::move(value), /*quoted=*/true, RangeFrom(start));
    case Lexed::kError:
      return nullptr;
    case Lexed::kNoMatch:
      break;
  }
  std::string_view number = ConsumeToken(MatchHexNumber);
  if (number.empty()) number = ConsumeToken(MatchNumber);
  if (!number.empty()) {
    return std::make_unique<ast::ConstValue>(std::string(number), /*quoted=*/false,
                                             RangeFrom(start));
  }
  Fail("expected transformer list argument: field, transformer, quoted string, or number");
  return nullptr;
}

// rhs_transformer = "val(" , ws , field , ws , ")" , [ field_arg ] | transformer ;
bool ConditionParser::TryParseRhsTransformer(std::unique_ptr<Operand>* out) {
  const uint32_t start = pos();
  if (Consume("val(")) {
    DepthGuard guard(*this);
    if (!guard.ok()) return true;
    SkipBlanks();
    const uint32_t field_start = pos();
    std::string_view name = ConsumeToken(MatchFieldName);
    if (name.empty()) {
      Fail("expected a field within 'val' transformer");
      return true;
    }
    std::unique_ptr<Operand> field = ParseFieldRemainder(std::string(name), field_start);
    if (field == nullptr) return true;
    SkipBlanks();
    if (!Consume(")")) {
      Fail("expected a ')' token closing the transformer");
      return true;
    }
    std::optional<std::string> arg;
    if (!ParseOptionalFieldArg(&arg)) return true;
    *out = std::make_unique<ast::ValRef>(std::move(ast::Cast<ast::FieldRef>(*field)),
                                         std::move(arg), RangeFrom(start));
    return true;
  }
  if (std::optional<ast::TransformerKind> kind = ConsumeTransformerOpen()) {
    *out = ParseTransformerRemainder(*kind, start);
    return true;
  }
  return false;
}

// ---------------------------------------------------------------------------------------------
// Right-hand sides

// num_op , ws , ( rhs_transformer | HEXNUM | NUMBER )
std::unique_ptr<Operand> ConditionParser::ParseNumberRhs() {
  DepthGuard guard(*this);
  if (!guard.ok()) return nullptr;
  SkipBlanks();
  const uint32_t start = pos();
  std::unique_ptr<Operand> transformer;
  if (TryParseRhsTransformer(&transformer)) return transformer;
  std::string_view number = ConsumeToken(MatchHexNumber);
  if (number.empty()) number = ConsumeToken(MatchNumber);
  if (!number.empty()) {
    return std::make_unique<ast::ConstValue>(std::string(number), /*quoted=*/false,
                                             RangeFrom(start));
  }
  Fail("expected a number value or a field with a valid transformer: " + TransformerNameList());
  return nullptr;
}

// ws , ( rhs_transformer | QUOTED | BARESTR )
std::unique_ptr<Operand> ConditionParser::ParseStringValueRhs() {
  DepthGuard guard(*this);
  if (!guard.ok()) return nullptr;
  SkipBlanks();
  const uint32_t start = pos();
  std::unique_ptr<Operand> transformer;
  if (TryParseRhsTransformer(&transformer)) return transformer;
  std::string text;
  bool quoted = false;
  switch (LexStringValue(&text, &quoted)) {
    case Lexed::kOk:
      return std::make_unique<ast::ConstValue>(std::move(text), quoted, RangeFrom(start));
    case Lexed::kError:
      return nullptr;
    case Lexed::kNoMatch:
      break;
  }
  Fail("expected a string value or a field with a valid transformer: " + TransformerNameList());
  return nullptr;
}

// list_op , ws , ( list_literal | rhs_transformer | IDENT )
std::unique_ptr<Operand> ConditionParser::ParseListRhs() {
  DepthGuard guard(*this);
  if (!guard.ok()) return nullptr;
  SkipBlanks();
  const uint32_t start = pos();
  if (Consume("(")) return ParseListLiteralRemainder(start);
  std::unique_ptr<Operand> transformer;
  if (TryParseRhsTransformer(&transformer)) return transformer;
  if (std::string_view name = ConsumeToken(MatchIdentifier); !name.empty()) {
    return std::make_unique<ast::IdentifierRef>(std::string(name), RangeFrom(start));
  }
  Fail("expected a list, an identifier, or a field with a valid transformer: " +
       TransformerNameList());
  return nullptr;
}

// list_literal = "(" , ws , [ list_elem , { ws , "," , ws , list_elem } ] , ws , ")" ;
// list_elem    = QUOTED | BARESTR ;   ("(" is already consumed)
std::unique_ptr<Operand> ConditionParser::ParseListLiteralRemainder(uint32_t start) {
  std::vector<ast::ConstValue> values;
  std::string text;
  bool quoted = false;
  SkipBlanks();
  uint32_t elem_start = pos();
  switch (LexStringValue(&text, &quoted)) {
    case Lexed::kError:
      return nullptr;
    case Lexed::kNoMatch:
      break;  // an empty list, if ")" follows
    case Lexed::kOk:
      values.emplace_back(std::move(text), quoted, RangeFrom(elem_start));
      SkipBlanks();
      while (Consume(",")) {
        SkipBlanks();
        elem_start = pos();
        const Lexed lexed = LexStringValue(&text, &quoted);
        if (lexed == Lexed::kError) return nullptr;
        if (lexed == Lexed::kNoMatch) {
          Fail("expected a string value");
          return nullptr;
        }
        values.emplace_back(std::move(text), quoted, RangeFrom(elem_start));
        SkipBlanks();
      }
      break;
  }
  if (!Consume(")")) {
    Fail("expected a ')' token");
    return nullptr;
  }
  return std::make_unique<ast::ListLiteral>(std::move(values), RangeFrom(start));
}

}  // namespace peregrine::compiler::parser_internal
