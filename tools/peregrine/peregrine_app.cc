#include "tools/peregrine/peregrine_app.h"

#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <memory>
#include <string>

#include "base/json_writer.h"
#include "runtime/engine/alert_sink.h"
#include "runtime/engine/capture_source.h"
#include "runtime/engine/engine_config.h"
#include "runtime/engine/event_pipeline.h"
#include "runtime/engine/ruleset_loader.h"
#include "runtime/engine/summary.h"
#include "runtime/matcher/live_ruleset.h"
#include "tools/peregrine/cli_options.h"
#include "tools/peregrine/live_mode.h"
#include "tools/rulec/diagnostic_printer.h"

namespace peregrine::cli {
namespace {

constexpr char kVersion[] = "peregrine 0.1.0-dev (Falco rules language, libs 0.25 semantics)\n";

void PrintDiagnostics(const std::vector<compiler::Diagnostic>& diagnostics, bool warnings) {
  rulec::SourceCache sources;
  for (const compiler::Diagnostic& d : diagnostics) {
    if (d.severity == compiler::Severity::kWarning && !warnings) continue;
    std::fputs(rulec::FormatDiagnosticText(d, sources).c_str(), stderr);
    std::fputc('\n', stderr);
  }
}

// Collapses runs of white space (multi-line YAML descriptions) into single spaces.
std::string OneLine(const std::string& text) {
  std::string out;
  bool space = false;
  for (char c : text) {
    if (c == ' ' || c == '\n' || c == '\t' || c == '\r') {
      space = !out.empty();
      continue;
    }
    if (space) out.push_back(' ');
    space = false;
    out.push_back(c);
  }
  return out;
}

// -L: every loaded rule (compiled and passing the priority threshold), in definition order.
void ListRules(const runtime::Ruleset& ruleset, bool json) {
  const compiler::CompiledRuleset& compiled = ruleset.compiled();
  if (json) {
    JsonWriter w;
    w.BeginObject().Key("rules").BeginArray();
    for (size_t i = 0; i < compiled.loaded.rules.size(); ++i) {
      if (!compiled.rules[i].loaded) continue;
      const compiler::RuleDef& r = compiled.loaded.rules[i];
      w.BeginObject();
      w.Key("name").String(r.name);
      w.Key("desc").String(r.desc);
      w.Key("priority").String(compiler::PriorityName(r.priority));
      w.Key("source").String(r.source);
      w.Key("enabled").Bool(r.enabled);
      w.Key("tags").BeginArray();
      for (const std::string& t : r.tags) w.String(t);
      w.EndArray();
      w.EndObject();
    }
    w.EndArray().EndObject();
    std::printf("%s\n", w.str().c_str());
    return;
  }
  std::printf("%-50s %s\n%-50s %s\n", "Rule", "Description", "----", "-----------");
  for (size_t i = 0; i < compiled.loaded.rules.size(); ++i) {
    if (!compiled.rules[i].loaded) continue;
    const compiler::RuleDef& r = compiled.loaded.rules[i];
    std::printf("%-50s %s\n", r.name.c_str(), OneLine(r.desc).c_str());
  }
}

// -V: loads the files together, as Falco does, and reports per file.
int Validate(const CliOptions& options, const runtime::EngineConfig& config) {
  std::vector<compiler::Diagnostic> diagnostics;
  absl::StatusOr<std::unique_ptr<runtime::Ruleset>> ruleset =
      runtime::LoadRuleset(options.validate_paths, config, &diagnostics);
  PrintDiagnostics(diagnostics, /*warnings=*/true);
  std::fputs("Validating rules file(s):\n", stdout);
  for (const std::string& p : options.validate_paths) std::printf("   %s\n", p.c_str());
  for (const std::string& p : options.validate_paths) {
    bool errors = false;
    bool warnings = false;
    for (const compiler::Diagnostic& d : diagnostics) {
      if (d.location.file != p) continue;
      (d.severity == compiler::Severity::kError ? errors : warnings) = true;
    }
    std::printf("%s: %s\n", p.c_str(),
                errors || !ruleset.ok() ? "Invalid" : (warnings ? "Ok, with warnings" : "Ok"));
  }
  if (!ruleset.ok()) {
    std::fprintf(stderr, "peregrine: %s\n", std::string(ruleset.status().message()).c_str());
    return 1;
  }
  return 0;
}

}  // namespace

int RunPeregrine(const std::vector<std::string>& args, const std::atomic<bool>* stop) {
  absl::StatusOr<CliOptions> parsed = ParseCli(args);
  if (!parsed.ok()) {
    std::fprintf(stderr, "peregrine: %s\n%s", std::string(parsed.status().message()).c_str(),
                 CliUsage());
    return 1;
  }
  const CliOptions& options = *parsed;
  if (options.help) {
    std::fputs(CliUsage(), stdout);
    return 0;
  }
  if (options.version) {
    std::fputs(kVersion, stdout);
    return 0;
  }
  if (options.config_path) {
    std::fprintf(stderr,
                 "peregrine: -c %s: configuration files are not implemented yet; set keys with "
                 "-o key=value\n",
                 options.config_path->c_str());
    return 1;
  }
  runtime::EngineConfig config;
  std::vector<std::string> ignored;
  for (const std::string& kv : options.overrides) {
    absl::Status s = runtime::ApplyConfigOverride(kv, &config, &ignored);
    if (!s.ok()) {
      std::fprintf(stderr, "peregrine: %s\n", std::string(s.message()).c_str());
      return 1;
    }
  }
  if (options.verbose) {
    for (const std::string& key : ignored) {
      std::fprintf(stderr, "peregrine: -o %s: not used by peregrine yet, ignored\n", key.c_str());
    }
  }
  config.ruleset.format.hostname = runtime::ResolveHostname();

  if (!options.validate_paths.empty()) return Validate(options, config);

  std::vector<std::string> rules_paths = options.rules_paths;
  // Default rules: the source tree's rules/ (a build run in place), else the installed
  // /etc/peregrine/rules.d.
  if (rules_paths.empty()) {
    rules_paths.push_back(access(PEREGRINE_DEFAULT_RULES_DIR, R_OK) == 0
                              ? PEREGRINE_DEFAULT_RULES_DIR
                              : "/etc/peregrine/rules.d");
  }
  std::vector<compiler::Diagnostic> diagnostics;
  absl::StatusOr<std::unique_ptr<runtime::Ruleset>> ruleset =
      runtime::LoadRuleset(rules_paths, config, &diagnostics);
  PrintDiagnostics(diagnostics, options.verbose);
  if (!ruleset.ok()) {
    std::fprintf(stderr, "peregrine: %s\n", std::string(ruleset.status().message()).c_str());
    return 1;
  }
  if (options.list_rules) {
    ListRules(**ruleset, config.ruleset.format.json_output);
    return 0;
  }

  std::optional<std::string> replay = options.replay_path;
  if (!replay && !config.replay_capture_file.empty()) replay = config.replay_capture_file;
  if (!replay && config.engine_kind == "replay") {
    std::fputs("peregrine: -o engine.kind=replay needs -o engine.replay.capture_file=FILE\n",
               stderr);
    return 1;
  }
  if (options.dry_run) {
    std::fprintf(stderr, "peregrine: dry run: %d rules loaded (%zu enabled), nothing processed\n",
                 static_cast<int>((*ruleset)->compiled().loaded.rules.size()),
                 static_cast<size_t>((*ruleset)->compiled().enabled_rules()));
    return 0;
  }
  if (!replay) {
    LiveModeArgs live_args;
    live_args.overrides = options.overrides;
    live_args.duration_seconds = options.duration_seconds;
    live_args.capture_out = options.capture_out_path;
    live_args.workers_flag = options.workers;
    return RunLive(live_args, config, *std::move(ruleset), stop);
  }

  absl::StatusOr<std::unique_ptr<runtime::EventSource>> source =
      runtime::OpenCaptureSource(*replay);
  if (!source.ok()) {
    std::fprintf(stderr, "peregrine: %s\n", std::string(source.status().message()).c_str());
    return 1;
  }
  runtime::LiveRuleset live;
  live.Publish(*std::move(ruleset));
  runtime::StreamAlertSink sink(stdout, config.buffered_outputs);
  runtime::PipelineOptions pipeline_options;
  pipeline_options.rule_matching = config.rule_matching;
  pipeline_options.stop = stop;
  if (options.duration_seconds) {
    pipeline_options.duration = std::chrono::duration_cast<std::chrono::steady_clock::duration>(
        std::chrono::duration<double>(*options.duration_seconds));
  }
  runtime::EventPipeline pipeline(live, sink, pipeline_options);
  const absl::Status status = pipeline.Run(**source);
  std::fputs(runtime::FormatSummary(pipeline.counters()).c_str(), stderr);
  if (!status.ok()) {
    std::fprintf(stderr, "peregrine: %s: %s\n", replay->c_str(),
                 std::string(status.message()).c_str());
    return 1;
  }
  return 0;
}

}  // namespace peregrine::cli
