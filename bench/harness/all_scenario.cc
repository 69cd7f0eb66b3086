// `peregrine-bench all`: the standard set — every scenario with its standard parameters, each in
// its own process (so that one scenario's memory or probe does not colour the next) — plus the
// Google Benchmark results tools/run_bench.sh collected (--benchmark_out JSON files); prints one
// table and writes one results file with the machine's facts.
#include <dirent.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "bench/harness/live_daemon.h"
#include "bench/harness/machine_facts.h"
#include "bench/harness/results_file.h"
#include "bench/harness/scenarios.h"

namespace peregrine::bench {
namespace {

struct Planned {
  std::string name;               // key in the results file
  std::vector<std::string> argv;  // subcommand and arguments
};

std::vector<Planned> StandardSet(bool quick) {
  const std::string up = UpstreamRulesPath(), own = OwnRulesPath();
  if (quick) {
    return {
        {"eval", {"eval", "--rules", up, "--events", "20000", "--runs", "1", "--json"}},
        {"eval-capture", {"eval-capture", "--runs", "1", "--rules", up, "--json", "--no-results"}},
        {"compile", {"compile", "--runs", "1", "--scale", "25", "--json", "--no-results"}},
        {"probe",
         {"probe", "--rounds", "1", "--calls", "20000", "--slowdown-rounds", "1",
          "--slowdown-scale", "0.05", "--json", "--no-results"}},
        {"throughput",
         {"throughput", "--start-rate", "5000", "--max-steps", "2", "--step-seconds", "0.3",
          "--json", "--no-results"}},
        {"prefilter", {"prefilter", "--ops", "5000", "--rounds", "1", "--json", "--no-results"}},
        {"reload",
         {"reload", "--reloads", "2", "--interval-ms", "50", "--rate", "2000", "--json",
          "--no-results"}},
    };
  }
  return {
      {"eval", {"eval", "--rules", up, "--json"}},
      {"eval-rules", {"eval", "--rules", own, "--json"}},
      {"eval-capture", {"eval-capture", "--runs", "3", "--json", "--no-results"}},
      {"compile", {"compile", "--runs", "3", "--json", "--no-results"}},
      {"probe", {"probe", "--rounds", "5", "--json", "--no-results"}},
      {"throughput", {"throughput", "--json", "--no-results"}},
      {"prefilter", {"prefilter", "--json", "--no-results"}},
      {"prefilter-rules", {"prefilter", "--rules", own, "--json", "--no-results"}},
      {"reload", {"reload", "--json", "--no-results"}},
  };
}

// Runs this binary with `argv`, returns its stdout (the scenario's JSON) and exit status.
std::string RunSelf(const std::vector<std::string>& argv, int* status) {
  int pipefd[2];
  if (pipe(pipefd) != 0) {
    *status = -1;
    return "";
  }
  const pid_t pid = fork();
  if (pid == 0) {
    dup2(pipefd[1], 1);
    close(pipefd[0]);
    close(pipefd[1]);
    std::vector<char*> args;
    static char self[] = "peregrine-bench";
    args.push_back(self);
    for (const std::string& a : argv) args.push_back(const_cast<char*>(a.c_str()));
    args.push_back(nullptr);
    execv("/proc/self/exe", args.data());
    _exit(127);
  }
  close(pipefd[1]);
  std::string out;
  char buffer[4096];
  ssize_t n;
  while ((n = read(pipefd[0], buffer, sizeof(buffer))) > 0) out.append(buffer, n);
  close(pipefd[0]);
  int ws = 0;
  waitpid(pid, &ws, 0);
  *status = WIFEXITED(ws) ? WEXITSTATUS(ws) : 128;
  // The JSON object is the last line that starts with '{'.
  std::istringstream lines(out);
  std::string line, json;
  while (std::getline(lines, line)) {
    if (!line.empty() && line[0] == '{') json = line;
  }
  return json;
}

struct TableRow {
  std::string scenario, metric, value;
};

// The median rows of one Google Benchmark --benchmark_out JSON document: each object of its
// "benchmarks" array is flat, so TopLevelScalars reads it.
void AddGbenchRows(const std::string& name, const std::string& json, std::vector<TableRow>* rows) {
  const size_t array = json.find("\"benchmarks\"");
  bool any = false;
  size_t i = array == std::string::npos ? json.size() : json.find('[', array);
  while (i < json.size()) {
    const size_t open = json.find('{', i);
    if (open == std::string::npos) break;
    const size_t close = json.find('}', open);  // benchmark entries hold no nested objects
    if (close == std::string::npos) break;
    i = close + 1;
    std::string aggregate, bench, time, unit, items;
    for (const auto& [key, value] : TopLevelScalars(json.substr(open, close - open + 1))) {
      if (key == "aggregate_name") aggregate = value;
      if (key == "name") bench = value;
      if (key == "real_time") time = value;
      if (key == "time_unit") unit = value;
      if (key == "items_per_second") items = value;
    }
    if (aggregate != "median") continue;
    std::string text = absl::StrFormat("%.4g %s", std::strtod(time.c_str(), nullptr), unit);
    if (!items.empty()) {
      absl::StrAppendFormat(&text, ", %.4g items/s", std::strtod(items.c_str(), nullptr));
    }
    rows->push_back({name, bench, text});
    any = true;
  }
  if (!any) rows->push_back({name, "(no median rows)", "see the results file"});
}

std::string ReadFile(const std::string& path) {
  std::ifstream in(path);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

}  // namespace

int RunAll(int argc, char** argv) {
  bool quick = false;
  std::string results_path, gbench_dir;
  std::vector<std::string> only;
  for (int i = 0; i < argc; ++i) {
    const bool has = i + 1 < argc;
    if (std::strcmp(argv[i], "--quick") == 0) {
      quick = true;
    } else if (std::strcmp(argv[i], "--results") == 0 && has) {
      results_path = argv[++i];
    } else if (std::strcmp(argv[i], "--gbench-dir") == 0 && has) {
      gbench_dir = argv[++i];
    } else if (std::strcmp(argv[i], "--only") == 0 && has) {
      only.emplace_back(argv[++i]);
    } else {
      std::fprintf(stderr,
                   "usage: peregrine-bench all [--quick] [--only SCENARIO]... "
                   "[--gbench-dir DIR] [--results PATH]\n");
      return 2;
    }
  }
  const MachineFacts machine = ReadMachineFacts();
  std::vector<NamedJson> scenarios;
  std::vector<TableRow> rows;
  int failures = 0;
  for (const Planned& p : StandardSet(quick)) {
    if (!only.empty() && std::find(only.begin(), only.end(), p.name) == only.end()) continue;
    std::fprintf(stderr, "peregrine-bench all: %s ...\n", p.name.c_str());
    const auto start = std::chrono::steady_clock::now();
    int status = 0;
    const std::string json = RunSelf(p.argv, &status);
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    const auto scalars = TopLevelScalars(json);
    if (status != 0 || scalars.empty()) {
      ++failures;
      rows.push_back({p.name, "FAILED", absl::StrCat("exit status ", status)});
      scenarios.emplace_back(p.name, "null");
      continue;
    }
    scenarios.emplace_back(p.name, json);
    for (const auto& [key, value] : scalars) {
      if (key == "scenario") continue;
      rows.push_back({p.name, key, value});
    }
    rows.push_back({p.name, "(scenario wall time)", absl::StrCat(static_cast<int>(seconds), " s")});
  }
  std::vector<NamedJson> gbench;
  if (!gbench_dir.empty()) {
    std::vector<std::string> names;
    if (DIR* dir = opendir(gbench_dir.c_str())) {
      while (dirent* e = readdir(dir)) {
        const std::string f = e->d_name;
        if (f.size() > 5 && f.compare(f.size() - 5, 5, ".json") == 0) {
          names.push_back(f.substr(0, f.size() - 5));
        }
      }
      closedir(dir);
    }
    std::sort(names.begin(), names.end());
    for (const std::string& n : names) {
      const std::string json = ReadFile(gbench_dir + "/" + n + ".json");
      gbench.emplace_back(n, json.find('{') == std::string::npos ? "null" : json);
      AddGbenchRows(n, json, &rows);
    }
  }
  size_t w0 = 8, w1 = 6;
  for (const TableRow& r : rows) {
    w0 = std::max(w0, r.scenario.size());
    w1 = std::max(w1, r.metric.size());
  }
  std::printf("\nperegrine-bench standard set — %s, %s, %d cores, load %.2f at start\n",
              machine.cpu_model.c_str(), machine.kernel.c_str(), machine.cores, machine.loadavg_1m);
  std::printf("%-*s  %-*s  %s\n", static_cast<int>(w0), "scenario", static_cast<int>(w1), "metric",
              "value");
  std::string last;
  for (const TableRow& r : rows) {
    if (r.scenario != last && !last.empty()) std::printf("\n");
    last = r.scenario;
    std::printf("%-*s  %-*s  %s\n", static_cast<int>(w0), r.scenario.c_str(), static_cast<int>(w1),
                r.metric.c_str(), r.value.c_str());
  }
  const std::string path = results_path.empty() ? DefaultResultsPath() : results_path;
  if (absl::Status s = WriteResultsFile(path, machine, scenarios, gbench); !s.ok()) {
    std::fprintf(stderr, "peregrine-bench all: %s\n", std::string(s.message()).c_str());
    return 1;
  }
  std::printf("\nresults: %s%s\n", path.c_str(),
              failures > 0 ? absl::StrCat(" (", failures, " scenario(s) FAILED)").c_str() : "");
  return failures > 0 ? 1 : 0;
}

}  // namespace peregrine::bench
