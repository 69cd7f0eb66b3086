#include "runtime/live/interest.h"

#include <sys/syscall.h>

#include <algorithm>

#include "gtest/gtest.h"
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

}  // namespace
}  // namespace peregrine::runtime::live
