// ScenarioReport: what one peregrine-bench scenario measured — notes, then named values — printed
// as a table or as one flat JSON object, and written with the machine's facts to the results
// file. Also the options every new scenario shares (--json, --results PATH, --no-results) and
// the statistics they use (median, percentile).
//
// Usage:
//   ScenarioReport report("compile");
//   report.Add("lint_ms", 41.2, "ms", "lint, upstream rules");
//   return FinishScenario(report, common);   // prints, writes bench-results/<timestamp>.json
#ifndef PEREGRINE_BENCH_HARNESS_SCENARIO_REPORT_H_
#define PEREGRINE_BENCH_HARNESS_SCENARIO_REPORT_H_

#include <cstdint>
#include <cstdio>
#include <string>
#include <vector>

#include "bench/harness/machine_facts.h"

namespace peregrine::bench {

// Options shared by the scenarios.
struct CommonArgs {
  bool json = false;
  // The results file; "" = bench-results/<timestamp>.json under the current directory.
  std::string results_path;
  bool no_results = false;
};

// Consumes argv[*i] (and its value) when it is a common option; false otherwise.
bool ParseCommonArg(int argc, char** argv, int* i, CommonArgs* out);

// Thread-compatible value object. Construct it when the scenario starts: it records the
// machine's facts (load average) then.
class ScenarioReport {
 public:
  explicit ScenarioReport(std::string scenario)
      : scenario_(std::move(scenario)), machine_(ReadMachineFacts()) {}

  // A line printed above the table (and kept in the JSON under "notes").
  void Note(std::string line) { notes_.push_back(std::move(line)); }
  // A measured number. `key` is the JSON key (snake_case, unit suffix); `label` the table text.
  void Add(std::string key, double value, std::string unit, std::string label);
  // A fact that is not a number (JSON string).
  void AddText(std::string key, std::string value, std::string label);

  const std::string& scenario() const { return scenario_; }
  const MachineFacts& machine() const { return machine_; }
  // {"scenario": "...", "notes": [...], key: value, ...}; non-finite numbers become null.
  std::string Json() const;
  void PrintTable(std::FILE* out) const;

 private:
  struct Row {
    std::string key, unit, label, text;
    double value = 0;
    bool is_text = false;
  };
  std::string scenario_;
  MachineFacts machine_;
  std::vector<std::string> notes_;
  std::vector<Row> rows_;
};

// Prints the report (table, or the JSON object with --json), writes the results file unless
// --no-results, and returns the process exit status (1 when the file cannot be written).
int FinishScenario(const ScenarioReport& report, const CommonArgs& args);

double Median(std::vector<double> values);
// Nearest-rank percentile, p in [0, 100]; 0 for an empty vector.
double Percentile(std::vector<double> values, double p);

}  // namespace peregrine::bench

#endif  // PEREGRINE_BENCH_HARNESS_SCENARIO_REPORT_H_
