// Live end to end on Falco's upstream falco_rules.yaml: real actions on this host, alerts checked
// by rule, priority and key output fields (the scenarios: upstream_scenarios.h).
#include <string>
#include <vector>

#include "tests/runtime/live/live_pipeline_fixture.h"
#include "tests/runtime/live/upstream_scenarios.h"

namespace peregrine::runtime::live::testing {
namespace {

class UpstreamRulesLiveTest : public LivePipelineTest {
 protected:
  static void SetUpTestSuite() { StartPipeline(kUpstreamRules); }
  static void TearDownTestSuite() { StopPipeline(); }

  // Performs `perform` and expects exactly one alert it announces.
  static void Check(ScenarioRun (*perform)()) {
    size_t cursor = Cursor();
    const ScenarioRun run = perform();
    const std::vector<CollectedAlert> all = AlertsSince(&cursor);
    std::vector<CollectedAlert> matching;
    for (const CollectedAlert& a : all) {
      if (AlertMatches(a.rule, a.json, run)) matching.push_back(a);
    }
    std::string seen;
    for (const CollectedAlert& a : all) seen += "\n  " + a.json;
    EXPECT_EQ(matching.size(), 1u) << "'" << run.rule << "' alerts with the expected fields; "
                                   << "alerts raised:" << seen;
    for (const CollectedAlert& a : matching) {
      for (const std::string& s : run.must_not_contain) {
        EXPECT_EQ(a.json.find(s), std::string::npos) << s << " in " << a.json;
      }
    }
    run.cleanup();
  }
};

TEST_F(UpstreamRulesLiveTest, CatShadowIsReadSensitiveFileUntrusted) { Check(CatShadow); }

TEST_F(UpstreamRulesLiveTest, WebServerSpawningShellIsRunShellUntrusted) { Check(WebServerShell); }

TEST_F(UpstreamRulesLiveTest, SymlinkToShadowIsCreateSymlinkOverSensitiveFiles) {
  Check(SymlinkToShadow);
}

TEST_F(UpstreamRulesLiveTest, GrepForPrivateKeysIsSearchPrivateKeysOrPasswords) {
  Check(GrepPrivateKeys);
}

TEST_F(UpstreamRulesLiveTest, BinaryRunFromDevShmIsExecutionFromDevShm) { Check(ExecFromDevShm); }

TEST_F(UpstreamRulesLiveTest, PtraceAttachIsPtraceAttachedToProcess) { Check(PtraceAttach); }

TEST_F(UpstreamRulesLiveTest, ExecutingAMemfdIsFilelessExecution) { Check(FilelessMemfdExec); }

TEST_F(UpstreamRulesLiveTest, TruncatingALogFileIsClearLogActivities) { Check(TruncateLog); }

TEST_F(UpstreamRulesLiveTest, ShellWithTerminalInContainerCgroupIsTerminalShellInContainer) {
  Check(TerminalShellInContainer);
}

}  // namespace
}  // namespace peregrine::runtime::live::testing
