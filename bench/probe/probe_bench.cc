// probe_bench: ns per syscall in one run with (a) nothing attached, (b) an empty program on
// tp_btf/sys_exit, (c) the probe attached with the syscall uninteresting (getppid loop), (d) the
// probe attached with openat interesting, records emitted and consumed (openat of /dev/null +
// close, drained every 256 calls in the same thread); plus the ring drain rate of one consumer.
//
// With --kernel-split, a separate phase (BPF run-time statistics on) splits (d) into the kernel
// side (the dispatcher's run time, fillers included, per openat+close) and the consumer side (time
// in DrainAll per record).
//
// Usage: probe_bench [--json] [--rounds N] [--calls N] [--no-context] [--wakeup-every N]
//                    [--kernel-split]   (needs root)
// Medians over rounds; configurations are interleaved per round to share the machine's noise.
#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include <fcntl.h>
#include <sched.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <string>
#include <vector>

#include "probe/abi/record_view.h"
#include "probe/bpf/pg_noop.skel.h"
#include "probe/loader/probe.h"

namespace {

using peregrine::probe::Probe;
using peregrine::probe::ProbeOptions;
using peregrine::probe::RingRecord;

uint64_t NowNs() {
  timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return uint64_t(ts.tv_sec) * 1000000000ull + ts.tv_nsec;
}

double GetppidNs(int calls) {
  const uint64_t start = NowNs();
  for (int i = 0; i < calls; ++i) syscall(SYS_getppid);
  return double(NowNs() - start) / calls;
}

// openat("/dev/null") + close per iteration; `probe` (nullable) is drained every 256 calls.
// `drain_ns` (nullable) accumulates the time spent draining.
double OpenatNs(int calls, Probe* probe, size_t* consumed, uint64_t* drain_ns = nullptr) {
  auto drain = [&] {
    const uint64_t t0 = NowNs();
    auto n = probe->DrainAll([](const RingRecord&) {});
    if (drain_ns != nullptr) *drain_ns += NowNs() - t0;
    if (n.ok() && consumed != nullptr) *consumed += *n;
  };
  const uint64_t start = NowNs();
  for (int i = 0; i < calls; ++i) {
    int fd = static_cast<int>(syscall(SYS_openat, AT_FDCWD, "/dev/null", O_RDONLY));
    syscall(SYS_close, fd);
    if (probe != nullptr && (i & 255) == 255) drain();
  }
  if (probe != nullptr) drain();
  return double(NowNs() - start) / calls;
}

// Kernel run time of the dispatcher per openat+close iteration, and consumer time per record.
struct KernelSplit {
  std::vector<double> uninteresting_kernel_ns, emitted_kernel_ns, consumer_ns_per_record;
};

// Runs the split phase; false when statistics cannot be enabled or read.
bool MeasureKernelSplit(Probe& probe, int rounds, int calls, KernelSplit* out) {
  const int stats_fd = bpf_enable_stats(BPF_STATS_RUN_TIME);
  if (stats_fd < 0) {
    std::fprintf(stderr, "probe_bench: cannot enable BPF run-time statistics: %s\n",
                 strerror(errno));
    return false;
  }
  auto kernel_ns = [&](bool emit, uint64_t* drain_ns, size_t* consumed) -> double {
    if (!probe.SetInterest(emit ? std::vector<int>{SYS_openat} : std::vector<int>{}, false).ok()) {
      return -1;
    }
    auto before = probe.DispatcherRunStats();
    OpenatNs(calls, emit ? &probe : nullptr, consumed, drain_ns);
    auto after = probe.DispatcherRunStats();
    if (!before.ok() || !after.ok()) return -1;
    return double(after->run_time_ns - before->run_time_ns) / calls;
  };
  bool ok = true;
  for (int r = 0; r < rounds && ok; ++r) {
    uint64_t drain_ns = 0;
    size_t consumed = 0;
    const double u = kernel_ns(false, nullptr, nullptr);
    const double e = kernel_ns(true, &drain_ns, &consumed);
    ok = u >= 0 && e >= 0;
    out->uninteresting_kernel_ns.push_back(u);
    out->emitted_kernel_ns.push_back(e);
    out->consumer_ns_per_record.push_back(consumed ? double(drain_ns) / consumed : 0);
  }
  (void)probe.SetInterest({}, false);
  close(stats_fd);
  return ok;
}

double Median(std::vector<double> v) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  return v[v.size() / 2];
}

struct NoopHook {
  pg_noop* skel = nullptr;
  bpf_link* link = nullptr;
  bool Attach() {
    link = bpf_program__attach(skel->progs.pg_noop_sys_exit);
    return link != nullptr;
  }
  void Detach() {
    bpf_link__destroy(link);
    link = nullptr;
  }
};

}  // namespace

int main(int argc, char** argv) {
  bool json = false, kernel_split = false;
  int rounds = 9, calls = 200000;
  ProbeOptions options;
  options.ring_bytes_per_cpu = 16u << 20;
  for (int i = 1; i < argc; ++i) {
    if (!std::strcmp(argv[i], "--json"))
      json = true;
    else if (!std::strcmp(argv[i], "--rounds") && i + 1 < argc)
      rounds = std::atoi(argv[++i]);
    else if (!std::strcmp(argv[i], "--calls") && i + 1 < argc)
      calls = std::atoi(argv[++i]);
    else if (!std::strcmp(argv[i], "--kernel-split"))
      kernel_split = true;
    else if (!std::strcmp(argv[i], "--no-context"))
      options.process_context = false;
    else if (!std::strcmp(argv[i], "--wakeup-every") && i + 1 < argc) {
      options.wakeup_every = static_cast<uint32_t>(std::atoi(argv[++i]));
    } else {
      std::fprintf(stderr,
                   "usage: probe_bench [--json] [--rounds N] [--calls N] [--no-context] "
                   "[--wakeup-every N] [--kernel-split]\n");
      return 2;
    }
  }
  // One CPU: the records of the measuring thread land in one ring, and timing is steadier.
  cpu_set_t set;
  CPU_ZERO(&set);
  CPU_SET(0, &set);
  sched_setaffinity(0, sizeof(set), &set);

  NoopHook noop;
  noop.skel = pg_noop__open_and_load();
  if (noop.skel == nullptr) {
    std::fprintf(stderr, "probe_bench: cannot load the empty program: %s\n", strerror(errno));
    return 1;
  }
  std::vector<double> bare_getppid, bare_openat, noop_getppid, noop_openat;
  auto measure_floor = [&] {
    for (int r = 0; r < rounds; ++r) {
      bare_getppid.push_back(GetppidNs(calls));
      bare_openat.push_back(OpenatNs(calls / 4, nullptr, nullptr));
      if (!noop.Attach()) {
        std::fprintf(stderr, "probe_bench: cannot attach the empty program\n");
        std::exit(1);
      }
      noop_getppid.push_back(GetppidNs(calls));
      noop_openat.push_back(OpenatNs(calls / 4, nullptr, nullptr));
      noop.Detach();
    }
  };
  measure_floor();

  auto probe = Probe::Create(options);
  if (!probe.ok()) {
    std::fprintf(stderr, "probe_bench: %s\n", probe.status().ToString().c_str());
    return 1;
  }
  std::vector<double> uninteresting_getppid, uninteresting_openat, emitted_openat;
  size_t consumed = 0;
  for (int r = 0; r < rounds; ++r) {
    uninteresting_getppid.push_back(GetppidNs(calls));
    uninteresting_openat.push_back(OpenatNs(calls / 4, nullptr, nullptr));
    if (!(*probe)->SetInterest({SYS_openat}, false).ok()) return 1;
    emitted_openat.push_back(OpenatNs(calls / 4, probe->get(), &consumed));
    if (!(*probe)->SetInterest({}, false).ok()) return 1;
  }

  // Drain rate: fill the rings without consuming, then time one consumer draining them.
  if (!(*probe)->SetInterest({SYS_openat}, false).ok()) return 1;
  (void)(*probe)->DrainAll([](const RingRecord&) {});
  const int fill = 50000;
  OpenatNs(fill, nullptr, nullptr);
  if (!(*probe)->SetInterest({}, false).ok()) return 1;
  size_t bytes = 0;
  const uint64_t t0 = NowNs();
  // The consumer validates each record as a decoder would (header and parameter table).
  auto drained = (*probe)->DrainAll([&](const RingRecord& r) {
    peregrine::probe::RecordView view;
    if (view.Parse(r.event, r.event_size)) bytes += view.length();
  });
  const uint64_t t1 = NowNs();
  const double drain_rate = drained.ok() && *drained ? *drained / (double(t1 - t0) / 1e9) : 0;
  auto counters = (*probe)->TotalCounters();
  KernelSplit split;
  if (kernel_split && !MeasureKernelSplit(**probe, rounds, calls / 4, &split)) return 1;
  probe->reset();
  measure_floor();  // again after, so the floor brackets the probe runs in time
  noop.Detach();
  pg_noop__destroy(noop.skel);

  const double bare = Median(bare_getppid), nop = Median(noop_getppid);
  const double unint = Median(uninteresting_getppid);
  const double bare_o = Median(bare_openat), nop_o = Median(noop_openat);
  const double unint_o = Median(uninteresting_openat), emit_o = Median(emitted_openat);
  const unsigned long drops = counters.ok() ? (unsigned long)counters->drops[PG_DROP_RING_FULL] : 0;
  if (json) {
    std::printf(
        "{\"bare_ns\": %.1f, \"noop_ns\": %.1f, \"attached_uninteresting_ns\": %.1f, "
        "\"emitted_ns\": %.1f, \"openat_close_bare_ns\": %.1f, \"openat_close_noop_ns\": %.1f, "
        "\"openat_close_uninteresting_ns\": %.1f, \"uninteresting_over_noop_ns\": %.1f, "
        "\"emitted_over_noop_ns\": %.1f, \"drain_events_per_s\": %.0f, "
        "\"drained_events\": %zu, \"drained_bytes\": %zu, \"ring_full_drops\": %lu, "
        "\"rounds\": %d, \"calls\": %d}\n",
        bare, nop, unint, emit_o, bare_o, nop_o, unint_o, unint - nop, emit_o - nop_o, drain_rate,
        drained.ok() ? *drained : 0, bytes, drops, rounds, calls);
  } else {
    std::printf("probe_bench: medians of %d rounds, ns per call (CPU 0)\n", rounds);
    std::printf("%-44s %10s %10s\n", "configuration", "getppid", "openat+close");
    std::printf("%-44s %10.1f %10.1f\n", "(a) nothing attached", bare, bare_o);
    std::printf("%-44s %10.1f %10.1f\n", "(b) empty tp_btf/sys_exit program", nop, nop_o);
    std::printf("%-44s %10.1f %10.1f\n", "(c) probe attached, syscall uninteresting", unint,
                unint_o);
    std::printf("%-44s %10s %10.1f\n", "(d) probe, openat emitted and consumed", "-", emit_o);
    std::printf(
        "(c) - (b): %+.1f ns (budget <= 10)   (d) - (b) on openat+close: %+.1f ns "
        "(budget <= 150)\n",
        unint - nop, emit_o - nop_o);
    std::printf(
        "drain: %zu records, %zu bytes in %.2f ms -> %.2f M events/s per consumer "
        "thread; ring-full drops during the run: %lu\n",
        drained.ok() ? *drained : 0, bytes, (t1 - t0) / 1e6, drain_rate / 1e6, drops);
  }
  if (kernel_split) {
    const double ku = Median(split.uninteresting_kernel_ns);
    const double ke = Median(split.emitted_kernel_ns);
    const double cr = Median(split.consumer_ns_per_record);
    if (json) {
      std::printf(
          "{\"kernel_uninteresting_ns\": %.1f, \"kernel_emitted_ns\": %.1f, "
          "\"kernel_emit_cost_ns\": %.1f, \"consumer_ns_per_record\": %.1f}\n",
          ku, ke, ke - ku, cr);
    } else {
      std::printf(
          "kernel split (BPF statistics on, openat+close): dispatcher %.1f ns uninteresting, "
          "%.1f ns emitting (%+.1f ns per emitted record); consumer %.1f ns per record\n",
          ku, ke, ke - ku, cr);
    }
  }
  return 0;
}
