// `peregrine-bench probe`: the probe cost measurements (bench/probe/probe_measure.h) and the
// slowdown of syscall-heavy programs with the daemon running (probe_slowdown.h), printed as a
// table or one JSON object, and written to the results file.
#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "bench/harness/machine_facts.h"
#include "bench/harness/probe_slowdown.h"
#include "bench/harness/results_file.h"
#include "bench/harness/scenario_report.h"
#include "bench/harness/scenarios.h"
#include "bench/probe/probe_measure.h"

namespace peregrine::bench {
namespace {

// PrintProbeResult's JSON object, as a string.
std::string ProbeJson(const ProbeBenchResult& r, ProbeBenchOptions options) {
  options.json = true;
  char* buffer = nullptr;
  size_t size = 0;
  std::FILE* mem = open_memstream(&buffer, &size);
  if (mem == nullptr) return "{}";
  PrintProbeResult(r, options, mem);
  std::fclose(mem);
  std::string out(buffer, size);
  std::free(buffer);
  while (!out.empty() && (out.back() == '\n' || out.back() == ' ')) out.pop_back();
  return out;
}

}  // namespace

int RunProbe(int argc, char** argv) {
  // Slowdown and results options are ours; the rest goes to ParseProbeBenchArgs.
  bool slowdown = true, probe_costs = true;
  SlowdownOptions slowdown_options;
  double scale = 1;
  CommonArgs common;
  std::vector<char*> rest;
  for (int i = 0; i < argc; ++i) {
    const bool has = i + 1 < argc;
    if (std::strcmp(argv[i], "--no-slowdown") == 0) {
      slowdown = false;
    } else if (std::strcmp(argv[i], "--slowdown-only") == 0) {
      probe_costs = false;
    } else if (std::strcmp(argv[i], "--slowdown-rounds") == 0 && has) {
      slowdown_options.rounds = std::atoi(argv[++i]);
    } else if (std::strcmp(argv[i], "--slowdown-scale") == 0 && has) {
      scale = std::atof(argv[++i]);
    } else if (std::strcmp(argv[i], "--results") == 0 && has) {
      common.results_path = argv[++i];
    } else if (std::strcmp(argv[i], "--no-results") == 0) {
      common.no_results = true;
    } else {
      rest.push_back(argv[i]);
    }
  }
  if (slowdown_options.rounds <= 0 || scale <= 0 || (!slowdown && !probe_costs)) {
    std::fprintf(stderr,
                 "peregrine-bench probe: also [--no-slowdown | --slowdown-only] "
                 "[--slowdown-rounds N] [--slowdown-scale F] [--results PATH|--no-results]\n");
    return 2;
  }
  for (uint64_t& n : slowdown_options.iterations) {
    n = std::max<uint64_t>(1, static_cast<uint64_t>(static_cast<double>(n) * scale));
  }
  const MachineFacts machine = ReadMachineFacts();
  ProbeBenchOptions options;
  if (!ParseProbeBenchArgs(static_cast<int>(rest.size()), rest.data(), "peregrine-bench probe",
                           &options)) {
    return 2;
  }
  std::string json;
  if (probe_costs) {
    auto result = MeasureProbe(options);
    if (!result.ok()) {
      std::fprintf(stderr, "peregrine-bench probe: %s\n", result.status().ToString().c_str());
      return 1;
    }
    json = ProbeJson(*result, options);
    if (!options.json) PrintProbeResult(*result, options, stdout);
  } else {
    json = "{}";
  }
  if (slowdown) {
    absl::StatusOr<SlowdownResult> s = MeasureSlowdown(slowdown_options);
    if (!s.ok()) {
      std::fprintf(stderr, "peregrine-bench probe: slowdown: %s\n", s.status().ToString().c_str());
      return 1;
    }
    // Merge the members into the probe's object.
    json.pop_back();  // '}'
    absl::StrAppend(&json, json.size() > 1 ? "," : "", SlowdownJsonMembers(*s), "}");
    if (!options.json) std::fputs(SlowdownTable(*s).c_str(), stdout);
  }
  if (options.json) std::printf("%s\n", json.c_str());
  std::fflush(stdout);
  if (common.no_results) return 0;
  const std::string path = common.results_path.empty() ? DefaultResultsPath() : common.results_path;
  if (absl::Status st = WriteResultsFile(path, machine, {{"probe", json}}, {}); !st.ok()) {
    std::fprintf(stderr, "peregrine-bench probe: %s\n", std::string(st.message()).c_str());
    return 1;
  }
  std::fprintf(stderr, "peregrine-bench: results in %s\n", path.c_str());
  return 0;
}

}  // namespace peregrine::bench
