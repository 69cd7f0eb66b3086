// Tests of ParseCondition: the grammar of spec §2.2 production by production, precedence and
// not-folding (§2.3), modifiers (§2.6), lists (§2.7), transformers (§2.8), quirks Q1–Q4, the
// examples of §2.2–§2.8 and Appendix B. Accepted inputs are checked through the canonical
// printer; rejected ones through Falco's error message.
#include "compiler/parser/parser.h"

#include <string>
#include <vector>

#include "compiler/ast/ast.h"
#include "compiler/ast/printer.h"
#include "gtest/gtest.h"

namespace peregrine::compiler {
namespace {

constexpr char kTransformers[] =
    "'val', 'tolower', 'toupper', 'b64', 'basename', 'len', 'join', 'concat', 'getopt'";
constexpr char kOperators[] =
    "'exists', '<=', '<', '>=', '>', '==', '=', '!=', 'glob', 'iglob', 'contains', 'icontains', "
    "'bcontains', 'startswith', 'bstartswith', 'endswith', 'regex', 'intersects', 'in', 'pmatch'";

struct Accepted {
  std::string input;
  std::string printed;
};

struct Rejected {
  std::string input;
  std::string message;  // exact
  int offset = -1;      // -1: not checked
};

std::string Print(const ParseResult& r) { return r.ok() ? ast::PrintExpr(*r.expr) : "<error>"; }

void ExpectAccepted(const std::vector<Accepted>& cases) {
  for (const Accepted& c : cases) {
    SCOPED_TRACE("input: " + c.input);
    ParseResult r = ParseCondition(c.input);
    ASSERT_TRUE(r.ok()) << r.error->message << " at " << r.error->offset;
    EXPECT_EQ(ast::PrintExpr(*r.expr), c.printed);
    // The printed form parses back to the same tree.
    ParseResult again = ParseCondition(c.printed);
    ASSERT_TRUE(again.ok()) << again.error->message;
    EXPECT_TRUE(ast::StructurallyEqual(*r.expr, *again.expr));
    EXPECT_EQ(ast::PrintExpr(*again.expr), c.printed);
  }
}

void ExpectRejected(const std::vector<Rejected>& cases) {
  for (const Rejected& c : cases) {
    SCOPED_TRACE("input: " + c.input);
    ParseResult r = ParseCondition(c.input);
    ASSERT_FALSE(r.ok()) << "parsed as " << Print(r);
    ASSERT_TRUE(r.error.has_value());
    EXPECT_EQ(r.error->message, c.message);
    if (c.offset >= 0) {
      EXPECT_EQ(r.error->offset, static_cast<uint32_t>(c.offset));
    }
  }
}

std::string After(const std::string& token) {
  return "unexpected token after '" + token + "', expecting 'or', 'and'";
}

TEST(ParserTest, AcceptsSpecExamples) {  // §2.3 "Accepted examples"
  ExpectAccepted({
      {"a", "a"},
      {"(a)", "a"},
      {"a and b and(c)", "(a and b and c)"},
      {"(a)and(b)and(c)", "(a and b and c)"},
      {"a.a exists and b", "(a.a exists and b)"},
      {"a.a=1 or b.b=2 and c", "(a.a = 1 or (b.b = 2 and c))"},
      {"not(a)and(not(b))", "(not a and not b)"},
      {"a.b = not", "a.b = not"},
      {"a.g in (1, 'a', b.c)", "a.g in (1, a, b.c)"},
      {"fd.name=*.log", "fd.name = *.log"},
      {"evt.arg[0] contains /bin", "evt.arg[0] contains /bin"},
      {"test.str = 0a!@#456:/\\.;!$%^&*[]{}|", "test.str = \"0a!@#456:/\\\\.;!$%^&*[]{}|\""},
      {"test.str[+0.25e+10] = a", "test.str[+0.25e+10] = a"},
      {"test.op in()", "test.op in ()"},
  });
}

TEST(ParserTest, RejectsSpecExamples) {  // §2.3 "Rejected examples"
  ExpectRejected({
      {"a and b and", "expected blank or '(' after 'and'", 11},
      {"and a", After("and"), 4},
      {"a not b", After("a"), 2},
      {"a.b = b = 1", After("b"), 8},
      {"(a.b = 1", "expected a ')' token", 8},
      // Q3: "invalidoperator" lexes as the list operator `in` and the identifier
      // "validoperator"; the trailing "x" is then left over.
      {"a.a invalidoperator x", After("validoperator"), 20},
      {"macro > 12", After("macro"), 6},
      {"a.g in ( 1 ,, , b)", "expected a string value", 12},
      {"fd.name=/var/lo);g/httpd.log", After("/var/lo"), 15},
      {"test.str = a,", After("a"), 12},
      {"test.list in (value,)", "expected a string value", 20},
      {"test.list = (value)",
       std::string("expected a string value or a field with a valid transformer: ") + kTransformers,
       12},
      {"test.op containsvalue",
       std::string("expected a valid check operator: one of ") + kOperators, 8},
      {"test.op ExIsTs", std::string("expected a valid check operator: one of ") + kOperators},
      {"test.num > 0xAAA.1", After("0xAAA"), 16},
      {"test.num <= a",
       std::string("expected a number value or a field with a valid transformer: ") + kTransformers,
       12},
      {"test.str[] = x", "expected a valid field argument: a quoted string or a bare string", 9},
      {"test.str[   test   ] = x",
       "expected a valid field argument: a quoted string or a bare string", 9},
      {"b64 (f.x) exists", After("b64"), 4},
  });
}

TEST(ParserTest, AppendixBVectors) {
  ExpectAccepted({
      {"a.b = 1 and not a", "(a.b = 1 and not a)"},
      {"evt.name exists and evt.type in (a, b) or proc.name=cat",
       "((evt.name exists and evt.type in (a, b)) or proc.name = cat)"},
      {"not not not not not(not not(not not_macro))", "not (not not_macro)"},
      {"test.op existsand macro", "(test.op exists and macro)"},
      {"test.op in()", "test.op in ()"},
      {"test.op pmatch()", "test.op pmatch ()"},
      {"test.str = !0.1222e+10", "test.str = !0.1222e+10"},
      {"test.str = \"bad escape \\ \"", "test.str = \"bad escape \\x5c\""},
      {"proc.name == oneof (cat, nginx)", "proc.name == oneof (cat, nginx)"},
  });
  ExpectRejected({
      {"a.b = b = 1", After("b")},
      {"test.list in (value,)", "expected a string value"},
      {"test.op startswithvalue",
       std::string("expected a valid check operator: one of ") + kOperators},
      {"test.num > !0.1222e+10",
       std::string("expected a number value or a field with a valid transformer: ") +
           kTransformers},
      {"test.str = 'mixed \\\"'", "invalid \\\" escape in '-quoted string", 18},
      {"some.field in (b64(test.field))", "expected a ')' token", 18},
      {"some.field = val(toupper(test.field))", "expected a field within 'val' transformer", 17},
      {"val(test.field) exists", After("val"), 3},
      {"b64 (test.field) exists", After("b64"), 4},
      {"proc.name == oneof(cat)", After("oneof"), 18},
  });
}

TEST(ParserTest, AppendixBNotFoldingBuildsTheExpectedTree) {
  ParseResult r = ParseCondition("not not not not not(not not(not not_macro))");
  ASSERT_TRUE(r.ok());
  const auto* outer = ast::DynCast<ast::NotExpr>(r.expr.get());
  ASSERT_NE(outer, nullptr);
  const auto* inner = ast::DynCast<ast::NotExpr>(outer->child.get());
  ASSERT_NE(inner, nullptr);
  const auto* id = ast::DynCast<ast::IdentifierExpr>(inner->child.get());
  ASSERT_NE(id, nullptr);
  EXPECT_EQ(id->name, "not_macro");
}

TEST(ParserTest, PrecedenceAssociativityAndNotFolding) {  // §2.3
  ExpectAccepted({
      {"a or b and c", "(a or (b and c))"},
      {"a and b or c", "((a and b) or c)"},
      {"a and b and c", "(a and b and c)"},
      {"a or b or c or d", "(a or b or c or d)"},
      {"a and (b and c)", "(a and (b and c))"},
      {"((((a))))", "a"},
      {"not a.b = 1 and c", "(not a.b = 1 and c)"},
      {"not a and b", "(not a and b)"},
      {"not (a and b)", "not (a and b)"},
      {"not not a", "a"},
      {"not not not a", "not a"},
      {"not (not a)", "not (not a)"},
      {"not not(a)", "a"},
      {"not\f\va", "not a"},  // form feed and vertical tab separate `not`
      {"not\t\na", "not a"},
      {"nota", "nota"},
      {"not", "not"},  // `not` not followed by a blank or `(` is an identifier (a macro name)
      {"notb and not_macro", "(notb and not_macro)"},
      {"not (a) or not(b) and not c", "(not a or (not b and not c))"},
      {" \t\r\n a \n and\n b \b", "(a and b)"},
  });
  ExpectRejected({
      {"a andb", "expected blank or '(' after 'and'", 5},
      {"a orb", "expected blank or '(' after 'or'", 4},
      {"a andnot b", "expected blank or '(' after 'and'", 5},
      {"aand b", After("aand"), 5},
      {"a or", "expected blank or '(' after 'or'", 4},
      {"a or ", "expected a '(' token, a field check, or an identifier", 5},
      {"not ", "expected a '(' token, a field check, or an identifier", 4},
      {"a AND b", After("a")},  // keywords are case-sensitive
      {"(a", "expected a ')' token", 2},
      {"a)", After("a"), 1},
      {"()", "expected a '(' token, a field check, or an identifier", 1},
      {"", "filter input string is empty", 0},
      {"   ", "expected a '(' token, a field check, or an identifier", 3},
  });
}

TEST(ParserTest, QuirkQ1ImmediateParenthesisTakesTheWholeOperand) {
  ExpectAccepted({
      {"a and(b) or c", "((a and b) or c)"},
      {"a or (b) and c", "(a or (b and c))"},
      {"a or(b or c)", "(a or (b or c))"},
  });
  ExpectRejected({{"a or(b) and c", After(")"), 8}});
}

TEST(ParserTest, QuirkQ2BareStringMustBeFollowedByBlank) {
  ExpectAccepted({
      {"a.b=\"x\"and c", "(a.b = x and c)"},
      {"a.b='x'or c", "(a.b = x or c)"},
      {"(a.b=x)and c", "(a.b = x and c)"},
  });
  ExpectRejected({{"a.b=1and c", After("1and"), 9}});
}

TEST(ParserTest, QuirkQ3ListOperatorsNeedNoBlank) {
  ExpectAccepted({
      {"x.y inlist", "x.y in list"},
      {"x.y intersectsfoo", "x.y intersects foo"},
      {"x.y pmatch(/a)", "x.y pmatch (/a)"},
      {"x.y in(a)", "x.y in (a)"},
  });
}

TEST(ParserTest, QuirkQ4QuotedStringCannotEndWithEscapedBackslash) {
  ExpectAccepted({
      {"a.b = \"C:\\x5c\"", "a.b = \"C:\\x5c\""},
      {"a.b = \"a\\\\b\"", "a.b = \"a\\\\b\""},
  });
  ExpectRejected({
      {"a.b = \"C:\\\\\"",
       std::string("expected a string value or a field with a valid transformer: ") + kTransformers,
       6},
      // The escaped quote does not end the string, so the later one does.
      {"a.b = \"C:\\\\\" or c",
       std::string("expected a string value or a field with a valid transformer: ") +
           kTransformers},
  });
  ParseResult r = ParseCondition("a.b = \"x\\\\\"y\"");  // content x\\"y: the 2nd quote ends it
  ASSERT_TRUE(r.ok()) << r.error->message;
  const auto& check = ast::Cast<ast::BinaryCheckExpr>(*r.expr);
  EXPECT_EQ(ast::Cast<ast::ConstValue>(*check.right).text, "x\\\"y");
}

TEST(ParserTest, EveryOperator) {
  ExpectAccepted({
      {"x.y exists", "x.y exists"},
      {"x.y existsand m", "(x.y exists and m)"},
      {"x.y <= 1", "x.y <= 1"},
      {"x.y<1", "x.y < 1"},
      {"x.y >= 1", "x.y >= 1"},
      {"x.y >1", "x.y > 1"},
      {"x.y == a", "x.y == a"},
      {"x.y=a", "x.y = a"},
      {"x.y!=a", "x.y != a"},
      {"x.y glob *.a", "x.y glob *.a"},
      {"x.y iglob *.A", "x.y iglob *.A"},
      {"x.y contains a", "x.y contains a"},
      {"x.y icontains a", "x.y icontains a"},
      {"x.y bcontains cafe", "x.y bcontains cafe"},
      {"x.y startswith /a", "x.y startswith /a"},
      {"x.y bstartswith 7f45", "x.y bstartswith 7f45"},
      {"x.y endswith .a", "x.y endswith .a"},
      {"x.y regex '^a.*$'", "x.y regex ^a.*$"},
      {"x.y intersects (a, b)", "x.y intersects (a, b)"},
      {"x.y in (a, b)", "x.y in (a, b)"},
      {"x.y pmatch (/a, /b)", "x.y pmatch (/a, /b)"},
      {"x.y contains\ta", "x.y contains a"},
      {"x.y contains\na", "x.y contains a"},
  });
  ExpectRejected({
      {"x.y", std::string("expected a valid check operator: one of ") + kOperators, 3},
      {"x.y containsa", std::string("expected a valid check operator: one of ") + kOperators},
      {"x.y contains\fa", std::string("expected a valid check operator: one of ") + kOperators},
      {"x.y =! a", After("!")},  // `=` then the bare string "!" then "a"
      {"x.y <> 1", std::string("expected a number value or a field with a valid transformer: ") +
                       kTransformers},
      {"x.y existsfoo", After("exists")},
      {"x.y in", std::string("expected a list, an identifier, or a field with a valid "
                             "transformer: ") +
                     kTransformers},
      {"x.y in \"a\"", std::string("expected a list, an identifier, or a field with a valid "
                                   "transformer: ") +
                           kTransformers},
  });
}

TEST(ParserTest, OperatorsAndModifiersInTheTree) {
  ParseResult r = ParseCondition("x.y startswith anyof (/a, '/b c')");
  ASSERT_TRUE(r.ok());
  const auto& check = ast::Cast<ast::BinaryCheckExpr>(*r.expr);
  EXPECT_EQ(check.op, ast::CheckOperator::kStartsWith);
  EXPECT_EQ(check.modifier, ast::OperatorModifier::kAnyOf);
  const auto& list = ast::Cast<ast::ListLiteral>(*check.right);
  ASSERT_EQ(list.values.size(), 2u);
  EXPECT_EQ(list.values[0].text, "/a");
  EXPECT_FALSE(list.values[0].quoted);
  EXPECT_EQ(list.values[1].text, "/b c");
  EXPECT_TRUE(list.values[1].quoted);

  r = ParseCondition("x.y == a");
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(ast::Cast<ast::BinaryCheckExpr>(*r.expr).op, ast::CheckOperator::kEqEq);
  EXPECT_EQ(ast::Cast<ast::BinaryCheckExpr>(*r.expr).modifier, ast::OperatorModifier::kNone);
}

TEST(ParserTest, Modifiers) {  // §2.6
  ExpectAccepted({
      {"proc.name == oneof (cat, nginx)", "proc.name == oneof (cat, nginx)"},
      {"proc.name startswith anyof (/proc/, /sys/)", "proc.name startswith anyof (/proc/, /sys/)"},
      {"proc.name != allof my_list", "proc.name != allof my_list"},
      {"proc.name = anyof ()", "proc.name = anyof ()"},
      {"proc.name contains allof (my, exe)", "proc.name contains allof (my, exe)"},
      {"proc.name regex oneof ('a.*', b)", "proc.name regex oneof (a.*, b)"},
      {"proc.name ==   oneof\n(a)", "proc.name == oneof (a)"},
      {"proc.name == oneof", "proc.name == oneof"},
      {"proc.name == anyof and fd.name exists", "(proc.name == anyof and fd.name exists)"},
      {"proc.name == allof or b", "(proc.name == allof or b)"},
      {"proc.name = oneofx", "proc.name = oneofx"},
      {"proc.name = oneof andx", "proc.name = oneof andx"},  // "andx" is not the keyword
  });
  ExpectRejected({
      {"proc.name ==oneof (a)", After("oneof"), 18},
      {"proc.name == oneof(a)", After("oneof"), 18},
      {"proc.name in oneof (a)", After("oneof"), 19},
      {"proc.num > oneof (1, 2)",
       std::string("expected a number value or a field with a valid transformer: ") +
           kTransformers},
      {"proc.name == oneof (a,)", "expected a string value"},
      {"proc.name == oneof not", After("oneof")},
  });
}

TEST(ParserTest, ListLiterals) {  // §2.7
  ExpectAccepted({
      {"x.y in ()", "x.y in ()"},
      {"x.y in ( )", "x.y in ()"},
      {"x.y in (a)", "x.y in (a)"},
      {"x.y in ( a ,b , \"c d\",'e')", "x.y in (a, b, \"c d\", e)"},
      {"x.y in (tolower, val, /a/b*, [x], a.b)", "x.y in (tolower, val, /a/b*, [x], a.b)"},
      {"x.y in (\"\")", "x.y in (\"\")"},
      {"x.y in foo", "x.y in foo"},
      {"x.y intersects (a, b) and z", "(x.y intersects (a, b) and z)"},
  });
  ExpectRejected({
      {"x.y in (,a)", "expected a ')' token", 8},
      {"x.y in (a,,b)", "expected a string value", 10},
      {"x.y in (a b)", "expected a ')' token", 10},
      {"x.y in (a", "expected a ')' token", 9},
      {"x.y in (a=b)", "expected a ')' token", 9},
      {"x.y in foo.bar", After("foo")},
      {"x.y in (b64(x.z))", "expected a ')' token"},
      {"x.y = (a)", std::string("expected a string value or a field with a valid transformer: ") +
                        kTransformers},
  });
}

TEST(ParserTest, FieldArguments) {  // §2.5
  ExpectAccepted({
      {"proc.aname[2] = bash", "proc.aname[2] = bash"},
      {"proc.env[HOME] exists", "proc.env[HOME] exists"},
      {"container.mount.dest[/var/run/docker.sock] exists",
       "container.mount.dest[/var/run/docker.sock] exists"},
      {"container.mount.dest[/proc*] exists", "container.mount.dest[/proc*] exists"},
      {"proc.env[\"MY VAR\"] = x", "proc.env[\"MY VAR\"] = x"},
      {"proc.env['a]b'] = x", "proc.env[\"a]b\"] = x"},
      {"x.y[\"\"] exists", "x.y[\"\"] exists"},
      {"evt.arg.flags contains O_RDWR", "evt.arg.flags contains O_RDWR"},
      {"evt.type.is.open=1", "evt.type.is.open = 1"},
      {"x.y[a(b)=c,d] exists", "x.y[a(b)=c,d] exists"},
  });
  ExpectRejected({
      {"proc.name [1] = x", std::string("expected a valid check operator: one of ") + kOperators,
       10},
      {"x.y[a b] = 1", "expected a ']' token", 5},
      {"x.y[a", "expected a ']' token", 5},
      {"x.y[\"a] = 1", "expected a valid field argument: a quoted string or a bare string", 4},
      {"x.y[[a]] = 1", "expected a valid field argument: a quoted string or a bare string", 4},
      {"x.1 = 1", After("x"), 1},
      {"x. = 1", After("x"), 1},
  });

  // "no argument" and "empty argument" differ.
  ParseResult none = ParseCondition("x.y exists");
  ParseResult empty = ParseCondition("x.y[''] exists");
  ASSERT_TRUE(none.ok() && empty.ok());
  const auto& f1 = ast::Cast<ast::FieldRef>(*ast::Cast<ast::UnaryCheckExpr>(*none.expr).left);
  const auto& f2 = ast::Cast<ast::FieldRef>(*ast::Cast<ast::UnaryCheckExpr>(*empty.expr).left);
  EXPECT_FALSE(f1.arg.has_value());
  ASSERT_TRUE(f2.arg.has_value());
  EXPECT_EQ(*f2.arg, "");
  EXPECT_FALSE(ast::StructurallyEqual(*none.expr, *empty.expr));
}

TEST(ParserTest, NumbersOnNumericOperators) {
  ExpectAccepted({
      {"x.y > 1", "x.y > 1"},
      {"x.y > -1", "x.y > -1"},
      {"x.y > +1", "x.y > +1"},
      {"x.y > 1.", "x.y > 1."},
      {"x.y > 1.5", "x.y > 1.5"},
      {"x.y > 1e+5", "x.y > 1e+5"},
      {"x.y < +3.25E-2", "x.y < +3.25E-2"},
      {"x.y >= 0x1F", "x.y >= 0x1F"},
      {"x.y >= 0X1f", "x.y >= 0X1f"},
      {"x.y>1 and z", "(x.y > 1 and z)"},
  });
  const std::string expected_number =
      std::string("expected a number value or a field with a valid transformer: ") + kTransformers;
  ExpectRejected({
      {"x.y > 1e5", After("1"), 7},  // the exponent needs its sign
      {"x.y > .5", expected_number, 6},
      {"x.y > '1'", expected_number, 6},
      {"x.y > 0x", After("0")},
      {"x.y > 1.2.3", After("1.2")},
      {"x.y > a.b", expected_number},
  });
}

TEST(ParserTest, TransformersAndVal) {  // §2.8
  ExpectAccepted({
      {"tolower(proc.name) = bash", "tolower(proc.name) = bash"},
      {"toupper( proc.name ) = BASH", "toupper(proc.name) = BASH"},
      {"b64(toupper(x.y)) = a", "b64(toupper(x.y)) = a"},
      {"basename(proc.exepath) = sh", "basename(proc.exepath) = sh"},
      {"len(proc.args) > 3", "len(proc.args) > 3"},
      {"proc.name = tolower(proc.pname)", "proc.name = tolower(proc.pname)"},
      {"proc.name = proc.pname", "proc.name = proc.pname"},
      {"proc.name = val(proc.pname)", "proc.name = val(proc.pname)"},
      {"proc.name = val( proc.pname )", "proc.name = val(proc.pname)"},
      {"proc.name = val(proc.pname)[x]", "proc.name = val(proc.pname)[x]"},  // a compile error
      {"proc.name = val(proc.aname[1])", "proc.name = val(proc.aname[1])"},
      {"x.y > len(z.w)", "x.y > len(z.w)"},
      {"x.y in tolower(z.w)", "x.y in tolower(z.w)"},
      {"x.y in val(z.w)", "x.y in val(z.w)"},
      {"toupper(f.x)[x] = a", "toupper(f.x)[x] = a"},  // a compile error, not a syntax error
      {"tolower(1) = a", "tolower(1) = a"},
      {"tolower(0x1F) = a", "tolower(0x1F) = a"},
      {"tolower('x') = a", "tolower(\"x\") = a"},
      {"join(\",\", (proc.name, proc.pname)) = \"a,b\"",
       "join(\",\", (proc.name, proc.pname)) = \"a,b\""},
      {"join(',', ()) = a", "join(\",\", ()) = a"},
      {"join(\",\", ( tolower(a.b) , 'x' , 3 , 0x4 )) = a",
       "join(\",\", (tolower(a.b), \"x\", 3, 0x4)) = a"},
      {"concat(proc.name, \"-\", proc.pname) = a-b", "concat(proc.name, \"-\", proc.pname) = a-b"},
      {"getopt(proc.args, \"ab:\")[b] = x", "getopt(proc.args, \"ab:\")[b] = x"},
  });
}

TEST(ParserTest, TransformerNamesAloneAreIdentifiers) {
  ExpectAccepted({
      {"tolower", "tolower"},
      {"tolower and len", "(tolower and len)"},
      {"val", "val"},
      {"proc.name = tolower", "proc.name = tolower"},
      {"proc.name = val", "proc.name = val"},
  });
  ExpectRejected({{"tolower exists", After("tolower")}});
}

TEST(ParserTest, TransformerErrors) {
  const std::string arg_error =
      "expected field transformer argument: field, transformer, quoted string, number, or "
      "transformer list";
  ExpectRejected({
      {"tolower (x.y) = a", After("tolower"), 8},
      {"tolower() = a", arg_error, 8},
      {"tolower(xyz) = a", arg_error, 8},
      {"tolower(val(x.y)) = a", arg_error, 8},
      {"tolower(x.y = a", "expected a ')' token closing the transformer", 12},
      {"tolower(x.y,) = a", arg_error, 12},
      {"join(\",\", (proc.name, )) = a",
       "expected transformer list argument: field, transformer, quoted string, or number", 22},
      {"join(\",\", (proc.name x)) = a", "expected ')'", 21},
      {"join(\",\", (bare)) = a",
       "expected transformer list argument: field, transformer, quoted string, or number", 11},
      {"val(x.y) = a", After("val"), 3},
      {"x.y = val()", "expected a field within 'val' transformer", 10},
      {"x.y = val(a)", "expected a field within 'val' transformer", 10},
      {"x.y = val(a.b", "expected a ')' token closing the transformer", 13},
      {"x.y = val(val(a.b))", "expected a field within 'val' transformer", 10},
      {"x.y = tolower(a.b) c", After(")")},
  });
}

TEST(ParserTest, Escaping) {  // §2.4 through the parser
  struct Case {
    std::string input;
    std::string value;
  };
  const std::vector<Case> cases = {
      {R"(x.y = "a\bb")", "a\bb"},
      {R"(x.y = "a\fb")", "a\fb"},
      {R"(x.y = "a\nb")", "a\nb"},
      {R"(x.y = "a\rb")", "a\rb"},
      {R"(x.y = "a\tb")", "a\tb"},
      {R"(x.y = "a\\b")", "a\\b"},
      {R"(x.y = "a\/b")", "a/b"},
      {R"(x.y = "a\"b")", "a\"b"},
      {R"(x.y = 'a\'b')", "a'b"},
      {R"(x.y = "a\x41b")", "aAb"},
      {R"(x.y = "a\ b")", "a\\b"},
      {R"(x.y = "it's")", "it's"},
      {R"(x.y = 'say "hi"')", "say \"hi\""},
      {R"(x.y = "")", ""},
      {R"(x.y = '')", ""},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.input);
    ParseResult r = ParseCondition(c.input);
    ASSERT_TRUE(r.ok()) << r.error->message;
    const auto& value = ast::Cast<ast::ConstValue>(*ast::Cast<ast::BinaryCheckExpr>(*r.expr).right);
    EXPECT_EQ(value.text, c.value);
    EXPECT_TRUE(value.quoted);
  }
  ParseResult nul = ParseCondition(R"(x.y = "a\x00b")");
  ASSERT_TRUE(nul.ok());
  EXPECT_EQ(ast::Cast<ast::ConstValue>(*ast::Cast<ast::BinaryCheckExpr>(*nul.expr).right).text,
            std::string("a\0b", 3));

  ExpectRejected({
      {R"(x.y = "a\qb")", "unsupported string escape sequence: \\q", 8},
      {R"(x.y = 'a\"b')", "invalid \\\" escape in '-quoted string", 8},
      {R"(x.y = "a\'b")", "invalid \\' escape in \"-quoted string", 8},
      {R"(x.y = "a\x4")", "invalid \\x escape: expected two hexadecimal digits", 8},
      {R"(x.y = "a\xg0")", "invalid \\x escape: expected two hexadecimal digits", 8},
      {R"(x.y in ("a", "\q"))", "unsupported string escape sequence: \\q", 14},
      {R"(x.y["\q"] exists)", "unsupported string escape sequence: \\q", 5},
  });
}

TEST(ParserTest, RawNulBytes) {
  // A quoted string stops at a raw NUL (it never terminates); a bare string may hold one.
  ParseResult quoted = ParseCondition(std::string("x.y = \"a\0b\"", 11));
  EXPECT_FALSE(quoted.ok());
  ParseResult bare = ParseCondition(std::string("x.y = a\0b", 9));
  ASSERT_TRUE(bare.ok());
  EXPECT_EQ(ast::Cast<ast::ConstValue>(*ast::Cast<ast::BinaryCheckExpr>(*bare.expr).right).text,
            std::string("a\0b", 3));
}

TEST(ParserTest, MultiLineConditions) {
  ExpectAccepted({
      {"spawned_process\n  and container\n  and proc.name in (a,\n b)\n",
       "(spawned_process and container and proc.name in (a, b))"},
      {"(\n a\n or\n b\n)", "(a or b)"},
  });
}

TEST(ParserTest, DepthLimit) {
  auto nested = [](int n) {
    return std::string(static_cast<size_t>(n), '(') + "a" +
           std::string(static_cast<size_t>(n), ')');
  };
  // Each parenthesis level costs five levels of the limit of 1000 (§2).
  ParseResult ok = ParseCondition(nested(199));
  ASSERT_TRUE(ok.ok()) << ok.error->message;
  EXPECT_EQ(ast::PrintExpr(*ok.expr), "a");
  ParseResult too_deep = ParseCondition(nested(200));
  ASSERT_FALSE(too_deep.ok());
  EXPECT_EQ(too_deep.error->message, "exceeded max depth limit of 1000");

  ParseOptions small;
  small.max_depth = 20;
  ParseResult limited = ParseCondition(nested(4), small);
  ASSERT_FALSE(limited.ok());
  EXPECT_EQ(limited.error->message, "exceeded max depth limit of 20");
  EXPECT_TRUE(ParseCondition(nested(3), small).ok());
}

TEST(ParserTest, HostileInputsFailWithoutDeepRecursion) {
  const std::vector<std::string> inputs = {
      std::string(100000, '('),
      [] {
        std::string s;
        for (int i = 0; i < 20000; ++i) s += "not(";
        return s;
      }(),
      [] {
        std::string s = "x.y = ";
        for (int i = 0; i < 20000; ++i) s += "tolower(";
        return s;
      }(),
      [] {
        std::string s = "join(\",\", ";
        for (int i = 0; i < 20000; ++i) s += "(concat(";
        return s;
      }(),
  };
  for (const std::string& input : inputs) {
    ParseResult r = ParseCondition(input);
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error->message, "exceeded max depth limit of 1000");
  }
  // Long flat sequences are iterative and fine.
  std::string chain = "a";
  for (int i = 0; i < 100000; ++i) chain += " and not not a";
  ParseResult r = ParseCondition(chain);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(ast::Cast<ast::LogicalExpr>(*r.expr).children.size(), 100001u);
}

TEST(ParserTest, SourceRanges) {
  const std::string text = "  proc.name = bash and not fd.name[1] exists or (a)";
  ParseResult r = ParseCondition(text);
  ASSERT_TRUE(r.ok());
  auto slice = [&](ast::SourceRange range) { return text.substr(range.offset, range.length); };
  const auto& root = ast::Cast<ast::LogicalExpr>(*r.expr);
  EXPECT_EQ(root.kind, ast::ExprKind::kOr);
  EXPECT_EQ(slice(root.range), "proc.name = bash and not fd.name[1] exists or (a)");
  const auto& conj = ast::Cast<ast::LogicalExpr>(*root.children[0]);
  EXPECT_EQ(slice(conj.range), "proc.name = bash and not fd.name[1] exists");
  const auto& check = ast::Cast<ast::BinaryCheckExpr>(*conj.children[0]);
  EXPECT_EQ(slice(check.range), "proc.name = bash");
  EXPECT_EQ(slice(check.left->range), "proc.name");
  EXPECT_EQ(slice(check.right->range), "bash");
  const auto& neg = ast::Cast<ast::NotExpr>(*conj.children[1]);
  EXPECT_EQ(slice(neg.range), "not fd.name[1] exists");
  const auto& exists = ast::Cast<ast::UnaryCheckExpr>(*neg.child);
  EXPECT_EQ(slice(exists.range), "fd.name[1] exists");
  EXPECT_EQ(slice(exists.left->range), "fd.name[1]");
  EXPECT_EQ(slice(root.children[1]->range), "a");

  const std::string text2 = "x.y in ('a b', c) and z.w = val(q.r) and tolower(s.t) != \"u\"";
  r = ParseCondition(text2);
  ASSERT_TRUE(r.ok());
  auto slice2 = [&](ast::SourceRange range) { return text2.substr(range.offset, range.length); };
  const auto& and2 = ast::Cast<ast::LogicalExpr>(*r.expr);
  const auto& in = ast::Cast<ast::BinaryCheckExpr>(*and2.children[0]);
  const auto& list = ast::Cast<ast::ListLiteral>(*in.right);
  EXPECT_EQ(slice2(list.range), "('a b', c)");
  EXPECT_EQ(slice2(list.values[0].range), "'a b'");
  EXPECT_EQ(slice2(list.values[1].range), "c");
  const auto& val = ast::Cast<ast::BinaryCheckExpr>(*and2.children[1]);
  EXPECT_EQ(slice2(val.right->range), "val(q.r)");
  EXPECT_EQ(slice2(ast::Cast<ast::ValRef>(*val.right).field.range), "q.r");
  const auto& tr = ast::Cast<ast::BinaryCheckExpr>(*and2.children[2]);
  EXPECT_EQ(slice2(tr.left->range), "tolower(s.t)");
  EXPECT_EQ(slice2(tr.right->range), "\"u\"");
  EXPECT_EQ(slice2(tr.range), "tolower(s.t) != \"u\"");

  // Error offsets translate to line:column.
  const std::string text3 = "a and\n  b.c = 1 and\n  (d";
  ParseResult bad = ParseCondition(text3);
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(ast::LineColumnAt(text3, bad.error->offset), (ast::LineColumn{3, 5}));
}

}  // namespace
}  // namespace peregrine::compiler
