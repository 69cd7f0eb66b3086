#include "bench/harness/machine_facts.h"

#include <sys/utsname.h>
#include <unistd.h>

#include <algorithm>
#include <ctime>
#include <filesystem>
#include <fstream>

#include "base/json_writer.h"

namespace peregrine::bench {
namespace {

std::string FirstLine(const std::string& path) {
  std::ifstream in(path);
  std::string line;
  std::getline(in, line);
  return line;
}

}  // namespace

MachineFacts ReadMachineFacts() {
  MachineFacts f;
  {
    std::ifstream in("/proc/cpuinfo");
    std::string line;
    while (std::getline(in, line)) {
      if (line.rfind("model name", 0) == 0) {
        const size_t colon = line.find(':');
        if (colon != std::string::npos) f.cpu_model = line.substr(colon + 2);
        break;
      }
    }
  }
  utsname u;
  if (uname(&u) == 0) {
    f.kernel = u.release;
    f.hostname = u.nodename;
  }
  f.cores = static_cast<int>(sysconf(_SC_NPROCESSORS_ONLN));
  {
    std::ifstream in("/proc/loadavg");
    in >> f.loadavg_1m >> f.loadavg_5m >> f.loadavg_15m;
  }
  std::error_code ec;
  for (const auto& entry :
       std::filesystem::directory_iterator("/sys/devices/system/cpu/vulnerabilities", ec)) {
    f.mitigations.emplace_back(entry.path().filename().string(), FirstLine(entry.path()));
  }
  std::sort(f.mitigations.begin(), f.mitigations.end());
  char buffer[32];
  const std::time_t now = std::time(nullptr);
  std::tm tm;
  gmtime_r(&now, &tm);
  std::strftime(buffer, sizeof(buffer), "%Y-%m-%dT%H:%M:%SZ", &tm);
  f.timestamp = buffer;
  return f;
}

std::string MachineFactsJson(const MachineFacts& f) {
  JsonWriter w;
  w.BeginObject();
  w.Key("cpu_model").String(f.cpu_model);
  w.Key("kernel").String(f.kernel);
  w.Key("hostname").String(f.hostname);
  w.Key("cores").Int(f.cores);
  w.Key("loadavg").BeginArray().Double(f.loadavg_1m).Double(f.loadavg_5m).Double(f.loadavg_15m);
  w.EndArray();
  w.Key("mitigations").BeginObject();
  for (const auto& [name, state] : f.mitigations) w.Key(name).String(state);
  w.EndObject();
  w.Key("timestamp").String(f.timestamp);
  w.EndObject();
  return w.str();
}

}  // namespace peregrine::bench
