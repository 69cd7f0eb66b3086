// Tests for OutputWorker and OutputManager: fan-out, per-output drops, shutdown deadline, metrics.
#include "runtime/outputs/output_manager.h"

#include <atomic>
#include <chrono>
#include <thread>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "runtime/metrics/registry.h"

namespace peregrine::runtime::outputs {
namespace {

using ::testing::HasSubstr;

// Records messages; blocks every Write while `gate` is closed. Shares state with the test.
struct Recorder {
  std::atomic<bool> gate_open{true};
  absl::Mutex mu;
  std::vector<std::string> messages ABSL_GUARDED_BY(mu);
  std::atomic<int> reopens{0};
  std::atomic<int> flushes{0};
};

class RecordingSink final : public Sink {
 public:
  RecordingSink(std::string name, Recorder* r) : name_(std::move(name)), r_(r) {}
  std::string name() const override { return name_; }
  absl::Status Write(const Alert& alert, const std::atomic<bool>& cancelled) override {
    while (!r_->gate_open.load() && !cancelled.load()) {
      std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
    if (cancelled.load()) return absl::CancelledError("cancelled");
    if (alert.message == "fail") return absl::UnavailableError("refused");
    absl::MutexLock lock(&r_->mu);
    r_->messages.push_back(alert.message);
    return absl::OkStatus();
  }
  absl::Status Flush() override {
    r_->flushes++;
    return absl::OkStatus();
  }
  void Reopen() override { r_->reopens++; }

 private:
  std::string name_;
  Recorder* r_;
};

Alert Msg(std::string m) {
  Alert a;
  a.message = std::move(m);
  return a;
}

TEST(OutputManagerTest, FansOutToEverySinkInOrder) {
  Recorder a, b;
  std::vector<std::unique_ptr<Sink>> sinks;
  sinks.push_back(std::make_unique<RecordingSink>("a", &a));
  sinks.push_back(std::make_unique<RecordingSink>("b", &b));
  OutputManager manager(std::move(sinks), /*queue_capacity=*/0);
  for (int i = 0; i < 1000; ++i) EXPECT_EQ(manager.Enqueue(Msg(std::to_string(i))), 2u);
  ASSERT_TRUE(manager.Shutdown(absl::Seconds(10)));
  for (Recorder* r : {&a, &b}) {
    absl::MutexLock lock(&r->mu);
    ASSERT_EQ(r->messages.size(), 1000u);
    for (int i = 0; i < 1000; ++i) EXPECT_EQ(r->messages[i], std::to_string(i));
    EXPECT_EQ(r->flushes.load(), 1);
  }
  for (const OutputStats& s : manager.Stats()) {
    EXPECT_EQ(s.enqueued, 1000u);
    EXPECT_EQ(s.delivered, 1000u);
    EXPECT_EQ(s.dropped_queue_full, 0u);
  }
}

TEST(OutputManagerTest, ABlockedSinkDropsOnlyItsOwnAlerts) {
  Recorder fast, stuck;
  stuck.gate_open = false;
  std::vector<std::unique_ptr<Sink>> sinks;
  sinks.push_back(std::make_unique<RecordingSink>("fast", &fast));
  sinks.push_back(std::make_unique<RecordingSink>("stuck", &stuck));
  OutputManager manager(std::move(sinks), /*queue_capacity=*/10);
  for (int i = 0; i < 100; ++i) {
    manager.Enqueue(Msg(std::to_string(i)));
    // Paced, so that the fast sink's queue of 10 never fills.
    std::this_thread::sleep_for(std::chrono::microseconds(i == 0 ? 20000 : 200));
  }
  for (int i = 0; i < 1000 && manager.Stats()[0].delivered < 100; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  std::vector<OutputStats> stats = manager.Stats();
  EXPECT_EQ(stats[0].delivered, 100u);
  EXPECT_EQ(stats[0].dropped_queue_full, 0u);
  // The stuck worker holds one alert in Write and 10 in the queue; the rest were dropped.
  EXPECT_EQ(stats[1].enqueued, 11u);
  EXPECT_EQ(stats[1].dropped_queue_full, 89u);
  EXPECT_EQ(stats[1].queue_depth, 10u);
  stuck.gate_open = true;
  ASSERT_TRUE(manager.Shutdown(absl::Seconds(10)));
  stats = manager.Stats();
  EXPECT_EQ(stats[1].delivered, 11u);
  absl::MutexLock lock(&stuck.mu);
  EXPECT_EQ(stuck.messages.front(), "0");
}

TEST(OutputManagerTest, ShutdownDeadlineCountsWhatIsLeft) {
  Recorder stuck;
  stuck.gate_open = false;
  std::vector<std::unique_ptr<Sink>> sinks;
  sinks.push_back(std::make_unique<RecordingSink>("stuck", &stuck));
  OutputManager manager(std::move(sinks), /*queue_capacity=*/0);
  for (int i = 0; i < 50; ++i) manager.Enqueue(Msg("x"));
  const auto start = std::chrono::steady_clock::now();
  EXPECT_FALSE(manager.Shutdown(absl::Milliseconds(200)));
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(5));
  const OutputStats s = manager.Stats()[0];
  EXPECT_EQ(s.delivered, 0u);
  EXPECT_EQ(s.failed, 1u);  // the write in progress was cancelled
  EXPECT_EQ(s.dropped_shutdown, 49u);
  EXPECT_EQ(s.enqueued, s.delivered + s.failed + s.dropped_shutdown);
  EXPECT_EQ(manager.Enqueue(Msg("late")), 0u);
}

TEST(OutputManagerTest, FailedWritesAndReopenAreCounted) {
  Recorder r;
  std::vector<std::unique_ptr<Sink>> sinks;
  sinks.push_back(std::make_unique<RecordingSink>("r", &r));
  OutputManager manager(std::move(sinks), 0);
  manager.Enqueue(Msg("ok"));
  ASSERT_TRUE(manager.WaitIdle(absl::Seconds(10)));
  manager.Reopen();
  manager.Enqueue(Msg("fail"));
  ASSERT_TRUE(manager.WaitIdle(absl::Seconds(10)));
  const OutputStats s = manager.Stats()[0];
  EXPECT_EQ(s.delivered, 1u);
  EXPECT_EQ(s.failed, 1u);
  EXPECT_EQ(s.last_error, "refused");
  EXPECT_EQ(r.reopens.load(), 1);
}

TEST(OutputManagerTest, ExportsPerOutputMetrics) {
  metrics::Registry registry;
  Recorder r;
  r.gate_open = false;
  std::vector<std::unique_ptr<Sink>> sinks;
  sinks.push_back(std::make_unique<RecordingSink>("http", &r));
  {
    OutputManager manager(std::move(sinks), 2, &registry);
    manager.Enqueue(Msg("x"));
    std::this_thread::sleep_for(std::chrono::milliseconds(50));  // the worker takes it into Write
    for (int i = 1; i < 10; ++i) manager.Enqueue(Msg("x"));
    const std::string text = registry.RenderPrometheus();
    EXPECT_THAT(text, HasSubstr("# TYPE peregrine_output_alerts_total counter\n"));
    EXPECT_THAT(text, HasSubstr("peregrine_output_queue_depth{output=\"http\"} 2\n"));
    // 1 in Write, 2 queued, 7 dropped.
    EXPECT_THAT(
        text,
        HasSubstr(
            "peregrine_output_alerts_total{output=\"http\",result=\"dropped_queue_full\"} 7\n"));
    EXPECT_THAT(text, HasSubstr("peregrine_drops_total{category=\"output\",name=\"http\"} 7\n"));
    r.gate_open = true;
  }
  // The manager removed its collector.
  EXPECT_THAT(registry.RenderPrometheus(), ::testing::Not(HasSubstr("peregrine_output")));
}

}  // namespace
}  // namespace peregrine::runtime::outputs
