// Evaluation semantics of falco-rule-language.md §3.4, §4.4–§4.6 and the §10 checklist: the
// cases every back end must pass (the interpreter, the oracle, defines them).
#include "tests/compiler/testing/evaluation_cases.h"

#include <memory>
#include <vector>

#include "runtime/catalog/event_table.h"
#include "tests/compiler/testing/condition_harness.h"

namespace peregrine::compiler::testing {

namespace {

bool RuleApplies(const ir::Program& program, size_t code) {
  if (code >= program.rules_by_code.size()) return false;
  for (uint32_t rule : program.rules_by_code[code]) {
    if (rule == 0) return true;
  }
  return false;
}

// An event code rule 0 applies to: the exit code of the reader's evt.type when it has one,
// otherwise the first exit code whose evt.type is its table name; -1 if none.
int PickCode(const ir::Program& program, const FakeFieldReader& reader) {
  const eval::FieldValue* type = reader.Get("evt.type");
  if (type != nullptr && type->kind == eval::FieldValue::Kind::kString) {
    int fallback = -1;
    for (uint16_t code :
         catalog::CodesForName(absl::string_view(type->str.data(), type->str.size()))) {
      if (!RuleApplies(program, code)) continue;
      if (catalog::GetEventInfo(code).is_exit) return code;
      if (fallback < 0) fallback = code;
    }
    return fallback;
  }
  for (size_t code = 3; code < program.rules_by_code.size(); code += 2) {
    if (code != catalog::kAsyncEventCode && RuleApplies(program, code))
      return static_cast<int>(code);
  }
  return -1;
}

}  // namespace

bool EvaluationTest::Evaluate(const std::string& condition, FakeFieldReader& reader,
                              const std::string& preamble) {
  std::shared_ptr<const CompiledRuleset> ruleset = CompileCondition(condition, preamble);
  if (ruleset == nullptr || ruleset->program.rules.empty()) {
    ADD_FAILURE() << "no rule compiled for: " << condition;
    return false;
  }
  const ir::Program& program = ruleset->program;
  const int code = PickCode(program, reader);
  if (code < 0) {
    ADD_FAILURE() << "no event code for: " << condition;
    return false;
  }
  std::unique_ptr<TestBackend> backend = GetParam().create(program);
  std::vector<uint32_t> matches;
  backend->Match(static_cast<uint16_t>(code), reader, interp::RuleMatching::kAll, &matches);
  const bool verdict = !matches.empty();
  interp::Interpreter oracle(program);
  oracle.NextEvent();
  EXPECT_EQ(verdict, oracle.EvaluateNode(program.rules[0].root, reader))
      << GetParam().name << " disagrees with EvaluateNode on: " << condition;
  return verdict;
}

namespace {

// §10.1: an unavailable field makes every check false, `!=` and `in` included; only `not` flips.
TEST_P(EvaluationTest, UnavailableFieldMakesEveryCheckFalse) {
  FakeFieldReader exec;  // an execve: no fd.name
  exec.Str("evt.type", "execve");
  EXPECT_FALSE(Evaluate("fd.name != /etc/passwd", exec));
  EXPECT_FALSE(Evaluate("fd.name in (/etc/passwd)", exec));
  EXPECT_FALSE(Evaluate("fd.name startswith /", exec));
  EXPECT_FALSE(Evaluate("fd.name exists", exec));
  EXPECT_TRUE(Evaluate("not fd.name = /etc/passwd", exec));
}

// §10.2 and Appendix B: any-ancestor fields quantify over strict ancestors.
TEST_P(EvaluationTest, AncestorFieldsWithoutIndexMeanAnyStrictAncestor) {
  FakeFieldReader r;
  r.Str("proc.name", "myexe").Ancestors("proc.aname", {"bash", "init"});
  EXPECT_TRUE(Evaluate("proc.aname = bash", r));
  EXPECT_TRUE(Evaluate("proc.aname in (init)", r));
  EXPECT_FALSE(Evaluate("proc.aname = myexe", r));
  EXPECT_TRUE(Evaluate("proc.aname != bash", r));  // init is not bash
  EXPECT_TRUE(Evaluate("proc.aname exists", r));
}

TEST_P(EvaluationTest, AncestorFieldWithIndexIsOneValue) {
  FakeFieldReader r;
  r.Str("proc.aname[2]", "sshd");
  EXPECT_TRUE(Evaluate("proc.aname[2] = sshd", r));
  EXPECT_FALSE(Evaluate("proc.aname[3] = sshd", r));  // missing ancestor: unavailable
}

// §10.3: fd.ip / fd.port look at both endpoints; `!=` means neither.
TEST_P(EvaluationTest, EndpointFieldsMatchEitherSideAndNeNeedsBoth) {
  FakeFieldReader r;
  r.Endpoints("fd.ip", "10.0.0.1", "192.168.1.5").PortEndpoints("fd.port", 40000, 443);
  EXPECT_TRUE(Evaluate("fd.ip = 10.0.0.1", r));
  EXPECT_TRUE(Evaluate("fd.ip = 192.168.1.5", r));
  EXPECT_FALSE(Evaluate("fd.ip != 10.0.0.1", r));
  EXPECT_TRUE(Evaluate("fd.ip != 8.8.8.8", r));
  EXPECT_TRUE(Evaluate("fd.port = 443", r));
  EXPECT_TRUE(Evaluate("fd.port in (22, 443)", r));
  EXPECT_FALSE(Evaluate("fd.port > 50000", r));
}

TEST_P(EvaluationTest, FdNetInHonoursOnlyTheFirstNetwork) {
  FakeFieldReader r;
  r.Endpoints("fd.net", "10.1.2.3", "10.1.2.4");
  EXPECT_TRUE(Evaluate("fd.net in (10.0.0.0/8, 192.168.0.0/16)", r));
  EXPECT_FALSE(Evaluate("fd.net in (192.168.0.0/16, 10.0.0.0/8)", r));
  EXPECT_FALSE(Evaluate("fd.net != 10.0.0.0/8", r));
}

TEST_P(EvaluationTest, NetworkFieldsUseContainmentAndFamilyMismatchIsDifferent) {
  FakeFieldReader r;
  r.Ip("fd.sip", "142.251.111.147").Ip("fd.snet", "142.251.111.147");
  EXPECT_TRUE(Evaluate("fd.snet = 142.251.0.0/16", r));
  EXPECT_TRUE(Evaluate("fd.snet in (10.0.0.0/8, 142.0.0.0/8)", r));
  EXPECT_TRUE(Evaluate("fd.sip != 0:0:0:0:0:0:0:1", r));  // IPv4 vs IPv6
  EXPECT_FALSE(Evaluate("fd.sip = 0:0:0:0:0:0:0:1", r));
  EXPECT_TRUE(Evaluate("fd.sip = 142.251.111.147", r));
}

// Appendix B: modifiers.
TEST_P(EvaluationTest, Modifiers) {
  FakeFieldReader r;
  r.Str("proc.name", "myexe");
  EXPECT_FALSE(Evaluate("proc.name == oneof (myexe, myexe)", r));
  EXPECT_TRUE(Evaluate("proc.name == oneof (myexe, other)", r));
  EXPECT_TRUE(Evaluate("proc.name == allof (myexe, myexe)", r));
  EXPECT_TRUE(Evaluate("proc.name contains allof (my, exe)", r));
  EXPECT_FALSE(Evaluate("proc.name != allof (myexe, bash)", r));
  EXPECT_TRUE(Evaluate("proc.name startswith anyof (x, my)", r));
}

TEST_P(EvaluationTest, StringOperators) {
  FakeFieldReader r;
  r.Str("fd.name", "/opt/dir/subdir/file.txt").Str("proc.cmdline", "CAT /Etc/Shadow");
  EXPECT_TRUE(Evaluate("fd.name contains subdir", r));
  EXPECT_TRUE(Evaluate("fd.name contains \"\"", r));
  EXPECT_TRUE(Evaluate("fd.name startswith /opt/", r));
  EXPECT_TRUE(Evaluate("fd.name endswith .txt", r));
  EXPECT_TRUE(Evaluate("fd.name glob /opt/*.txt", r));  // * crosses /
  EXPECT_TRUE(Evaluate("proc.cmdline icontains etc/shadow", r));
  EXPECT_TRUE(Evaluate("fd.name pmatch (/opt/*/subdir)", r));
  EXPECT_FALSE(Evaluate("fd.name pmatch (/opt/di/subdir)", r));
  EXPECT_TRUE(Evaluate("fd.name regex \"/opt/.*[.]txt\"", r));
  EXPECT_FALSE(Evaluate("fd.name regex \"opt/.*\"", r));  // anchored
  // Ordering operators take a number token on the right; strings compare with strcmp.
  EXPECT_TRUE(Evaluate("fd.name < 1", r));  // '/' sorts before '1'
  EXPECT_FALSE(Evaluate("fd.name > 1", r));
}

TEST_P(EvaluationTest, InOnEmptyListIsFalseSoNotInIsTrueEvenWhenUnavailable) {
  FakeFieldReader r;
  EXPECT_FALSE(Evaluate("proc.name in ()", r));
  EXPECT_TRUE(Evaluate("not proc.name in ()", r));
}

TEST_P(EvaluationTest, NumericComparisons) {
  FakeFieldReader r;
  r.Int("fd.num", -1).Uint("proc.tty", 34816).Int("evt.cpu", 0).Uint("fd.sport", 443);
  EXPECT_TRUE(Evaluate("fd.num < 0", r));
  EXPECT_FALSE(Evaluate("fd.num > 4294967295", r));
  EXPECT_TRUE(Evaluate("proc.tty != 0", r));
  EXPECT_TRUE(Evaluate("evt.cpu > -500", r));
  EXPECT_TRUE(Evaluate("fd.sport in (80, 443)", r));
  EXPECT_TRUE(Evaluate("fd.sport = https", r));  // service name
}

TEST_P(EvaluationTest, ListFieldInIsSubsetAndIntersectsIsOverlap) {
  FakeFieldReader r;
  r.List("fd.types", {"file", "ipv4"});
  EXPECT_TRUE(Evaluate("fd.types in (file, ipv4, pipe)", r));
  EXPECT_FALSE(Evaluate("fd.types in (file)", r));
  EXPECT_TRUE(Evaluate("fd.types intersects (ipv4)", r));
  EXPECT_FALSE(Evaluate("fd.types intersects (unix)", r));
}

TEST_P(EvaluationTest, TransformersAndFieldToField) {
  FakeFieldReader r;
  r.Str("proc.name", "Bash").Str("proc.pname", "bash").Str("fd.name", "/usr/bin/python3");
  EXPECT_TRUE(Evaluate("tolower(proc.name) = bash", r));
  EXPECT_TRUE(Evaluate("toupper(proc.pname) = BASH", r));
  EXPECT_TRUE(Evaluate("basename(fd.name) = python3", r));
  EXPECT_TRUE(Evaluate("len(proc.name) = 4", r));
  EXPECT_TRUE(Evaluate("tolower(proc.name) = val(proc.pname)", r));
  EXPECT_FALSE(Evaluate("proc.name = val(proc.pname)", r));
  EXPECT_TRUE(Evaluate("proc.name = proc.pname or proc.pname = bash", r));
}

TEST_P(EvaluationTest, B64DecodeFailureMakesTheValueUnavailable) {
  FakeFieldReader r;
  r.Str("proc.name", "aGVsbG8=").Str("proc.pname", "not*base64");
  EXPECT_TRUE(Evaluate("b64(proc.name) = hello", r));
  EXPECT_FALSE(Evaluate("b64(proc.pname) != x", r));
}

TEST_P(EvaluationTest, ByteBuffers) {
  FakeFieldReader r;
  r.Bytes("evt.buffer", std::string("\xca\xfe\xba\xbe\x00\x01", 6));
  EXPECT_TRUE(Evaluate("evt.buffer bcontains cafebabe", r));
  EXPECT_TRUE(Evaluate("evt.buffer bstartswith cafe", r));
  EXPECT_FALSE(Evaluate("evt.buffer bcontains beef", r));
}

TEST_P(EvaluationTest, BooleanFields) {
  FakeFieldReader r;
  r.Bool("evt.is_open_write", true);
  EXPECT_TRUE(Evaluate("evt.is_open_write = true", r));
  EXPECT_FALSE(Evaluate("evt.is_open_write = false", r));
}

TEST_P(EvaluationTest, StringsCompareUpToTheFirstNul) {
  FakeFieldReader r;
  r.Str("proc.name", std::string("cat\0junk", 8));
  EXPECT_TRUE(Evaluate("proc.name = cat", r));
  EXPECT_TRUE(Evaluate("proc.name in (cat, dog)", r));
}

// §10.17: rules per event type in definition order; `first` stops at the first match.
TEST_P(EvaluationTest, RuleMatchingFirstAndAllFollowDefinitionOrder) {
  CompileOutput out = CompileRulesContent("t.yaml", R"(
- rule: a
  desc: d
  condition: evt.type = open and proc.name = cat
  output: o
  priority: INFO
- rule: b
  desc: d
  condition: evt.type in (open, openat)
  output: o
  priority: INFO
- rule: c
  desc: d
  condition: evt.type = execve
  output: o
  priority: INFO
)",
                                          CompileOptions{});
  ASSERT_NE(out.ruleset, nullptr);
  std::unique_ptr<TestBackend> backend = GetParam().create(out.ruleset->program);
  FakeFieldReader r;
  r.Str("evt.type", "open").Str("proc.name", "cat");
  const uint16_t open_exit = 3;
  std::vector<uint32_t> matches;
  backend->Match(open_exit, r, interp::RuleMatching::kAll, &matches);
  EXPECT_EQ(matches, (std::vector<uint32_t>{0, 1}));
  matches.clear();
  backend->Match(open_exit, r, interp::RuleMatching::kFirst, &matches);
  EXPECT_EQ(matches, (std::vector<uint32_t>{0}));
}

TEST_P(EvaluationTest, DisabledAndBelowThresholdRulesAreCompiledButNotEvaluated) {
  const std::string rules = R"(
- rule: quiet
  desc: d
  condition: evt.type = open
  output: o
  priority: DEBUG
- rule: off
  desc: d
  condition: evt.type = open
  output: o
  priority: CRITICAL
  enabled: false
)";
  CompileOptions options;
  options.min_priority = 4;  // warning
  CompileOutput out = CompileRulesContent("t.yaml", rules, options);
  ASSERT_NE(out.ruleset, nullptr);
  EXPECT_EQ(out.ruleset->program.rules.size(), 2u);
  EXPECT_TRUE(out.ruleset->program.rules_by_code[3].empty());
  std::unique_ptr<TestBackend> backend = GetParam().create(out.ruleset->program);
  FakeFieldReader r;
  r.Str("evt.type", "open");
  std::vector<uint32_t> matches;
  backend->Match(3, r, interp::RuleMatching::kAll, &matches);
  EXPECT_TRUE(matches.empty());
}

}  // namespace
}  // namespace peregrine::compiler::testing
