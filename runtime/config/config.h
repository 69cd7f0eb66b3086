// Config: the daemon's configuration, falco.yaml's schema (spec §7) plus the `peregrine:` section.
#ifndef PEREGRINE_RUNTIME_CONFIG_CONFIG_H_
#define PEREGRINE_RUNTIME_CONFIG_CONFIG_H_

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "runtime/metrics/drop_handler.h"

namespace peregrine::runtime::config {

enum class RuleMatching { kFirst, kAll };

// Falco's log levels (syslog-style names), most severe first.
enum class LogLevel { kEmergency, kAlert, kCritical, kError, kWarning, kNotice, kInfo, kDebug };

struct StdoutOutputConfig {
  bool enabled = true;
};

struct SyslogOutputConfig {
  bool enabled = true;
};

struct FileOutputConfig {
  bool enabled = false;
  bool keep_alive = false;
  std::string filename = "./events.txt";
};

struct ProgramOutputConfig {
  bool enabled = false;
  bool keep_alive = false;
  std::string program =
      "jq '{text: .output}' | curl -d @- -X POST https://hooks.slack.com/services/XXX";
};

struct HttpOutputConfig {
  bool enabled = false;
  std::string url;
  std::string user_agent = "falcosecurity/falco";
  bool insecure = false;
  std::string ca_cert;
  std::string ca_bundle;
  std::string ca_path = "/etc/falco/certs/";
  bool mtls = false;
  std::string client_cert = "/etc/falco/certs/client/client.crt";
  std::string client_key = "/etc/falco/certs/client/client.key";
  bool echo = false;
  bool compress_uploads = false;
  bool keep_alive = false;
  uint32_t max_consecutive_timeouts = 5;
};

// One `append_output` entry (spec §6.4).
struct AppendOutputConfig {
  std::optional<std::string> match_rule;
  std::optional<std::string> match_source;
  std::vector<std::string> match_tags;
  std::string extra_output;
  std::vector<std::pair<std::string, std::string>> extra_templates;  // {name: template}
  std::vector<std::string> extra_fields;                             // bare field names
  bool suggested_output = false;
};

// Falco's default append_output entry: {suggested_output: true}.
inline AppendOutputConfig SuggestedOutput() {
  AppendOutputConfig e;
  e.suggested_output = true;
  return e;
}

// Our own keys, under `peregrine:`.
struct PeregrineConfig {
  uint64_t ring_buffer_bytes = 8 * 1024 * 1024;  // per CPU; a power of two ≥ 4096
  uint32_t workers = 0;                          // event workers; 0 = one per online CPU
  struct Metrics {
    bool enabled = false;
    std::string listen_address = "127.0.0.1";
    uint16_t port = 8766;
  } metrics;
  struct Reload {
    bool watch = true;           // inotify on rules files/dirs, the config file and the bundle
    uint32_t debounce_ms = 200;  // a burst of file events within this window is one reload
  } reload;
  // A rules bundle (`rulec bundle`) to run instead of rules_files; "" = none (`--bundle`).
  std::string bundle;
  // Where verified bundles are kept (the current one and the previous one, for rollback).
  std::string bundle_state_dir = "/var/lib/peregrine/bundles";
  uint32_t shutdown_flush_ms = 5000;  // deadline to drain the output queues at exit
};

// Falco's `engine:` section, the keys Peregrine uses (the others are accepted and ignored).
struct EngineSection {
  std::string kind;                 // `engine.kind` ("" when not set)
  std::string replay_capture_file;  // `engine.replay.capture_file`
};

// Defaults are the values of Falco's shipped falco.yaml (spec §7). Immutable once loaded: the
// loader hands it out as std::shared_ptr<const Config>.
struct Config {
  std::vector<std::string> rules_files = {
      "/etc/falco/falco_rules.yaml", "/etc/falco/falco_rules.local.yaml", "/etc/falco/rules.d"};
  bool json_output = false;
  bool json_include_output_property = true;
  bool json_include_message_property = false;
  bool json_include_output_fields_property = true;
  bool json_include_tags_property = true;
  uint8_t priority = 7;  // minimum severity, 0 Emergency … 7 Debug
  RuleMatching rule_matching = RuleMatching::kFirst;
  bool time_format_iso_8601 = false;
  bool buffer_format_base64 = false;
  bool buffered_outputs = false;
  uint64_t outputs_queue_capacity = 0;  // 0 = unbounded
  uint32_t output_timeout_ms = 2000;
  StdoutOutputConfig stdout_output;
  SyslogOutputConfig syslog_output;
  FileOutputConfig file_output;
  ProgramOutputConfig program_output;
  HttpOutputConfig http_output;
  metrics::DropPolicy syscall_event_drops;
  LogLevel log_level = LogLevel::kInfo;
  bool log_stderr = true;
  bool log_syslog = true;
  std::vector<AppendOutputConfig> append_output = {SuggestedOutput()};
  bool watch_config_files = true;
  EngineSection engine;
  PeregrineConfig peregrine;
};

}  // namespace peregrine::runtime::config

#endif  // PEREGRINE_RUNTIME_CONFIG_CONFIG_H_
