// Tests for falco.yaml loading: defaults, every key, ${VAR}, -o overrides, errors and warnings.
#include "runtime/config/config_loader.h"

#include <map>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "runtime/config/env_expand.h"

namespace peregrine::runtime::config {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

const std::string kDataDir = PEREGRINE_SOURCE_DIR "/tests/data/config/";

EnvLookup FakeEnv(std::map<std::string, std::string> vars) {
  return [vars = std::move(vars)](std::string_view name) -> std::optional<std::string> {
    auto it = vars.find(std::string(name));
    if (it == vars.end()) return std::nullopt;
    return it->second;
  };
}

ConfigLoadOptions Opts(std::vector<std::string> overrides = {},
                       std::map<std::string, std::string> env = {}) {
  ConfigLoadOptions o;
  o.overrides = std::move(overrides);
  o.env = FakeEnv(std::move(env));
  return o;
}

TEST(EnvExpandTest, ExpandsEscapesAndLeavesUnterminated) {
  const EnvLookup env = FakeEnv({{"A", "1"}, {"EMPTY", ""}});
  EXPECT_EQ(ExpandEnv("${A}-$${B}-${C}-${EMPTY}.", env), "1-${B}--.");
  EXPECT_EQ(ExpandEnv("cost $5 ${A", env), "cost $5 ${A");
  EXPECT_EQ(ExpandEnv("$$${A}", env), "$${A}");  // a lone "$", then the escape
}

TEST(ConfigLoaderTest, DefaultsAreFalcosShippedValues) {
  auto r = LoadConfigString("", "empty.yaml", Opts());
  ASSERT_TRUE(r.ok()) << r.status();
  const Config& c = *r->config;
  EXPECT_THAT(c.rules_files,
              ElementsAre("/etc/falco/falco_rules.yaml", "/etc/falco/falco_rules.local.yaml",
                          "/etc/falco/rules.d"));
  EXPECT_FALSE(c.json_output);
  EXPECT_TRUE(c.json_include_output_property);
  EXPECT_FALSE(c.json_include_message_property);
  EXPECT_TRUE(c.json_include_output_fields_property);
  EXPECT_TRUE(c.json_include_tags_property);
  EXPECT_EQ(c.priority, 7);
  EXPECT_EQ(c.rule_matching, RuleMatching::kFirst);
  EXPECT_FALSE(c.time_format_iso_8601);
  EXPECT_FALSE(c.buffered_outputs);
  EXPECT_EQ(c.outputs_queue_capacity, 0u);
  EXPECT_EQ(c.output_timeout_ms, 2000u);
  EXPECT_TRUE(c.stdout_output.enabled);
  EXPECT_TRUE(c.syslog_output.enabled);
  EXPECT_FALSE(c.file_output.enabled);
  EXPECT_EQ(c.file_output.filename, "./events.txt");
  EXPECT_FALSE(c.program_output.enabled);
  EXPECT_FALSE(c.http_output.enabled);
  EXPECT_EQ(c.http_output.user_agent, "falcosecurity/falco");
  EXPECT_EQ(c.http_output.ca_path, "/etc/falco/certs/");
  EXPECT_DOUBLE_EQ(c.syscall_event_drops.threshold, 0.1);
  EXPECT_THAT(c.syscall_event_drops.actions,
              ElementsAre(metrics::DropAction::kLog, metrics::DropAction::kAlert));
  EXPECT_DOUBLE_EQ(c.syscall_event_drops.rate, 0.03333);
  EXPECT_DOUBLE_EQ(c.syscall_event_drops.max_burst, 1);
  EXPECT_EQ(c.log_level, LogLevel::kInfo);
  ASSERT_EQ(c.append_output.size(), 1u);
  EXPECT_TRUE(c.append_output[0].suggested_output);
  EXPECT_FALSE(c.peregrine.metrics.enabled);
  EXPECT_EQ(c.peregrine.metrics.listen_address, "127.0.0.1");
  EXPECT_EQ(c.peregrine.metrics.port, 8766);
  EXPECT_TRUE(c.peregrine.reload.watch);
  EXPECT_EQ(c.peregrine.workers, 0u);
  EXPECT_EQ(c.peregrine.ring_buffer_bytes, 8u << 20);
  EXPECT_TRUE(r->warnings.empty());
}

TEST(ConfigLoaderTest, ReadsEveryKeyWithEnvExpansion) {
  auto r = LoadConfigFile(kDataDir + "full.yaml",
                          Opts({}, {{"RULES_DIR", "/opt/rules"}, {"DOMAIN", "example.com"}}));
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_THAT(r->warnings, ::testing::IsEmpty());
  const Config& c = *r->config;
  EXPECT_THAT(c.rules_files, ElementsAre("/etc/peregrine/rules.yaml", "/opt/rules/local.d"));
  EXPECT_TRUE(c.json_output);
  EXPECT_FALSE(c.json_include_output_property);
  EXPECT_TRUE(c.json_include_message_property);
  EXPECT_FALSE(c.json_include_output_fields_property);
  EXPECT_FALSE(c.json_include_tags_property);
  EXPECT_EQ(c.priority, 4);
  EXPECT_EQ(c.rule_matching, RuleMatching::kAll);
  EXPECT_TRUE(c.time_format_iso_8601);
  EXPECT_TRUE(c.buffer_format_base64);
  EXPECT_TRUE(c.buffered_outputs);
  EXPECT_EQ(c.outputs_queue_capacity, 4096u);
  EXPECT_EQ(c.output_timeout_ms, 500u);
  EXPECT_FALSE(c.stdout_output.enabled);
  EXPECT_FALSE(c.syslog_output.enabled);
  EXPECT_TRUE(c.file_output.enabled);
  EXPECT_TRUE(c.file_output.keep_alive);
  EXPECT_EQ(c.file_output.filename, "/var/log/peregrine/events.json");
  EXPECT_TRUE(c.program_output.enabled);
  EXPECT_TRUE(c.program_output.keep_alive);
  EXPECT_EQ(c.program_output.program, "jq '{text: .output}' | logger -t ${NOT_EXPANDED}");
  const HttpOutputConfig& h = c.http_output;
  EXPECT_TRUE(h.enabled);
  EXPECT_EQ(h.url, "https://sidekick.example.com:2801/");
  EXPECT_EQ(h.user_agent, "peregrine/0.1");
  EXPECT_TRUE(h.insecure);
  EXPECT_EQ(h.ca_cert, "/etc/ssl/ca.pem");
  EXPECT_EQ(h.ca_bundle, "/etc/ssl/bundle.pem");
  EXPECT_EQ(h.ca_path, "/etc/ssl/certs");
  EXPECT_TRUE(h.mtls);
  EXPECT_EQ(h.client_cert, "/etc/ssl/client.crt");
  EXPECT_EQ(h.client_key, "/etc/ssl/client.key");
  EXPECT_TRUE(h.echo);
  EXPECT_TRUE(h.compress_uploads);
  EXPECT_TRUE(h.keep_alive);
  EXPECT_EQ(h.max_consecutive_timeouts, 9u);
  EXPECT_DOUBLE_EQ(c.syscall_event_drops.threshold, 0.25);
  EXPECT_THAT(c.syscall_event_drops.actions,
              ElementsAre(metrics::DropAction::kLog, metrics::DropAction::kExit));
  EXPECT_DOUBLE_EQ(c.syscall_event_drops.rate, 0.5);
  EXPECT_DOUBLE_EQ(c.syscall_event_drops.max_burst, 3);
  EXPECT_EQ(c.log_level, LogLevel::kDebug);
  EXPECT_FALSE(c.log_stderr);
  EXPECT_FALSE(c.log_syslog);
  EXPECT_FALSE(c.watch_config_files);
  ASSERT_EQ(c.append_output.size(), 2u);
  const AppendOutputConfig& a = c.append_output[0];
  EXPECT_EQ(a.match_source, "syscall");
  EXPECT_EQ(a.match_rule, "Terminal shell in container");
  EXPECT_THAT(a.match_tags, ElementsAre("container", "shell"));
  EXPECT_EQ(a.extra_output, "on %proc.name");
  EXPECT_THAT(a.extra_fields, ElementsAre("proc.pid"));
  ASSERT_EQ(a.extra_templates.size(), 1u);
  EXPECT_EQ(a.extra_templates[0], (std::pair<std::string, std::string>("wd", "%proc.cwd")));
  EXPECT_FALSE(a.suggested_output);
  EXPECT_FALSE(c.append_output[1].suggested_output);
  EXPECT_EQ(c.peregrine.ring_buffer_bytes, 16u << 20);
  EXPECT_EQ(c.peregrine.workers, 3u);
  EXPECT_EQ(c.peregrine.shutdown_flush_ms, 1500u);
  EXPECT_TRUE(c.peregrine.metrics.enabled);
  EXPECT_EQ(c.peregrine.metrics.listen_address, "::1");
  EXPECT_EQ(c.peregrine.metrics.port, 9400);
  EXPECT_FALSE(c.peregrine.reload.watch);
}

TEST(ConfigLoaderTest, WrongTypesAreErrorsWithLineAndColumn) {
  auto r = LoadConfigFile(kDataDir + "bad_types.yaml", Opts());
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), absl::StatusCode::kInvalidArgument);
  const std::string f = kDataDir + "bad_types.yaml";
  EXPECT_EQ(std::string(r.status().message()),
            f + ":1:14: json_output: expected a boolean, found 'maybe'\n" + f +
                ":2:11: priority: expected a priority (emergency, alert, critical, error, "
                "warning, notice, informational, debug), found 'loud'\n" +
                f +
                ":4:13: outputs_queue.capacity: expected an integer from 0 to "
                "18446744073709551615, found '-5'\n" +
                f + ":7:13: file_output.filename: expected a string, found a list\n" + f +
                ":9:14: syscall_event_drops.threshold: expected a number from 0 to 1, found '2'\n" +
                f +
                ":10:18: syscall_event_drops.actions[1]: expected one of ignore, log, alert, exit, "
                "found 'shout'\n" +
                f +
                ":12:22: peregrine.ring_buffer_bytes: expected a power of two of at least 4096, "
                "found '5000'\n" +
                f +
                ":14:21: peregrine.metrics.listen_address: expected an IPv4 or IPv6 address, "
                "found 'somewhere'\n" +
                f +
                ":15:11: peregrine.metrics.port: expected an integer from 0 to 65535, found "
                "'70000'");
}

TEST(ConfigLoaderTest, UnknownKeysWarnAndFalcoOnlyKeysAreNoted) {
  auto r = LoadConfigFile(kDataDir + "unknown_keys.yaml", Opts());
  ASSERT_TRUE(r.ok()) << r.status();
  const std::string f = kDataDir + "unknown_keys.yaml";
  EXPECT_THAT(r->warnings, ElementsAre(f + ":2:1: unknown key 'jsn_output'",
                                       f + ":5:3: unknown key 'http_output.urll'",
                                       f + ":13:5: unknown key 'peregrine.metrics.colour'"));
  EXPECT_THAT(r->ignored, ElementsAre(f + ":6:1: plugins", f + ":8:1: webserver"));
  EXPECT_TRUE(r->config->json_output);
  EXPECT_TRUE(r->config->peregrine.metrics.enabled);
}

TEST(ConfigLoaderTest, MalformedYamlAndMissingFile) {
  auto bad = LoadConfigString("json_output: true\nrules_files: [a, b\n", "x.yaml", Opts());
  ASSERT_FALSE(bad.ok());
  EXPECT_THAT(std::string(bad.status().message()), ::testing::StartsWith("x.yaml:"));
  EXPECT_THAT(std::string(bad.status().message()), HasSubstr("invalid YAML"));
  auto list = LoadConfigString("- a\n- b\n", "list.yaml", Opts());
  ASSERT_FALSE(list.ok());
  EXPECT_THAT(std::string(list.status().message()), HasSubstr("must be a map"));
  auto missing = LoadConfigFile("/nonexistent/falco.yaml", Opts());
  EXPECT_EQ(missing.status().code(), absl::StatusCode::kNotFound);
}

TEST(ConfigLoaderTest, DeprecatedRulesFile) {
  auto r = LoadConfigString("rules_file: [/a.yaml]\n", "old.yaml", Opts());
  ASSERT_TRUE(r.ok());
  EXPECT_THAT(r->config->rules_files, ElementsAre("/a.yaml"));
  EXPECT_THAT(r->warnings,
              ElementsAre("old.yaml:1:13: 'rules_file' is deprecated, use 'rules_files'"));
}

TEST(ConfigOverrideTest, OverridesScalarsNestedKeysAndLists) {
  const std::string yaml =
      "rules_files: [/a.yaml, /b.yaml]\n"
      "json_output: false\n"
      "http_output:\n  enabled: false\n"
      "append_output:\n  - suggested_output: true\n";
  auto r = LoadConfigString(
      yaml, "f.yaml",
      Opts({"json_output=true", "http_output.enabled=true", "http_output.url=http://h:2801/",
            "rules_files[1]=/c.yaml", "rules_files[2]=/d.yaml", "append_output[1].extra_output=hi",
            "append_output[1].match.tags=[a, b]", "peregrine.metrics.port=9999",
            "file_output={enabled: true, filename: /tmp/f}", "priority=${LEVEL}"},
           {{"LEVEL", "error"}}));
  ASSERT_TRUE(r.ok()) << r.status();
  const Config& c = *r->config;
  EXPECT_TRUE(c.json_output);
  EXPECT_TRUE(c.http_output.enabled);
  EXPECT_EQ(c.http_output.url, "http://h:2801/");
  EXPECT_THAT(c.rules_files, ElementsAre("/a.yaml", "/c.yaml", "/d.yaml"));
  ASSERT_EQ(c.append_output.size(), 2u);
  EXPECT_EQ(c.append_output[1].extra_output, "hi");
  EXPECT_THAT(c.append_output[1].match_tags, ElementsAre("a", "b"));
  EXPECT_EQ(c.peregrine.metrics.port, 9999);
  EXPECT_TRUE(c.file_output.enabled);
  EXPECT_EQ(c.file_output.filename, "/tmp/f");
  EXPECT_EQ(c.priority, 3);
}

TEST(ConfigOverrideTest, ListValueReplacesTheList) {
  auto r = LoadConfigString("rules_files: [/a.yaml]\n", "f.yaml",
                            Opts({"rules_files=[/x.yaml, /y.yaml]"}));
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_THAT(r->config->rules_files, ElementsAre("/x.yaml", "/y.yaml"));
  // A plain value is a one-element list, like `-r`.
  auto one = LoadConfigString("", "f.yaml", Opts({"rules_files=/only.yaml"}));
  ASSERT_TRUE(one.ok());
  EXPECT_THAT(one->config->rules_files, ElementsAre("/only.yaml"));
}

TEST(ConfigOverrideTest, BadOverridesAreErrorsNamingTheOption) {
  auto no_eq = LoadConfigString("", "f.yaml", Opts({"json_output"}));
  ASSERT_FALSE(no_eq.ok());
  EXPECT_THAT(std::string(no_eq.status().message()), HasSubstr("not of the form key=value"));

  auto bad_value = LoadConfigString("json_output: false\n", "f.yaml", Opts({"json_output=maybe"}));
  ASSERT_FALSE(bad_value.ok());
  EXPECT_EQ(std::string(bad_value.status().message()),
            "-o json_output=maybe: json_output: expected a boolean, found 'maybe'");

  auto nested_bad = LoadConfigString("", "f.yaml", Opts({"file_output={enabled: perhaps}"}));
  ASSERT_FALSE(nested_bad.ok());
  EXPECT_EQ(std::string(nested_bad.status().message()),
            "-o file_output={enabled: perhaps}: file_output.enabled: expected a boolean, found "
            "'perhaps'");

  auto past_end = LoadConfigString("rules_files: [/a]\n", "f.yaml", Opts({"rules_files[3]=/x"}));
  ASSERT_FALSE(past_end.ok());
  EXPECT_THAT(std::string(past_end.status().message()), HasSubstr("past the end"));

  auto under_scalar = LoadConfigString("json_output: true\n", "f.yaml", Opts({"json_output.x=1"}));
  ASSERT_FALSE(under_scalar.ok());
  EXPECT_THAT(std::string(under_scalar.status().message()), HasSubstr("not a map"));

  auto bad_yaml = LoadConfigString("", "f.yaml", Opts({"rules_files=[a, b"}));
  ASSERT_FALSE(bad_yaml.ok());
  EXPECT_THAT(std::string(bad_yaml.status().message()), HasSubstr("not valid YAML"));

  auto bad_key = LoadConfigString("", "f.yaml", Opts({"a..b=1"}));
  ASSERT_FALSE(bad_key.ok());
  EXPECT_THAT(std::string(bad_key.status().message()), HasSubstr("empty segment"));
}

TEST(ConfigLoaderTest, ExpandedValuesAreTypedAndKeepTheirPosition) {
  auto ok = LoadConfigString("json_output: ${JSON}\n", "e.yaml", Opts({}, {{"JSON", "true"}}));
  ASSERT_TRUE(ok.ok()) << ok.status();
  EXPECT_TRUE(ok->config->json_output);
  auto bad = LoadConfigString("\njson_output: ${JSON}\n", "e.yaml", Opts({}, {{"JSON", "maybe"}}));
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(std::string(bad.status().message()),
            "e.yaml:2:14: json_output: expected a boolean, found 'maybe'");
}

TEST(ConfigLoaderTest, ParsesPrioritiesAnyCase) {
  EXPECT_EQ(ParsePriority("EMERGENCY"), 0);
  EXPECT_EQ(ParsePriority("Informational"), 6);
  EXPECT_EQ(ParsePriority("info"), 6);
  EXPECT_EQ(ParsePriority("Debug"), 7);
  EXPECT_EQ(ParsePriority("verbose"), std::nullopt);
}

}  // namespace
}  // namespace peregrine::runtime::config
