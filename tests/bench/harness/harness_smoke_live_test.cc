// Smoke tests of the peregrine-bench scenarios that load the probe (root, label `live`): each
// runs with tiny parameters and must produce its numbers. No time is asserted.
#include <unistd.h>

#include <string>

#include "gtest/gtest.h"
#include "tests/bench/harness/bench_run.h"

namespace peregrine::bench::testing {
namespace {

class BenchHarnessLiveTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (geteuid() != 0) GTEST_SKIP() << "needs root (the scenarios load the eBPF probe)";
  }
};

TEST_F(BenchHarnessLiveTest, ThroughputFindsAZeroDropRate) {
  const BenchRun r = RunBench({"throughput", "--start-rate", "2000", "--max-steps", "2",
                               "--step-seconds", "0.3", "--json", "--no-results"});
  ASSERT_EQ(r.status, 0) << r.out;
  EXPECT_POSITIVE(r, "steps");
  EXPECT_POSITIVE(r, "zero_drop_events_per_s");
  EXPECT_POSITIVE(r, "zero_drop_ops_per_s");
  EXPECT_POSITIVE(r, "events_per_s_per_core");
  EXPECT_POSITIVE(r, "daemon_cpu_percent");
  EXPECT_POSITIVE(r, "rss_kib");
  EXPECT_POSITIVE(r, "rss_anon_kib");
  EXPECT_NE(r.values.count("bound"), 0u) << r.out;
}

TEST_F(BenchHarnessLiveTest, PrefilterDropsFailedOpensInTheKernelWithOurRules) {
  // rules/ lets the kernel drop failed opens; the upstream rules do not (a rule matches them).
  const BenchRun r = RunBench({"prefilter", "--rules", PEREGRINE_SOURCE_DIR "/rules", "--ops",
                               "3000", "--rounds", "1", "--json", "--no-results"});
  ASSERT_EQ(r.status, 0) << r.out;
  EXPECT_POSITIVE(r, "kernel_resolved_share_on");
  EXPECT_EQ(Number(r, "kernel_resolved_share_off"), 0) << r.out;
  EXPECT_POSITIVE(r, "approver_drops_on");
  EXPECT_POSITIVE(r, "records_delivered_off");
  EXPECT_FINITE(r, "daemon_cpu_ms_on");
  EXPECT_FINITE(r, "daemon_cpu_saved_share");
}

TEST_F(BenchHarnessLiveTest, ReloadMeasuresLatencyAndLoss) {
  const BenchRun r = RunBench({"reload", "--reloads", "2", "--interval-ms", "20", "--rate", "2000",
                               "--json", "--no-results"});
  ASSERT_EQ(r.status, 0) << r.out;
  EXPECT_EQ(Number(r, "reloads_ok"), 2) << r.out;
  EXPECT_POSITIVE(r, "latency_p50_ms");
  EXPECT_POSITIVE(r, "latency_p99_ms");
  EXPECT_POSITIVE(r, "marker_opens");
  EXPECT_POSITIVE(r, "marker_alerts");
  EXPECT_FINITE(r, "events_lost");
}

TEST_F(BenchHarnessLiveTest, ProbeReportsCostsAndSlowdown) {
  const BenchRun r = RunBench({"probe", "--rounds", "1", "--calls", "5000", "--slowdown-rounds",
                               "1", "--slowdown-scale", "0.01", "--json", "--no-results"});
  ASSERT_EQ(r.status, 0) << r.out;
  for (const char* key :
       {"bare_ns", "noop_ns", "attached_uninteresting_ns", "emitted_ns",
        "openat_close_floor_ctx_ns", "close_floor_ctx_ns", "slowdown_dd", "slowdown_open_close",
        "slowdown_loopback_echo", "dd_without_ms", "dd_with_ms", "loopback_echo_with_ms"}) {
    EXPECT_POSITIVE(r, key);
  }
}

// Without the process context the probe refuses comm approvers: the scenario still reports
// every other row, and leaves out the comm-approver one instead of failing.
TEST_F(BenchHarnessLiveTest, ProbeWithoutContextSkipsOnlyTheCommApproverRow) {
  const BenchRun r =
      RunBench({"probe", "--rounds", "1", "--calls", "4000", "--no-context", "--kernel-split",
                "--slowdown-rounds", "1", "--slowdown-scale", "0.01", "--json", "--no-results"});
  ASSERT_EQ(r.status, 0) << r.out;
  for (const char* key :
       {"emitted_ns", "close_emitted_ns", "path_dropped_ns", "kernel_emitted_ns"}) {
    EXPECT_POSITIVE(r, key);
  }
  EXPECT_EQ(r.values.count("comm_dropped_ns"), 0u) << r.out;
  EXPECT_EQ(r.values.count("kernel_comm_dropped_ns"), 0u) << r.out;
}

}  // namespace
}  // namespace peregrine::bench::testing
