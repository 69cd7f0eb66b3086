// Config → outputs: builds the OutputManager with the sinks the configuration enables.
#ifndef PEREGRINE_RUNTIME_CONFIG_OUTPUT_WIRING_H_
#define PEREGRINE_RUNTIME_CONFIG_OUTPUT_WIRING_H_

#include <cstdio>
#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "runtime/config/config.h"
#include "runtime/metrics/registry.h"
#include "runtime/outputs/internal_alert.h"
#include "runtime/outputs/output_manager.h"

namespace peregrine::runtime::config {

// What the configuration does not say: where stdout is and where syslog listens (tests).
struct OutputEnvironment {
  FILE* stdout_stream = stdout;  // borrowed
  std::string syslog_socket = "/dev/log";
};

// One sink per enabled `*_output` section, in Falco's order (stdout, syslog, file, program,
// http), each with a queue of `outputs_queue.capacity`. HTTP requests time out after
// `output_timeout`. Errors: an enabled http_output without a url. `registry` (nullable) receives
// the outputs' metrics and must outlive the manager.
absl::StatusOr<std::unique_ptr<outputs::OutputManager>> CreateOutputManager(
    const Config& config, metrics::Registry* registry, const OutputEnvironment& env = {});

// The internal-alert options (syscall drops, …) that match the configured alert format.
outputs::InternalAlertOptions InternalAlertOptionsFor(const Config& config, std::string hostname);

}  // namespace peregrine::runtime::config

#endif  // PEREGRINE_RUNTIME_CONFIG_OUTPUT_WIRING_H_
