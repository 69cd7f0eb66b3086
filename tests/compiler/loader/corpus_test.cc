// The upstream rules (shared/corpus/falco-rules/falco_rules.yaml) load as Falco loads them.
#include <gtest/gtest.h>

#include <fstream>
#include <map>
#include <sstream>

#include "compiler/loader/plugin_requirements.h"
#include "compiler/loader/rule_loader.h"

namespace peregrine::compiler {
namespace {

const std::string kCorpus =
    std::string(PEREGRINE_SHARED_DIR) + "/corpus/falco-rules/falco_rules.yaml";

class CorpusTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    RuleLoader loader;
    status_ = new absl::Status(loader.AddFile(kCorpus));
    rules_ = new LoadedRules(loader.Finish());
    diagnostics_ = new std::vector<Diagnostic>(loader.diagnostics().diagnostics());
  }
  static void TearDownTestSuite() {
    delete status_;
    delete rules_;
    delete diagnostics_;
  }
  static absl::Status* status_;
  static LoadedRules* rules_;
  static std::vector<Diagnostic>* diagnostics_;
};
absl::Status* CorpusTest::status_ = nullptr;
LoadedRules* CorpusTest::rules_ = nullptr;
std::vector<Diagnostic>* CorpusTest::diagnostics_ = nullptr;

TEST_F(CorpusTest, LoadsWithoutErrorsOrWarnings) {
  ASSERT_TRUE(status_->ok()) << *status_;
  for (const Diagnostic& d : *diagnostics_) {
    ADD_FAILURE() << d.code << " " << d.message << " at " << d.location.line << " (" << d.item_name
                  << ")";
  }
  EXPECT_EQ(rules_->rules.size(), 25u);
  EXPECT_EQ(rules_->macros.size(), 87u);
  EXPECT_EQ(rules_->lists.size(), 49u);
  EXPECT_TRUE(rules_->skipped_rules.empty());
}

TEST_F(CorpusTest, ItemStatisticsMatchTheSpecification) {
  size_t items = 0;
  size_t nesting = 0;
  size_t largest = 0;
  std::string largest_name;
  for (const ListDef& list : rules_->lists) {
    items += list.items.size();
    if (list.expanded_items != list.items) ++nesting;
    if (list.expanded_items.size() > largest) {
      largest = list.expanded_items.size();
      largest_name = list.name;
    }
  }
  EXPECT_EQ(items, 375u);
  EXPECT_EQ(nesting, 4u);
  EXPECT_EQ(largest_name, "user_mgmt_binaries");
  EXPECT_EQ(largest, 67u);

  std::map<Priority, int> priorities;
  int enabled = 0;
  for (const RuleDef& rule : rules_->rules) {
    ++priorities[rule.priority];
    enabled += rule.enabled;
    EXPECT_EQ(rule.tags.count("maturity_stable"), 1u) << rule.name;
    EXPECT_EQ(rule.source, "syscall");
  }
  EXPECT_EQ(enabled, 25);
  EXPECT_EQ(priorities[Priority::kCritical], 3);
  EXPECT_EQ(priorities[Priority::kWarning], 14);
  EXPECT_EQ(priorities[Priority::kNotice], 7);
  EXPECT_EQ(priorities[Priority::kInformational], 1);
}

TEST_F(CorpusTest, VersionsAreRecordedAndSatisfied) {
  EXPECT_EQ(rules_->required_engine_version, (SemVer{0, 57, 0}));
  ASSERT_EQ(rules_->required_plugin_versions.size(), 1u);
  EXPECT_EQ(rules_->required_plugin_versions[0].alternatives[0].name, "container");
  EXPECT_EQ(rules_->required_plugin_versions[0].alternatives[0].version, "0.4.0");
  DiagnosticSink sink;
  EXPECT_TRUE(CheckPluginRequirements(rules_->required_plugin_versions, BuiltinPlugins(), sink));
}

std::string TrimEnd(std::string text) {
  while (!text.empty() && (text.back() == '\n' || text.back() == ' ')) text.pop_back();
  return text;
}

TEST_F(CorpusTest, WorkedExamplesOfTheSpecification) {
  // Appendix A, step 2.
  const RuleDef* symlink = rules_->FindRule("Create Symlink Over Sensitive Files");
  ASSERT_NE(symlink, nullptr);
  EXPECT_EQ(TrimEnd(symlink->substituted.text),
            "create_symlink and (evt.arg.target in ( /etc/shadow, /etc/sudoers, /etc/pam.conf, "
            "/etc/security/pwquality.conf ) or evt.arg.target in ( /, /etc, /etc/, /root, /root/ "
            "))");
  EXPECT_EQ(PriorityName(symlink->priority), "Warning");
  // §3.6: an empty list leaves an empty parenthesis.
  const RuleDef* module = rules_->FindRule("Linux Kernel Module Injection Detected");
  ASSERT_NE(module, nullptr);
  EXPECT_NE(module->substituted.text.find("container.image.repository in (  )"), std::string::npos)
      << module->substituted.text;
}

// Every non-blank byte of every condition and output maps to the same byte in the file.
TEST_F(CorpusTest, EveryConditionAndOutputByteMapsBackToTheFile) {
  std::ifstream in(kCorpus);
  std::vector<std::string> lines;
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  auto check = [&](const std::string& what, const std::string& text, auto locate) {
    for (size_t i = 0; i < text.size(); ++i) {
      if (text[i] == ' ' || text[i] == '\n') continue;
      const SourceLocation at = locate(i);
      ASSERT_GE(at.line, 1) << what;
      ASSERT_LE(static_cast<size_t>(at.line), lines.size()) << what;
      const std::string& line = lines[at.line - 1];
      ASSERT_GE(at.column, 1) << what;
      ASSERT_LE(static_cast<size_t>(at.column), line.size()) << what << " offset " << i;
      ASSERT_EQ(line[at.column - 1], text[i]) << what << " offset " << i;
    }
  };
  for (const MacroDef& macro : rules_->macros) {
    check(macro.name, macro.condition, [&](size_t i) { return macro.condition_map.Locate(i); });
  }
  for (const RuleDef& rule : rules_->rules) {
    check(rule.name, rule.condition, [&](size_t i) { return rule.condition_map.Locate(i); });
    check(rule.name + " output", rule.output, [&](size_t i) { return rule.LocateInOutput(i); });
  }
}

}  // namespace
}  // namespace peregrine::compiler
