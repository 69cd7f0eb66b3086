// Parses every macro and rule condition of the upstream falco_rules.yaml.
//
// Lists are substituted into the condition text here with a small test-local version of Falco's
// textual substitution (spec §3.9: one-level nested lists, delimited whole words, items quoted
// when they contain a space, empty lists swallowing a comma); the production version belongs to
// the loader. One test parses, without substitution, the conditions that mention no list; the
// other substitutes lists first, parses everything and compares the AST statistics with the
// numbers of spec §9 for the stable file.
#include <algorithm>
#include <map>
#include <string>
#include <vector>

#include "compiler/ast/ast.h"
#include "compiler/ast/printer.h"
#include "compiler/ast/traversal.h"
#include "compiler/parser/parser.h"
#include "gtest/gtest.h"
#include "yaml-cpp/yaml.h"

namespace peregrine::compiler {
namespace {

struct NamedList {
  std::string name;
  std::vector<std::string> items;
};

struct Condition {
  std::string kind;  // "macro" or "rule"
  std::string name;
  std::string text;
};

struct Corpus {
  std::vector<NamedList> lists;  // definition order, nested lists expanded one level
  std::vector<Condition> conditions;
};

Corpus LoadCorpus() {
  Corpus corpus;
  const YAML::Node doc =
      YAML::LoadFile(std::string(PEREGRINE_SHARED_DIR) + "/corpus/falco-rules/falco_rules.yaml");
  for (const YAML::Node& item : doc) {
    if (item["list"]) {
      NamedList list{item["list"].as<std::string>(), {}};
      for (const YAML::Node& v : item["items"]) {
        const std::string value = v.as<std::string>();
        bool expanded = false;
        for (const NamedList& earlier : corpus.lists) {
          if (earlier.name == value) {
            list.items.insert(list.items.end(), earlier.items.begin(), earlier.items.end());
            expanded = true;
            break;
          }
        }
        if (!expanded) list.items.push_back(value);
      }
      corpus.lists.push_back(std::move(list));
    } else if (item["macro"]) {
      corpus.conditions.push_back(
          {"macro", item["macro"].as<std::string>(), item["condition"].as<std::string>()});
    } else if (item["rule"]) {
      corpus.conditions.push_back(
          {"rule", item["rule"].as<std::string>(), item["condition"].as<std::string>()});
    }
  }
  return corpus;
}

bool IsDelimiter(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '(' || c == ')' || c == ',' ||
         c == '=';
}
bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

// Finds `name` as a delimited word at or after `from`; npos when absent.
size_t FindWord(const std::string& text, const std::string& name, size_t from) {
  for (size_t pos = text.find(name, from); pos != std::string::npos;
       pos = text.find(name, pos + 1)) {
    const size_t end = pos + name.size();
    if ((pos == 0 || IsDelimiter(text[pos - 1])) && (end == text.size() || IsDelimiter(text[end])))
      return pos;
  }
  return std::string::npos;
}

bool MentionsAList(const Corpus& corpus, const std::string& text) {
  for (const NamedList& list : corpus.lists) {
    if (FindWord(text, list.name, 0) != std::string::npos) return true;
  }
  return false;
}

std::string SubstituteLists(const Corpus& corpus, std::string text) {
  for (const NamedList& list : corpus.lists) {
    std::string sub;
    for (const std::string& item : list.items) {
      if (!sub.empty()) sub += ", ";
      const bool quote = item.find(' ') != std::string::npos && item[0] != '"' && item[0] != '\'';
      sub += quote ? "\"" + item + "\"" : item;
    }
    size_t pos = 0;
    while ((pos = FindWord(text, list.name, pos)) != std::string::npos) {
      size_t start = pos;
      size_t end = pos + list.name.size();
      while (start > 0 && IsSpace(text[start - 1])) --start;
      while (end < text.size() && IsSpace(text[end])) ++end;
      if (sub.empty()) {
        if (start > 0 && text[start - 1] == ',') {
          --start;
        } else if (end < text.size() && text[end] == ',') {
          ++end;
        }
      }
      const std::string lead = start > 0 ? " " : "";
      text = text.substr(0, start) + lead + sub + " " + text.substr(end);
      pos = start + lead.size() + sub.size() + 1;
    }
  }
  return text;
}

void ExpectParsesAndRoundTrips(const Condition& c, const std::string& text) {
  SCOPED_TRACE(c.kind + " '" + c.name + "': " + text);
  ParseResult r = ParseCondition(text);
  ASSERT_TRUE(r.ok()) << r.error->message << " at offset " << r.error->offset;
  const std::string printed = ast::PrintExpr(*r.expr);
  ParseResult again = ParseCondition(printed);
  ASSERT_TRUE(again.ok()) << printed << ": " << again.error->message;
  EXPECT_TRUE(ast::StructurallyEqual(*r.expr, *again.expr)) << printed;
}

TEST(FalcoRulesCorpusTest, ConditionsWithoutListsParseAsIs) {
  const Corpus corpus = LoadCorpus();
  ASSERT_EQ(corpus.lists.size(), 49u);
  ASSERT_EQ(corpus.conditions.size(), 87u + 25u);
  int parsed = 0;
  for (const Condition& c : corpus.conditions) {
    if (MentionsAList(corpus, c.text)) continue;
    ExpectParsesAndRoundTrips(c, c.text);
    ++parsed;
  }
  EXPECT_GT(parsed, 50);
}

TEST(FalcoRulesCorpusTest, AllConditionsParseAfterListSubstitution) {
  const Corpus corpus = LoadCorpus();
  int and_nodes = 0, and_operands = 0, or_nodes = 0, or_operands = 0, not_nodes = 0, macros = 0;
  int list_literals = 0;
  size_t longest_list = 0;
  std::map<std::string, int> operators;
  for (const Condition& c : corpus.conditions) {
    const std::string text = SubstituteLists(corpus, c.text);
    ExpectParsesAndRoundTrips(c, text);
    ParseResult r = ParseCondition(text);
    if (!r.ok()) continue;
    ast::WalkExprs(*r.expr, [&](const ast::Expr& e) {
      switch (e.kind) {
        case ast::ExprKind::kAnd:
          ++and_nodes;
          and_operands += static_cast<int>(ast::Cast<ast::LogicalExpr>(e).children.size());
          break;
        case ast::ExprKind::kOr:
          ++or_nodes;
          or_operands += static_cast<int>(ast::Cast<ast::LogicalExpr>(e).children.size());
          break;
        case ast::ExprKind::kNot:
          ++not_nodes;
          break;
        case ast::ExprKind::kIdentifier:
          ++macros;
          break;
        case ast::ExprKind::kBinaryCheck:
          ++operators[std::string(ast::CheckOperatorName(ast::Cast<ast::BinaryCheckExpr>(e).op))];
          break;
        case ast::ExprKind::kUnaryCheck:
          ++operators["exists"];
          break;
      }
      return true;
    });
    ast::WalkOperands(*r.expr, [&](const ast::Operand& o) {
      if (const auto* list = ast::DynCast<ast::ListLiteral>(&o)) {
        ++list_literals;
        longest_list = std::max(longest_list, list->values.size());
      }
    });
  }
  // Spec §9.2 / §9.1, column "stable".
  EXPECT_EQ(and_nodes, 81);
  EXPECT_EQ(and_operands, 259);
  EXPECT_EQ(or_nodes, 39);
  EXPECT_EQ(or_operands, 125);
  EXPECT_EQ(not_nodes, 58);
  EXPECT_EQ(macros, 130);
  EXPECT_EQ(list_literals, 50);
  EXPECT_EQ(longest_list, 200u);
  const std::map<std::string, int> expected_operators = {
      {"=", 68},        {"startswith", 38}, {"in", 50},        {"contains", 43},
      {"endswith", 18}, {"!=", 7},          {"icontains", 14}, {">=", 3},
      {"glob", 2},      {"exists", 2},      {"<=", 1},
  };
  EXPECT_EQ(operators, expected_operators);
}

}  // namespace
}  // namespace peregrine::compiler
