#include "bench/harness/probe_slowdown.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "bench/harness/live_daemon.h"
#include "bench/harness/scenario_report.h"

namespace peregrine::bench {
namespace {

absl::Status TimeAll(const SlowdownOptions& o,
                     std::array<std::vector<double>, load::kNumSyscallPrograms>* out) {
  for (int round = 0; round < o.rounds; ++round) {
    for (int p = 0; p < load::kNumSyscallPrograms; ++p) {
      absl::StatusOr<double> s =
          load::TimeProgram(static_cast<load::SyscallProgram>(p), o.iterations[p]);
      if (!s.ok()) return s.status();
      (*out)[p].push_back(*s);
    }
  }
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<SlowdownResult> MeasureSlowdown(const SlowdownOptions& options) {
  std::array<std::vector<double>, load::kNumSyscallPrograms> without, with;
  if (absl::Status s = TimeAll(options, &without); !s.ok()) return s;
  {
    LiveDaemonOptions o;
    o.rules = options.rules.empty() ? std::vector<std::string>{UpstreamRulesPath()} : options.rules;
    absl::StatusOr<std::unique_ptr<LiveDaemon>> daemon = LiveDaemon::Start(o);
    if (!daemon.ok()) return daemon.status();
    (*daemon)->WaitCaughtUp();
    if (absl::Status s = TimeAll(options, &with); !s.ok()) return s;
    if (absl::Status s = (*daemon)->Stop(); !s.ok()) return s;
  }
  if (absl::Status s = TimeAll(options, &without); !s.ok()) return s;
  SlowdownResult r;
  for (int p = 0; p < load::kNumSyscallPrograms; ++p) {
    r.without_s[p] = Median(without[p]);
    r.with_s[p] = Median(with[p]);
    r.iterations[p] = options.iterations[p];
  }
  return r;
}

std::string SlowdownJsonMembers(const SlowdownResult& r) {
  std::string out;
  for (int p = 0; p < load::kNumSyscallPrograms; ++p) {
    const char* name = load::SyscallProgramName(static_cast<load::SyscallProgram>(p));
    absl::StrAppendFormat(&out, "%s\"slowdown_%s\":%.4f,\"%s_without_ms\":%.3f,\"%s_with_ms\":%.3f",
                          p == 0 ? "" : ",", name, r.slowdown(p), name, r.without_s[p] * 1e3, name,
                          r.with_s[p] * 1e3);
  }
  return out;
}

std::string SlowdownTable(const SlowdownResult& r) {
  std::string out = "slowdown with the daemon running (upstream rules), medians:\n";
  for (int p = 0; p < load::kNumSyscallPrograms; ++p) {
    absl::StrAppendFormat(&out,
                          "  %-14s %8llu iterations  without %8.1f ms  with %8.1f ms  x%.3f\n",
                          load::SyscallProgramName(static_cast<load::SyscallProgram>(p)),
                          static_cast<unsigned long long>(r.iterations[p]), r.without_s[p] * 1e3,
                          r.with_s[p] * 1e3, r.slowdown(p));
  }
  return out;
}

}  // namespace peregrine::bench
