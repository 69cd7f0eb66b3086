// Path approvers: the necessary path conditions per pattern kind, the rules that block them,
// the state argument (rules reading the fd table elsewhere), and the upstream rules.
#include "compiler/prefilter/path_approver.h"

#include <string>

#include "compiler/prefilter/kernel_prefilter.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "prefilter_testing.h"
#include "runtime/catalog/event_codes.h"

namespace peregrine::compiler::prefilter {
namespace {

using testing::Compile;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using testing::Rule;

constexpr uint16_t kOpenatX = PG_EVT_SYSCALL_OPENAT_2_X;
constexpr uint16_t kOpenX = PG_EVT_SYSCALL_OPEN_X;

PathApprovers Build(const CompiledRuleset& rs) {
  return BuildPathApprovers(rs, BuildKernelPrefilter(rs).drop_failed);
}

PathPattern P(PathPatternKind kind, std::string text) { return PathPattern{kind, std::move(text)}; }

// The successful-openat patterns for one rule condition (ASSERTs a bound exists).
std::vector<PathPattern> SuccessPatterns(const std::string& condition) {
  auto rs = Compile(Rule("r", condition));
  if (rs == nullptr) return {};
  PathApprovers pa = Build(*rs);
  auto it = pa.by_code.find(kOpenatX);
  if (it == pa.by_code.end() || !it->second.on_success) {
    ADD_FAILURE() << "no approver for: " << condition << " ("
                  << pa.success_blocker_by_code[kOpenatX] << ")";
    return {};
  }
  return *it->second.on_success;
}

TEST(PathApproverTest, EachPatternKind) {
  using K = PathPatternKind;
  EXPECT_THAT(SuccessPatterns("evt.type = openat and fd.name = /etc/shadow"),
              ElementsAre(P(K::kExact, "/etc/shadow")));
  EXPECT_THAT(SuccessPatterns("evt.type = openat and fd.name in (/a, /b)"),
              ElementsAre(P(K::kExact, "/a"), P(K::kExact, "/b")));
  EXPECT_THAT(SuccessPatterns("evt.type = openat and fd.name startswith /etc/"),
              ElementsAre(P(K::kPrefix, "/etc/")));
  EXPECT_THAT(SuccessPatterns("evt.type = openat and fd.name endswith release_agent"),
              ElementsAre(P(K::kSuffix, "release_agent")));
  EXPECT_THAT(SuccessPatterns("evt.type = openat and fd.name contains id_rsa"),
              ElementsAre(P(K::kContains, "id_rsa")));
  EXPECT_THAT(SuccessPatterns("evt.type = openat and fd.nameraw contains ../"),
              ElementsAre(P(K::kContains, "../")));
  EXPECT_THAT(SuccessPatterns("evt.type = openat and fd.directory in (/etc/pam.d, /var/log)"),
              ElementsAre(P(K::kPrefix, "/etc/pam.d/"), P(K::kPrefix, "/var/log/")));
  EXPECT_THAT(SuccessPatterns("evt.type = openat and fd.filename in (syslog, secure)"),
              ElementsAre(P(K::kSuffix, "/secure"), P(K::kSuffix, "/syslog")));
  EXPECT_THAT(SuccessPatterns("evt.type = openat and fd.name glob '/home/*/.ssh/*'"),
              ElementsAre(P(K::kPrefix, "/home/")));
  EXPECT_THAT(SuccessPatterns("evt.type = openat and fd.name pmatch (/usr/bin)"),
              ElementsAre(P(K::kPrefix, "/usr/bin")));
}

TEST(PathApproverTest, AndTakesOneConditionOrTheUnionNotBoundsNothing) {
  using K = PathPatternKind;
  // The cheaper of two necessary conditions.
  EXPECT_THAT(
      SuccessPatterns("evt.type = openat and fd.name contains x and fd.name startswith /etc"),
      ElementsAre(P(K::kPrefix, "/etc")));
  EXPECT_THAT(SuccessPatterns("evt.type = openat and (fd.name = /a or fd.name startswith /b) and "
                              "proc.name = cat"),
              ElementsAre(P(K::kExact, "/a"), P(K::kPrefix, "/b")));
  // not (a or b) = not a and not b: bounds nothing, but the other conjunct does.
  EXPECT_THAT(SuccessPatterns("evt.type = openat and not (fd.name = /a or proc.name = x) and "
                              "fd.name startswith /c"),
              ElementsAre(P(K::kPrefix, "/c")));
  // A rule that only matches failures adds nothing to the successful calls' patterns.
  EXPECT_THAT(SuccessPatterns("evt.type = openat and fd.num = -1 and proc.name = cat"), IsEmpty());
}

TEST(PathApproverTest, LongPatternsAreWeakened) {
  const std::string long_name = "/" + std::string(100, 'a');
  auto p = SuccessPatterns("evt.type = openat and fd.name = " + long_name);
  ASSERT_EQ(p.size(), 1u);
  EXPECT_EQ(p[0].kind, PathPatternKind::kPrefix);
  EXPECT_EQ(p[0].text, long_name.substr(0, kMaxPathPatternBytes));
  EXPECT_TRUE(p[0].Matches(long_name));
}

TEST(PathApproverTest, SubstringsAreCutToEightBytesAndAtMostFourAreAllowed) {
  auto p = SuccessPatterns("evt.type = openat and fd.name contains authorized_keys");
  ASSERT_EQ(p.size(), 1u);
  EXPECT_EQ(p[0], P(PathPatternKind::kContains, "authoriz"));
  auto rs =
      Compile(Rule("r",
                   "evt.type = openat and (fd.name contains a1 or fd.name contains a2 or fd.name "
                   "contains a3 or fd.name contains a4 or fd.name contains a5)"));
  PathApprovers pa = Build(*rs);
  EXPECT_FALSE(pa.by_code[kOpenatX].on_success.has_value());
  EXPECT_THAT(pa.success_blocker_by_code[kOpenatX], HasSubstr("5 substring patterns"));
}

TEST(PathApproverTest, ARuleWithoutAPathConditionBlocksItsCode) {
  auto rs = Compile(Rule("paths", "evt.type in (open, openat) and fd.name startswith /etc") +
                    Rule("any open by cat", "evt.type = openat and proc.name = cat"));
  PathApprovers pa = Build(*rs);
  EXPECT_FALSE(pa.by_code[kOpenatX].on_success.has_value());
  EXPECT_THAT(pa.success_blocker_by_code[kOpenatX], HasSubstr("any open by cat"));
  // open is only constrained by the first rule.
  ASSERT_TRUE(pa.by_code[kOpenX].on_success.has_value());
  EXPECT_THAT(*pa.by_code[kOpenX].on_success, ElementsAre(P(PathPatternKind::kPrefix, "/etc")));
}

TEST(PathApproverTest, NegatedPathPredicatesAndOtherFieldsBoundNothing) {
  for (const char* c :
       {"evt.type = openat and not fd.name startswith /proc", "evt.type = openat and fd.name != /x",
        "evt.type = openat and tolower(fd.name) = /etc/shadow",
        "evt.type = openat and fd.name icontains shadow",
        "evt.type = openat and fd.name regex '^/etc'",
        "evt.type = openat and evt.arg.name = /etc/shadow",
        "evt.type = openat and fd.name glob '*.conf'"}) {
    auto rs = Compile(Rule("r", c));
    PathApprovers pa = Build(*rs);
    EXPECT_FALSE(pa.by_code[kOpenatX].on_success.has_value()) << c;
  }
}

TEST(PathApproverTest, FailuresHaveTheirOwnPatterns) {
  using K = PathPatternKind;
  auto rs = Compile(
      Rule("ok", "evt.type = openat and fd.num >= 0 and fd.name startswith /etc") +
      Rule("failed", "evt.type = openat and evt.failed = true and fd.name startswith /nope"));
  PathApprovers pa = Build(*rs);
  ASSERT_TRUE(pa.by_code[kOpenatX].on_success && pa.by_code[kOpenatX].on_failure);
  EXPECT_THAT(*pa.by_code[kOpenatX].on_success, ElementsAre(P(K::kPrefix, "/etc")));
  EXPECT_THAT(*pa.by_code[kOpenatX].on_failure, ElementsAre(P(K::kPrefix, "/nope")));
}

TEST(PathApproverTest, FailuresTheDispatcherDropsNeedNoPatterns) {
  auto rs = Compile(Rule("r", "evt.type = openat and fd.num >= 0 and proc.name = cat"));
  PathApprovers pa = Build(*rs);
  EXPECT_FALSE(pa.by_code[kOpenatX].on_success.has_value());
  ASSERT_TRUE(pa.by_code[kOpenatX].on_failure.has_value());
  EXPECT_THAT(*pa.by_code[kOpenatX].on_failure, IsEmpty());
}

TEST(PathApproverTest, ADupRuleThatIsFalseForFilesAndUnknownFdsDoesNotBlock) {
  auto rs =
      Compile(Rule("paths", "evt.type = openat and fd.name startswith /etc") +
              Rule("dup to socket", "evt.type in (dup, dup2, dup3) and fd.type in (ipv4, ipv6)",
                   "o %fd.name %fd.sip"));
  PathApprovers pa = Build(*rs);
  EXPECT_THAT(pa.state_blocker, IsEmpty());
  EXPECT_TRUE(pa.by_code[kOpenatX].on_success.has_value());
}

TEST(PathApproverTest, ADupRuleThatMayMatchAFileFdBlocks) {
  for (const char* c :
       {"evt.type = dup and fd.type = file", "evt.type = dup and fd.name exists",
        "evt.type = dup and fd.typechar = f", "evt.type = dup and not fd.type in (ipv4, ipv6)"}) {
    auto rs = Compile(Rule("paths", "evt.type = openat and fd.name startswith /etc") +
                      Rule("dup rule", c));
    PathApprovers pa = Build(*rs);
    EXPECT_THAT(pa.state_blocker, HasSubstr("dup rule")) << c;
    EXPECT_FALSE(pa.by_code[kOpenatX].on_success.has_value()) << c;
    EXPECT_THAT(pa.success_blocker_by_code[kOpenatX], HasSubstr("dup rule")) << c;
  }
}

TEST(PathApproverTest, ARuleWithoutFdFieldsOnAnFdCodeDoesNotBlock) {
  auto rs = Compile(Rule("paths", "evt.type = openat and fd.name startswith /etc") +
                    Rule("read by cat", "evt.type = read and proc.name = cat", "o %proc.name"));
  EXPECT_THAT(Build(*rs).state_blocker, IsEmpty());
}

TEST(PathApproverTest, PrintingTheFdNameOfAMatchingReadBlocks) {
  // The rule matches reads whatever the fd; its alert text shows the fd's name.
  auto rs = Compile(Rule("paths", "evt.type = openat and fd.name startswith /etc") +
                    Rule("read by cat", "evt.type = read and proc.name = cat", "o %fd.name"));
  EXPECT_THAT(Build(*rs).state_blocker, HasSubstr("read by cat"));
}

TEST(PathApproverTest, WholeTableFieldsAnywhereBlock) {
  auto rs = Compile(Rule("paths", "evt.type = openat and fd.name startswith /etc") +
                    Rule("types", "evt.type = execve and fd.types intersects (ipv4)"));
  EXPECT_THAT(Build(*rs).state_blocker, HasSubstr("fd.types"));
  rs = Compile(Rule("paths", "evt.type = openat and fd.name startswith /etc") +
               Rule("count", "evt.type = execve and proc.name = x", "o %proc.fdopencount"));
  EXPECT_THAT(Build(*rs).state_blocker, HasSubstr("proc.fdopencount"));
  rs = Compile(Rule("paths", "evt.type = openat and fd.name startswith /etc") +
               Rule("stdin", "evt.type = execve and proc.stdin.type = file"));
  EXPECT_THAT(Build(*rs).state_blocker, HasSubstr("proc.stdin.type"));
}

TEST(PathApproverTest, UpstreamRulesBoundEveryOpenCode) {
  CompileOutput out = CompileRulesFiles(
      {std::string(PEREGRINE_SHARED_DIR) + "/corpus/falco-rules/falco_rules.yaml"},
      CompileOptions{});
  ASSERT_NE(out.ruleset, nullptr);
  PathApprovers pa = Build(*out.ruleset);
  EXPECT_THAT(pa.state_blocker, IsEmpty());
  for (uint16_t code : PathApproverCodes()) {
    ASSERT_TRUE(pa.by_code[code].on_success.has_value())
        << code << ": " << pa.success_blocker_by_code[code];
    std::vector<PathPattern>& p = *pa.by_code[code].on_success;
    auto matches = [&](std::string_view path) {
      for (const PathPattern& x : p) {
        if (x.Matches(path)) return true;
      }
      return false;
    };
    // What the upstream rules look at is kept (no upstream rule is on creat: every checkable
    // creat is dropped); ordinary files are not.
    EXPECT_EQ(matches("/etc/shadow"), code != PG_EVT_SYSCALL_CREAT_X) << code;
    EXPECT_EQ(matches("/etc/pam.d/common-auth"), code != PG_EVT_SYSCALL_CREAT_X) << code;
    EXPECT_FALSE(matches("/usr/lib/x86_64-linux-gnu/libc.so.6")) << code;
    EXPECT_FALSE(matches("/tmp/pg_not_matched")) << code;
    EXPECT_LE(p.size(), kMaxPathPatterns);
  }
  std::string dump;
  for (const PathPattern& x : *pa.by_code[kOpenatX].on_success) dump += x.Describe() + "; ";
  std::printf("  openat success patterns: %s\n", dump.c_str());
}

}  // namespace
}  // namespace peregrine::compiler::prefilter
