// Several files and directories (§1.13), their order, and what a later file may change.
#include <gtest/gtest.h>

#include "loader_test_util.h"

namespace peregrine::compiler {
namespace {

const std::string kData = std::string(PEREGRINE_SOURCE_DIR) + "/tests/data/rules/";

TEST(MultiFileTest, DirectoryExpandsToSortedYamlFilesOnly) {
  RuleLoader loader;
  ASSERT_TRUE(loader.AddFile(kData + "dir_order").ok());
  LoadedRules rules = loader.Finish();
  ASSERT_FALSE(loader.HasErrors()) << loader.diagnostics().diagnostics()[0].message;
  EXPECT_TRUE(loader.diagnostics().diagnostics().empty());
  ASSERT_EQ(rules.files.size(), 2u);
  EXPECT_EQ(rules.files[0], kData + "dir_order/10_base.yaml");
  EXPECT_EQ(rules.files[1], kData + "dir_order/20_append.yml");

  EXPECT_EQ(rules.required_engine_version, (SemVer{0, 57, 0}));
  EXPECT_EQ(rules.FindList("shells")->items, (std::vector<std::string>{"sh", "bash", "zsh"}));
  const RuleDef* rule = rules.FindRule("Shell spawned");
  ASSERT_NE(rule, nullptr);
  EXPECT_EQ(rule->condition, "spawned_process and proc.name in (shells) and not proc.pname = sshd");
  EXPECT_EQ(rule->substituted.text,
            "spawned_process and proc.name in ( sh, bash, zsh ) and not proc.pname = sshd");
  EXPECT_EQ(rule->tags, (std::set<std::string>{"appended", "base"}));
  EXPECT_EQ(rule->order.file_ordinal, 0);
  EXPECT_EQ(rule->order.last_file_ordinal, 1);
  // Positions point into the file each part came from.
  const SourceLocation base = rule->LocateInSubstituted(0);
  EXPECT_EQ(base.file, kData + "dir_order/10_base.yaml");
  EXPECT_EQ(base.line, 12);
  const SourceLocation appended =
      rule->LocateInSubstituted(rule->substituted.text.find("proc.pname"));
  EXPECT_EQ(appended.file, kData + "dir_order/20_append.yml");
  EXPECT_EQ(appended.line, 10);
  EXPECT_EQ(appended.column, 22);
}

TEST(MultiFileTest, ExplicitFileWithOtherExtensionIsIgnored) {
  RuleLoader loader;
  EXPECT_TRUE(loader.AddFile(kData + "dir_order/05_notes.txt").ok());
  LoadedRules rules = loader.Finish();
  EXPECT_TRUE(rules.files.empty());
  EXPECT_TRUE(loader.diagnostics().diagnostics().empty());
}

TEST(MultiFileTest, MissingFileIsAReadError) {
  RuleLoader loader;
  absl::Status status = loader.AddFile(kData + "does_not_exist.yaml");
  EXPECT_FALSE(status.ok());
  ASSERT_EQ(loader.diagnostics().diagnostics().size(), 1u);
  EXPECT_EQ(loader.diagnostics().diagnostics()[0].code, "LOAD_ERR_FILE_READ");
  EXPECT_EQ(loader.diagnostics().diagnostics()[0].location.file, kData + "does_not_exist.yaml");
}

TEST(MultiFileTest, LoadingStopsAfterAFileWithAnError) {
  RuleLoader loader;
  ASSERT_TRUE(loader.AddFile(kData + "broken.yaml").ok());
  ASSERT_TRUE(loader.AddFile(kData + "after_broken.yaml").ok());
  LoadedRules rules = loader.Finish();
  ASSERT_TRUE(loader.HasErrors());
  ASSERT_EQ(loader.diagnostics().diagnostics().size(), 1u);
  const Diagnostic& error = loader.diagnostics().diagnostics()[0];
  EXPECT_EQ(error.message, "Item has no mapping for key 'condition'");
  EXPECT_EQ(error.location.file, kData + "broken.yaml");
  EXPECT_EQ(error.location.line, 3);
  EXPECT_EQ(error.item_type, "macro");
  EXPECT_EQ(error.item_name, "no_condition");
  EXPECT_NE(rules.FindList("from_broken"), nullptr);  // read before the error
  EXPECT_EQ(rules.FindList("after_broken"), nullptr);
}

TEST(MultiFileTest, LaterFileRedefinesAndKeepsPosition) {
  auto loaded = testing::LoadTexts({
      {"one.yaml", testing::Rule("a", "x.y = 1") + testing::Rule("b", "x.y = 2")},
      {"two.yaml", testing::Rule("a", "x.y = 3") + testing::Rule("c", "x.y = 4")},
  });
  ASSERT_TRUE(loaded.errors().empty());
  ASSERT_EQ(loaded.rules.rules.size(), 3u);
  EXPECT_EQ(loaded.rules.rules[0].name, "a");
  EXPECT_EQ(loaded.rules.rules[0].condition, "x.y = 3");
  EXPECT_EQ(loaded.rules.rules[0].location.file, "two.yaml");
  EXPECT_EQ(loaded.rules.rules[0].order.file_ordinal, 0);
  EXPECT_EQ(loaded.rules.rules[0].order.last_file_ordinal, 1);
  EXPECT_EQ(loaded.rules.rules[2].name, "c");
  EXPECT_EQ(loaded.rules.rules[2].order.file_ordinal, 1);
}

TEST(MultiFileTest, ListsOfAllFilesAreSubstitutedInEarlierFilesConditions) {
  // The final compilation knows every list, whichever file defines it.
  auto loaded = testing::LoadTexts({
      {"one.yaml", "- macro: m\n  condition: x.y in (late)\n"},
      {"two.yaml", "- list: late\n  items: [v]\n"},
  });
  ASSERT_TRUE(loaded.errors().empty());
  EXPECT_EQ(loaded.rules.macros[0].substituted.text, "x.y in ( v )");
}

TEST(MultiFileTest, ExceptionsExampleFile) {
  RuleLoader loader;
  ASSERT_TRUE(loader.AddFile(kData + "exceptions_example.yaml").ok());
  LoadedRules rules = loader.Finish();
  ASSERT_FALSE(loader.HasErrors());
  ASSERT_EQ(rules.rules.size(), 1u);
  EXPECT_EQ(rules.rules[0].substituted.text,
            "(evt.type = openat and fd.directory in (/bin, /usr/bin)) and not (( proc.name = apk "
            "and  fd.directory in (/usr/bin)) or ( proc.name = npm and  fd.directory in "
            "(/usr/local/bin, /usr/bin))) and not (proc.name in (cat, grep))");
  EXPECT_EQ(rules.rules[0].priority, Priority::kError);
}

}  // namespace
}  // namespace peregrine::compiler
