#include "tools/peregrine/peregrine_app.h"

#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "base/json_writer.h"
#include "runtime/engine/capture_source.h"
#include "runtime/engine/engine_config.h"
#include "runtime/engine/event_pipeline.h"
#include "runtime/engine/ruleset_loader.h"
#include "runtime/engine/summary.h"
#include "runtime/matcher/live_ruleset.h"
#include "runtime/reload/reload_controller.h"
#include "tools/peregrine/cli_options.h"
#include "tools/peregrine/daemon_services.h"
#include "tools/peregrine/live_mode.h"
#include "tools/peregrine/rules_source.h"
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

void PrintNotes(const std::vector<std::string>& notes) {
  for (const std::string& n : notes) std::fprintf(stderr, "peregrine: %s\n", n.c_str());
}

// Hot reload over `source`: the reload thread rebuilds (config, rules or bundle) and publishes.
std::unique_ptr<runtime::reload::ReloadController> StartReload(
    RulesSource& source, const BuiltRules& built, runtime::LiveRuleset& live,
    DaemonServices& services, runtime::reload::ReloadHooks hooks, SignalWatcher* signals) {
  runtime::reload::ReloadOptions options;
  options.watch = built.config->peregrine.reload.watch;
  options.debounce = std::chrono::milliseconds(built.config->peregrine.reload.debounce_ms);
  options.registry = &services.registry();
  hooks.log = [](const std::string& line) {
    std::fprintf(stderr, "peregrine: %s\n", line.c_str());
  };
  auto after = std::move(hooks.after_publish);
  hooks.after_publish = [&services, after = std::move(after)](const runtime::Ruleset& now_live) {
    services.OnRuleset(now_live);
    if (after) after(now_live);
  };
  runtime::reload::RulesetBuilder builder =
      [&source]() -> absl::StatusOr<runtime::reload::ReloadCandidate> {
    absl::StatusOr<BuiltRules> next = source.Build(/*rollback=*/false);
    if (!next.ok()) return next.status();
    PrintNotes(next->notes);
    runtime::reload::ReloadCandidate c;
    c.ruleset = std::move(next->ruleset);
    c.watch_paths = next->watch_paths;
    c.on_published = next->commit;
    c.description = next->description;
    return c;
  };
  absl::StatusOr<std::unique_ptr<runtime::reload::ReloadController>> controller =
      runtime::reload::ReloadController::Create(live, std::move(builder), std::move(hooks), options,
                                                built.watch_paths);
  if (!controller.ok()) {
    std::fprintf(stderr, "peregrine: hot reload disabled: %s\n",
                 std::string(controller.status().message()).c_str());
    return nullptr;
  }
  runtime::reload::ReloadController* c = controller->get();
  if (signals != nullptr) signals->SetHangupHandler([c] { c->RequestReload("SIGHUP"); });
  std::fprintf(
      stderr, "peregrine: hot reload on SIGHUP%s\n",
      options.watch
          ? absl::StrCat(" and on changes of ", absl::StrJoin(built.watch_paths, ", ")).c_str()
          : "");
  return *std::move(controller);
}

// Stops SIGHUP from reaching a controller that is going away.
class HangupGuard {
 public:
  explicit HangupGuard(SignalWatcher* signals) : signals_(signals) {}
  ~HangupGuard() {
    if (signals_ != nullptr) signals_->SetHangupHandler(nullptr);
  }

 private:
  SignalWatcher* signals_;
};

int RunReplay(const std::string& capture, const CliOptions& options, const BuiltRules& built,
              runtime::LiveRuleset& live, DaemonServices& services,
              const std::function<std::unique_ptr<runtime::reload::ReloadController>()>& reload,
              const std::atomic<bool>* signal_stop) {
  absl::StatusOr<std::unique_ptr<runtime::EventSource>> source =
      runtime::OpenCaptureSource(capture);
  if (!source.ok()) {
    std::fprintf(stderr, "peregrine: %s\n", std::string(source.status().message()).c_str());
    return 1;
  }
  services.StartMonitor(nullptr, signal_stop);
  runtime::PipelineOptions pipeline_options;
  pipeline_options.rule_matching = built.engine.rule_matching;
  pipeline_options.stop = &services.stop();
  pipeline_options.metrics = &services.metrics();
  if (options.duration_seconds) {
    pipeline_options.duration = std::chrono::duration_cast<std::chrono::steady_clock::duration>(
        std::chrono::duration<double>(*options.duration_seconds));
  }
  std::unique_ptr<runtime::reload::ReloadController> controller = reload();
  runtime::EventPipeline pipeline(live, services.sink(), pipeline_options);
  const absl::Status status = pipeline.Run(**source);
  controller.reset();
  std::fputs(runtime::FormatSummary(pipeline.counters()).c_str(), stderr);
  if (!status.ok()) {
    std::fprintf(stderr, "peregrine: %s: %s\n", capture.c_str(),
                 std::string(status.message()).c_str());
    return 1;
  }
  return 0;
}

}  // namespace

int RunPeregrine(const std::vector<std::string>& args, SignalWatcher* signals) {
  const std::atomic<bool>* signal_stop = signals != nullptr ? &signals->stop() : nullptr;
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
  absl::StatusOr<LoadedConfig> loaded = LoadConfigFromCli(options);
  if (!loaded.ok()) {
    std::fprintf(stderr, "peregrine: %s\n", std::string(loaded.status().message()).c_str());
    return 1;
  }
  if (options.verbose) {
    for (const std::string& key : loaded->ignored) {
      std::fprintf(stderr, "peregrine: %s: not used by peregrine, ignored\n", key.c_str());
    }
  }
  const std::string hostname = runtime::ResolveHostname();
  if (!options.validate_paths.empty()) {
    return Validate(options, runtime::EngineConfigFrom(*loaded->config, hostname));
  }

  // Default rules: the source tree's rules/ (a build run in place), else the installed
  // /etc/peregrine/rules.d.
  RulesSource source(options,
                     access(PEREGRINE_DEFAULT_RULES_DIR, R_OK) == 0 ? PEREGRINE_DEFAULT_RULES_DIR
                                                                    : "/etc/peregrine/rules.d",
                     hostname);
  absl::StatusOr<BuiltRules> built = source.Build(/*rollback=*/true);
  if (!built.ok()) {
    std::fprintf(stderr, "peregrine: %s\n", std::string(built.status().message()).c_str());
    return 1;
  }
  PrintNotes(built->notes);
  if (options.list_rules) {
    ListRules(*built->ruleset, built->engine.ruleset.format.json_output);
    return 0;
  }

  std::optional<std::string> replay = options.replay_path;
  if (!replay && !built->engine.replay_capture_file.empty()) {
    replay = built->engine.replay_capture_file;
  }
  if (!replay && built->engine.engine_kind == "replay") {
    std::fputs("peregrine: -o engine.kind=replay needs -o engine.replay.capture_file=FILE\n",
               stderr);
    return 1;
  }
  if (options.dry_run) {
    std::fprintf(stderr, "peregrine: dry run: %d rules loaded (%zu enabled), nothing processed\n",
                 static_cast<int>(built->ruleset->compiled().loaded.rules.size()),
                 static_cast<size_t>(built->ruleset->compiled().enabled_rules()));
    return 0;
  }

  absl::StatusOr<std::unique_ptr<DaemonServices>> services =
      DaemonServices::Create(*built->config, hostname);
  if (!services.ok()) {
    std::fprintf(stderr, "peregrine: %s\n", std::string(services.status().message()).c_str());
    return 1;
  }
  if ((*services)->metrics_port() != 0) {
    std::fprintf(stderr, "peregrine: metrics on http://%s:%u/metrics\n",
                 built->config->peregrine.metrics.listen_address.c_str(),
                 static_cast<unsigned>((*services)->metrics_port()));
  }
  runtime::LiveRuleset live;
  live.Publish(std::move(built->ruleset));
  (*services)->OnRuleset(*live.Current());
  if (built->commit) built->commit();
  std::fprintf(stderr, "peregrine: ruleset generation %llu, hash %016llx (%s)\n",
               static_cast<unsigned long long>(live.generation()),
               static_cast<unsigned long long>(live.Current()->hash()), built->description.c_str());

  HangupGuard hangup_guard(signals);
  int rc = 0;
  if (replay) {
    rc = RunReplay(
        *replay, options, *built, live, **services,
        [&] { return StartReload(source, *built, live, **services, {}, signals); }, signal_stop);
  } else {
    LiveModeArgs live_args;
    live_args.duration_seconds = options.duration_seconds;
    live_args.capture_out = options.capture_out_path;
    live_args.workers_flag = options.workers;
    rc = RunLive(
        live_args, *built->config, built->engine, live, **services,
        [&](runtime::reload::ReloadHooks hooks) {
          return StartReload(source, *built, live, **services, std::move(hooks), signals);
        },
        signal_stop);
  }
  if (signals != nullptr) signals->SetHangupHandler(nullptr);
  if (!(*services)->Shutdown()) {
    std::fputs("peregrine: some alerts could not be delivered before the shutdown deadline\n",
               stderr);
  }
  if ((*services)->exit_on_drops()) {
    std::fputs("peregrine: exiting on syscall event drops (syscall_event_drops.actions: exit)\n",
               stderr);
    return 1;
  }
  return rc;
}

}  // namespace peregrine::cli
