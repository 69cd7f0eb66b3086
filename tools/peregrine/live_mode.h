// Live mode of `peregrine`: the eBPF probe → LivePipeline → alerts on stdout and/or a file.
#ifndef PEREGRINE_TOOLS_PEREGRINE_LIVE_MODE_H_
#define PEREGRINE_TOOLS_PEREGRINE_LIVE_MODE_H_

#include <atomic>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "runtime/engine/engine_config.h"
#include "runtime/matcher/ruleset.h"

namespace peregrine::cli {

// The outputs and pipeline knobs live mode reads from the `-o key=value` list (Falco's keys
// where Falco has them): stdout_output.enabled, file_output.enabled, file_output.filename,
// file_output.keep_alive (accepted), and Peregrine's live.workers, live.readers,
// live.ring_bytes_per_cpu.
struct LiveModeConfig {
  bool stdout_output = true;
  bool file_output = false;
  std::string file_output_filename;
  int workers = 1;
  int readers = 0;
  uint32_t ring_bytes_per_cpu = 8u << 20;
};

// Parses the keys above out of `overrides`; other keys are left to EngineConfig. Errors name
// the key: a bad boolean or number, or file_output enabled without a filename.
absl::StatusOr<LiveModeConfig> ParseLiveModeConfig(const std::vector<std::string>& overrides);

struct LiveModeArgs {
  std::vector<std::string> overrides;
  std::optional<double> duration_seconds;
  std::optional<std::string> capture_out;
  int workers_flag = 0;  // --workers (0 = not given)
};

// Runs live detection until `stop` or the duration; prints a summary with drop counters on
// stderr. Returns the exit status (1 with a message naming what is missing when the probe
// cannot load: root, BTF, a kernel refusal).
int RunLive(const LiveModeArgs& args, const runtime::EngineConfig& config,
            std::unique_ptr<runtime::Ruleset> ruleset, const std::atomic<bool>* stop);

}  // namespace peregrine::cli

#endif  // PEREGRINE_TOOLS_PEREGRINE_LIVE_MODE_H_
