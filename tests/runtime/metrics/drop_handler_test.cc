// Tests for syscall_event_drops handling: threshold, token bucket, actions.
#include "runtime/metrics/drop_handler.h"

#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "runtime/metrics/token_bucket.h"

namespace peregrine::runtime::metrics {
namespace {

constexpr uint64_t kSec = 1000000000ull;

TEST(TokenBucketTest, StartsFullRefillsAtRateUpToBurst) {
  TokenBucket b(/*rate=*/0.5, /*max_burst=*/2, 0);
  EXPECT_TRUE(b.Claim(0));
  EXPECT_TRUE(b.Claim(0));
  EXPECT_FALSE(b.Claim(0));
  EXPECT_FALSE(b.Claim(1 * kSec));  // half a token
  EXPECT_TRUE(b.Claim(2 * kSec));
  EXPECT_TRUE(b.Claim(100 * kSec));  // capped at 2, not 49
  EXPECT_TRUE(b.Claim(100 * kSec));
  EXPECT_FALSE(b.Claim(100 * kSec));
}

struct Recorded {
  std::vector<std::string> logs;
  std::vector<DropReport> alerts;
};

DropHandler::Hooks HooksFor(Recorded* r) {
  return {[r](const std::string& m) { r->logs.push_back(m); },
          [r](const DropReport& d) { r->alerts.push_back(d); }};
}

DropSample Sample(uint64_t events, uint64_t ring, uint64_t queue) {
  return DropSample{events, {{"kernel_ring", ring}, {"queue", queue}}};
}

TEST(DropHandlerTest, ActsOnIntervalsAboveTheThresholdWithinTheRate) {
  Recorded r;
  DropHandler h(DropPolicy{}, HooksFor(&r), 0);  // Falco's defaults: .1, log+alert, 1 per 30 s
  // 5% lost: below the threshold.
  EXPECT_EQ(h.Check(Sample(950, 50, 0), 1 * kSec), DropHandler::Verdict::kContinue);
  EXPECT_TRUE(r.logs.empty());
  // Next second: 1000 more events, 300 + 100 more drops = 400 / 1400 ≈ 28%.
  EXPECT_EQ(h.Check(Sample(1950, 350, 100), 2 * kSec), DropHandler::Verdict::kContinue);
  ASSERT_EQ(r.logs.size(), 1u);
  EXPECT_EQ(r.logs[0],
            "Falco internal: syscall event drop. 400 system calls dropped in last second.");
  ASSERT_EQ(r.alerts.size(), 1u);
  EXPECT_EQ(r.alerts[0].n_evts, 1000u);
  EXPECT_EQ(r.alerts[0].n_drops, 400u);
  EXPECT_EQ(r.alerts[0].drops[0], (std::pair<std::string, uint64_t>("kernel_ring", 300)));
  EXPECT_EQ(r.alerts[0].drops[1], (std::pair<std::string, uint64_t>("queue", 100)));
  // The bucket is empty for the next 30 s: heavy drops are counted as suppressed.
  h.Check(Sample(2950, 1350, 100), 3 * kSec);
  EXPECT_EQ(r.logs.size(), 1u);
  EXPECT_EQ(h.suppressed(), 1u);
  h.Check(Sample(3950, 2350, 100), 33 * kSec);
  EXPECT_EQ(r.logs.size(), 2u);
  EXPECT_EQ(h.notifications(), 2u);
}

TEST(DropHandlerTest, ExitAndIgnore) {
  Recorded r;
  DropPolicy exit_policy;
  exit_policy.actions = {DropAction::kExit};
  DropHandler h(exit_policy, HooksFor(&r), 0);
  EXPECT_EQ(h.Check(Sample(10, 90, 0), kSec), DropHandler::Verdict::kExit);
  EXPECT_TRUE(r.alerts.empty());
  ASSERT_EQ(r.logs.size(), 1u);
  EXPECT_NE(r.logs[0].find("Exiting."), std::string::npos);

  Recorded q;
  DropPolicy ignore;
  ignore.actions = {DropAction::kIgnore, DropAction::kExit};
  DropHandler i(ignore, HooksFor(&q), 0);
  EXPECT_EQ(i.Check(Sample(10, 90, 0), kSec), DropHandler::Verdict::kContinue);
  EXPECT_TRUE(q.logs.empty());
}

}  // namespace
}  // namespace peregrine::runtime::metrics
