// peregrine: the detection daemon. Replays capture files today; live capture comes with the
// probe integration.
#include <string>
#include <vector>

#include "tools/peregrine/peregrine_app.h"
#include "tools/peregrine/signal_watcher.h"

int main(int argc, char** argv) {
  // Before any other thread exists, so that all of them keep SIGINT/SIGTERM blocked.
  peregrine::cli::SignalWatcher signals;
  return peregrine::cli::RunPeregrine(std::vector<std::string>(argv + 1, argv + argc),
                                      &signals.stop());
}
