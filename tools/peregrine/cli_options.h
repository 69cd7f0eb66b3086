// The `peregrine` command line: Falco's flags where they exist (-r, -c, -o, -L, -V, --dry-run)
// plus --replay and --duration.
#ifndef PEREGRINE_TOOLS_PEREGRINE_CLI_OPTIONS_H_
#define PEREGRINE_TOOLS_PEREGRINE_CLI_OPTIONS_H_

#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"

namespace peregrine::cli {

struct CliOptions {
  std::vector<std::string> rules_paths;         // -r, in order
  std::optional<std::string> config_path;       // -c
  std::optional<std::string> bundle_path;       // --bundle (also peregrine.bundle in the config)
  std::vector<std::string> overrides;           // -o key=value, in order
  std::vector<std::string> validate_paths;      // -V
  bool list_rules = false;                      // -L
  bool dry_run = false;                         // --dry-run
  std::optional<std::string> replay_path;       // --replay
  std::optional<double> duration_seconds;       // --duration / -M
  std::optional<std::string> capture_out_path;  // --capture-out (live mode)
  int workers = 0;                              // --workers (live mode; 0 = default)
  bool verbose = false;                         // -v: print rule warnings too
  bool help = false;
  bool version = false;
};

// Parses argv[1..]. Accepts "-r PATH" and "-rPATH", "--replay FILE" and "--replay=FILE", and so
// on. Errors name the flag: unknown flags, missing values, a duration that is not a positive
// number.
absl::StatusOr<CliOptions> ParseCli(const std::vector<std::string>& args);

// The --help text.
const char* CliUsage();

}  // namespace peregrine::cli

#endif  // PEREGRINE_TOOLS_PEREGRINE_CLI_OPTIONS_H_
