// The `peregrine` program minus main(): flags → rules → replay (or list, validate, dry run).
#ifndef PEREGRINE_TOOLS_PEREGRINE_PEREGRINE_APP_H_
#define PEREGRINE_TOOLS_PEREGRINE_PEREGRINE_APP_H_

#include <atomic>
#include <string>
#include <vector>

namespace peregrine::cli {

// Runs peregrine with argv[1..]. Alerts go to stdout, everything else to stderr. `stop` (may be
// null) ends a replay early, flushing the alerts; SignalWatcher sets it on SIGINT/SIGTERM.
// Returns the exit status: 0 success, 1 error (bad flags, rules that do not load, unreadable
// capture, live mode, which is not wired yet).
int RunPeregrine(const std::vector<std::string>& args, const std::atomic<bool>* stop);

}  // namespace peregrine::cli

#endif  // PEREGRINE_TOOLS_PEREGRINE_PEREGRINE_APP_H_
