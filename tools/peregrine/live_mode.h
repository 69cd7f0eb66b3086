// Live mode of `peregrine`: the eBPF probe → LivePipeline → the configured outputs, with hot
// reload updating the probe's syscall interest.
#ifndef PEREGRINE_TOOLS_PEREGRINE_LIVE_MODE_H_
#define PEREGRINE_TOOLS_PEREGRINE_LIVE_MODE_H_

#include <atomic>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "runtime/config/config.h"
#include "runtime/engine/engine_config.h"
#include "runtime/matcher/live_ruleset.h"
#include "runtime/reload/reload_controller.h"
#include "tools/peregrine/daemon_services.h"

namespace peregrine::cli {

struct LiveModeArgs {
  std::optional<double> duration_seconds;
  std::optional<std::string> capture_out;
  int workers_flag = 0;  // --workers (0 = not given: peregrine.workers)
};

// Starts hot reload with the given hooks added (the caller owns the sources and the builder);
// returns null when reload could not start (the caller logged why).
using ReloadStarter =
    std::function<std::unique_ptr<runtime::reload::ReloadController>(runtime::reload::ReloadHooks)>;

// Runs live detection over `live` (already published) until `signal_stop` (may be null),
// services.stop() (the drop monitor's exit action) or the duration;
// alerts go to services.sink(). The reload controller from `start_reload` updates the probe's
// kernel plan around each swap (runtime/live/interest.h): syscall interest widened to old ∪ new
// and approvers narrowed to old ∩ new before the publication, then the new ruleset's own set
// after it. Prints a summary with drop counters on stderr. Returns
// the exit status (1 with a message naming what is missing when the probe cannot load).
int RunLive(const LiveModeArgs& args, const runtime::config::Config& config,
            const runtime::EngineConfig& engine, runtime::LiveRuleset& live,
            DaemonServices& services, const ReloadStarter& start_reload,
            const std::atomic<bool>* signal_stop);

}  // namespace peregrine::cli

#endif  // PEREGRINE_TOOLS_PEREGRINE_LIVE_MODE_H_
