// The pipeline's ordering and bookkeeping over the reference capture, with small rule files.
#include "runtime/engine/event_pipeline.h"

#include <gtest/gtest.h>

#include <atomic>
#include <fstream>
#include <functional>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "runtime/engine/capture_source.h"
#include "runtime/engine/engine_config.h"
#include "runtime/engine/summary.h"

namespace peregrine::runtime {
namespace {

const char kCapture[] = PEREGRINE_SHARED_DIR "/corpus/captures/dev-mixed.scap";

// Two rules with the same condition: rule_matching decides whether the second one fires.
constexpr char kTwinRules[] = R"(
- rule: Shadow A
  desc: a
  condition: evt.type in (open, openat, openat2) and fd.name = /etc/shadow
  output: A %proc.name
  priority: WARNING
- rule: Shadow B
  desc: b
  condition: evt.type in (open, openat, openat2) and fd.name = /etc/shadow
  output: B %proc.name
  priority: DEBUG
)";

constexpr char kShadowC[] = R"(
- rule: Shadow C
  desc: c
  condition: evt.type in (open, openat, openat2) and fd.name = /etc/shadow
  output: C %proc.name
  priority: ERROR
)";

std::unique_ptr<Ruleset> Make(const char* rules, int min_priority = 7) {
  compiler::CompileOptions copts;
  copts.min_priority = min_priority;
  compiler::CompileOutput out = compiler::CompileRulesContent("test.yaml", rules, copts);
  EXPECT_NE(out.ruleset, nullptr);
  if (out.ruleset == nullptr) return nullptr;
  absl::StatusOr<std::unique_ptr<Ruleset>> rs = Ruleset::Create(out.ruleset, {});
  EXPECT_TRUE(rs.ok()) << rs.status();
  return rs.ok() ? *std::move(rs) : nullptr;
}

std::unique_ptr<EventSource> OpenCapture() {
  absl::StatusOr<std::unique_ptr<EventSource>> s = OpenCaptureSource(kCapture);
  EXPECT_TRUE(s.ok()) << s.status();
  return s.ok() ? *std::move(s) : nullptr;
}

// Wraps a source: calls `hook` with the number of events handed out so far before each one, and
// can force the STATE_ONLY flag on.
class HookedSource : public EventSource {
 public:
  HookedSource(std::unique_ptr<EventSource> inner, std::function<void(uint64_t)> hook,
               bool state_only)
      : inner_(std::move(inner)), hook_(std::move(hook)), state_only_(state_only) {}
  std::string_view format() const override { return inner_->format(); }
  void SeedState(StateTracker& state) override { inner_->SeedState(state); }
  absl::StatusOr<bool> Next(SourceEvent* out) override {
    if (hook_) hook_(n_);
    absl::StatusOr<bool> more = inner_->Next(out);
    if (more.ok() && *more) {
      ++n_;
      if (state_only_) out->dump_flags |= kEventFlagStateOnly;
    }
    return more;
  }
  SourceStats stats() const override { return inner_->stats(); }

 private:
  std::unique_ptr<EventSource> inner_;
  std::function<void(uint64_t)> hook_;
  bool state_only_;
  uint64_t n_ = 0;
};

struct Collected {
  std::vector<std::string> rules;
  std::vector<std::string> texts;
  std::vector<uint64_t> generations;
};

class EventPipelineTest : public ::testing::Test {
 protected:
  absl::Status Replay(EventSource& source, RuleMatching matching = RuleMatching::kFirst,
                      const std::atomic<bool>* stop = nullptr) {
    PipelineOptions options;
    options.rule_matching = matching;
    options.stop = stop;
    pipeline_ = std::make_unique<EventPipeline>(live_, sink_, options);
    return pipeline_->Run(source);
  }

  LiveRuleset live_;
  Collected got_;
  CallbackAlertSink sink_{[this](const Alert& a) {
    got_.rules.emplace_back(a.rule_name);
    got_.texts.emplace_back(a.text);
    got_.generations.push_back(a.ruleset->generation());
  }};
  std::unique_ptr<EventPipeline> pipeline_;
};

TEST_F(EventPipelineTest, RuleMatchingFirstStopsAtTheFirstRuleInDefinitionOrder) {
  live_.Publish(Make(kTwinRules));
  auto source = OpenCapture();
  ASSERT_TRUE(Replay(*source, RuleMatching::kFirst).ok());
  ASSERT_FALSE(got_.rules.empty());
  for (const std::string& r : got_.rules) EXPECT_EQ(r, "Shadow A");
  ASSERT_EQ(pipeline_->counters().by_rule.size(), 1u);
  EXPECT_EQ(pipeline_->counters().by_rule[0].count, got_.rules.size());
}

TEST_F(EventPipelineTest, RuleMatchingAllRaisesEveryRuleInDefinitionOrder) {
  live_.Publish(Make(kTwinRules));
  auto source = OpenCapture();
  ASSERT_TRUE(Replay(*source, RuleMatching::kAll).ok());
  ASSERT_FALSE(got_.rules.empty());
  ASSERT_EQ(got_.rules.size() % 2, 0u);
  for (size_t i = 0; i < got_.rules.size(); i += 2) {
    EXPECT_EQ(got_.rules[i], "Shadow A");
    EXPECT_EQ(got_.rules[i + 1], "Shadow B");
    EXPECT_EQ(got_.texts[i].substr(got_.texts[i].find(": ") + 2), "Warning A cat");
  }
  const PipelineCounters& c = pipeline_->counters();
  EXPECT_EQ(c.alerts, got_.rules.size());
  const std::string summary = FormatSummary(c);
  EXPECT_NE(summary.find("   WARNING: "), std::string::npos) << summary;
  EXPECT_NE(summary.find("   Shadow B: "), std::string::npos) << summary;
}

TEST_F(EventPipelineTest, PriorityThresholdLeavesLowerRulesOut) {
  absl::StatusOr<EngineConfig> config = EngineConfigFromOverrides({"priority=warning"});
  ASSERT_TRUE(config.ok()) << config.status();
  live_.Publish(Make(kTwinRules, config->compile.min_priority));
  auto source = OpenCapture();
  ASSERT_TRUE(Replay(*source, RuleMatching::kAll).ok());
  ASSERT_FALSE(got_.rules.empty());
  for (const std::string& r : got_.rules) EXPECT_EQ(r, "Shadow A");
}

TEST_F(EventPipelineTest, StateOnlyEventsUpdateStateButNeverMatch) {
  live_.Publish(Make(kTwinRules));
  HookedSource source(OpenCapture(), nullptr, /*state_only=*/true);
  ASSERT_TRUE(Replay(source, RuleMatching::kAll).ok());
  const PipelineCounters& c = pipeline_->counters();
  EXPECT_TRUE(got_.rules.empty());
  EXPECT_EQ(c.alerts, 0u);
  EXPECT_EQ(c.evaluated, 0u);
  EXPECT_EQ(c.state_only, c.events);
  EXPECT_EQ(c.events, 426824u);
  // The state went through the same changes as in an ordinary replay.
  EXPECT_EQ(pipeline_->state().stats().events, c.events);
  CallbackAlertSink none([](const Alert&) {});
  LiveRuleset empty;
  EventPipeline plain(empty, none, {});
  auto plain_source = OpenCapture();
  ASSERT_TRUE(plain.Run(*plain_source).ok());
  EXPECT_GT(plain.state().threads().size(), 0u);
  EXPECT_EQ(pipeline_->state().threads().size(), plain.state().threads().size());
}

TEST_F(EventPipelineTest, SwapTakesEffectBetweenEventsAndIsCounted) {
  live_.Publish(Make(kTwinRules));
  HookedSource source(
      OpenCapture(),
      [&](uint64_t n) {
        if (n == 1) live_.Publish(Make(kShadowC));
      },
      /*state_only=*/false);
  ASSERT_TRUE(Replay(source).ok());
  ASSERT_FALSE(got_.rules.empty());
  for (size_t i = 0; i < got_.rules.size(); ++i) {
    EXPECT_EQ(got_.rules[i], "Shadow C");
    EXPECT_EQ(got_.generations[i], 2u);
  }
  const PipelineCounters& c = pipeline_->counters();
  EXPECT_EQ(c.ruleset_swaps, 1u);
  ASSERT_EQ(c.by_rule.size(), 1u);
  EXPECT_EQ(c.by_rule[0].rule, "Shadow C");
  EXPECT_EQ(c.by_rule[0].priority, Priority::kError);
}

TEST_F(EventPipelineTest, StopFlagEndsTheRunEarly) {
  live_.Publish(Make(kTwinRules));
  std::atomic<bool> stop{false};
  HookedSource source(
      OpenCapture(), [&](uint64_t n) { stop.store(n >= 1000); }, /*state_only=*/false);
  ASSERT_TRUE(Replay(source, RuleMatching::kFirst, &stop).ok());
  EXPECT_TRUE(pipeline_->stopped());
  EXPECT_GE(pipeline_->counters().events, 1000u);
  EXPECT_LT(pipeline_->counters().events, 1000u + 512u);
}

TEST_F(EventPipelineTest, TruncatedCaptureIsAnErrorAfterItsEvents) {
  live_.Publish(Make(kTwinRules));
  std::ifstream in(kCapture, std::ios::binary);
  std::stringstream bytes;
  bytes << in.rdbuf();
  std::string head = bytes.str().substr(0, 1 << 20);
  absl::StatusOr<std::unique_ptr<EventSource>> source = OpenCaptureBytes(std::move(head));
  ASSERT_TRUE(source.ok()) << source.status();
  const absl::Status status = Replay(**source);
  EXPECT_FALSE(status.ok());
  EXPECT_GT(pipeline_->counters().events, 0u);
  EXPECT_LT(pipeline_->counters().events, 426824u);
}

TEST_F(EventPipelineTest, UndeliveredAlertsAreCountedAsDropped) {
  class RefusingSink : public AlertSink {
   public:
    bool Emit(const Alert&) override { return false; }
  } refusing;
  live_.Publish(Make(kTwinRules));
  EventPipeline pipeline(live_, refusing, {});
  auto source = OpenCapture();
  ASSERT_TRUE(pipeline.Run(*source).ok());
  EXPECT_GT(pipeline.counters().alerts, 0u);
  EXPECT_EQ(pipeline.counters().alerts_dropped, pipeline.counters().alerts);
}

TEST_F(EventPipelineTest, WithoutARulesetEventsOnlyBuildState) {
  auto source = OpenCapture();
  ASSERT_TRUE(Replay(*source).ok());
  EXPECT_EQ(pipeline_->counters().events, 426824u);
  EXPECT_EQ(pipeline_->counters().evaluated, 0u);
  EXPECT_TRUE(got_.rules.empty());
}

TEST(CaptureSourceTest, DetectsFormatsByMagic) {
  EXPECT_EQ(DetectCaptureFormat("\x1f\x8b\x08"), CaptureFormat::kScap);
  EXPECT_EQ(DetectCaptureFormat(std::string_view("\x0a\x0d\x0d\x0a", 4)), CaptureFormat::kScap);
  EXPECT_EQ(DetectCaptureFormat("root:x:0"), CaptureFormat::kUnknown);
  EXPECT_EQ(DetectCaptureFormat(""), CaptureFormat::kUnknown);
  absl::StatusOr<std::unique_ptr<EventSource>> s = OpenCaptureSource("/nonexistent.scap");
  EXPECT_FALSE(s.ok());
  absl::StatusOr<std::unique_ptr<EventSource>> z =
      OpenCaptureBytes(std::string("\x28\xb5\x2f\xfd\0\0\0\0", 8));  // zstd
  ASSERT_FALSE(z.ok());
  EXPECT_NE(z.status().message().find("zstd"), std::string::npos) << z.status();
}

// The engine's settings come from the one configuration path (runtime/config): -o keys, their
// errors, and Falco keys the engine does not use.
TEST(EngineConfigTest, AppliesFalcoKeys) {
  absl::StatusOr<EngineConfig> c = EngineConfigFromOverrides(
      {"json_output=true", "json_include_tags_property=false", "json_include_output_property=false",
       "rule_matching=all", "priority=Notice", "engine.replay.capture_file=/x.scap",
       "engine.kind=replay", "webserver.enabled=false"});
  ASSERT_TRUE(c.ok()) << c.status();
  EXPECT_TRUE(c->ruleset.format.json_output);
  EXPECT_FALSE(c->ruleset.format.json_include_tags_property);
  EXPECT_FALSE(c->ruleset.format.json_include_output_property);
  EXPECT_EQ(c->rule_matching, RuleMatching::kAll);
  EXPECT_EQ(c->compile.min_priority, 5);
  EXPECT_EQ(c->replay_capture_file, "/x.scap");
  EXPECT_EQ(c->engine_kind, "replay");
  // Falco's default append_output entry (suggested_output only) adds nothing without the
  // container plugin.
  EXPECT_TRUE(c->ruleset.append_output.empty());

  EXPECT_FALSE(EngineConfigFromOverrides({"json_output=maybe"}).ok());
  EXPECT_FALSE(EngineConfigFromOverrides({"rule_matching=some"}).ok());
  EXPECT_FALSE(EngineConfigFromOverrides({"priority=loud"}).ok());
  EXPECT_FALSE(EngineConfigFromOverrides({"json_output"}).ok());
  EXPECT_FALSE(EngineConfigFromOverrides({"=true"}).ok());
}

TEST(EngineConfigTest, FollowsTheLoadedConfig) {
  config::Config config;
  config.priority = 4;
  config.json_output = true;
  config.time_format_iso_8601 = true;
  config.append_output.clear();
  config::AppendOutputConfig extra;
  extra.extra_output = "on %proc.name";
  config.append_output.push_back(extra);
  const EngineConfig e = EngineConfigFrom(config, "host-a");
  EXPECT_EQ(e.compile.min_priority, 4);
  EXPECT_TRUE(e.ruleset.format.json_output);
  EXPECT_TRUE(e.ruleset.format.time_format_iso_8601);
  EXPECT_EQ(e.ruleset.format.hostname, "host-a");
  ASSERT_EQ(e.ruleset.append_output.size(), 1u);
  EXPECT_EQ(e.ruleset.append_output[0].extra_output, "on %proc.name");
}

}  // namespace
}  // namespace peregrine::runtime
