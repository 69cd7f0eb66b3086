// The recursive-descent condition parser behind ParseCondition(). Private to compiler/parser/.
#ifndef PEREGRINE_COMPILER_PARSER_INTERNAL_CONDITION_PARSER_H_
#define PEREGRINE_COMPILER_PARSER_INTERNAL_CONDITION_PARSER_H_

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "compiler/ast/ast.h"
#include "compiler/parser/parser.h"

namespace peregrine::compiler::parser_internal {

// One parse of one text. Every Parse* method returns nullptr (or false) after recording the
// first error; callers propagate that without further work. Owned by one thread; the text must
// outlive the parser.
class ConditionParser {
 public:
  ConditionParser(std::string_view text, uint32_t max_depth);

  // The whole text as a `filter`; nullptr on error (see error()).
  std::unique_ptr<ast::Expr> Parse();
  const std::optional<ParseError>& error() const { return error_; }

 private:
  // Counts one recursion level for its scope; entering at max_depth_ fails the parse, as
  // Falco's guard does (`exceeded max depth limit of N`).
  class DepthGuard {
   public:
    explicit DepthGuard(ConditionParser& parser) : parser_(parser) {
      ok_ = ++parser_.depth_ < parser_.max_depth_;
      if (!ok_) {
        parser_.Fail("exceeded max depth limit of " + std::to_string(parser_.max_depth_));
      }
    }
    ~DepthGuard() { --parser_.depth_; }
    DepthGuard(const DepthGuard&) = delete;
    DepthGuard& operator=(const DepthGuard&) = delete;

    bool ok() const { return ok_; }

   private:
    ConditionParser& parser_;
    bool ok_;
  };
  enum class Lexed { kNoMatch, kOk, kError };

  // Boolean structure (condition_parser.cc).
  std::unique_ptr<ast::Expr> ParseOr();
  std::unique_ptr<ast::Expr> ParseAnd();
  // The shared shape of ParseOr/ParseAnd: operands joined by `keyword` into one n-ary `kind`.
  std::unique_ptr<ast::Expr> ParseLogical(
      ast::ExprKind kind, std::string_view keyword,
      std::unique_ptr<ast::Expr> (ConditionParser::*parse_operand)());
  std::unique_ptr<ast::Expr> ParseNot();
  std::unique_ptr<ast::Expr> ParseEmbeddedRemainder();
  std::unique_ptr<ast::Expr> ParseCheck();
  std::unique_ptr<ast::Expr> ParseConditionRest(std::unique_ptr<ast::Operand> left, uint32_t start);
  // The right-hand side after a string operator, including the modifier look-ahead of §2.6.
  bool ParseStringRhs(bool blank_after_op, ast::OperatorModifier* modifier,
                      std::unique_ptr<ast::Operand>* rhs);
  std::optional<ast::OperatorModifier> LookAheadModifier();

  // Operands (operand_parser.cc).
  std::unique_ptr<ast::Operand> ParseFieldRemainder(std::string name, uint32_t start);
  bool ParseOptionalFieldArg(std::optional<std::string>* arg);
  std::unique_ptr<ast::Operand> ParseTransformerRemainder(ast::TransformerKind kind,
                                                          uint32_t start);
  std::unique_ptr<ast::Operand> ParseTransformerArg();
  std::unique_ptr<ast::Operand> ParseTransformerList(uint32_t start);
  std::unique_ptr<ast::Operand> ParseTransformerListArg();
  // rhs_transformer: `val(field)` or a transformer call. Returns false when neither starts here;
  // true otherwise, with *out null on error.
  bool TryParseRhsTransformer(std::unique_ptr<ast::Operand>* out);
  std::unique_ptr<ast::Operand> ParseNumberRhs();
  std::unique_ptr<ast::Operand> ParseStringValueRhs();
  std::unique_ptr<ast::Operand> ParseListRhs();
  std::unique_ptr<ast::Operand> ParseListLiteralRemainder(uint32_t start);

  // Lexing (operand_parser.cc). Lex* consume a token and set last_token_ on success.
  bool SkipBlanks();                       // true when at least one blank was skipped
  bool Consume(std::string_view literal);  // exact bytes
  bool ConsumeNotBlank();                  // "not" followed by ≥1 [[:space:]], all consumed
  std::optional<ast::TransformerKind> ConsumeTransformerOpen();  // "tolower(" ...
  // Consumes the match of a scanner (tokens.h), returning its text; empty when none.
  std::string_view ConsumeToken(size_t (*scanner)(std::string_view, size_t));
  Lexed LexQuoted(std::string* value);
  // QUOTED or BARESTR (a list element or a string right-hand side).
  Lexed LexStringValue(std::string* text, bool* quoted);

  void Fail(std::string message);
  void FailAt(size_t offset, std::string message);
  bool failed() const { return error_.has_value(); }
  uint32_t pos() const { return static_cast<uint32_t>(pos_); }
  ast::SourceRange RangeFrom(uint32_t start) const {
    return ast::SourceRange::FromBounds(start, pos());
  }

  std::string_view text_;
  size_t pos_ = 0;
  uint32_t depth_ = 0;
  uint32_t max_depth_;
  std::string last_token_;
  std::optional<ParseError> error_;
};

}  // namespace peregrine::compiler::parser_internal

#endif  // PEREGRINE_COMPILER_PARSER_INTERNAL_CONDITION_PARSER_H_
