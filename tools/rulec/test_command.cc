#include "tools/rulec/test_command.h"

#include <cstdio>
#include <memory>
#include <optional>
#include <string>

#include "runtime/engine/alert_sink.h"
#include "runtime/engine/capture_source.h"
#include "runtime/engine/engine_config.h"
#include "runtime/engine/event_pipeline.h"
#include "runtime/engine/ruleset_loader.h"
#include "runtime/engine/summary.h"
#include "runtime/matcher/live_ruleset.h"
#include "tools/rulec/diagnostic_printer.h"

namespace peregrine::rulec {
namespace {

constexpr char kUsage[] =
    "usage: rulec test --capture FILE [-o key=value]... [-v] PATH...\n"
    "  Replays a capture (.scap, gzip-compressed or not) through the rules files or directories\n"
    "  PATH... and prints the alerts, then a summary by rule.\n"
    "  --capture FILE   the capture to replay\n"
    "  -o key=value     Falco configuration keys: json_output, rule_matching, priority,\n"
    "                   json_include_output_property, json_include_tags_property, ...\n"
    "  -v               print rule warnings too\n"
    "  exit status: 0 replayed, 1 rules or capture error, 2 usage\n";

struct TestArgs {
  std::string capture;
  std::vector<std::string> overrides;
  std::vector<std::string> paths;
  bool verbose = false;
};

std::optional<TestArgs> ParseArgs(const std::vector<std::string>& args) {
  TestArgs parsed;
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string& arg = args[i];
    if (arg == "--capture" || arg == "-o") {
      if (i + 1 == args.size()) return std::nullopt;
      (arg == "-o" ? parsed.overrides.emplace_back() : parsed.capture) = args[++i];
    } else if (arg.rfind("--capture=", 0) == 0) {
      parsed.capture = arg.substr(10);
    } else if (arg == "-v") {
      parsed.verbose = true;
    } else if (!arg.empty() && arg[0] == '-') {
      return std::nullopt;
    } else {
      parsed.paths.push_back(arg);
    }
  }
  if (parsed.capture.empty() || parsed.paths.empty()) return std::nullopt;
  return parsed;
}

}  // namespace

int RunTest(const std::vector<std::string>& args) {
  std::optional<TestArgs> parsed = ParseArgs(args);
  if (!parsed) {
    std::fputs(kUsage, stderr);
    return 2;
  }
  absl::StatusOr<runtime::EngineConfig> engine_config =
      runtime::EngineConfigFromOverrides(parsed->overrides);
  if (!engine_config.ok()) {
    std::fprintf(stderr, "rulec test: %s\n", std::string(engine_config.status().message()).c_str());
    return 2;
  }
  const runtime::EngineConfig& config = *engine_config;

  std::vector<compiler::Diagnostic> diagnostics;
  absl::StatusOr<std::unique_ptr<runtime::Ruleset>> ruleset =
      runtime::LoadRuleset(parsed->paths, config, &diagnostics);
  SourceCache sources;
  for (const compiler::Diagnostic& d : diagnostics) {
    if (d.severity == compiler::Severity::kWarning && !parsed->verbose) continue;
    std::fprintf(stderr, "%s\n", FormatDiagnosticText(d, sources).c_str());
  }
  if (!ruleset.ok()) {
    std::fprintf(stderr, "rulec test: %s\n", std::string(ruleset.status().message()).c_str());
    return 1;
  }
  absl::StatusOr<std::unique_ptr<runtime::EventSource>> source =
      runtime::OpenCaptureSource(parsed->capture);
  if (!source.ok()) {
    std::fprintf(stderr, "rulec test: %s\n", std::string(source.status().message()).c_str());
    return 1;
  }
  runtime::LiveRuleset live;
  live.Publish(*std::move(ruleset));
  runtime::StreamAlertSink sink(stdout, /*buffered=*/true);
  runtime::PipelineOptions options;
  options.rule_matching = config.rule_matching;
  runtime::EventPipeline pipeline(live, sink, options);
  const absl::Status status = pipeline.Run(**source);
  std::fputs(runtime::FormatSummary(pipeline.counters()).c_str(), stdout);
  std::fflush(stdout);
  if (!status.ok()) {
    std::fprintf(stderr, "rulec test: %s: %s\n", parsed->capture.c_str(),
                 std::string(status.message()).c_str());
    return 1;
  }
  return 0;
}

}  // namespace peregrine::rulec
