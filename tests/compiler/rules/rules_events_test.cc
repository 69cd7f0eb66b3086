// Every rule of the upstream falco_rules.yaml and of Peregrine's default ruleset against the
// hand-built events of tests/data/conditions/*_events.yaml, evaluated through the whole ruleset
// with the interpreter (rule_matching: all), so that the real macros and lists decide.
#include <algorithm>
#include <map>
#include <memory>
#include <ostream>
#include <set>
#include <string>
#include <vector>

#include "compiler/interp/interpreter.h"
#include "compiler/semantic/ruleset_compiler.h"
#include "gtest/gtest.h"
#include "tests/compiler/rules/rule_cases.h"

namespace peregrine::compiler {
namespace {

using testing::RuleCase;

struct Table {
  const char* name;
  std::string rules_path;
  std::string cases_path;
};

void PrintTo(const Table& table, std::ostream* os) { *os << table.name; }

std::vector<Table> Tables() {
  return {
      {"falco_rules", PEREGRINE_SHARED_DIR "/corpus/falco-rules/falco_rules.yaml",
       PEREGRINE_SOURCE_DIR "/tests/data/conditions/falco_rules_events.yaml"},
      {"peregrine_rules", PEREGRINE_SOURCE_DIR "/rules/peregrine_rules.yaml",
       PEREGRINE_SOURCE_DIR "/tests/data/conditions/peregrine_rules_events.yaml"},
  };
}

class RulesEventsTest : public ::testing::TestWithParam<Table> {
 protected:
  void SetUp() override {
    CompileOutput out = CompileRulesFiles({GetParam().rules_path}, CompileOptions{});
    ASSERT_NE(out.ruleset, nullptr) << GetParam().rules_path;
    ruleset_ = out.ruleset;
    absl::StatusOr<std::vector<RuleCase>> cases = testing::ParseRuleCases(GetParam().cases_path);
    ASSERT_TRUE(cases.ok()) << cases.status();
    cases_ = *std::move(cases);
    ASSERT_FALSE(cases_.empty());
  }

  // The names of the rules the interpreter matches for `c`, in evaluation order.
  std::vector<std::string> Matches(const RuleCase& c, interp::Interpreter& interpreter) {
    absl::StatusOr<std::unique_ptr<testing::FakeFieldReader>> reader = testing::BuildReader(c);
    EXPECT_TRUE(reader.ok()) << reader.status();
    if (!reader.ok()) return {};
    std::vector<uint32_t> matches;
    interpreter.Match(c.code, **reader, interp::RuleMatching::kAll, &matches);
    std::vector<std::string> names;
    for (uint32_t m : matches) names.push_back(ruleset_->program.rules[m].name);
    return names;
  }

  std::shared_ptr<const CompiledRuleset> ruleset_;
  std::vector<RuleCase> cases_;
};

TEST_P(RulesEventsTest, EveryCaseHasTheExpectedVerdict) {
  interp::Interpreter interpreter(ruleset_->program);
  for (const RuleCase& c : cases_) {
    const std::vector<std::string> names = Matches(c, interpreter);
    const bool fired = std::find(names.begin(), names.end(), c.rule) != names.end();
    std::string matched;
    for (const std::string& n : names) matched += "[" + n + "] ";
    EXPECT_EQ(fired, c.fires) << c.Describe() << "\n  matched: " << matched;
  }
}

// Every rule of the ruleset has at least one firing event and one near-miss, and every case
// names a rule that exists, with an event its set admits.
TEST_P(RulesEventsTest, EveryRuleIsCoveredBothWays) {
  std::set<std::string> rules;
  for (const ir::Rule& r : ruleset_->program.rules) rules.insert(r.name);
  std::map<std::string, std::pair<int, int>> counts;  // rule → (fires, near misses)
  for (const RuleCase& c : cases_) {
    EXPECT_EQ(rules.count(c.rule), 1u) << "unknown rule in " << c.Describe();
    (c.fires ? counts[c.rule].first : counts[c.rule].second)++;
  }
  for (const std::string& rule : rules) {
    EXPECT_GE(counts[rule].first, 1) << rule << " has no firing event";
    EXPECT_GE(counts[rule].second, 1) << rule << " has no near-miss";
  }
}

// A firing case's code lies in the rule's event-type set: the table exercises the index too.
TEST_P(RulesEventsTest, FiringCodesAreInTheRulesSets) {
  for (const RuleCase& c : cases_) {
    if (!c.fires) continue;
    for (const ir::Rule& r : ruleset_->program.rules) {
      if (r.name == c.rule) {
        EXPECT_TRUE(r.codes.test(c.code)) << c.Describe();
      }
    }
  }
}

INSTANTIATE_TEST_SUITE_P(Rulesets, RulesEventsTest, ::testing::ValuesIn(Tables()),
                         [](const ::testing::TestParamInfo<Table>& info) {
                           return std::string(info.param.name);
                         });

}  // namespace
}  // namespace peregrine::compiler
