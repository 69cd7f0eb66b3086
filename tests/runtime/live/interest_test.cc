#include "runtime/live/interest.h"

#include <sys/syscall.h>

#include <algorithm>

#include "gtest/gtest.h"
#include "probe/abi/comm_approver.h"
#include "probe/abi/path_approver.h"
#include "probe/loader/syscall_table.h"

namespace peregrine::runtime::live {
namespace {

bool Has(const InterestSet& s, int nr) {
  return std::find(s.syscalls.begin(), s.syscalls.end(), nr) != s.syscalls.end();
}

compiler::CompileOutput Compile(const std::string& yaml) {
  return compiler::CompileRulesContent("test.yaml", yaml, compiler::CompileOptions{});
}

TEST(InterestTest, RuleEventTypesSelectTheirSyscalls) {
  auto out = Compile(R"(
- rule: ptrace
  desc: d
  condition: evt.type = ptrace and proc.name = x
  output: o
  priority: WARNING
- rule: disabled symlink
  desc: d
  condition: evt.type = symlinkat
  output: o
  priority: WARNING
  enabled: false
)");
  ASSERT_NE(out.ruleset, nullptr);
  InterestSet rules_only = ComputeInterest(*out.ruleset, /*with_state=*/false);
  EXPECT_TRUE(Has(rules_only, SYS_ptrace));
  EXPECT_FALSE(Has(rules_only, SYS_symlinkat)) << "a disabled rule needs nothing";
  EXPECT_FALSE(Has(rules_only, SYS_openat));
  EXPECT_FALSE(rules_only.procexit);

  InterestSet with_state = ComputeInterest(*out.ruleset);
  EXPECT_TRUE(Has(with_state, SYS_ptrace));
  for (int nr : {SYS_clone, SYS_clone3, SYS_fork, SYS_vfork, SYS_execve, SYS_execveat, SYS_close,
                 SYS_dup2, SYS_socket, SYS_connect, SYS_accept4, SYS_openat, SYS_setuid, SYS_prctl,
                 SYS_fcntl, SYS_pipe, SYS_pipe2, SYS_chdir, SYS_fchdir}) {
    EXPECT_TRUE(Has(with_state, nr)) << nr;
  }
  EXPECT_TRUE(with_state.procexit);
  EXPECT_TRUE(std::is_sorted(with_state.syscalls.begin(), with_state.syscalls.end()));
  // The probe has a filler for every syscall the state tables follow.
  EXPECT_TRUE(with_state.unsupported.empty()) << with_state.unsupported.front();
}

TEST(InterestTest, RuleWithoutEventTypeNeedsEverySupportedSyscall) {
  auto out = Compile(R"(
- rule: any
  desc: d
  condition: proc.name = nosuchprocess
  output: o
  priority: WARNING
)");
  ASSERT_NE(out.ruleset, nullptr);
  InterestSet s = ComputeInterest(*out.ruleset, /*with_state=*/false);
  EXPECT_TRUE(Has(s, SYS_ptrace));
  EXPECT_TRUE(Has(s, SYS_openat2));
  EXPECT_TRUE(Has(s, SYS_init_module));
  EXPECT_TRUE(s.procexit);
}

TEST(InterestTest, MatchesTheKernelPrefilterOfTheRuleset) {
  auto out = Compile(R"(
- rule: failed open
  desc: d
  condition: evt.type = openat and evt.failed = true
  output: o
  priority: WARNING
- rule: successful symlink
  desc: d
  condition: evt.type = symlinkat and evt.res = SUCCESS
  output: o
  priority: WARNING
)");
  ASSERT_NE(out.ruleset, nullptr);
  const compiler::prefilter::KernelPrefilter kp =
      compiler::prefilter::BuildKernelPrefilter(*out.ruleset);
  InterestSet s = ComputeInterest(*out.ruleset);
  // One source of truth: every supported syscall is in the set exactly when the prefilter wants
  // its exit code, and its failures are dropped exactly when the prefilter allows it.
  for (const probe::SupportedSyscall& sc : probe::SupportedSyscalls()) {
    EXPECT_EQ(Has(s, sc.nr), kp.interest.test(sc.event_code)) << sc.name;
    const bool dropped =
        std::find(s.drop_failed.begin(), s.drop_failed.end(), sc.nr) != s.drop_failed.end();
    EXPECT_EQ(dropped, kp.interest.test(sc.event_code) && kp.drop_failed.test(sc.event_code))
        << sc.name;
  }
  auto drops = [&](int nr) {
    return std::find(s.drop_failed.begin(), s.drop_failed.end(), nr) != s.drop_failed.end();
  };
  EXPECT_FALSE(drops(SYS_openat)) << "a rule matches failed openat";
  EXPECT_TRUE(drops(SYS_symlinkat)) << "no rule matches a failed symlinkat";
  EXPECT_FALSE(drops(SYS_execve)) << "the state needs failed execve";
  EXPECT_FALSE(drops(SYS_clone)) << "the state needs failed clone";
  EXPECT_TRUE(std::is_sorted(s.drop_failed.begin(), s.drop_failed.end()));
}

TEST(InterestTest, DuringASwapTheUnionIsWantedAndOnlyCommonApproversApply) {
  InterestSet current;
  current.syscalls = {SYS_open, SYS_openat, SYS_ptrace};
  current.drop_failed = {SYS_open, SYS_openat};
  InterestSet next;
  next.syscalls = {SYS_openat, SYS_symlinkat};
  next.drop_failed = {SYS_symlinkat};
  next.procexit = true;
  InterestSet during = InterestDuringSwap(current, next);
  EXPECT_EQ(during.syscalls, (std::vector<int>{SYS_open, SYS_openat, SYS_ptrace, SYS_symlinkat}));
  // openat: the next ruleset may match its failures; symlinkat: the current one may.
  EXPECT_TRUE(during.drop_failed.empty());
  EXPECT_TRUE(during.procexit);
}

TEST(InterestTest, PathApproversFollowThePrefilter) {
  auto out = Compile(R"(
- rule: etc read
  desc: d
  condition: evt.type in (open, openat) and fd.num >= 0 and fd.name startswith /etc/
  output: o
  priority: WARNING
)");
  ASSERT_NE(out.ruleset, nullptr);
  InterestSet s = ComputeInterest(*out.ruleset);
  auto find = [&](int nr, bool failed) -> const probe::PathApproverEntry* {
    for (const probe::PathApproverEntry& e : s.path_approvers) {
      if (e.syscall_nr == nr && e.failed_calls == failed) return &e;
    }
    return nullptr;
  };
  for (int nr : {SYS_open, SYS_openat}) {
    const probe::PathApproverEntry* e = find(nr, false);
    ASSERT_NE(e, nullptr) << nr;
    ASSERT_EQ(e->patterns.size(), 1u);
    EXPECT_EQ(e->patterns[0].kind, PG_PATH_PREFIX);
    EXPECT_EQ(e->patterns[0].text, "/etc/");
  }
  // openat2 and creat are wanted by the state tables only: no rule looks at their paths.
  for (int nr : {SYS_openat2, SYS_creat}) {
    const probe::PathApproverEntry* e = find(nr, false);
    ASSERT_NE(e, nullptr) << nr;
    EXPECT_TRUE(e->patterns.empty()) << nr;
  }
  // Without the state tables' interest they are not wanted at all.
  InterestSet rules_only = ComputeInterest(*out.ruleset, /*with_state=*/false);
  for (const probe::PathApproverEntry& e : rules_only.path_approvers) {
    EXPECT_NE(e.syscall_nr, SYS_openat2);
  }
}

TEST(InterestTest, DuringASwapPathApproversKeepWhatEitherRulesetKeeps) {
  probe::PathApproverEntry a{SYS_openat, false, {{PG_PATH_PREFIX, "/etc/"}}};
  probe::PathApproverEntry b{SYS_openat, false, {{PG_PATH_SUFFIX, "/syslog"}}};
  probe::PathApproverEntry open_only{SYS_open, false, {{PG_PATH_PREFIX, "/etc/"}}};
  InterestSet current, next;
  current.syscalls = next.syscalls = {SYS_open, SYS_openat};
  current.path_approvers = {open_only, a};
  next.path_approvers = {b};
  InterestSet during = InterestDuringSwap(current, next);
  ASSERT_EQ(during.path_approvers.size(), 1u) << "open has none in the next ruleset";
  const probe::PathApproverEntry& u = during.path_approvers[0];
  EXPECT_EQ(u.syscall_nr, SYS_openat);
  ASSERT_EQ(u.patterns.size(), 2u);
  EXPECT_EQ(u.patterns[0].text, "/etc/");
  EXPECT_EQ(u.patterns[1].text, "/syslog");
}

TEST(InterestTest, CommApproversFollowThePrefilter) {
  auto out = Compile(R"(
- rule: debugger
  desc: d
  condition: evt.type in (ptrace, rmdir) and proc.name in (strace, gdb)
  output: o
  priority: WARNING
- rule: any rmdir
  desc: d
  condition: evt.type = rmdir and user.uid = 0
  output: o
  priority: WARNING
- rule: exec
  desc: d
  condition: evt.type = execve and proc.name = gdb
  output: o
  priority: WARNING
)");
  ASSERT_NE(out.ruleset, nullptr);
  InterestSet s = ComputeInterest(*out.ruleset);
  // ptrace: bounded by the one rule on it; rmdir: blocked by "any rmdir"; execve: the state
  // tables need it whatever the name.
  ASSERT_EQ(s.comm_approvers.size(), 1u);
  EXPECT_EQ(s.comm_approvers[0].syscall_nr, SYS_ptrace);
  EXPECT_EQ(s.comm_approvers[0].names, (std::vector<std::string>{"gdb", "strace"}));
  EXPECT_TRUE(Has(s, SYS_rmdir));
}

TEST(InterestTest, DuringASwapCommApproversKeepWhatEitherRulesetKeeps) {
  InterestSet current, next;
  current.syscalls = next.syscalls = {SYS_rmdir, SYS_ptrace};
  current.comm_approvers = {{SYS_rmdir, {"a"}}, {SYS_ptrace, {"gdb", "x"}}};
  next.comm_approvers = {{SYS_ptrace, {"strace", "x"}}};
  InterestSet during = InterestDuringSwap(current, next);
  ASSERT_EQ(during.comm_approvers.size(), 1u) << "rmdir has none in the next ruleset";
  EXPECT_EQ(during.comm_approvers[0].syscall_nr, SYS_ptrace);
  EXPECT_EQ(during.comm_approvers[0].names, (std::vector<std::string>{"gdb", "strace", "x"}));
  // A union over the kernel's cap: no approver during the swap.
  std::vector<std::string> many_a, many_b;
  for (int i = 0; i < PG_COMM_NAMES_MAX; ++i) {
    many_a.push_back(std::to_string(i) + "a");
    many_b.push_back(std::to_string(i) + "b");
  }
  std::sort(many_a.begin(), many_a.end());
  std::sort(many_b.begin(), many_b.end());
  current.comm_approvers = {{SYS_ptrace, many_a}};
  next.comm_approvers = {{SYS_ptrace, many_b}};
  EXPECT_TRUE(InterestDuringSwap(current, next).comm_approvers.empty());
}

}  // namespace
}  // namespace peregrine::runtime::live
