// peregrine: the detection daemon (live on the eBPF probe, or replaying capture files).
#include <string>
#include <vector>

#include "tools/peregrine/peregrine_app.h"
#include "tools/peregrine/signal_watcher.h"

int main(int argc, char** argv) {
  // Before any other thread exists, so that all of them keep SIGINT/SIGTERM/SIGHUP blocked.
  peregrine::cli::SignalWatcher signals;
  return peregrine::cli::RunPeregrine(std::vector<std::string>(argv + 1, argv + argc), &signals);
}
