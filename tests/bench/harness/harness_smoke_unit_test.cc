// Smoke tests of the peregrine-bench scenarios that need no kernel probe (compile,
// eval-capture, the results file of `all`) and of the load generator. They check that numbers
// come out, never how fast anything is.
#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <sstream>
#include <string>

#include "bench/load/load_generator.h"
#include "bench/load/syscall_programs.h"
#include "gtest/gtest.h"
#include "tests/bench/harness/bench_run.h"

namespace peregrine::bench::testing {
namespace {

TEST(BenchHarnessSmokeTest, CompileReportsEveryStage) {
  const BenchRun r =
      RunBench({"compile", "--runs", "1", "--scale", "25", "--json", "--no-results"});
  ASSERT_EQ(r.status, 0) << r.out;
  for (const char* key :
       {"upstream_load_ms", "upstream_lint_ms", "upstream_o0_ms", "upstream_o0_codegen_ms",
        "upstream_o2_ms", "rules_lint_ms", "rules_o0_ms", "rules_o2_ms", "generated_25_lint_ms",
        "generated_25_o0_ms"}) {
    EXPECT_POSITIVE(r, key);
  }
  // Differences of two compiles (parse = parse-only compile - load, check+IR = full - parse-only):
  // finite, not necessarily positive on a noisy machine — parsing the upstream conditions takes
  // ~0.1 ms against ~5 ms of load, so one sample of the difference can come out negative.
  EXPECT_FINITE(r, "upstream_parse_ms");
  EXPECT_FINITE(r, "upstream_check_ir_ms");
  EXPECT_EQ(Number(r, "generated_25_rules"), 25);
  EXPECT_POSITIVE(r, "upstream_rules");
}

TEST(BenchHarnessSmokeTest, EvalCaptureComparesBothBackEnds) {
  const BenchRun r = RunBench({"eval-capture", "--runs", "1", "--json", "--no-results"});
  ASSERT_EQ(r.status, 0) << r.out;
  for (const char* prefix : {"upstream", "rules"}) {
    const std::string p = prefix;
    EXPECT_POSITIVE(r, p + "_events");
    EXPECT_POSITIVE(r, p + "_evaluated");
    EXPECT_POSITIVE(r, p + "_replay_base_ns_per_event");
    EXPECT_FINITE(r, p + "_interp_ns_per_event");
    EXPECT_FINITE(r, p + "_jit_ns_per_event");
    EXPECT_FINITE(r, p + "_speedup");
  }
}

TEST(BenchHarnessSmokeTest, ResultsFileCarriesTheMachineAndTheScenario) {
  char dir[] = "/tmp/peregrine-bench-test-XXXXXX";
  ASSERT_NE(mkdtemp(dir), nullptr);
  const std::string path = std::string(dir) + "/sub/results.json";
  const BenchRun r =
      RunBench({"compile", "--runs", "1", "--scale", "25", "--json", "--results", path});
  ASSERT_EQ(r.status, 0) << r.out;
  std::ifstream in(path);
  std::stringstream ss;
  ss << in.rdbuf();
  const std::string text = ss.str();
  for (const char* key :
       {"\"machine\"", "\"cpu_model\"", "\"kernel\"", "\"cores\"", "\"mitigations\"", "\"loadavg\"",
        "\"scenarios\"", "\"compile\"", "\"upstream_lint_ms\""}) {
    EXPECT_NE(text.find(key), std::string::npos) << key << " missing in " << text;
  }
  std::remove(path.c_str());
  rmdir((std::string(dir) + "/sub").c_str());
  rmdir(dir);
}

TEST(BenchHarnessSmokeTest, AllPrintsOneTable) {
  char dir[] = "/tmp/peregrine-bench-test-XXXXXX";
  ASSERT_NE(mkdtemp(dir), nullptr);
  const std::string path = std::string(dir) + "/all.json";
  const BenchRun r = RunBench({"all", "--quick", "--only", "compile", "--results", path});
  ASSERT_EQ(r.status, 0) << r.out;
  EXPECT_NE(r.out.find("upstream_lint_ms"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("scenario"), std::string::npos) << r.out;
  std::remove(path.c_str());
  rmdir(dir);
}

TEST(BenchHarnessSmokeTest, UnknownScenarioOptionIsAnError) {
  const BenchRun r = RunBench({"compile", "--bogus"});
  EXPECT_EQ(r.status, 2);
}

TEST(LoadGeneratorTest, ParsesMixes) {
  auto mix = load::LoadMix::Parse("open=3,openfail=1,getppid");
  ASSERT_TRUE(mix.ok()) << mix.status();
  EXPECT_EQ(mix->total(), 5);
  EXPECT_EQ(mix->ToString(), "open=3,openfail=1,getppid=1");
  EXPECT_FALSE(load::LoadMix::Parse("opn=1").ok());
  EXPECT_FALSE(load::LoadMix::Parse("open=0").ok());
  EXPECT_FALSE(load::LoadMix::Parse("open=-1").ok());
}

TEST(LoadGeneratorTest, RunsEveryOperationInProportion) {
  load::LoadSpec spec;
  spec.mix =
      *load::LoadMix::Parse("open=2,openfail=1,getppid=1,connect=1,exec=1,openfail_legacy=1");
  spec.processes = 2;
  spec.max_ops_per_process = 70;
  spec.seconds = 30;
  auto r = load::RunLoad(spec);
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ(r->failed, 0u);
  EXPECT_EQ(r->total_ops, 140u);
  EXPECT_EQ(r->ops[static_cast<int>(load::LoadOp::kOpenClose)], 40u);
  EXPECT_EQ(r->ops[static_cast<int>(load::LoadOp::kConnectLoopback)], 20u);
  EXPECT_EQ(r->ops[static_cast<int>(load::LoadOp::kExec)], 20u);
  EXPECT_EQ(r->syscalls, 40u * 2 + 20 + 20 + 20 * 5 + 20 * 3 + 20);
  EXPECT_GT(r->ops_per_second, 0);
}

TEST(LoadGeneratorTest, RespectsATargetRateBound) {
  // 200 ops/s for 0.2 s: far fewer operations than an unpaced run would issue.
  load::LoadSpec spec;
  spec.mix = *load::LoadMix::Parse("getppid");
  spec.ops_per_second = 200;
  spec.seconds = 0.2;
  auto r = load::RunLoad(spec);
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_GT(r->total_ops, 0u);
  EXPECT_LE(r->total_ops, 45u);
}

TEST(LoadGeneratorTest, RejectsAnUnboundedSpec) {
  load::LoadSpec spec;
  spec.mix = *load::LoadMix::Parse("getppid");
  spec.seconds = 0;
  EXPECT_FALSE(load::RunLoad(spec).ok());
}

TEST(SyscallProgramsTest, EveryProgramRuns) {
  for (int p = 0; p < load::kNumSyscallPrograms; ++p) {
    auto s = load::TimeProgram(static_cast<load::SyscallProgram>(p), 100);
    ASSERT_TRUE(s.ok()) << load::SyscallProgramName(static_cast<load::SyscallProgram>(p)) << ": "
                        << s.status();
    EXPECT_GT(*s, 0);
  }
}

}  // namespace
}  // namespace peregrine::bench::testing
