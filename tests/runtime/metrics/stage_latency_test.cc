// StageLatency: sampling cadence, laps into the per-stage histograms, disabled without metrics.
#include "runtime/metrics/stage_latency.h"

#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "runtime/metrics/histogram.h"
#include "runtime/metrics/peregrine_metrics.h"
#include "runtime/metrics/registry.h"

namespace peregrine::runtime::metrics {
namespace {

class StageLatencyTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto m = PeregrineMetrics::Create(registry_);
    ASSERT_TRUE(m.ok()) << m.status();
    metrics_ = *std::move(m);
  }
  uint64_t Count(const char* stage) { return metrics_->ForStage(stage)->Take().count; }

  Registry registry_;
  std::unique_ptr<PeregrineMetrics> metrics_;
};

TEST_F(StageLatencyTest, SamplesTheFirstEventAndThenOneIn64) {
  StageLatency latency(metrics_.get());
  int sampled = 0;
  for (int i = 0; i < 640; ++i) {
    const bool s = latency.SampleEvent();
    if (i == 0) {
      EXPECT_TRUE(s);
    } else if (i == 1) {
      EXPECT_FALSE(s);
    }
    sampled += s;
  }
  EXPECT_EQ(sampled, 10);
  // Alerts have their own count: the first alert is sampled however many events came before.
  EXPECT_TRUE(latency.SampleAlert());
  EXPECT_FALSE(latency.SampleAlert());
}

TEST_F(StageLatencyTest, OtherPowersOfTwo) {
  StageLatency every(metrics_.get(), 1);
  EXPECT_TRUE(every.SampleEvent());
  EXPECT_TRUE(every.SampleEvent());
  StageLatency four(metrics_.get(), 4);
  int sampled = 0;
  for (int i = 0; i < 16; ++i) sampled += four.SampleEvent();
  EXPECT_EQ(sampled, 4);
}

TEST_F(StageLatencyTest, LapsRecordTheTimeSinceThePreviousLap) {
  StageLatency latency(metrics_.get());
  {
    StageLaps laps(latency, /*active=*/true);
    laps.Lap(Stage::kDecode);
    laps.Lap(Stage::kState);
    laps.Lap(Stage::kMatch);
  }
  {
    StageLaps idle(latency, /*active=*/false);
    idle.Lap(Stage::kDecode);
    idle.Lap(Stage::kOutput);
  }
  EXPECT_EQ(Count("decode"), 1u);
  EXPECT_EQ(Count("state"), 1u);
  EXPECT_EQ(Count("match"), 1u);
  EXPECT_EQ(Count("output"), 0u);
  const std::string text = registry_.RenderPrometheus();
  EXPECT_NE(text.find("peregrine_stage_latency_seconds_bucket{stage=\"decode\",le=\"+Inf\"} 1"),
            std::string::npos)
      << text;
}

TEST_F(StageLatencyTest, RecordsSecondsInTheRightBucket) {
  StageLatency latency(metrics_.get());
  const StageLatency::Clock::time_point t0{};
  latency.Record(Stage::kOutput, t0, t0 + std::chrono::microseconds(5));
  const Histogram::Snapshot s = metrics_->ForStage("output")->Take();
  ASSERT_EQ(s.count, 1u);
  EXPECT_DOUBLE_EQ(s.sum, 5e-6);
  // Bounds 1e-7 * 4^k: 5 µs falls in the bucket up to 6.4 µs (k = 3), not below it.
  EXPECT_EQ(s.cumulative[2], 0u);
  EXPECT_EQ(s.cumulative[3], 1u);
}

TEST(StageLatencyDisabledTest, WithoutMetricsNothingIsSampled) {
  StageLatency latency(nullptr);
  EXPECT_FALSE(latency.enabled());
  for (int i = 0; i < 200; ++i) EXPECT_FALSE(latency.SampleEvent());
  EXPECT_FALSE(latency.SampleAlert());
}

TEST(StageLatencyDisabledTest, StageNames) {
  EXPECT_EQ(StageName(Stage::kDecode), "decode");
  EXPECT_EQ(StageName(Stage::kState), "state");
  EXPECT_EQ(StageName(Stage::kMatch), "match");
  EXPECT_EQ(StageName(Stage::kOutput), "output");
}

}  // namespace
}  // namespace peregrine::runtime::metrics
