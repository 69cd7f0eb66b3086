#include "bench/harness/scenario_report.h"

#include <algorithm>
#include <cmath>
#include <cstring>

#include "base/json_writer.h"
#include "bench/harness/results_file.h"

namespace peregrine::bench {

bool ParseCommonArg(int argc, char** argv, int* i, CommonArgs* out) {
  const char* a = argv[*i];
  if (std::strcmp(a, "--json") == 0) {
    out->json = true;
    return true;
  }
  if (std::strcmp(a, "--no-results") == 0) {
    out->no_results = true;
    return true;
  }
  if (std::strcmp(a, "--results") == 0 && *i + 1 < argc) {
    out->results_path = argv[++*i];
    return true;
  }
  return false;
}

void ScenarioReport::Add(std::string key, double value, std::string unit, std::string label) {
  Row r;
  r.key = std::move(key);
  r.value = value;
  r.unit = std::move(unit);
  r.label = std::move(label);
  rows_.push_back(std::move(r));
}

void ScenarioReport::AddText(std::string key, std::string value, std::string label) {
  Row r;
  r.key = std::move(key);
  r.text = std::move(value);
  r.label = std::move(label);
  r.is_text = true;
  rows_.push_back(std::move(r));
}

std::string ScenarioReport::Json() const {
  JsonWriter w;
  w.BeginObject();
  w.Key("scenario").String(scenario_);
  w.Key("notes").BeginArray();
  for (const std::string& n : notes_) w.String(n);
  w.EndArray();
  for (const Row& r : rows_) {
    w.Key(r.key);
    if (r.is_text) {
      w.String(r.text);
    } else if (!std::isfinite(r.value)) {
      w.Null();
    } else if (r.value == std::floor(r.value) && std::fabs(r.value) < 9e15) {
      w.Int(static_cast<int64_t>(r.value));
    } else {
      w.Double(r.value);
    }
  }
  w.EndObject();
  return w.str();
}

void ScenarioReport::PrintTable(std::FILE* out) const {
  std::fprintf(out, "== %s\n", scenario_.c_str());
  for (const std::string& n : notes_) std::fprintf(out, "  %s\n", n.c_str());
  size_t width = 0;
  for (const Row& r : rows_) width = std::max(width, r.label.size());
  for (const Row& r : rows_) {
    if (r.is_text) {
      std::fprintf(out, "  %-*s  %s\n", static_cast<int>(width), r.label.c_str(), r.text.c_str());
    } else {
      const double a = std::fabs(r.value);
      const char* format = a >= 1e5 || (a == std::floor(a)) ? "  %-*s  %14.0f %s\n"
                           : a >= 100                       ? "  %-*s  %14.1f %s\n"
                                                            : "  %-*s  %14.3f %s\n";
      std::fprintf(out, format, static_cast<int>(width), r.label.c_str(), r.value, r.unit.c_str());
    }
  }
}

int FinishScenario(const ScenarioReport& report, const CommonArgs& args) {
  const std::string json = report.Json();
  if (args.json) {
    std::printf("%s\n", json.c_str());
  } else {
    report.PrintTable(stdout);
  }
  std::fflush(stdout);
  if (args.no_results) return 0;
  const std::string path = args.results_path.empty() ? DefaultResultsPath() : args.results_path;
  const absl::Status s = WriteResultsFile(path, report.machine(), {{report.scenario(), json}}, {});
  if (!s.ok()) {
    std::fprintf(stderr, "peregrine-bench: %s\n", std::string(s.message()).c_str());
    return 1;
  }
  std::fprintf(stderr, "peregrine-bench: results in %s\n", path.c_str());
  return 0;
}

double Median(std::vector<double> values) {
  if (values.empty()) return 0;
  std::sort(values.begin(), values.end());
  const size_t n = values.size();
  return n % 2 == 1 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
}

double Percentile(std::vector<double> values, double p) {
  if (values.empty()) return 0;
  std::sort(values.begin(), values.end());
  const double rank = std::ceil(p / 100.0 * static_cast<double>(values.size()));
  const size_t index = rank <= 1 ? 0 : static_cast<size_t>(rank) - 1;
  return values[std::min(index, values.size() - 1)];
}

}  // namespace peregrine::bench
