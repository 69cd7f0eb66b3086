// live_bench: the live daemon's cost under a syscall-heavy workload, measured in-process.
//
// Starts the LivePipeline (probe → readers → queues → workers → rules) on the upstream
// falco_rules.yaml (or the rules given), runs `procs` child processes that loop open/close on
// /etc/hostname for `seconds`, and reports:
//   - the daemon's CPU% (this process: readers + workers; the workload runs in the children),
//   - its RSS (total, and anonymous memory = without the mmapped ring buffers),
//   - events processed end to end, events/s, and events/s per core (events / daemon CPU s),
//   - kernel ring drops and queue drops.
// Usage: live_bench [seconds=5] [workers=1] [procs=1] [rules=falco_rules.yaml]   (root)
#include <fcntl.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <string>
#include <thread>
#include <vector>

#include "runtime/engine/alert_sink.h"
#include "runtime/engine/engine_config.h"
#include "runtime/engine/ruleset_loader.h"
#include "runtime/live/live_pipeline.h"
#include "runtime/matcher/live_ruleset.h"

namespace {

double CpuSeconds() {
  rusage u;
  getrusage(RUSAGE_SELF, &u);
  return u.ru_utime.tv_sec + u.ru_stime.tv_sec + (u.ru_utime.tv_usec + u.ru_stime.tv_usec) / 1e6;
}

long StatusKb(const char* key) {
  std::ifstream in("/proc/self/status");
  std::string line;
  const std::string k = std::string(key) + ":";
  while (std::getline(in, line)) {
    if (line.rfind(k, 0) == 0) return std::atol(line.c_str() + k.size());
  }
  return -1;
}

}  // namespace

int main(int argc, char** argv) {
  using namespace peregrine::runtime;
  const double seconds = argc > 1 ? std::atof(argv[1]) : 5;
  const int workers = argc > 2 ? std::atoi(argv[2]) : 1;
  const int procs = argc > 3 ? std::atoi(argv[3]) : 1;
  const std::string rules =
      argc > 4 ? argv[4] : PEREGRINE_SHARED_DIR "/corpus/falco-rules/falco_rules.yaml";

  EngineConfig config;
  std::vector<peregrine::compiler::Diagnostic> diagnostics;
  auto ruleset = LoadRuleset({rules}, config, &diagnostics);
  if (!ruleset.ok()) {
    std::fprintf(stderr, "live_bench: %s\n", std::string(ruleset.status().message()).c_str());
    return 1;
  }
  LiveRuleset live;
  live.Publish(*std::move(ruleset));
  std::atomic<uint64_t> alerts{0};
  CallbackAlertSink sink([&](const Alert&) { alerts.fetch_add(1); });
  live::LiveOptions options;
  options.workers = workers;
  auto pipeline = live::LivePipeline::Create(live, sink, options);
  if (!pipeline.ok()) {
    std::fprintf(stderr, "live_bench: %s\n", std::string(pipeline.status().message()).c_str());
    return 1;
  }
  std::atomic<bool> stop{false};
  std::thread runner([&] { (void)(*pipeline)->Run(&stop); });
  while (!(*pipeline)->running()) std::this_thread::sleep_for(std::chrono::milliseconds(5));
  std::this_thread::sleep_for(std::chrono::milliseconds(200));

  const double cpu0 = CpuSeconds();
  const auto t0 = std::chrono::steady_clock::now();
  std::vector<pid_t> children;
  for (int i = 0; i < procs; ++i) {
    const pid_t pid = fork();
    if (pid == 0) {
      const auto end = std::chrono::steady_clock::now() + std::chrono::duration<double>(seconds);
      uint64_t n = 0;
      while (std::chrono::steady_clock::now() < end) {
        for (int k = 0; k < 256; ++k) close(open("/etc/hostname", O_RDONLY));
        n += 512;
      }
      std::printf("workload[%d]: %llu syscalls of interest (%.0f/s)\n", i,
                  static_cast<unsigned long long>(n), n / seconds);
      std::fflush(stdout);
      _exit(0);
    }
    children.push_back(pid);
  }
  for (pid_t c : children) waitpid(c, nullptr, 0);
  // Let the pipeline catch up with what the rings hold, then stop.
  const uint64_t until = (*pipeline)->NowTs();
  while ((*pipeline)->processed_until() <= until) {
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  const double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  const double cpu = CpuSeconds() - cpu0;
  const long rss = StatusKb("VmRSS");
  const long hwm = StatusKb("VmHWM");
  const long anon = StatusKb("RssAnon");
  stop.store(true);
  runner.join();
  const live::LiveCounters& c = (*pipeline)->counters();
  const double events = static_cast<double>(c.pipeline.events);
  std::printf(
      "live_bench: %d worker(s), %d workload proc(s), %.2f s wall\n"
      "  events processed      %.0f (%.0f/s), alerts %llu\n"
      "  daemon CPU            %.2f s = %.1f%% of one core (readers + workers)\n"
      "  events/s per core     %.0f (events / daemon CPU seconds)\n"
      "  daemon RSS            %ld KiB (peak %ld KiB), anonymous %ld KiB (without rings)\n"
      "  drops                 kernel %llu, queue %llu; late %llu\n",
      workers, procs, wall, events, events / wall, static_cast<unsigned long long>(alerts.load()),
      cpu, 100.0 * cpu / wall, cpu > 0 ? events / cpu : 0.0, rss, hwm, anon,
      static_cast<unsigned long long>(c.kernel_drops()),
      static_cast<unsigned long long>(c.queue_drops()),
      static_cast<unsigned long long>(c.late_events));
  return 0;
}
