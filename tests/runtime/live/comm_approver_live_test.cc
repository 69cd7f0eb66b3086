// Live end to end with comm approvers: a rules file whose only ptrace rule names its callers
// gives the daemon a ptrace comm approver; calls from those comms raise the rule's alerts
// (prctl(PR_SET_NAME) included), calls from other comms are dropped in the kernel and counted.
#include <sys/prctl.h>
#include <sys/ptrace.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <string>

#include "tests/runtime/live/live_pipeline_fixture.h"

namespace peregrine::runtime::live::testing {
namespace {

constexpr char kRules[] = R"(
- rule: Debugger ptrace
  desc: ptrace by a named debugger
  condition: evt.type = ptrace and proc.name in (pg_gdb, pg_strace_long1)
  output: "ptrace by %proc.name"
  priority: WARNING
)";

class CommApproverPipelineLiveTest : public LivePipelineTest {
 protected:
  static void SetUpTestSuite() {
    dir_ = new std::string(MakeTempDir());
    const std::string path = *dir_ + "/comm_rules.yaml";
    std::ofstream(path) << kRules;
    StartPipeline(path);
  }
  static void TearDownTestSuite() {
    StopPipeline();
    std::system(("rm -rf " + *dir_).c_str());
    delete dir_;
  }

  static uint64_t CommDropped() {
    auto c = state_->pipeline->probe().TotalCounters();
    EXPECT_TRUE(c.ok()) << c.status();
    return c.ok() ? c->comm_approver_dropped : 0;
  }

  static inline std::string* dir_ = nullptr;
};

// A failing ptrace (no such tracee), `n` times.
int Ptrace(int n) {
  for (int i = 0; i < n; ++i) syscall(SYS_ptrace, PTRACE_PEEKDATA, 0, 0, 0);
  return 0;
}

TEST_F(CommApproverPipelineLiveTest, TheDaemonInstallsTheRulesComms) {
  const InterestSet& interest = state_->pipeline->interest();
  ASSERT_EQ(interest.comm_approvers.size(), 1u);
  EXPECT_EQ(interest.comm_approvers[0].syscall_nr, SYS_ptrace);
  EXPECT_EQ(interest.comm_approvers[0].names,
            (std::vector<std::string>{"pg_gdb", "pg_strace_long1"}));
}

TEST_F(CommApproverPipelineLiveTest, NamedCallersAlertOthersAreDroppedInTheKernel) {
  SpawnOptions gdb;
  gdb.comm = "pg_gdb";
  auto alerts = AlertsOf([&] { Spawn({}, gdb, [] { return Ptrace(1); }); }, "Debugger ptrace",
                         {"\"proc.name\":\"pg_gdb\""});
  EXPECT_EQ(alerts.size(), 1u);

  SpawnOptions other;
  other.comm = "pg_other";
  const uint64_t before = CommDropped();
  size_t cursor = Cursor();
  Spawn({}, other, [] { return Ptrace(50); });
  for (const CollectedAlert& a : AlertsSince(&cursor)) {
    EXPECT_NE(a.rule, "Debugger ptrace") << a.json;
  }
  EXPECT_GE(CommDropped() - before, 50u);
}

TEST_F(CommApproverPipelineLiveTest, ARenamedThreadIsFollowed) {
  // Starts as pg_other (dropped), renames itself to the 15-byte name the rule lists.
  SpawnOptions other;
  other.comm = "pg_other";
  const uint64_t before = CommDropped();
  auto alerts = AlertsOf(
      [&] {
        Spawn({}, other, [] {
          Ptrace(1);
          prctl(PR_SET_NAME, "pg_strace_long1", 0, 0, 0);
          return Ptrace(1);
        });
      },
      "Debugger ptrace", {"\"proc.name\":\"pg_strace_long1\""});
  EXPECT_EQ(alerts.size(), 1u);
  EXPECT_GE(CommDropped() - before, 1u);
}

}  // namespace
}  // namespace peregrine::runtime::live::testing
