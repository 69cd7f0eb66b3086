// The results file: one JSON document per peregrine-bench run holding the machine's facts and
// each scenario's object, so runs on different machines or days can be compared; and a small
// reader of the flat scenario objects (top-level scalars) for the combined table.
#ifndef PEREGRINE_BENCH_HARNESS_RESULTS_FILE_H_
#define PEREGRINE_BENCH_HARNESS_RESULTS_FILE_H_

#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "bench/harness/machine_facts.h"

namespace peregrine::bench {

// A named JSON value, embedded as is.
using NamedJson = std::pair<std::string, std::string>;

// bench-results/<UTC YYYYmmdd-HHMMSS>.json (relative to the current directory).
std::string DefaultResultsPath();

// Writes {"machine": …, "scenarios": {name: json, …}, "google_benchmarks": {name: json, …}}
// to `path`, creating its directory. Each json must be a valid JSON value (the scenarios'
// objects, Google Benchmark's --benchmark_out files). Errors: the file cannot be written.
absl::Status WriteResultsFile(const std::string& path, const MachineFacts& machine,
                              const std::vector<NamedJson>& scenarios,
                              const std::vector<NamedJson>& google_benchmarks);

// The top-level members of a JSON object whose values are numbers, strings or booleans
// (strings unquoted and unescaped only for \" and \\), in order; nested values are skipped.
// Returns an empty vector when `json` is not an object.
std::vector<std::pair<std::string, std::string>> TopLevelScalars(const std::string& json);

}  // namespace peregrine::bench

#endif  // PEREGRINE_BENCH_HARNESS_RESULTS_FILE_H_
