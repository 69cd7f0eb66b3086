#include "runtime/config/output_wiring.h"

#include "runtime/outputs/file_sink.h"
#include "runtime/outputs/http_sink.h"
#include "runtime/outputs/program_sink.h"
#include "runtime/outputs/stdout_sink.h"
#include "runtime/outputs/syslog_sink.h"

namespace peregrine::runtime::config {

absl::StatusOr<std::unique_ptr<outputs::OutputManager>> CreateOutputManager(
    const Config& config, metrics::Registry* registry, const OutputEnvironment& env) {
  std::vector<std::unique_ptr<outputs::Sink>> sinks;
  if (config.stdout_output.enabled) {
    sinks.push_back(
        std::make_unique<outputs::StdoutSink>(config.buffered_outputs, env.stdout_stream));
  }
  if (config.syslog_output.enabled) {
    outputs::SyslogSinkOptions o;
    o.socket_path = env.syslog_socket;
    sinks.push_back(std::make_unique<outputs::SyslogSink>(std::move(o)));
  }
  if (config.file_output.enabled) {
    outputs::FileSinkOptions o;
    o.filename = config.file_output.filename;
    o.keep_alive = config.file_output.keep_alive;
    o.buffered = config.buffered_outputs;
    sinks.push_back(std::make_unique<outputs::FileSink>(std::move(o)));
  }
  if (config.program_output.enabled) {
    outputs::ProgramSinkOptions o;
    o.program = config.program_output.program;
    o.keep_alive = config.program_output.keep_alive;
    o.buffered = config.buffered_outputs;
    sinks.push_back(std::make_unique<outputs::ProgramSink>(std::move(o)));
  }
  if (config.http_output.enabled) {
    const HttpOutputConfig& h = config.http_output;
    outputs::HttpSinkOptions o;
    o.url = h.url;
    o.user_agent = h.user_agent;
    o.json_output = config.json_output;
    o.insecure = h.insecure;
    o.ca_cert = h.ca_cert;
    o.ca_bundle = h.ca_bundle;
    o.ca_path = h.ca_path;
    o.mtls = h.mtls;
    o.client_cert = h.client_cert;
    o.client_key = h.client_key;
    o.echo = h.echo;
    o.echo_stream = env.stdout_stream;
    o.compress_uploads = h.compress_uploads;
    o.keep_alive = h.keep_alive;
    o.timeout_ms = static_cast<int>(config.output_timeout_ms);
    absl::StatusOr<std::unique_ptr<outputs::HttpSink>> sink =
        outputs::HttpSink::Create(std::move(o));
    if (!sink.ok()) return sink.status();
    sinks.push_back(*std::move(sink));
  }
  return std::make_unique<outputs::OutputManager>(
      std::move(sinks), static_cast<size_t>(config.outputs_queue_capacity), registry);
}

outputs::InternalAlertOptions InternalAlertOptionsFor(const Config& config, std::string hostname) {
  outputs::InternalAlertOptions o;
  o.json_output = config.json_output;
  o.json_include_output_property = config.json_include_output_property;
  o.time_format_iso_8601 = config.time_format_iso_8601;
  o.hostname = std::move(hostname);
  return o;
}

}  // namespace peregrine::runtime::config
