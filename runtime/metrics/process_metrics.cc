#include "runtime/metrics/process_metrics.h"

#include <unistd.h>

#include <fstream>
#include <iterator>
#include <sstream>
#include <string>
#include <vector>

namespace peregrine::runtime::metrics {

std::optional<ProcessUsage> ReadProcessUsage() {
  std::ifstream in("/proc/self/stat");
  std::string stat((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  // "pid (comm) state ppid …": comm may hold spaces and parentheses, so fields count from the
  // last ')'. After it, field 3 (state) is index 0: utime=14, stime=15, num_threads=20, rss=24.
  const size_t close = stat.rfind(')');
  if (close == std::string::npos) return std::nullopt;
  std::istringstream fields(stat.substr(close + 2));
  std::vector<std::string> f{std::istream_iterator<std::string>(fields),
                             std::istream_iterator<std::string>()};
  if (f.size() < 22) return std::nullopt;
  const double ticks = static_cast<double>(sysconf(_SC_CLK_TCK));
  const long page = sysconf(_SC_PAGESIZE);
  ProcessUsage usage;
  try {
    usage.cpu_seconds = (std::stod(f[14 - 3]) + std::stod(f[15 - 3])) / ticks;
    usage.threads = std::stoull(f[20 - 3]);
    usage.resident_bytes = std::stoull(f[24 - 3]) * static_cast<uint64_t>(page);
  } catch (const std::exception&) {
    return std::nullopt;
  }
  return usage;
}

int RegisterProcessMetrics(Registry& registry) {
  return registry.AddCollector([](SampleWriter& out) {
    const std::optional<ProcessUsage> usage = ReadProcessUsage();
    if (!usage) return;
    out.Write(MetricType::kGauge, "peregrine_process_resident_memory_bytes",
              "Resident set size of the daemon in bytes", {},
              static_cast<double>(usage->resident_bytes));
    out.Write(MetricType::kCounter, "peregrine_process_cpu_seconds_total",
              "User and system CPU time of the daemon in seconds", {}, usage->cpu_seconds);
    out.Write(MetricType::kGauge, "peregrine_process_threads", "Threads of the daemon", {},
              static_cast<double>(usage->threads));
  });
}

}  // namespace peregrine::runtime::metrics
