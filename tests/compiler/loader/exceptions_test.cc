#include "compiler/loader/exceptions.h"

#include <gtest/gtest.h>

#include "loader_test_util.h"

namespace peregrine::compiler {
namespace {

using testing::LoadText;
using testing::Rule;

const RuleDef& OnlyRule(const testing::Loaded& loaded) {
  EXPECT_EQ(loaded.rules.rules.size(), 1u);
  return loaded.rules.rules.at(0);
}

std::string FirstError(const testing::Loaded& loaded) {
  return loaded.errors().empty() ? "" : loaded.errors()[0].message;
}

TEST(ExceptionsTest, SpecExampleQuotesValueWithSpace) {
  auto loaded = LoadText(Rule("r", "proc.cmdline contains curl or proc.cmdline contains wget",
                              R"(  exceptions:
    - name: local
      fields: [proc.cmdline]
      comps: [contains]
      values: [[curl 127.0.0.1]]
)"));
  ASSERT_TRUE(loaded.errors().empty()) << FirstError(loaded);
  const RuleDef& rule = OnlyRule(loaded);
  EXPECT_EQ(rule.condition, "proc.cmdline contains curl or proc.cmdline contains wget");
  EXPECT_EQ(rule.condition_with_exceptions,
            "(proc.cmdline contains curl or proc.cmdline contains wget) and not "
            "(( proc.cmdline contains \"curl 127.0.0.1\"))");
  EXPECT_EQ(rule.exception_fields, (std::set<std::string>{"proc.cmdline"}));
}

TEST(ExceptionsTest, SpecExampleListAndScalarForms) {
  auto loaded = LoadText(Rule("Write below binary dir", "evt.type = open", R"(  exceptions:
    - name: proc_writer
      fields: [proc.name, fd.directory]
      comps: [=, in]
      values:
        - [apk, /usr/bin]
        - [npm, [/usr/local/bin, /usr/bin]]
    - name: known_names
      fields: proc.name
      values: [cat, grep]
)"));
  ASSERT_TRUE(loaded.errors().empty()) << FirstError(loaded);
  const RuleDef& rule = OnlyRule(loaded);
  EXPECT_EQ(rule.condition_with_exceptions,
            "(evt.type = open) and not (( proc.name = apk and  fd.directory in (/usr/bin)) or "
            "( proc.name = npm and  fd.directory in (/usr/local/bin, /usr/bin))) and not "
            "(proc.name in (cat, grep))");
  ASSERT_EQ(rule.exceptions.size(), 2u);
  // The scalar form's comps default to "in".
  ASSERT_TRUE(rule.exceptions[1].comps.has_value());
  EXPECT_EQ(rule.exceptions[1].comps->item, "in");
  EXPECT_EQ(rule.exception_fields, (std::set<std::string>{"fd.directory", "proc.name"}));
}

TEST(ExceptionsTest, ListFormCompsDefaultToEquals) {
  auto loaded = LoadText(Rule("r", "a.b = 1", R"(  exceptions:
    - name: e
      fields: [proc.name, proc.pname]
      values: [[a, b c]]
)"));
  ASSERT_TRUE(loaded.errors().empty()) << FirstError(loaded);
  EXPECT_EQ(OnlyRule(loaded).condition_with_exceptions,
            "(a.b = 1) and not (( proc.name = a and  proc.pname = \"b c\"))");
}

TEST(ExceptionsTest, ListOperatorValueGetsParentheses) {
  auto loaded = LoadText(Rule("r", "a.b = 1", R"(  exceptions:
    - name: e
      fields: [proc.name, fd.name, fd.directory]
      comps: [in, pmatch, " startswith oneof "]
      values: [[shells, (x), /tmp]]
)"));
  ASSERT_TRUE(loaded.errors().empty()) << FirstError(loaded);
  // A list name becomes "(name)" and is then substituted like any list reference.
  EXPECT_EQ(OnlyRule(loaded).condition_with_exceptions,
            "(a.b = 1) and not (( proc.name in (shells) and  fd.name pmatch (x) and  "
            "fd.directory startswith oneof (/tmp)))");
}

TEST(ExceptionsTest, ValuesAreSplicedAsTextAndListNamesExpand) {
  auto loaded = LoadText(R"(
- list: shells
  items: [sh, bash]
)" + Rule("r", "a.b = 1", R"(  exceptions:
    - name: e
      fields: [proc.name, proc.pname]
      values: [[shells, toupper(proc.pname)]]
)"));
  ASSERT_TRUE(loaded.errors().empty()) << FirstError(loaded);
  const RuleDef& rule = OnlyRule(loaded);
  EXPECT_EQ(rule.condition_with_exceptions,
            "(a.b = 1) and not (( proc.name = shells and  proc.pname = toupper(proc.pname)))");
  EXPECT_EQ(rule.substituted.text,
            "(a.b = 1) and not (( proc.name = sh, bash and  proc.pname = toupper(proc.pname)))");
}

TEST(ExceptionsTest, ExceptionWithoutValuesAddsNothingButParentheses) {
  auto loaded = LoadText(Rule("r", "a.b = 1", R"(  exceptions:
    - name: e
      fields: [proc.name]
    - name: f
      fields: proc.name
      values: []
)"));
  ASSERT_TRUE(loaded.errors().empty()) << FirstError(loaded);
  EXPECT_EQ(OnlyRule(loaded).condition_with_exceptions, "(a.b = 1)");
}

TEST(ExceptionsTest, RuleWithoutExceptionsKeepsItsCondition) {
  auto loaded = LoadText(Rule("r", "a.b = 1"));
  EXPECT_EQ(OnlyRule(loaded).condition_with_exceptions, "a.b = 1");
}

TEST(ExceptionsTest, DuplicateNameWarns) {
  auto loaded = LoadText(Rule("r", "a.b = 1", R"(  exceptions:
    - name: e
      fields: proc.name
      values: [a]
    - name: e
      fields: proc.name
      values: [b]
)"));
  ASSERT_TRUE(loaded.errors().empty());
  EXPECT_EQ(loaded.warning_codes(), (std::vector<std::string>{"LOAD_EXCEPTION_NAME_NOT_UNIQUE"}));
  EXPECT_EQ(loaded.warnings()[0].location.line, 10);
}

struct BadException {
  std::string yaml;
  std::string code;
  std::string message;
};

class ExceptionErrorTest : public ::testing::TestWithParam<BadException> {};

TEST_P(ExceptionErrorTest, IsRejected) {
  auto loaded = LoadText(Rule("r", "a.b = 1", "  exceptions:\n" + GetParam().yaml));
  ASSERT_EQ(loaded.errors().size(), 1u);
  EXPECT_EQ(loaded.errors()[0].code, GetParam().code);
  EXPECT_EQ(loaded.errors()[0].message, GetParam().message);
  EXPECT_EQ(loaded.errors()[0].item_type, "rule");
  EXPECT_EQ(loaded.errors()[0].item_name, "r");
  EXPECT_EQ(loaded.errors()[0].location.file, "rules.yaml");
  EXPECT_GT(loaded.errors()[0].location.line, 5);
}

INSTANTIATE_TEST_SUITE_P(
    Validation, ExceptionErrorTest,
    ::testing::Values(
        BadException{"    - fields: [a.b]\n      values: [[x]]\n", "LOAD_ERR_YAML_VALIDATE",
                     "Item has no mapping for key 'name'"},
        BadException{"    - name: e\n      values: [[x]]\n", "LOAD_ERR_YAML_VALIDATE",
                     "Item has no mapping for key 'fields'"},
        BadException{"    - name: e\n      fields: []\n", "LOAD_ERR_VALIDATE",
                     "Rule exception item must have fields property with a list of fields"},
        BadException{"    - name: e\n      fields: [a.b, c.d]\n      comps: [=]\n",
                     "LOAD_ERR_VALIDATE", "Fields and comps lists must have equal length"},
        BadException{"    - name: e\n      fields: [a.b]\n      comps: [like]\n",
                     "LOAD_ERR_VALIDATE", "'like' is not a supported comparison operator"},
        BadException{"    - name: e\n      fields: [a.b]\n      comps: [in oneof]\n",
                     "LOAD_ERR_VALIDATE", "'in oneof' is not a supported comparison operator"},
        BadException{"    - name: e\n      fields: a.b\n      comps: [in]\n", "LOAD_ERR_VALIDATE",
                     "Fields and comps must both be strings"},
        BadException{"    - name: e\n      fields: a.b\n      comps: =\n", "LOAD_ERR_VALIDATE",
                     "When fields is a single value, comps must be one of (in, pmatch, "
                     "intersects) or a modifier operator (e.g. startswith oneof)"},
        BadException{"    - name: e\n      fields: [a.b, c.d]\n      values: [[x]]\n",
                     "LOAD_ERR_VALIDATE", "Fields and values lists must have equal length"},
        BadException{"    - name: e\n      fields: a.b\n      values: [[x]]\n", "LOAD_ERR_VALIDATE",
                     "Expected values array to contain a list of strings"},
        BadException{"    name: e\n", "LOAD_ERR_YAML_VALIDATE",
                     "Rule exceptions must be a sequence"},
        BadException{"    - e\n", "LOAD_ERR_YAML_VALIDATE", "Rule exception must be a mapping"},
        BadException{"    - name: e\n      fields: [a.b]\n      values: x\n",
                     "LOAD_ERR_YAML_VALIDATE", "Rule exception values must be a sequence"}));

TEST(ExceptionsTest, ScalarFormAcceptsListOperatorsAndModifiers) {
  for (const char* comp :
       {"in", "pmatch", "intersects", "startswith oneof", "= anyof", "endswith allof"}) {
    ExceptionDef ex;
    ex.name = "e";
    ex.fields = ExceptionEntry{false, "proc.name", {}, {}};
    ex.comps = ExceptionEntry{false, comp, {}, {}};
    EXPECT_EQ(ValidateException(ex), std::nullopt) << comp;
  }
}

TEST(ExceptionsTest, ListFormAcceptsEveryGrammarOperator) {
  for (const char* comp :
       {"=",           "==",       "!=",          "<",         "<=",        ">",
        ">=",          "exists",   "contains",    "icontains", "bcontains", "startswith",
        "bstartswith", "endswith", "glob",        "iglob",     "regex",     "in",
        "intersects",  "pmatch",   "glob  anyof", "!= allof"}) {
    ExceptionDef ex;
    ex.name = "e";
    ex.fields = ExceptionEntry{true, "", {ExceptionEntry{false, "proc.name", {}, {}}}, {}};
    ex.comps = ExceptionEntry{true, "", {ExceptionEntry{false, comp, {}, {}}}, {}};
    EXPECT_EQ(ValidateException(ex), std::nullopt) << comp;
  }
}

TEST(ExceptionsTest, MapsGeneratedTextToTheExceptionValues) {
  auto loaded = LoadText(Rule("r", "a.b = 1", R"(  exceptions:
    - name: e
      fields: [proc.name]
      values:
        - [cat]
)"));
  ASSERT_TRUE(loaded.errors().empty()) << FirstError(loaded);
  const RuleDef& rule = OnlyRule(loaded);
  const size_t original = rule.substituted.text.find("a.b");
  EXPECT_EQ(rule.LocateInSubstituted(original).line, 3);
  EXPECT_EQ(rule.LocateInSubstituted(original).column, 14);
  const SourceLocation value = rule.LocateInSubstituted(rule.substituted.text.find("cat"));
  EXPECT_EQ(value.line, 10);
  EXPECT_EQ(value.column, 12);
  const SourceLocation field = rule.LocateInSubstituted(rule.substituted.text.find("proc.name"));
  EXPECT_EQ(field.line, 8);
  EXPECT_EQ(field.column, 16);
}

}  // namespace
}  // namespace peregrine::compiler
