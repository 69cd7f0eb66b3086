// The synthetic workload through the real pipeline: StateTracker seeded with the generator's
// initial tables, field extraction, and the interpreter running the upstream falco_rules.yaml
// (rule_matching: all). Each designed event matches exactly its rule; benign events match none.
#include <map>
#include <string>
#include <vector>

#include "bench/workload/synthetic_workload.h"
#include "compiler/interp/interpreter.h"
#include "compiler/semantic/ruleset_compiler.h"
#include "gtest/gtest.h"
#include "probe/abi/record_view.h"
#include "runtime/matcher/event_field_reader.h"
#include "runtime/state/state_tracker.h"

namespace peregrine::workload {
namespace {

struct RunResult {
  uint64_t events = 0;
  uint64_t matched_events = 0;
  uint64_t wrong = 0;
  std::string first_wrong;
  std::map<std::string, uint64_t> matches_by_rule;
};

RunResult RunWorkload(const compiler::CompiledRuleset& rules, const SyntheticOptions& options,
                      int n) {
  SyntheticWorkload w(options);
  runtime::StateTracker state;
  state.Seed(w.initial_tables());
  compiler::interp::Interpreter interpreter(rules.program);
  runtime::EventFieldReader reader;
  std::vector<uint8_t> record;
  std::vector<uint32_t> matches;
  RunResult result;
  for (int i = 0; i < n; ++i) {
    w.Next(&record);
    probe::RecordView view;
    if (!view.Parse(record.data(), record.size())) {
      ADD_FAILURE() << "record " << i << " does not parse";
      return result;
    }
    runtime::Event event(&view, /*cpu=*/0, /*dump_flags=*/0, /*num=*/i + 1);
    const runtime::StateView state_view = state.Process(event);
    reader.Reset(event, state_view);
    matches.clear();
    interpreter.Match(event.type(), reader, compiler::interp::RuleMatching::kAll, &matches);
    ++result.events;
    if (!matches.empty()) ++result.matched_events;
    std::vector<std::string> names;
    for (uint32_t m : matches) {
      names.push_back(rules.program.rules[m].name);
      ++result.matches_by_rule[names.back()];
    }
    const std::string& designed = w.last_designed_rule();
    const bool ok = designed.empty() ? names.empty() : names == std::vector<std::string>{designed};
    if (!ok) {
      ++result.wrong;
      if (result.first_wrong.empty()) {
        result.first_wrong = "event " + std::to_string(i) + " (" +
                             std::string(catalog::GetEventInfo(event.type()).name) +
                             ") designed [" + designed + "] matched:";
        for (const std::string& name : names) result.first_wrong += " [" + name + "]";
      }
    }
  }
  return result;
}

class WorkloadRulesTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    out_ = new compiler::CompileOutput(compiler::CompileRulesFiles(
        {PEREGRINE_SHARED_DIR "/corpus/falco-rules/falco_rules.yaml"}, compiler::CompileOptions{}));
  }
  static void TearDownTestSuite() { delete out_; }
  static compiler::CompileOutput* out_;
};

compiler::CompileOutput* WorkloadRulesTest::out_ = nullptr;

TEST_F(WorkloadRulesTest, DesignedEventsMatchExactlyTheirRuleAndOthersNone) {
  ASSERT_NE(out_->ruleset, nullptr);
  const RunResult r = RunWorkload(*out_->ruleset, {.seed = 1, .match_share = 0.02}, 50000);
  EXPECT_EQ(r.wrong, 0u) << r.first_wrong;
  // Every scenario's rule really fired through state + extraction + interpreter.
  for (const std::string& rule : SyntheticWorkload::TargetedRules()) {
    EXPECT_GT(r.matches_by_rule.count(rule), 0u) << rule;
  }
  EXPECT_EQ(r.matches_by_rule.size(), SyntheticWorkload::TargetedRules().size());
}

TEST_F(WorkloadRulesTest, MatchShareIsRoughlyTheRequestedOne) {
  ASSERT_NE(out_->ruleset, nullptr);
  for (double requested : {0.001, 0.01, 0.05}) {
    const RunResult r = RunWorkload(*out_->ruleset, {.seed = 9, .match_share = requested}, 60000);
    const double got = static_cast<double>(r.matched_events) / r.events;
    EXPECT_NEAR(got, requested, requested * 0.1 + 2e-4) << "requested " << requested;
  }
}

TEST_F(WorkloadRulesTest, NoMatchesWhenNoneRequested) {
  ASSERT_NE(out_->ruleset, nullptr);
  const RunResult r = RunWorkload(*out_->ruleset, {.seed = 4, .match_share = 0.0}, 30000);
  EXPECT_EQ(r.matched_events, 0u) << r.first_wrong;
}

}  // namespace
}  // namespace peregrine::workload
