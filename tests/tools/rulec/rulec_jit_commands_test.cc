// `rulec compile` and `rulec explain --llvm-ir`, run as a program over small rules files.
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <cstdio>
#include <fstream>
#include <string>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"

namespace {

constexpr char kRules[] = R"(
- rule: Shell spawned
  desc: a shell started
  condition: evt.type = execve and evt.dir = < and proc.name in (bash, zsh)
  output: shell (%proc.name)
  priority: WARNING
- rule: Passwd opened
  desc: someone opened the password file
  condition: evt.type = openat and evt.dir = < and fd.name = /etc/unique_marker_passwd
  output: passwd (%fd.name)
  priority: ERROR
)";

struct Result {
  int status = -1;
  std::string out;  // stdout and stderr
};

Result RunRulec(const std::string& args) {
  Result r;
  const std::string command = absl::StrCat(RULEC_BINARY, " ", args, " 2>&1");
  FILE* pipe = popen(command.c_str(), "r");
  if (pipe == nullptr) return r;
  char buffer[4096];
  size_t n;
  while ((n = fread(buffer, 1, sizeof(buffer), pipe)) > 0) r.out.append(buffer, n);
  const int status = pclose(pipe);
  r.status = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return r;
}

std::string WriteRules(const std::string& name, const std::string& text) {
  const std::string path = ::testing::TempDir() + "/" + name;
  std::ofstream(path) << text;
  return path;
}

TEST(RulecCompileTest, ReportsTheTimeOfEveryStage) {
  const Result ok = RunRulec("compile " + WriteRules("compile.yaml", kRules));
  ASSERT_EQ(ok.status, 0) << ok.out;
  for (const char* stage : {"load ", "parse/check/IR ", "jit plan ", "jit emit ", "jit optimize ",
                            "jit codegen ", "jit total (O0) ", "total "}) {
    EXPECT_TRUE(absl::StrContains(ok.out, stage)) << stage << " missing in:\n" << ok.out;
  }
  EXPECT_TRUE(absl::StrContains(ok.out, "rules: 2 enabled")) << ok.out;
}

TEST(RulecCompileTest, Opt2CompilesTheOptimisedTier) {
  const Result r = RunRulec("compile --opt 2 " + WriteRules("compile2.yaml", kRules));
  ASSERT_EQ(r.status, 0) << r.out;
  EXPECT_TRUE(absl::StrContains(r.out, "jit total (O2)")) << r.out;
  EXPECT_FALSE(absl::StrContains(r.out, "(O0: none)")) << r.out;
}

TEST(RulecCompileTest, RulesWithErrorsPrintDiagnosticsAndFail) {
  const std::string path = WriteRules("bad.yaml", R"(
- rule: Bad
  desc: unknown field
  condition: evt.type = open and proc.no_such_field = x
  output: o
  priority: INFO
)");
  const Result r = RunRulec("compile " + path);
  EXPECT_EQ(r.status, 1) << r.out;
  EXPECT_TRUE(absl::StrContains(r.out, "bad.yaml:")) << r.out;
  EXPECT_FALSE(absl::StrContains(r.out, "jit total")) << r.out;
}

TEST(RulecCompileTest, UsageErrors) {
  EXPECT_EQ(RunRulec("compile").status, 2);
  EXPECT_EQ(RunRulec("compile --opt 3 x.yaml").status, 2);
  EXPECT_EQ(RunRulec("compile --bogus x.yaml").status, 2);
}

TEST(RulecExplainLlvmIrTest, PrintsOneFunctionPerCodeGroup) {
  const Result r = RunRulec("explain --llvm-ir " + WriteRules("ir.yaml", kRules));
  ASSERT_EQ(r.status, 0) << r.out;
  EXPECT_TRUE(absl::StrContains(r.out, "; event code -> function")) << r.out;
  EXPECT_TRUE(absl::StrContains(r.out, "define i32 @peregrine_match_0(")) << r.out;
  EXPECT_TRUE(absl::StrContains(r.out, "define i32 @peregrine_match_1(")) << r.out;
  // Both rules' constants are in the module.
  EXPECT_TRUE(absl::StrContains(r.out, "/etc/unique_marker_passwd")) << r.out;
  EXPECT_TRUE(absl::StrContains(r.out, "c\"bash\"")) << r.out;
}

TEST(RulecExplainLlvmIrTest, RuleOptionRestrictsToThatRule) {
  const std::string path = WriteRules("ir_rule.yaml", kRules);
  const Result r = RunRulec("explain --llvm-ir --rule 'Passwd opened' " + path);
  ASSERT_EQ(r.status, 0) << r.out;
  EXPECT_TRUE(absl::StrContains(r.out, "/etc/unique_marker_passwd")) << r.out;
  EXPECT_FALSE(absl::StrContains(r.out, "c\"bash\"")) << r.out;  // the other rule's constant
  EXPECT_FALSE(absl::StrContains(r.out, "@peregrine_match_1(")) << r.out;
  // The optimised IR of the same rule is still a matcher function.
  const Result o2 = RunRulec("explain --llvm-ir --opt 2 --rule 'Passwd opened' " + path);
  ASSERT_EQ(o2.status, 0) << o2.out;
  EXPECT_TRUE(absl::StrContains(o2.out, "@peregrine_match_0(")) << o2.out;
}

TEST(RulecExplainLlvmIrTest, UnknownRuleFails) {
  const Result r =
      RunRulec("explain --llvm-ir --rule 'No such rule' " + WriteRules("ir3.yaml", kRules));
  EXPECT_EQ(r.status, 1);
  EXPECT_TRUE(absl::StrContains(r.out, "no rule named 'No such rule'")) << r.out;
}

}  // namespace
