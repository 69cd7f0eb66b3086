// KernelPrefilter: which failed calls may be dropped in the kernel, the interest set, the plans.
#include "compiler/prefilter/kernel_prefilter.h"

#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "prefilter_testing.h"
#include "runtime/catalog/event_codes.h"

namespace peregrine::compiler::prefilter {
namespace {

using testing::Compile;
using ::testing::HasSubstr;
using testing::Rule;

constexpr uint16_t kOpenatX = PG_EVT_SYSCALL_OPENAT_2_X;
constexpr uint16_t kUnlinkatX = PG_EVT_SYSCALL_UNLINKAT_2_X;

TEST(KernelPrefilterTest, OpensGuardedBySuccessDropFailures) {
  auto rs = Compile(Rule("r", "evt.type = openat and fd.num >= 0 and fd.name startswith /etc/"));
  KernelPrefilter kp = BuildKernelPrefilter(*rs);
  EXPECT_TRUE(kp.drop_failed.test(kOpenatX));
  EXPECT_TRUE(kp.interest.test(kOpenatX));
}

TEST(KernelPrefilterTest, ARuleOnFailedOpensKeepsThem) {
  auto rs = Compile(Rule("ok", "evt.type = openat and fd.num >= 0") +
                    Rule("failed", "evt.type = openat and fd.num = -1 and evt.res startswith E"));
  KernelPrefilter kp = BuildKernelPrefilter(*rs);
  EXPECT_FALSE(kp.drop_failed.test(kOpenatX));
  EXPECT_EQ(kp.failure_blocker_by_code[kOpenatX], 1);
  EXPECT_THAT(KernelPlan(*rs, kp, 1), HasSubstr("this rule can match failed {openat}"));
  EXPECT_THAT(KernelPlan(*rs, kp, 0), HasSubstr("approvers: none"));
}

TEST(KernelPrefilterTest, ResultPredicatesAreDecidedUnderFailure) {
  struct Case {
    const char* condition;
    bool dropped;
  } cases[] = {
      {"evt.type = unlinkat and evt.res = SUCCESS", true},
      {"evt.type = unlinkat and evt.res != SUCCESS", false},
      {"evt.type = unlinkat and evt.rawres >= 0", true},
      {"evt.type = unlinkat and evt.rawres > -1", true},
      {"evt.type = unlinkat and evt.rawres < 0", false},
      {"evt.type = unlinkat and evt.rawres in (0, 1)", true},
      {"evt.type = unlinkat and evt.rawres in (0, -2)", false},
      {"evt.type = unlinkat and evt.failed = false", true},
      {"evt.type = unlinkat and not evt.failed = true", true},
      {"evt.type = unlinkat and not evt.rawres >= 0", false},
      {"evt.type = unlinkat and (evt.rawres >= 0 or proc.name = x)", false},
      {"evt.type = unlinkat and proc.name = x", false},
      // fd.num is the result only for the open family; for unlinkat it says nothing.
      {"evt.type = unlinkat and fd.num >= 0", false},
  };
  for (const Case& c : cases) {
    auto rs = Compile(Rule("r", c.condition));
    if (rs == nullptr) continue;
    EXPECT_EQ(BuildKernelPrefilter(*rs).drop_failed.test(kUnlinkatX), c.dropped) << c.condition;
  }
}

TEST(KernelPrefilterTest, RulesWithoutEventTypeBlockEveryApprover) {
  auto rs = Compile(Rule("a", "evt.type = openat and fd.num >= 0") + Rule("b", "proc.name = x"));
  KernelPrefilter kp = BuildKernelPrefilter(*rs);
  EXPECT_FALSE(kp.drop_failed.test(kOpenatX));
  EXPECT_THAT(KernelPlan(*rs, kp, 1), HasSubstr("every syscall"));
}

TEST(KernelPrefilterTest, StateSyscallsAreInterestingAndLifecycleFailuresKept) {
  auto rs = Compile(Rule("r", "evt.type in (execve, clone, connect) and evt.res = SUCCESS"));
  KernelPrefilter kp = BuildKernelPrefilter(*rs);
  for (uint16_t code : {PG_EVT_SYSCALL_EXECVE_19_X, PG_EVT_SYSCALL_CLONE_20_X,
                        PG_EVT_SOCKET_CONNECT_X, PG_EVT_SYSCALL_CLONE3_X}) {
    EXPECT_TRUE(kp.interest.test(code)) << code;
    EXPECT_FALSE(kp.drop_failed.test(code)) << code;
  }
  EXPECT_TRUE(kp.state_codes.test(PG_EVT_PROCEXIT_1_E));
  EXPECT_TRUE(kp.state_codes.test(PG_EVT_SYSCALL_CLOSE_X));
  // No rule reads close: its failures go, its successes stay (state).
  EXPECT_TRUE(kp.drop_failed.test(PG_EVT_SYSCALL_CLOSE_X));
  EXPECT_FALSE(kp.rule_codes.test(PG_EVT_SYSCALL_CLOSE_X));
}

TEST(KernelPrefilterTest, DisabledRulesDoNotBlock) {
  auto rs = Compile(Rule("a", "evt.type = openat and fd.num >= 0") +
                    "- rule: b\n  desc: d\n  condition: evt.type = openat and evt.failed = true\n"
                    "  output: o\n  priority: WARNING\n  enabled: false\n");
  EXPECT_TRUE(BuildKernelPrefilter(*rs).drop_failed.test(kOpenatX));
}

TEST(KernelPrefilterTest, UpstreamRules) {
  CompileOutput out = CompileRulesFiles(
      {std::string(PEREGRINE_SHARED_DIR) + "/corpus/falco-rules/falco_rules.yaml"},
      CompileOptions{});
  ASSERT_NE(out.ruleset, nullptr);
  KernelPrefilter kp = BuildKernelPrefilter(*out.ruleset);
  // "Directory traversal monitored file read" matches failed opens (open_file_failed).
  EXPECT_FALSE(kp.drop_failed.test(kOpenatX));
  // No upstream rule matches a failed dup or close.
  EXPECT_TRUE(kp.drop_failed.test(PG_EVT_SYSCALL_DUP_1_X));
  EXPECT_TRUE(kp.drop_failed.test(PG_EVT_SYSCALL_CLOSE_X));
  EXPECT_FALSE(kp.drop_failed.test(PG_EVT_SYSCALL_EXECVE_19_X));
}

}  // namespace
}  // namespace peregrine::compiler::prefilter
