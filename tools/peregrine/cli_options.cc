#include "tools/peregrine/cli_options.h"

#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <string_view>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"

namespace peregrine::cli {
namespace {

constexpr char kUsage[] =
    "usage: peregrine [options]\n"
    "  -c CONFIG             configuration file in falco.yaml's schema (rules_files, outputs,\n"
    "                        priority, json_*, syscall_event_drops, peregrine.metrics, …)\n"
    "  -o KEY=VALUE          set any configuration key (repeatable; dotted paths and indices:\n"
    "                        json_output=true, file_output.filename=/tmp/a, rules_files[0]=x)\n"
    "  -r PATH               rules file or directory (repeatable; replaces rules_files)\n"
    "  --bundle FILE         run the rules of a bundle written by `rulec bundle` (verified; the\n"
    "                        last good bundle is kept in peregrine.bundle_state_dir for rollback)\n"
    "  -L                    list the rules and exit\n"
    "  -V PATH               validate rules files and exit (repeatable)\n"
    "  --dry-run             load the rules and the configuration, then exit\n"
    "  --replay FILE         read events from a capture file (.scap, .pgcap) instead of the "
    "kernel\n"
    "                        (also -o engine.kind=replay -o engine.replay.capture_file=FILE)\n"
    "  --duration SECONDS    stop after SECONDS (also -M)\n"
    "  --capture-out FILE    live mode: also write every event to a capture file (.pgcap, read\n"
    "                        back with --replay)\n"
    "  --workers N           live mode: pipeline workers (default: peregrine.workers, 0 = one\n"
    "                        per online CPU)\n"
    "  -v                    verbose: print rule warnings too\n"
    "  -h, --help            this text\n"
    "  --version             print the version\n"
    "Without --replay peregrine runs live on the eBPF probe (root needed). Without -r, -c or\n"
    "--bundle it uses the source tree's rules/ folder, or /etc/peregrine/rules.d.\n"
    "Alerts go to every enabled output (stdout and syslog by default, as in Falco's\n"
    "falco.yaml); the summary and logs to stderr. SIGINT/SIGTERM stop cleanly; SIGHUP, or a\n"
    "change of a rules file, the config file or the bundle (peregrine.reload.watch), reloads\n"
    "the rules without a restart.\n";

// Splits "--flag=value" and "-fvalue" forms. Returns the value for `flag` or nullopt when `arg`
// is not that flag; `*i` moves past a separate value.
absl::StatusOr<std::optional<std::string>> FlagValue(const std::vector<std::string>& args,
                                                     size_t* i, std::string_view flag) {
  const std::string& arg = args[*i];
  if (arg == flag) {
    if (*i + 1 >= args.size()) {
      return absl::InvalidArgumentError(
          absl::StrCat("option ", std::string(flag), " needs a value"));
    }
    return std::optional<std::string>(args[++*i]);
  }
  const bool long_flag = flag.size() > 2;
  if (long_flag && arg.size() > flag.size() + 1 && arg.compare(0, flag.size(), flag) == 0 &&
      arg[flag.size()] == '=') {
    return std::optional<std::string>(arg.substr(flag.size() + 1));
  }
  if (!long_flag && arg.size() > 2 && arg.compare(0, 2, flag) == 0 && arg[1] != '-') {
    return std::optional<std::string>(arg.substr(2));
  }
  return std::optional<std::string>();
}

}  // namespace

const char* CliUsage() { return kUsage; }

absl::StatusOr<CliOptions> ParseCli(const std::vector<std::string>& args) {
  CliOptions o;
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string& arg = args[i];
    if (arg == "-h" || arg == "--help") {
      o.help = true;
      continue;
    }
    if (arg == "--version") {
      o.version = true;
      continue;
    }
    if (arg == "-L") {
      o.list_rules = true;
      continue;
    }
    if (arg == "--dry-run") {
      o.dry_run = true;
      continue;
    }
    if (arg == "-v") {
      o.verbose = true;
      continue;
    }
    struct Valued {
      std::string_view flag;
      std::string_view alias;
    };
    bool handled = false;
    for (const Valued& v :
         {Valued{"-r", ""}, Valued{"-c", ""}, Valued{"--bundle", ""}, Valued{"-o", ""},
          Valued{"-V", ""}, Valued{"--replay", ""}, Valued{"--duration", "-M"},
          Valued{"--capture-out", ""}, Valued{"--workers", ""}}) {
      absl::StatusOr<std::optional<std::string>> value = FlagValue(args, &i, v.flag);
      if (!value.ok()) return value.status();
      if (!*value && !v.alias.empty()) {
        value = FlagValue(args, &i, v.alias);
        if (!value.ok()) return value.status();
      }
      if (!*value) continue;
      handled = true;
      const std::string& text = **value;
      if (v.flag == "-r") {
        o.rules_paths.push_back(text);
      } else if (v.flag == "-c") {
        o.config_path = text;
      } else if (v.flag == "--bundle") {
        o.bundle_path = text;
      } else if (v.flag == "-o") {
        o.overrides.push_back(text);
      } else if (v.flag == "-V") {
        o.validate_paths.push_back(text);
      } else if (v.flag == "--replay") {
        o.replay_path = text;
      } else if (v.flag == "--capture-out") {
        o.capture_out_path = text;
      } else if (v.flag == "--workers") {
        char* end = nullptr;
        errno = 0;
        const long n = std::strtol(text.c_str(), &end, 10);
        if (text.empty() || *end != '\0' || errno != 0 || n < 1 || n > 256) {
          return absl::InvalidArgumentError(absl::StrCat(
              "option --workers: expected an integer from 1 to 256, found '", text, "'"));
        }
        o.workers = static_cast<int>(n);
      } else {
        errno = 0;
        char* end = nullptr;
        const double seconds = std::strtod(text.c_str(), &end);
        if (text.empty() || *end != '\0' || errno != 0 || !std::isfinite(seconds) || seconds <= 0) {
          return absl::InvalidArgumentError(absl::StrCat(
              "option --duration: expected a positive number of seconds, found '", text, "'"));
        }
        o.duration_seconds = seconds;
      }
      break;
    }
    if (!handled) {
      return absl::InvalidArgumentError(absl::StrCat("unknown option '", arg, "'"));
    }
  }
  return o;
}

}  // namespace peregrine::cli
