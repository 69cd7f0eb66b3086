// Comm approvers: the proc.name bounds per rule shape, the rules that block them, the eligible
// codes, the kernel plan, and which syscalls the upstream and default rules give an approver.
#include "compiler/prefilter/comm_approver.h"

#include <cstdio>
#include <string>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "compiler/prefilter/kernel_prefilter.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "prefilter_testing.h"
#include "runtime/catalog/event_codes.h"
#include "runtime/catalog/event_table.h"

namespace peregrine::compiler::prefilter {
namespace {

using testing::Compile;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using testing::Rule;

constexpr uint16_t kPtraceX = PG_EVT_SYSCALL_PTRACE_X;
constexpr uint16_t kPtraceE = PG_EVT_SYSCALL_PTRACE_E;

CommApprovers Build(const CompiledRuleset& rs) { return BuildKernelPrefilter(rs).comms; }

// The ptrace approver of a rules file, or nullopt (with the blocker in *blocker).
std::optional<std::vector<std::string>> Ptrace(const std::string& yaml,
                                               std::string* blocker = nullptr) {
  auto rs = Compile(yaml);
  if (rs == nullptr) return std::nullopt;
  CommApprovers ca = Build(*rs);
  if (blocker != nullptr) *blocker = ca.blocker_by_code[kPtraceX];
  auto it = ca.by_code.find(kPtraceX);
  if (it == ca.by_code.end()) return std::nullopt;
  return it->second;
}

using Names = std::vector<std::string>;

TEST(CommApproverTest, EqualsAndInGiveNames) {
  EXPECT_EQ(Ptrace(Rule("r", "evt.type = ptrace and proc.name = gdb")), Names{"gdb"});
  EXPECT_EQ(Ptrace(Rule("r", "evt.type = ptrace and proc.name == gdb")), Names{"gdb"});
  EXPECT_EQ(Ptrace(Rule("r", "evt.type = ptrace and proc.name in (strace, gdb, gdb)")),
            (Names{"gdb", "strace"}));
}

TEST(CommApproverTest, ListsAndMacrosAreExpanded) {
  const std::string yaml =
      "- list: debuggers\n  items: [gdb, strace]\n"
      "- macro: is_debugger\n  condition: proc.name in (debuggers, ltrace)\n" +
      Rule("r", "evt.type = ptrace and is_debugger");
  EXPECT_EQ(Ptrace(yaml), (Names{"gdb", "ltrace", "strace"}));
}

TEST(CommApproverTest, ConjunctionsIntersectDisjunctionsUnite) {
  EXPECT_EQ(Ptrace(Rule("r", "evt.type = ptrace and proc.name in (a, b) and proc.name in (b, c)")),
            Names{"b"});
  EXPECT_EQ(Ptrace(Rule("r", "evt.type = ptrace and (proc.name = a or proc.name = b)")),
            (Names{"a", "b"}));
  // Another conjunct does not weaken the bound.
  EXPECT_EQ(Ptrace(Rule("r", "evt.type = ptrace and proc.pname = sshd and proc.name = gdb")),
            Names{"gdb"});
  // Two rules: the union.
  EXPECT_EQ(Ptrace(Rule("a", "evt.type = ptrace and proc.name = gdb") +
                   Rule("b", "evt.type = ptrace and proc.name = strace")),
            (Names{"gdb", "strace"}));
}

TEST(CommApproverTest, NoBoundFromNegationOrBranchesOrOtherFields) {
  for (const char* condition : {
           "evt.type = ptrace and not proc.name = gdb",
           "evt.type = ptrace and not proc.name != gdb",
           "evt.type = ptrace and proc.name != gdb",
           "evt.type = ptrace and (proc.name = gdb or proc.pname = gdb)",
           "evt.type = ptrace and proc.pname = gdb",
           "evt.type = ptrace and proc.aname = gdb",
           "evt.type = ptrace and proc.exe = gdb",
           "evt.type = ptrace and proc.cmdline = gdb",
           "evt.type = ptrace and proc.name startswith gdb",
           "evt.type = ptrace and proc.name icontains gdb",
           "evt.type = ptrace and proc.name glob gdb",
           "evt.type = ptrace and tolower(proc.name) = gdb",
           "evt.type = ptrace",
       }) {
    std::string blocker;
    EXPECT_EQ(Ptrace(Rule("unbounded", condition), &blocker), std::nullopt) << condition;
    EXPECT_THAT(blocker, HasSubstr("rule 'unbounded' has no necessary condition on proc.name"))
        << condition;
  }
}

TEST(CommApproverTest, OneUnboundedRuleBlocksTheCode) {
  std::string blocker;
  EXPECT_EQ(Ptrace(Rule("a", "evt.type = ptrace and proc.name = gdb") +
                       Rule("b", "evt.type in (ptrace, kill) and user.name = root"),
                   &blocker),
            std::nullopt);
  EXPECT_THAT(blocker, HasSubstr("rule 'b'"));
  // A rule without an event-type restriction is indexed under every code.
  EXPECT_EQ(Ptrace(Rule("a", "evt.type = ptrace and proc.name = gdb") + Rule("b", "proc.name = x")),
            (Names{"gdb", "x"}));
  EXPECT_EQ(Ptrace(Rule("a", "evt.type = ptrace and proc.name = gdb") + Rule("b", "user.uid = 0")),
            std::nullopt);
}

TEST(CommApproverTest, NamesTheCommCannotHoldAreLeftOut) {
  // 15 bytes fit; 16 never equal a kernel comm.
  EXPECT_EQ(Ptrace(Rule("r",
                        "evt.type = ptrace and proc.name in (abcdefghijklmno, "
                        "abcdefghijklmnop)")),
            Names{"abcdefghijklmno"});
  // A rule whose every name is too long can match no ptrace at all: an empty set.
  EXPECT_EQ(Ptrace(Rule("r", "evt.type = ptrace and proc.name = abcdefghijklmnopq")), Names{});
}

TEST(CommApproverTest, EnterCodeRulesCount) {
  auto rs = Compile(Rule("exit", "evt.type = ptrace and evt.dir = < and proc.name = gdb") +
                    Rule("enter", "evt.type = ptrace and evt.dir = > and proc.name = strace"));
  ASSERT_NE(rs, nullptr);
  CommApprovers ca = Build(*rs);
  ASSERT_TRUE(ca.by_code.count(kPtraceX));
  EXPECT_EQ(ca.by_code[kPtraceX], (Names{"gdb", "strace"}));
  // An unbounded rule on the enter code alone blocks.
  auto rs2 = Compile(Rule("exit", "evt.type = ptrace and evt.dir = < and proc.name = gdb") +
                     Rule("enter", "evt.type = ptrace and evt.dir = >"));
  ASSERT_NE(rs2, nullptr);
  CommApprovers ca2 = Build(*rs2);
  EXPECT_FALSE(ca2.by_code.count(kPtraceX));
  EXPECT_THAT(ca2.blocker_by_code[kPtraceX], HasSubstr("rule 'enter'"));
  EXPECT_FALSE(ca2.by_code.count(kPtraceE));  // approvers are keyed by exit codes only
}

TEST(CommApproverTest, StateAndOpenFamilyCodesGetNone) {
  auto rs = Compile(Rule("r", "evt.type in (openat, execve, connect, ptrace) and proc.name = gdb"));
  ASSERT_NE(rs, nullptr);
  CommApprovers ca = Build(*rs);
  EXPECT_FALSE(ca.by_code.count(PG_EVT_SYSCALL_OPENAT_2_X));
  EXPECT_FALSE(ca.by_code.count(PG_EVT_SYSCALL_EXECVE_19_X));
  EXPECT_FALSE(ca.by_code.count(PG_EVT_SOCKET_CONNECT_X));
  EXPECT_EQ(ca.by_code[kPtraceX], Names{"gdb"});
  EXPECT_FALSE(ca.blocker_by_code.count(PG_EVT_SYSCALL_OPENAT_2_X));
}

TEST(CommApproverTest, DisabledRulesDoNotBlock) {
  auto rs = Compile(Rule("a", "evt.type = ptrace and proc.name = gdb") +
                    "- rule: b\n  desc: d\n  condition: evt.type = ptrace\n"
                    "  output: o\n  priority: WARNING\n  enabled: false\n");
  ASSERT_NE(rs, nullptr);
  EXPECT_EQ(Build(*rs).by_code[kPtraceX], Names{"gdb"});
}

TEST(CommApproverTest, OverTheCapNoApprover) {
  std::string names;
  for (size_t i = 0; i <= kMaxCommNames; ++i) names += (i ? ", n" : "n") + std::to_string(i);
  std::string blocker;
  EXPECT_EQ(Ptrace(Rule("r", "evt.type = ptrace and proc.name in (" + names + ")"), &blocker),
            std::nullopt);
  EXPECT_THAT(blocker, HasSubstr("more than the kernel's 64"));
}

TEST(CommApproverTest, KernelPlanShowsTheApproverOrTheBlocker) {
  auto rs = Compile(Rule("a", "evt.type = ptrace and proc.name in (gdb, strace)") +
                    Rule("b", "evt.type in (ptrace, kill) and proc.name = x"));
  ASSERT_NE(rs, nullptr);
  KernelPrefilter kp = BuildKernelPrefilter(*rs);
  EXPECT_THAT(KernelPlan(*rs, kp, 0),
              HasSubstr("comm approvers: {ptrace}: this rule needs proc.name in {gdb, strace}, "
                        "comm approver {gdb, strace, x}"));
  EXPECT_THAT(KernelPlan(*rs, kp, 1), HasSubstr("{kill}: this rule needs proc.name in {x}, "
                                                "comm approver {x}"));
  auto rs2 = Compile(Rule("a", "evt.type = ptrace and proc.name = gdb") +
                     Rule("b", "evt.type = ptrace and proc.pname = gdb"));
  ASSERT_NE(rs2, nullptr);
  EXPECT_THAT(KernelPlan(*rs2, BuildKernelPrefilter(*rs2), 0),
              HasSubstr("no comm approver (rule 'b' has no necessary condition on proc.name)"));
}

// Which syscalls the shipped rule sets give a comm approver (printed: a finding, not a target).
std::vector<std::string> ApprovedSyscalls(const std::string& path) {
  CompileOutput out = CompileRulesFiles({path}, CompileOptions{});
  EXPECT_NE(out.ruleset, nullptr) << path;
  if (out.ruleset == nullptr) return {};
  KernelPrefilter kp = BuildKernelPrefilter(*out.ruleset);
  std::vector<std::string> approved;
  for (const auto& [code, names] : kp.comms.by_code) {
    approved.push_back(absl::StrCat(std::string(catalog::GetEventInfo(code).name), " {",
                                    absl::StrJoin(names, ", "), "}"));
  }
  std::printf("%s: %zu eligible syscall codes, comm approvers: [%s]\n", path.c_str(),
              kp.comms.by_code.size() + kp.comms.blocker_by_code.size(),
              absl::StrJoin(approved, "; ").c_str());
  for (const auto& [code, why] : kp.comms.blocker_by_code) {
    std::printf("  %s: %s\n", std::string(catalog::GetEventInfo(code).name).c_str(), why.c_str());
  }
  return approved;
}

TEST(CommApproverTest, UpstreamAndDefaultRules) {
  // Upstream rules: every eligible code has a rule without a bound on proc.name (for example
  // the ptrace rules test proc.pname / the ptrace request, not the caller's name).
  EXPECT_THAT(
      ApprovedSyscalls(std::string(PEREGRINE_SHARED_DIR) + "/corpus/falco-rules/falco_rules.yaml"),
      IsEmpty());
  ApprovedSyscalls(std::string(PEREGRINE_SOURCE_DIR) + "/rules/peregrine_rules.yaml");
}

}  // namespace
}  // namespace peregrine::compiler::prefilter
