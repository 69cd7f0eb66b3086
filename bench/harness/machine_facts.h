// The facts of the machine a benchmark ran on, recorded with every result so runs can be
// compared: CPU model, kernel, cores, CPU vulnerability mitigations, load average at start.
#ifndef PEREGRINE_BENCH_HARNESS_MACHINE_FACTS_H_
#define PEREGRINE_BENCH_HARNESS_MACHINE_FACTS_H_

#include <string>
#include <utility>
#include <vector>

namespace peregrine::bench {

struct MachineFacts {
  std::string cpu_model;  // /proc/cpuinfo "model name"
  std::string kernel;     // uname -r
  std::string hostname;
  int cores = 0;  // online CPUs
  double loadavg_1m = 0, loadavg_5m = 0, loadavg_15m = 0;
  // /sys/devices/system/cpu/vulnerabilities/<name>: its one-line state.
  std::vector<std::pair<std::string, std::string>> mitigations;
  std::string timestamp;  // UTC, ISO 8601
};

// Reads the facts now; fields that cannot be read stay empty (or 0).
MachineFacts ReadMachineFacts();

// One JSON object.
std::string MachineFactsJson(const MachineFacts& facts);

}  // namespace peregrine::bench

#endif  // PEREGRINE_BENCH_HARNESS_MACHINE_FACTS_H_
