// Tests of the canonical printer: the forms of spec §3.1 and quoting that survives re-lexing.
#include "compiler/ast/printer.h"

#include <memory>
#include <string>
#include <vector>

#include "gtest/gtest.h"

namespace peregrine::compiler::ast {
namespace {

std::unique_ptr<Expr> Check(std::string field, CheckOperator op, std::unique_ptr<Operand> rhs,
                            OperatorModifier m = OperatorModifier::kNone) {
  return std::make_unique<BinaryCheckExpr>(
      std::make_unique<FieldRef>(std::move(field), std::nullopt, SourceRange{}), op, m,
      std::move(rhs), SourceRange{});
}
std::unique_ptr<Operand> Value(std::string text, bool quoted = false) {
  return std::make_unique<ConstValue>(std::move(text), quoted, SourceRange{});
}
std::unique_ptr<Expr> Id(std::string name) {
  return std::make_unique<IdentifierExpr>(std::move(name), SourceRange{});
}

TEST(PrinterTest, SpecForms) {
  std::vector<ConstValue> values;
  for (const char* v : {"open", "openat"}) values.emplace_back(v, false, SourceRange{});
  auto in = Check("evt.type", CheckOperator::kIn,
                  std::make_unique<ListLiteral>(std::move(values), SourceRange{}));
  EXPECT_EQ(PrintExpr(*in), "evt.type in (open, openat)");

  std::vector<std::unique_ptr<Expr>> children;
  children.push_back(Check("evt.type", CheckOperator::kEq, Value("open")));
  children.push_back(std::make_unique<NotExpr>(Id("m"), SourceRange{}));
  children.push_back(std::make_unique<UnaryCheckExpr>(
      std::make_unique<FieldRef>("fd.name", std::nullopt, SourceRange{}), CheckOperator::kExists,
      SourceRange{}));
  auto conj = std::make_unique<LogicalExpr>(ExprKind::kAnd, std::move(children), SourceRange{});
  EXPECT_EQ(PrintExpr(*conj), "(evt.type = open and not m and fd.name exists)");

  std::vector<std::unique_ptr<Expr>> alts;
  alts.push_back(std::move(conj));
  alts.push_back(Id("x"));
  LogicalExpr disj(ExprKind::kOr, std::move(alts), SourceRange{});
  EXPECT_EQ(PrintExpr(disj), "((evt.type = open and not m and fd.name exists) or x)");

  NotExpr nested(std::make_unique<NotExpr>(Id("m"), SourceRange{}), SourceRange{});
  EXPECT_EQ(PrintExpr(nested), "not (not m)");

  auto mod =
      Check("proc.name", CheckOperator::kNe,
            std::make_unique<IdentifierRef>("my_list", SourceRange{}), OperatorModifier::kAllOf);
  EXPECT_EQ(PrintExpr(*mod), "proc.name != allof my_list");
}

TEST(PrinterTest, ValuesAreQuotedOnlyWhenNeeded) {
  struct Case {
    std::string value;
    std::string printed;
  };
  const std::vector<Case> cases = {
      {"bash", "bash"},
      {"/usr/bin/*", "/usr/bin/*"},
      {"0a!@#:;$%^&*[]{}|<>", "0a!@#:;$%^&*[]{}|<>"},
      {"", "\"\""},
      {"a b", "\"a b\""},
      {"a=b", "\"a=b\""},
      {"a,b", "\"a,b\""},
      {"f(x)", "\"f(x)\""},
      {"it's", "\"it's\""},
      {"say \"hi\"", "\"say \\\"hi\\\"\""},
      {"C:\\dir", "\"C:\\\\dir\""},
      {"C:\\", "\"C:\\x5c\""},  // a final backslash cannot be written as \\ (Q4)
      {"a\tb\nc\rd\be\ff", "\"a\\tb\\nc\\rd\\be\\ff\""},
      {std::string("a\0b", 3), "\"a\\x00b\""},
      {"\x01\x7f", "\"\\x01\\x7f\""},
      {"caf\xc3\xa9", "caf\xc3\xa9"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.value);
    EXPECT_EQ(PrintOperand(ConstValue(c.value, false, SourceRange{})), c.printed);
    EXPECT_EQ(ValueNeedsQuoting(c.value), c.printed != c.value);
  }
  EXPECT_EQ(QuoteString("plain"), "\"plain\"");
}

TEST(PrinterTest, FieldArguments) {
  EXPECT_EQ(PrintOperand(FieldRef("proc.aname", std::string("2"), SourceRange{})), "proc.aname[2]");
  EXPECT_EQ(PrintOperand(FieldRef("proc.env", std::string("MY VAR"), SourceRange{})),
            "proc.env[\"MY VAR\"]");
  EXPECT_EQ(PrintOperand(FieldRef("x.y", std::string(""), SourceRange{})), "x.y[\"\"]");
  EXPECT_EQ(PrintOperand(FieldRef("x.y", std::string("a]"), SourceRange{})), "x.y[\"a]\"]");
  EXPECT_EQ(PrintOperand(FieldRef("x.y", std::string("a=(b),c"), SourceRange{})), "x.y[a=(b),c]");
  EXPECT_EQ(PrintOperand(FieldRef("x.y", std::nullopt, SourceRange{})), "x.y");
}

TEST(PrinterTest, TransformerArgumentsKeepQuotes) {
  std::vector<std::unique_ptr<Operand>> args;
  args.push_back(std::make_unique<FieldRef>("proc.args", std::nullopt, SourceRange{}));
  args.push_back(Value("ab:", /*quoted=*/true));
  args.push_back(Value("1", /*quoted=*/true));
  args.push_back(Value("0x2", /*quoted=*/false));
  TransformerCall getopt(TransformerKind::kGetopt, std::move(args), std::string("b"),
                         SourceRange{});
  EXPECT_EQ(PrintOperand(getopt), "getopt(proc.args, \"ab:\", \"1\", 0x2)[b]");
}

}  // namespace
}  // namespace peregrine::compiler::ast
