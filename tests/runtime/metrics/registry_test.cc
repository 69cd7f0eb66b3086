// Tests for the metric registry and its Prometheus text rendering.
#include "runtime/metrics/registry.h"

#include <thread>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "runtime/metrics/peregrine_metrics.h"
#include "runtime/metrics/process_metrics.h"

namespace peregrine::runtime::metrics {
namespace {

using ::testing::HasSubstr;

TEST(RegistryTest, ConcurrentIncrementsAreExact) {
  Registry registry;
  Counter* c = *registry.GetCounter("peregrine_events_total", "Events", {{"type", "open"}});
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([c] {
      for (int i = 0; i < 1000000; ++i) c->Increment();
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(c->Value(), 4000000u);
  // The same (name, labels) gives the same cell.
  EXPECT_EQ(*registry.GetCounter("peregrine_events_total", "Events", {{"type", "open"}}), c);
}

TEST(RegistryTest, RendersPrometheusText) {
  Registry registry;
  (*registry.GetCounter("peregrine_events_total", "Events processed", {{"type", "open"}}))
      ->Increment(3);
  (*registry.GetCounter("peregrine_events_total", "Events processed", {{"type", "execve"}}))
      ->Increment();
  (*registry.GetGauge("peregrine_ruleset_generation", "Generation"))->Set(4);
  (*registry.GetCounter("peregrine_rule_matches_total", "Matches", {{"rule", "say \"hi\"\\\n"}}))
      ->Increment();
  Histogram* h = *registry.GetHistogram("peregrine_stage_latency_seconds", "Latency", {0.001, 0.01},
                                        {{"stage", "match"}});
  h->Observe(0.0005);
  h->Observe(0.001);  // on the bound: counts as le=0.001
  h->Observe(0.5);
  EXPECT_EQ(registry.RenderPrometheus(),
            "# HELP peregrine_events_total Events processed\n"
            "# TYPE peregrine_events_total counter\n"
            "peregrine_events_total{type=\"execve\"} 1\n"
            "peregrine_events_total{type=\"open\"} 3\n"
            "# HELP peregrine_rule_matches_total Matches\n"
            "# TYPE peregrine_rule_matches_total counter\n"
            "peregrine_rule_matches_total{rule=\"say \\\"hi\\\"\\\\\\n\"} 1\n"
            "# HELP peregrine_ruleset_generation Generation\n"
            "# TYPE peregrine_ruleset_generation gauge\n"
            "peregrine_ruleset_generation 4\n"
            "# HELP peregrine_stage_latency_seconds Latency\n"
            "# TYPE peregrine_stage_latency_seconds histogram\n"
            "peregrine_stage_latency_seconds_bucket{stage=\"match\",le=\"0.001\"} 2\n"
            "peregrine_stage_latency_seconds_bucket{stage=\"match\",le=\"0.01\"} 2\n"
            "peregrine_stage_latency_seconds_bucket{stage=\"match\",le=\"+Inf\"} 3\n"
            "peregrine_stage_latency_seconds_sum{stage=\"match\"} 0.50149999999999995\n"
            "peregrine_stage_latency_seconds_count{stage=\"match\"} 3\n");
}

TEST(RegistryTest, RejectsBadNamesAndTypeConflicts) {
  Registry registry;
  EXPECT_FALSE(registry.GetCounter("9lives", "").ok());
  EXPECT_FALSE(registry.GetCounter("ok_name", "", {{"bad-label", "x"}}).ok());
  EXPECT_FALSE(registry.GetCounter("ok_name", "", {{"__reserved", "x"}}).ok());
  EXPECT_FALSE(registry.GetHistogram("h", "", {1, 1}).ok());
  ASSERT_TRUE(registry.GetCounter("peregrine_x", "").ok());
  absl::StatusOr<Gauge*> g = registry.GetGauge("peregrine_x", "");
  ASSERT_FALSE(g.ok());
  EXPECT_THAT(std::string(g.status().message()), HasSubstr("already registered as a counter"));
}

TEST(RegistryTest, CollectorsRunAtScrapeAndCanBeRemoved) {
  Registry registry;
  int calls = 0;
  const int id = registry.AddCollector([&calls](SampleWriter& out) {
    ++calls;
    out.Write(MetricType::kGauge, "peregrine_queue_depth", "Depth", {{"queue", "q0"}}, 7);
  });
  EXPECT_THAT(
      registry.RenderPrometheus(),
      HasSubstr("# TYPE peregrine_queue_depth gauge\nperegrine_queue_depth{queue=\"q0\"} 7\n"));
  registry.RemoveCollector(id);
  EXPECT_EQ(registry.RenderPrometheus(), "");
  EXPECT_EQ(calls, 1);
}

TEST(PeregrineMetricsTest, NamedFamiliesAndProcessMetrics) {
  Registry registry;
  auto m = PeregrineMetrics::Create(registry);
  ASSERT_TRUE(m.ok()) << m.status();
  (*m)->ForEventType("openat")->Increment(5);
  (*m)->ForRule("Terminal shell in container")->Increment();
  (*m)->ForPriority(4)->Increment(2);
  (*m)->ForDrop("kernel_ring", "cpu0")->Increment(9);
  (*m)->ForStage("match")->Observe(2e-7);
  (*m)->SetRuleset(3, "ab12");
  const std::string text = registry.RenderPrometheus();
  EXPECT_THAT(text, HasSubstr("peregrine_events_total{type=\"openat\"} 5\n"));
  EXPECT_THAT(text,
              HasSubstr("peregrine_rule_matches_total{rule=\"Terminal shell in container\"} 1\n"));
  EXPECT_THAT(text, HasSubstr("peregrine_alerts_total{priority=\"Warning\"} 2\n"));
  EXPECT_THAT(text, HasSubstr("peregrine_alerts_total{priority=\"Debug\"} 0\n"));
  EXPECT_THAT(text, HasSubstr("peregrine_drops_total{category=\"kernel_ring\",name=\"cpu0\"} 9\n"));
  EXPECT_THAT(text, HasSubstr("peregrine_stage_latency_seconds_count{stage=\"match\"} 1\n"));
  EXPECT_THAT(text, HasSubstr("peregrine_ruleset_generation 3\n"));
  EXPECT_THAT(text, HasSubstr("peregrine_ruleset_info{hash=\"ab12\"} 1\n"));
  EXPECT_THAT(text, HasSubstr("# TYPE peregrine_process_cpu_seconds_total counter\n"));
  const std::optional<ProcessUsage> usage = ReadProcessUsage();
  ASSERT_TRUE(usage.has_value());
  EXPECT_GT(usage->resident_bytes, 1u << 20);
  EXPECT_GE(usage->threads, 1u);
}

}  // namespace
}  // namespace peregrine::runtime::metrics
