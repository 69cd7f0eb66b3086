// Event-type analysis (falco-rule-language.md §5.3) on the upstream falco_rules.yaml: every rule's
// event-type set, worked out by hand from the rule and its macros, pinned by name.
#include <algorithm>
#include <map>
#include <string>
#include <vector>

#include "compiler/semantic/event_type_analysis.h"
#include "gtest/gtest.h"
#include "tests/compiler/semantic/semantic_test_util.h"

namespace peregrine::compiler {
namespace {

using Names = std::vector<std::string>;

class CorpusEventTypesTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    out_ = new CompileOutput(CompileRulesFiles(
        {PEREGRINE_SHARED_DIR "/corpus/falco-rules/falco_rules.yaml"}, CompileOptions{}));
  }
  static void TearDownTestSuite() {
    delete out_;
    out_ = nullptr;
  }

  static const CompiledRuleInfo& Rule(const std::string& name) {
    static const CompiledRuleInfo kMissing;
    if (out_->ruleset == nullptr) return kMissing;
    const CompiledRuleInfo* info = testing::FindRule(*out_->ruleset, name);
    EXPECT_NE(info, nullptr) << "no rule " << name;
    return info != nullptr ? *info : kMissing;
  }

  // The set must be exactly the union of codes(name) over `names`: names alone would hide a
  // missing enter code or version.
  static void ExpectSet(const std::string& rule, const Names& names) {
    const CompiledRuleInfo& info = Rule(rule);
    EXPECT_EQ(EventNames(info.codes), names) << rule;
    EventCodeSet want;
    for (const std::string& n : names) want |= semantic::CodesForEventName(n);
    EXPECT_EQ(info.codes, want) << rule;
  }

  static CompileOutput* out_;
};

CompileOutput* CorpusEventTypesTest::out_ = nullptr;

const Names kOpen = {"open", "openat", "openat2"};
const Names kExec = {"execve", "execveat"};

TEST_F(CorpusEventTypesTest, CorpusCompilesWithoutErrorsOrEventTypeWarnings) {
  ASSERT_NE(out_->ruleset, nullptr) << testing::Describe(testing::Errors(*out_));
  EXPECT_TRUE(testing::WithCode(*out_, "LOAD_NO_EVTTYPE").empty());
  EXPECT_EQ(out_->ruleset->rules.size(), 25u);
}

// open_read / open_file_failed are `evt.type in (open, openat, openat2) and …`; the negated
// exclusion macros (never_true) must not widen nor empty the set.
TEST_F(CorpusEventTypesTest, OpenRules) {
  ExpectSet("Directory traversal monitored file read", kOpen);  // (open_read or open_file_failed)
  ExpectSet("Read sensitive file trusted after startup", kOpen);
  ExpectSet("Read sensitive file untrusted", kOpen);
  ExpectSet("Clear Log Activities", kOpen);  // open_write
  ExpectSet("Detect release_agent File Container Escapes", kOpen);
}

TEST_F(CorpusEventTypesTest, SpawnedProcessRules) {
  for (const char* rule :
       {"Run shell untrusted", "System user interactive", "Terminal shell in container",
        "Netcat Remote Code Execution in Container", "Remove Bulk Data from Disk",
        "Debugfs Launched in Privileged Container", "Find AWS Credentials",
        "Execution from /dev/shm", "Drop and execute new binary in container",
        "Fileless execution via memfd_create"}) {
    ExpectSet(rule, kExec);
  }
}

// `spawned_process and ((grep_commands and private_key_or_password) or …)`, where
// private_key_or_password ORs in `(grep_more and …)` with grep_more = never_true (∅): an empty
// branch of an `or` must not empty the set.
TEST_F(CorpusEventTypesTest, NeverTrueInsideAnOrBranch) {
  ExpectSet("Search Private Keys or Passwords", kExec);
}

TEST_F(CorpusEventTypesTest, SingleSyscallRules) {
  ExpectSet("Create Symlink Over Sensitive Files", {"symlink", "symlinkat"});
  ExpectSet("Create Hardlink Over Sensitive Files", {"link", "linkat"});
  ExpectSet("Packet socket created in container", {"socket"});
  ExpectSet("Redirect STDOUT/STDIN to Network Connection in Container", {"dup", "dup2", "dup3"});
  ExpectSet("Linux Kernel Module Injection Detected", {"init_module", "finit_module"});
  ExpectSet("PTRACE attached to process", {"ptrace"});
  ExpectSet("PTRACE anti-debug attempt", {"ptrace"});
  ExpectSet("Contact K8S API Server From Container", {"connect"});
}

// outbound = ((evt.type = connect or (evt.type in (sendto, sendmsg) and …)) and …).
TEST_F(CorpusEventTypesTest, OutboundUnionsConnectAndSends) {
  ExpectSet("Disallowed SSH Connection Non Standard Port", {"connect", "sendto", "sendmsg"});
}

// §5.5: the stable rules have 4 single-name sets, 14 of two names and 7 of three.
TEST_F(CorpusEventTypesTest, SetSizeDistributionMatchesSpec) {
  ASSERT_NE(out_->ruleset, nullptr);
  std::map<size_t, int> sizes;
  for (const CompiledRuleInfo& info : out_->ruleset->rules) ++sizes[EventNames(info.codes).size()];
  EXPECT_EQ(sizes, (std::map<size_t, int>{{1, 4}, {2, 14}, {3, 7}}));
}

bool InBucket(const ir::Program& program, size_t code, uint32_t rule) {
  const auto& bucket = program.rules_by_code[code];
  return std::find(bucket.begin(), bucket.end(), rule) != bucket.end();
}

// Every rule is indexed under its codes in the program (the async code aside: see below).
TEST_F(CorpusEventTypesTest, ProgramIndexFollowsTheSets) {
  ASSERT_NE(out_->ruleset, nullptr);
  const ir::Program& program = out_->ruleset->program;
  for (uint32_t r = 0; r < program.rules.size(); ++r) {
    for (size_t code = 0; code < program.rules_by_code.size(); ++code) {
      if (code == catalog::kAsyncEventCode) continue;
      const auto& bucket = program.rules_by_code[code];
      const bool indexed = std::find(bucket.begin(), bucket.end(), r) != bucket.end();
      EXPECT_EQ(indexed, program.rules[r].codes.test(code) && program.rules[r].enabled)
          << program.rules[r].name << " code " << code;
    }
  }
}

// §5.3 "After the analysis Falco … 2. indexes the rule under S ∪ {PPME_ASYNCEVENT_E}": every
// syscall rule is also evaluated on every asynchronous event.
TEST_F(CorpusEventTypesTest, EverySyscallRuleIsIndexedUnderTheAsyncEvent) {
  ASSERT_NE(out_->ruleset, nullptr);
  const ir::Program& program = out_->ruleset->program;
  for (uint32_t r = 0; r < program.rules.size(); ++r) {
    EXPECT_TRUE(InBucket(program, catalog::kAsyncEventCode, r)) << program.rules[r].name;
  }
}

}  // namespace
}  // namespace peregrine::compiler
