#include "compiler/eval/string_match.h"

#include "gtest/gtest.h"

namespace peregrine::compiler::eval {
namespace {

TEST(GlobMatchTest, StarCrossesSlashes) {
  EXPECT_TRUE(GlobMatch("/etc/*", "/etc/ssh/sshd_config", false));
  EXPECT_TRUE(GlobMatch("*.log", "/var/log/syslog.log", false));
  EXPECT_FALSE(GlobMatch("/etc/?", "/etc/ab", false));
}

TEST(GlobMatchTest, BracketsNegationAndCasefold) {
  EXPECT_TRUE(GlobMatch("[!a]bc", "xbc", false));
  EXPECT_FALSE(GlobMatch("[!a]bc", "abc", false));
  EXPECT_FALSE(GlobMatch("NGINX", "nginx", false));
  EXPECT_TRUE(GlobMatch("NGINX", "nginx", true));
}

TEST(GlobMatchTest, ValueEndsAtFirstNul) {
  EXPECT_TRUE(GlobMatch("ab", std::string_view("ab\0cd", 5), false));
}

TEST(ContainsIgnoreCaseTest, FoldsAsciiOnly) {
  EXPECT_TRUE(ContainsIgnoreCase("CAP_SYS_MODULE CAP_NET", "sys_module"));
  EXPECT_TRUE(ContainsIgnoreCase("abc", ""));
  EXPECT_FALSE(ContainsIgnoreCase("ab", "abc"));
  EXPECT_FALSE(ContainsIgnoreCase("sys-module", "sys_module"));
}

// The examples of falco-rule-language.md §3.4 (fd.name = /opt/dir/subdir/file.txt).
TEST(PathPrefixSetTest, SpecExamples) {
  const std::string path = "/opt/dir/subdir/file.txt";
  EXPECT_TRUE(PathPrefixSet({"/opt/dir"}).Matches(path));
  EXPECT_FALSE(PathPrefixSet({"/opt/dir2"}).Matches(path));
  EXPECT_TRUE(PathPrefixSet({"/opt/*"}).Matches(path));
  EXPECT_TRUE(PathPrefixSet({"/opt/*/subdir"}).Matches(path));
  EXPECT_FALSE(PathPrefixSet({"/opt/di/subdir"}).Matches(path));
  EXPECT_FALSE(PathPrefixSet({"/opt/*/*/subsubdir"}).Matches(path));
  EXPECT_TRUE(PathPrefixSet({"/"}).Matches(path));
}

TEST(PathPrefixSetTest, EmptyComponentsAndRelativePathsAreNormalised) {
  PathPrefixSet set({"/a//b"});
  EXPECT_TRUE(set.Matches("/a/b/c"));
  EXPECT_TRUE(set.Matches("a/b"));
  EXPECT_FALSE(set.Matches("/a"));
}

TEST(PathPrefixSetTest, ShorterMemberSubsumesLongerInEitherOrder) {
  PathPrefixSet longer_first({"/usr/lib/x", "/usr"});
  EXPECT_TRUE(longer_first.Matches("/usr/share"));
  PathPrefixSet shorter_first({"/usr", "/usr/lib/x"});
  EXPECT_TRUE(shorter_first.Matches("/usr/share"));
  EXPECT_FALSE(PathPrefixSet({}).Matches("/usr"));
}

}  // namespace
}  // namespace peregrine::compiler::eval
