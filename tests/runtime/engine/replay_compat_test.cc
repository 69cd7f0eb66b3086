// Replays Falco's reference capture through the whole pipeline (compiler → interpreter → state →
// formatter) with the stock rules and compares the alerts with the ones Falco 0.44.1 raised.
#include <gtest/gtest.h>

#include <cstdlib>
#include <ctime>
#include <fstream>
#include <string>
#include <vector>

#include "runtime/engine/alert_sink.h"
#include "runtime/engine/capture_source.h"
#include "runtime/engine/event_pipeline.h"
#include "runtime/matcher/live_ruleset.h"

namespace peregrine::runtime {
namespace {

const char kCapture[] = PEREGRINE_SHARED_DIR "/corpus/captures/dev-mixed.scap";
const char kAlerts[] = PEREGRINE_SHARED_DIR "/corpus/captures/dev-mixed.falco-alerts.jsonl";
const char kRules[] = PEREGRINE_SHARED_DIR "/corpus/falco-rules/falco_rules.yaml";

std::vector<std::string> ReadLines(const char* path) {
  std::vector<std::string> lines;
  std::ifstream in(path);
  for (std::string l; std::getline(in, l);) lines.push_back(l);
  return lines;
}

class ReplayCompatTest : public ::testing::Test {
 protected:
  void SetUp() override {
    // Falco's text prefix is local time; the reference run's prefix equals the UTC `time`.
    setenv("TZ", "UTC", 1);
    tzset();
  }

  // Replays the capture with the stock rules; returns the alert texts.
  std::vector<std::string> Replay(RuleMatching matching, bool json, PipelineCounters* counters) {
    compiler::CompileOutput compiled = compiler::CompileRulesFiles({kRules}, {});
    EXPECT_NE(compiled.ruleset, nullptr);
    if (compiled.ruleset == nullptr) return {};
    RulesetOptions options;
    options.format.json_output = json;
    options.format.hostname = "vm";  // the reference host's name
    absl::StatusOr<std::unique_ptr<Ruleset>> ruleset = Ruleset::Create(compiled.ruleset, options);
    EXPECT_TRUE(ruleset.ok()) << ruleset.status();
    if (!ruleset.ok()) return {};
    LiveRuleset live;
    live.Publish(*std::move(ruleset));
    std::vector<std::string> alerts;
    CallbackAlertSink sink([&](const Alert& a) { alerts.emplace_back(a.text); });
    PipelineOptions pipeline_options;
    pipeline_options.rule_matching = matching;
    EventPipeline pipeline(live, sink, pipeline_options);
    absl::StatusOr<std::unique_ptr<EventSource>> source = OpenCaptureSource(kCapture);
    EXPECT_TRUE(source.ok()) << source.status();
    if (!source.ok()) return {};
    absl::Status status = pipeline.Run(**source);
    EXPECT_TRUE(status.ok()) << status;
    *counters = pipeline.counters();
    return alerts;
  }
};

TEST_F(ReplayCompatTest, RaisesExactlyFalcosJsonAlerts) {
  const std::vector<std::string> expected = ReadLines(kAlerts);
  ASSERT_EQ(expected.size(), 3u);
  PipelineCounters counters;
  const std::vector<std::string> got = Replay(RuleMatching::kFirst, /*json=*/true, &counters);
  ASSERT_EQ(got.size(), expected.size());
  for (size_t i = 0; i < expected.size(); ++i) EXPECT_EQ(got[i], expected[i]) << "alert " << i;
  EXPECT_EQ(counters.events, 426824u);  // every event block of the capture
  EXPECT_EQ(counters.alerts, 3u);
  EXPECT_EQ(counters.alerts_dropped, 0u);
  EXPECT_EQ(counters.source_skipped, 0u);
  ASSERT_EQ(counters.by_rule.size(), 3u);
  EXPECT_EQ(counters.by_rule[0].rule, "Read sensitive file untrusted");
  EXPECT_EQ(counters.by_rule[0].count, 1u);
}

TEST_F(ReplayCompatTest, RuleMatchingAllRaisesTheSameAlertsOnThisCapture) {
  // Falco's README for the capture: no other stock rule fires, so `all` adds nothing here.
  PipelineCounters counters;
  const std::vector<std::string> got = Replay(RuleMatching::kAll, /*json=*/true, &counters);
  EXPECT_EQ(got, ReadLines(kAlerts));
}

TEST_F(ReplayCompatTest, TextAlertsAreTheJsonOutputProperty) {
  PipelineCounters counters;
  const std::vector<std::string> got = Replay(RuleMatching::kFirst, /*json=*/false, &counters);
  const std::vector<std::string> json = ReadLines(kAlerts);
  ASSERT_EQ(got.size(), json.size());
  for (size_t i = 0; i < got.size(); ++i) {
    // {"hostname":"vm","output":"<text>","output_fields":...: the text line, JSON-escaped.
    const std::string key = "\"output\":\"";
    const size_t start = json[i].find(key) + key.size();
    const size_t end = json[i].find("\",\"output_fields\"");
    ASSERT_NE(end, std::string::npos);
    EXPECT_EQ(got[i], json[i].substr(start, end - start));
  }
}

}  // namespace
}  // namespace peregrine::runtime
