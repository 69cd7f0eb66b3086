// The `peregrine` program minus main(): flags → configuration → rules → outputs and metrics →
// live or replay detection with hot reload (or list, validate, dry run).
#ifndef PEREGRINE_TOOLS_PEREGRINE_PEREGRINE_APP_H_
#define PEREGRINE_TOOLS_PEREGRINE_PEREGRINE_APP_H_

#include <string>
#include <vector>

#include "tools/peregrine/signal_watcher.h"

namespace peregrine::cli {

// Runs peregrine with argv[1..]. Alerts go to the configured outputs, everything else to
// stderr. `signals` (may be null) stops the run on SIGINT/SIGTERM, flushing the outputs, and
// reloads the rules on SIGHUP. Returns the exit status: 0 success, 1 error (bad flags or
// configuration, rules that do not load, unreadable capture, probe that cannot load, exit on
// drops).
int RunPeregrine(const std::vector<std::string>& args, SignalWatcher* signals);

}  // namespace peregrine::cli

#endif  // PEREGRINE_TOOLS_PEREGRINE_PEREGRINE_APP_H_
