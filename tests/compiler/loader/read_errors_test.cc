// Document structure, item kinds, scalar decoding, versions, warnings (§1.1–§1.8, §1.14, §1.16).
#include <gtest/gtest.h>

#include "compiler/loader/plugin_requirements.h"
#include "loader_test_util.h"

namespace peregrine::compiler {
namespace {

using testing::LoadText;
using testing::Rule;

struct ReadCase {
  std::string yaml;
  std::string code;
  std::string message;
  int line;
  int column;
};

class ReadErrorTest : public ::testing::TestWithParam<ReadCase> {};

TEST_P(ReadErrorTest, ReportsCodeMessageAndPosition) {
  auto loaded = LoadText(GetParam().yaml);
  ASSERT_EQ(loaded.errors().size(), 1u) << GetParam().yaml;
  const Diagnostic error = loaded.errors()[0];
  EXPECT_EQ(error.code, GetParam().code);
  EXPECT_EQ(error.message, GetParam().message);
  EXPECT_EQ(error.location.file, "rules.yaml");
  EXPECT_EQ(error.location.line, GetParam().line);
  EXPECT_EQ(error.location.column, GetParam().column);
}

constexpr char kValidate[] = "LOAD_ERR_YAML_VALIDATE";

INSTANTIATE_TEST_SUITE_P(
    Structure, ReadErrorTest,
    ::testing::Values(
        ReadCase{"just a scalar\n", kValidate, "Rules content is not yaml", 1, 1},
        ReadCase{"rule: x\n", kValidate, "Rules content is not yaml array of objects", 1, 1},
        ReadCase{"- list: a\n  items: [x]\n---\n- 42\n", kValidate,
                 "Unexpected element type. Each element should be a yaml associative array.", 4, 3},
        ReadCase{"- [a, b]\n", kValidate,
                 "Unexpected element type. Each element should be a yaml associative array.", 1, 3},
        ReadCase{"- rule: a\n  desc: [x\n", "LOAD_ERR_YAML_PARSE", "end of sequence flow not found",
                 3, 1}));

INSTANTIATE_TEST_SUITE_P(
    Decoding, ReadErrorTest,
    ::testing::Values(
        ReadCase{"- rule: r\n  desc: d\n  output: o\n  priority: INFO\n", kValidate,
                 "Item has no mapping for key 'condition'", 1, 3},
        ReadCase{"- rule: r\n  desc: d\n  condition:\n  output: o\n  priority: INFO\n", kValidate,
                 "Mapping for key 'condition' is empty", 1, 3},
        ReadCase{"- rule: r\n  desc: d\n  condition: [a]\n  output: o\n  priority: INFO\n",
                 kValidate, "Value is not a scalar value", 3, 14},
        ReadCase{"- rule: r\n  desc: d\n  condition: \"\"\n  output: o\n  priority: INFO\n",
                 kValidate, "Value must be non-empty", 3, 14},
        ReadCase{"- rule: r\n  desc: d\n  condition: c\n  output: o\n  priority: INFO\n  "
                 "enabled: maybe\n",
                 kValidate, "Can't decode YAML scalar value", 6, 12},
        ReadCase{"- rule: r\n  desc: d\n  condition: c\n  output: o\n  priority: INFO\n  "
                 "capture_duration: -5\n",
                 kValidate, "Can't decode YAML scalar value", 6, 21},
        ReadCase{"- rule: r\n  desc: d\n  condition: c\n  output: o\n  priority: LOUD\n",
                 "LOAD_ERR_YAML_VALIDATE", "Invalid priority", 5, 13},
        ReadCase{"- rule: r\n  desc: d\n  condition: c\n  output: o\n  priority: INFO\n  "
                 "tags: x\n",
                 kValidate, "Value is not a sequence", 6, 9},
        ReadCase{"- rule: r\n  desc: d\n  condition: c\n  output: o\n  priority: INFO\n  "
                 "tags: [[x]]\n",
                 kValidate, "sequence value is not scalar", 6, 10},
        ReadCase{"- list: l\n", kValidate, "Item has no mapping for key 'items'", 1, 3},
        ReadCase{"- list: l\n  items: a\n", kValidate, "Value is not a sequence", 2, 10},
        ReadCase{"- list:\n  items: []\n", kValidate, "Mapping for key 'list' is empty", 1, 3},
        ReadCase{"- macro: m\n", kValidate, "Item has no mapping for key 'condition'", 1, 3}));

INSTANTIATE_TEST_SUITE_P(
    Versions, ReadErrorTest,
    ::testing::Values(
        ReadCase{"- required_engine_version: abc\n", kValidate,
                 "Unable to parse engine version 'abc' as a semver string. Expected \"x.y.z\" "
                 "semver format.",
                 1, 28},
        ReadCase{"- required_engine_version: 1.0.0\n", "LOAD_ERR_VALIDATE",
                 "Rules require engine version 1.0.0, but engine version is 0.63.0", 1, 28},
        ReadCase{"- required_engine_version: 0.99.0\n", "LOAD_ERR_VALIDATE",
                 "Rules require engine version 0.99.0, but engine version is 0.63.0", 1, 28},
        ReadCase{"- required_engine_version: 64\n", "LOAD_ERR_VALIDATE",
                 "Rules require engine version 0.64.0, but engine version is 0.63.0", 1, 28},
        ReadCase{"- required_plugin_versions: x\n", kValidate,
                 "Value of required_plugin_versions must be a sequence", 1, 3},
        ReadCase{"- required_plugin_versions: [x]\n", kValidate, "Plugin version must be a mapping",
                 1, 30},
        ReadCase{"- required_plugin_versions:\n    - name: p\n", kValidate,
                 "Item has no mapping for key 'version'", 2, 7},
        ReadCase{"- required_plugin_versions:\n    - name: p\n      version: x.y\n",
                 "LOAD_ERR_VALIDATE", "Invalid required version 'x.y' for plugin 'p'", 2, 7},
        ReadCase{"- required_plugin_versions:\n    - name: p\n      version: 1.0.0\n      "
                 "alternatives:\n        - name: p\n          version: 2.0.0\n",
                 "LOAD_ERR_VALIDATE",
                 "Defined multiple alternative version requirements for plugin 'p'", 2, 7}));

TEST(ReadTest, EngineVersionForms) {
  auto loaded = LoadText(
      "- required_engine_version: 26\n- required_engine_version: 0.57.0\n"
      "- required_engine_version: 0.30.0\n");
  ASSERT_TRUE(loaded.errors().empty());
  ASSERT_TRUE(loaded.rules.required_engine_version.has_value());
  EXPECT_EQ(*loaded.rules.required_engine_version, (SemVer{0, 57, 0}));
}

TEST(ReadTest, PluginRequirementsAreRecordedAndChecked) {
  auto loaded = LoadText(R"(
- required_plugin_versions:
  - name: container
    version: 0.4.0
  - name: k8saudit
    version: 0.1.0
    alternatives:
      - name: k8saudit-eks
        version: 0.1.0
)");
  ASSERT_TRUE(loaded.errors().empty());
  ASSERT_EQ(loaded.rules.required_plugin_versions.size(), 2u);
  EXPECT_EQ(loaded.rules.required_plugin_versions[1].alternatives.size(), 2u);

  DiagnosticSink sink;
  EXPECT_FALSE(
      CheckPluginRequirements(loaded.rules.required_plugin_versions, BuiltinPlugins(), sink));
  ASSERT_EQ(sink.diagnostics().size(), 1u);
  EXPECT_EQ(sink.diagnostics()[0].message,
            "Plugin requirement not satisfied, must load one of: k8saudit (>= 0.1.0), "
            "k8saudit-eks (>= 0.1.0)");

  DiagnosticSink newer;
  PluginRequirement container{{{"container", "0.5.0"}}, {}};
  EXPECT_FALSE(CheckPluginRequirements({container}, BuiltinPlugins(), newer));
  EXPECT_EQ(newer.diagnostics()[0].message,
            "Plugin 'container' version '0.4.0' is not compatible with required plugin version "
            "'0.5.0'");
  DiagnosticSink fine;
  EXPECT_TRUE(
      CheckPluginRequirements({loaded.rules.required_plugin_versions[0]}, BuiltinPlugins(), fine));
  EXPECT_TRUE(fine.diagnostics().empty());
}

TEST(ReadTest, NullDocumentsAndEntriesAreSkipped) {
  auto loaded = LoadText("---\n---\n-\n- list: l\n  items: []\n-\n---\n# only a comment\n");
  EXPECT_TRUE(loaded.errors().empty());
  EXPECT_EQ(loaded.rules.lists.size(), 1u);
}

TEST(ReadTest, DocumentsAreReadInOrder) {
  auto loaded = LoadText("- list: a\n  items: [x]\n---\n- list: a\n  items: [y]\n  append: true\n");
  ASSERT_TRUE(loaded.errors().empty());
  EXPECT_EQ(loaded.rules.lists[0].items, (std::vector<std::string>{"x", "y"}));
}

TEST(ReadTest, DocumentEndMarkersAndPositionsInLaterDocuments) {
  auto loaded = LoadText(
      "- list: a\n  items: [x]\n...\n- list: b\n  items: [y]\n---\n- list: c\n  items: z\n");
  ASSERT_EQ(loaded.errors().size(), 1u);
  EXPECT_EQ(loaded.errors()[0].message, "Value is not a sequence");
  EXPECT_EQ(loaded.errors()[0].location.line, 8);
  EXPECT_EQ(loaded.errors()[0].location.column, 10);
  EXPECT_EQ(loaded.rules.lists.size(), 2u);
}

TEST(ReadTest, ASyntaxErrorInALaterDocumentPreventsReadingAnyItem) {
  auto loaded = LoadText("- list: a\n  items: [x]\n---\n- list: [\n");
  ASSERT_EQ(loaded.errors().size(), 1u);
  EXPECT_EQ(loaded.errors()[0].code, "LOAD_ERR_YAML_PARSE");
  EXPECT_TRUE(loaded.rules.lists.empty());
}

// yaml-cpp 0.7's LoadAll() loops forever, allocating, on this input (found by the fuzzer).
TEST(ReadTest, RegressionStrayFlowEntryDoesNotHang) {
  auto loaded = LoadText(", [b, c]]# Lome: fr");
  EXPECT_TRUE(loaded.rules.lists.empty());
  auto second = LoadText("- list: a\n  items: [x]\n---\n,]\n");
  EXPECT_EQ(second.rules.lists.size(), 1u);
}

TEST(ReadTest, ReadingStopsAtTheFirstErrorOfTheFile) {
  auto loaded = LoadText(R"(
- list: before
  items: [a]
- list: bad
  items: a
- list: after
  items: [b]
- macro: also_bad
)");
  ASSERT_EQ(loaded.errors().size(), 1u);
  EXPECT_EQ(loaded.errors()[0].item_type, "list");
  EXPECT_EQ(loaded.errors()[0].item_name, "bad");
  ASSERT_EQ(loaded.rules.lists.size(), 1u);
  EXPECT_EQ(loaded.rules.lists[0].name, "before");
}

TEST(ReadTest, FullRuleDefaultsAndKeys) {
  auto loaded = LoadText(R"(
- rule: Everything
  desc: all keys
  condition: evt.type = open
  output: "  padded output  "
  priority: info
  tags: [b, a, b]
  enabled: yes
  warn_evttypes: Off
  skip-if-unknown-filter: TRUE
  capture: true
  capture_duration: 250
- rule: Defaults
  desc: d
  condition: c
  output: o
  priority: Emergency
)");
  ASSERT_TRUE(loaded.errors().empty()) << loaded.errors()[0].message;
  ASSERT_EQ(loaded.rules.rules.size(), 2u);
  const RuleDef& all = loaded.rules.rules[0];
  EXPECT_EQ(all.output, "padded output");
  EXPECT_EQ(all.priority, Priority::kInformational);
  EXPECT_EQ(PriorityName(all.priority), "Informational");
  EXPECT_EQ(all.tags, (std::set<std::string>{"a", "b"}));
  EXPECT_TRUE(all.enabled);
  EXPECT_FALSE(all.warn_evttypes);
  EXPECT_TRUE(all.skip_if_unknown_filter);
  EXPECT_TRUE(all.capture);
  EXPECT_EQ(all.capture_duration, 250u);
  EXPECT_EQ(all.source, "syscall");
  EXPECT_EQ(all.location.line, 2);
  EXPECT_EQ(all.output_location.line, 5);
  // Output positions skip the trimmed blanks.
  EXPECT_EQ(all.LocateInOutput(0).column, 14);
  const RuleDef& defaults = loaded.rules.rules[1];
  EXPECT_TRUE(defaults.enabled);
  EXPECT_TRUE(defaults.warn_evttypes);
  EXPECT_FALSE(defaults.skip_if_unknown_filter);
  EXPECT_FALSE(defaults.capture);
  EXPECT_EQ(defaults.capture_duration, 0u);
  EXPECT_TRUE(defaults.tags.empty());
  EXPECT_EQ(defaults.priority, Priority::kEmergency);
}

TEST(ReadTest, UnknownKeysAndItemsWarn) {
  auto loaded = LoadText(R"(
- list: l
  items: [a]
  priority: INFO
- something: else
- macro: m
  condition: x.y in (l)
  output: nope
)" + Rule("r", "m", "  descr: typo\n"));
  ASSERT_TRUE(loaded.errors().empty());
  ASSERT_EQ(loaded.warning_codes(),
            (std::vector<std::string>{"LOAD_UNKNOWN_KEY", "LOAD_UNKNOWN_ITEM", "LOAD_UNKNOWN_KEY",
                                      "LOAD_UNKNOWN_KEY"}));
  EXPECT_EQ(loaded.warnings()[0].message, "Unknown key 'priority'. The key will be ignored.");
  EXPECT_EQ(loaded.warnings()[0].location.line, 4);
  EXPECT_EQ(loaded.warnings()[0].location.column, 3);
  EXPECT_EQ(loaded.warnings()[0].item_type, "list");
  EXPECT_EQ(loaded.warnings()[0].item_name, "l");
  EXPECT_EQ(loaded.warnings()[1].message, "Unknown top level item");
  EXPECT_EQ(loaded.warnings()[1].location.line, 5);
  EXPECT_EQ(loaded.warnings()[3].message, "Unknown key 'descr'. The key will be ignored.");
}

TEST(ReadTest, KindIsDecidedByTheFirstKeyInPriorityOrder) {
  // "list" wins over "rule": the rule keys are unknown keys of a list.
  auto loaded = LoadText("- rule: r\n  list: l\n  items: [a]\n");
  ASSERT_TRUE(loaded.errors().empty());
  EXPECT_EQ(loaded.rules.lists.size(), 1u);
  EXPECT_TRUE(loaded.rules.rules.empty());
  EXPECT_EQ(loaded.warnings()[0].message, "Unknown key 'rule'. The key will be ignored.");
}

TEST(ReadTest, InvalidNamesWarnButDefine) {
  auto loaded = LoadText(R"(
- list: "bad name"
  items: [a]
- macro: 1bad
  condition: x.y = 1
- macro: good_Name_2
  condition: x.y = 2
- list: ok.list-name/x
  items: []
)");
  ASSERT_TRUE(loaded.errors().empty());
  EXPECT_EQ(loaded.rules.lists.size(), 2u);
  EXPECT_EQ(loaded.rules.macros.size(), 2u);
  std::vector<std::string> codes;
  for (const Diagnostic& d : loaded.warnings()) {
    if (d.code != "LOAD_UNUSED_LIST") codes.push_back(d.code);
  }
  EXPECT_EQ(codes, (std::vector<std::string>{"LOAD_INVALID_LIST_NAME", "LOAD_INVALID_MACRO_NAME"}));
}

TEST(ReadTest, UnknownSourceRuleIsSkippedWithWarning) {
  auto loaded = LoadText(Rule("audit", "ka.verb = create", "  source: k8s_audit\n") +
                         Rule("sys", "evt.type = open", "  source: syscall\n"));
  ASSERT_TRUE(loaded.errors().empty());
  ASSERT_EQ(loaded.warning_codes(), (std::vector<std::string>{"LOAD_UNKNOWN_SOURCE"}));
  EXPECT_EQ(loaded.warnings()[0].message, "Unknown source k8s_audit, skipping");
  EXPECT_EQ(loaded.warnings()[0].item_name, "audit");
  ASSERT_EQ(loaded.rules.rules.size(), 1u);
  EXPECT_EQ(loaded.rules.rules[0].name, "sys");
  EXPECT_EQ(loaded.rules.skipped_rules, (std::vector<std::string>{"audit"}));
}

TEST(ReadTest, DeepNestingIsAnErrorNotACrash) {
  const std::string deep = "- rule: r\n  desc: " + std::string(100000, '[') + "\n";
  auto loaded = LoadText(deep);
  ASSERT_EQ(loaded.errors().size(), 1u);
  EXPECT_EQ(loaded.errors()[0].code, "LOAD_ERR_YAML_PARSE");
  std::string dashes;
  for (int i = 0; i < 50000; ++i) dashes += "- ";
  auto block = LoadText(dashes + "x\n");
  ASSERT_EQ(block.errors().size(), 1u);
}

TEST(ReadTest, ErrorsNameTheItem) {
  auto loaded = LoadText(Rule("first", "a") + "- rule: second\n  desc: d\n");
  ASSERT_EQ(loaded.errors().size(), 1u);
  EXPECT_EQ(loaded.errors()[0].item_type, "rule");
  EXPECT_EQ(loaded.errors()[0].item_name, "second");
  EXPECT_EQ(loaded.errors()[0].message, "Item has no mapping for key 'condition'");
  EXPECT_EQ(loaded.errors()[0].location.line, 6);
}

}  // namespace
}  // namespace peregrine::compiler

namespace peregrine::compiler {
namespace {

TEST(ReadTest, ReportUnusedMacrosWarnsForMacrosNotMarkedUsed) {
  auto loaded = testing::LoadText(
      "- macro: used\n  condition: a.b = 1\n- macro: unused\n  condition: c.d = 2\n");
  DiagnosticSink sink;
  ReportUnusedMacros(loaded.rules, {"used"}, sink);
  ASSERT_EQ(sink.diagnostics().size(), 1u);
  const Diagnostic& warning = sink.diagnostics()[0];
  EXPECT_EQ(warning.severity, Severity::kWarning);
  EXPECT_EQ(warning.code, "LOAD_UNUSED_MACRO");
  EXPECT_EQ(warning.item_type, "macro");
  EXPECT_EQ(warning.item_name, "unused");
  EXPECT_EQ(warning.location.line, 3);
}

}  // namespace
}  // namespace peregrine::compiler
