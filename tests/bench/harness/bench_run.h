// Runs peregrine-bench with arguments and reads the flat JSON object it prints: shared by the
// harness smoke tests.
#ifndef PEREGRINE_TESTS_BENCH_HARNESS_BENCH_RUN_H_
#define PEREGRINE_TESTS_BENCH_HARNESS_BENCH_RUN_H_

#include <sys/wait.h>
#include <unistd.h>

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <regex>
#include <string>
#include <vector>

#include "gtest/gtest.h"

namespace peregrine::bench::testing {

struct BenchRun {
  int status = -1;
  std::string out;                            // stdout
  std::map<std::string, std::string> values;  // top-level "key": scalar of the last JSON line
};

inline BenchRun RunBench(const std::vector<std::string>& args) {
  std::string cmd = PEREGRINE_BENCH_BIN;
  for (const std::string& a : args) cmd += " '" + a + "'";
  BenchRun r;
  FILE* p = popen(cmd.c_str(), "r");
  if (p == nullptr) return r;
  char buffer[4096];
  size_t n;
  while ((n = std::fread(buffer, 1, sizeof(buffer), p)) > 0) r.out.append(buffer, n);
  const int ws = pclose(p);
  r.status = WIFEXITED(ws) ? WEXITSTATUS(ws) : -1;
  std::string json;
  size_t start = 0;
  while (start < r.out.size()) {
    size_t end = r.out.find('\n', start);
    if (end == std::string::npos) end = r.out.size();
    if (r.out[start] == '{') json = r.out.substr(start, end - start);
    start = end + 1;
  }
  // Scalars only: "key": number | "string" | true/false/null (nested values are not needed).
  static const std::regex kMember(
      R"re("([a-z0-9_]+)"\s*:\s*("[^"]*"|[-+0-9.eE]+|true|false|null))re");
  for (auto it = std::sregex_iterator(json.begin(), json.end(), kMember);
       it != std::sregex_iterator(); ++it) {
    r.values.emplace((*it)[1].str(), (*it)[2].str());
  }
  return r;
}

// The number under `key`; NaN when absent or not a number.
inline double Number(const BenchRun& r, const std::string& key) {
  auto it = r.values.find(key);
  if (it == r.values.end() || it->second.empty() || it->second[0] == '"' || it->second == "null" ||
      it->second == "true" || it->second == "false") {
    return std::nan("");
  }
  return std::strtod(it->second.c_str(), nullptr);
}

#define EXPECT_FINITE(run, key) \
  EXPECT_TRUE(std::isfinite(Number(run, key))) << "key " << (key) << " in " << (run).out

#define EXPECT_POSITIVE(run, key) \
  EXPECT_GT(Number(run, key), 0) << "key " << (key) << " in " << (run).out

}  // namespace peregrine::bench::testing

#endif  // PEREGRINE_TESTS_BENCH_HARNESS_BENCH_RUN_H_
