#include "bench/probe/probe_measure.h"

#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include <fcntl.h>
#include <sched.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <functional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "probe/abi/path_approver.h"
#include "probe/abi/record_view.h"
#include "probe/bpf/floor_kind.h"
#include "probe/bpf/pg_floor.skel.h"
#include "probe/bpf/pg_noop.skel.h"

namespace peregrine::bench {
namespace {

using probe::Probe;
using probe::RingRecord;

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

// openat("/dev/null") + close per iteration; `drain` (may be empty) runs every 256 calls and at
// the end, inside the timed span.
double OpenatLoopNs(int calls, const std::function<void()>& drain) {
  const uint64_t start = NowNs();
  for (int i = 0; i < calls; ++i) {
    int fd = static_cast<int>(syscall(SYS_openat, AT_FDCWD, "/dev/null", O_RDONLY));
    syscall(SYS_close, fd);
    if (drain && (i & 255) == 255) drain();
  }
  if (drain) drain();
  return double(NowNs() - start) / calls;
}

// The loop above with `probe` (nullable) drained. `drain_ns` (nullable) accumulates the time
// spent draining.
double OpenatNs(int calls, Probe* probe, size_t* consumed, uint64_t* drain_ns = nullptr) {
  if (probe == nullptr) return OpenatLoopNs(calls, nullptr);
  return OpenatLoopNs(calls, [&] {
    const uint64_t t0 = NowNs();
    auto n = probe->DrainAll([](const RingRecord&) {});
    if (drain_ns != nullptr) *drain_ns += NowNs() - t0;
    if (n.ok() && consumed != nullptr) *consumed += *n;
  });
}

// A path approver for openat shaped like the one the upstream rules give (22 patterns: exact,
// prefix, suffix and one substring), which /dev/null matches none of: every call is checked in
// full, then dropped.
std::vector<probe::PathApproverEntry> BenchPathApprovers() {
  probe::PathApproverEntry e;
  e.syscall_nr = SYS_openat;
  for (const char* exact :
       {"/etc/pam.conf", "/etc/security/pwquality.conf", "/etc/shadow", "/etc/sudoers"}) {
    e.patterns.push_back({PG_PATH_EXACT, exact});
  }
  for (const char* prefix : {"/dev/log/", "/etc/pam.d/", "/etc/sudoers.d/", "/var/log/"}) {
    e.patterns.push_back({PG_PATH_PREFIX, prefix});
  }
  for (const char* suffix :
       {"/access_log", "/auth.log", "/cron", "/dpkg.log", "/kern.log", "/last.log", "/mysql.log",
        "/mysqld.log", "/secure", "/syslog", "/user.log", "/yum.log", "release_agent"}) {
    e.patterns.push_back({PG_PATH_SUFFIX, suffix});
  }
  e.patterns.push_back({PG_PATH_CONTAINS, "../"});
  return {e};
}

// A comm approver for openat that the benchmark's own comm ("probe_bench") is not in. The
// mechanism only: openat is a state syscall, so the compiler never derives one for it.
std::vector<probe::CommApproverEntry> BenchCommApprovers() {
  return {{SYS_openat, {"gdb", "strace", "ltrace"}}};
}

// Kernel run time of the dispatcher per openat+close iteration, and consumer time per record.
struct KernelSplit {
  std::vector<double> uninteresting_kernel_ns, emitted_kernel_ns, consumer_ns_per_record;
  std::vector<double> path_dropped_kernel_ns, close_emitted_kernel_ns, comm_dropped_kernel_ns;
};

// Runs the split phase; false when statistics cannot be enabled or read.
// `comm_row`: also the comm-approver drop (needs the process context).
bool MeasureKernelSplit(Probe& probe, int rounds, int calls, bool comm_row, KernelSplit* out) {
  const int stats_fd = bpf_enable_stats(BPF_STATS_RUN_TIME);
  if (stats_fd < 0) {
    return false;
  }
  // `emit`: the syscall whose records are emitted (0: none).
  auto kernel_ns = [&](int emit, uint64_t* drain_ns, size_t* consumed, bool path_approver = false,
                       bool comm_approver = false) -> double {
    if (!probe.SetInterest(emit ? std::vector<int>{emit} : std::vector<int>{}, false).ok()) {
      return -1;
    }
    if (!probe
             .SetPathApprovers(path_approver ? BenchPathApprovers()
                                             : std::vector<probe::PathApproverEntry>{})
             .ok()) {
      return -1;
    }
    if (!probe
             .SetCommApprovers(comm_approver ? BenchCommApprovers()
                                             : std::vector<probe::CommApproverEntry>{})
             .ok()) {
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
    const double u = kernel_ns(0, nullptr, nullptr);
    const double e = kernel_ns(SYS_openat, &drain_ns, &consumed);
    const double p = kernel_ns(SYS_openat, nullptr, nullptr, /*path_approver=*/true);
    const double c = kernel_ns(SYS_close, nullptr, nullptr);
    if (comm_row) {
      const double m = kernel_ns(SYS_openat, nullptr, nullptr, false, /*comm_approver=*/true);
      ok = ok && m >= 0;
      out->comm_dropped_kernel_ns.push_back(m);
    }
    ok = ok && u >= 0 && e >= 0 && p >= 0 && c >= 0;
    out->close_emitted_kernel_ns.push_back(c);
    out->path_dropped_kernel_ns.push_back(p);
    out->uninteresting_kernel_ns.push_back(u);
    out->emitted_kernel_ns.push_back(e);
    out->consumer_ns_per_record.push_back(consumed ? double(drain_ns) / consumed : 0);
  }
  (void)probe.SetInterest({}, false);
  (void)probe.SetPathApprovers({});
  (void)probe.SetCommApprovers({});
  close(stats_fd);
  return ok;
}

double Median(std::vector<double> v) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  return v[v.size() / 2];
}

// Median over rounds of a[i] - b[i]: two configurations measured back to back in each round, so
// a drift of the machine's load between rounds cancels out.
double MedianOfDifferences(const std::vector<double>& a, const std::vector<double>& b) {
  std::vector<double> d;
  for (size_t i = 0; i < a.size() && i < b.size(); ++i) d.push_back(a[i] - b[i]);
  return Median(d);
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

// One emitted-event floor (probe/bpf/floor.bpf.c, `kind` from floor_kind.h). Its ring is drained
// every 256 calls in the timed loop, as the probe's rings are.
struct FloorHook {
  pg_floor* skel = nullptr;
  bpf_link* link = nullptr;
  ring_buffer* ring = nullptr;
  size_t records = 0;  // consumed so far: a floor that emits nothing measures nothing

  bool Load(uint32_t kind) {
    skel = pg_floor__open();
    if (skel == nullptr) return false;
    skel->rodata->pg_floor_kind = kind;
    if (pg_floor__load(skel) != 0) return false;
    ring = ring_buffer__new(
        bpf_map__fd(skel->maps.floor_ring),
        [](void* records, void*, size_t) {
          ++*static_cast<size_t*>(records);
          return 0;
        },
        &records, nullptr);
    return ring != nullptr;
  }
  bool Attach() {
    link = bpf_program__attach(skel->progs.pg_floor_sys_exit);
    return link != nullptr;
  }
  void Detach() {
    bpf_link__destroy(link);
    link = nullptr;
    ring_buffer__consume(ring);
  }
  // Kernel run time of the program so far (statistics must be on), ns; false when unreadable.
  bool RunTimeNs(uint64_t* ns) const {
    auto stats = probe::ReadProgramRunStats(bpf_program__fd(skel->progs.pg_floor_sys_exit),
                                            "pg_floor_sys_exit");
    if (stats.ok()) *ns = stats->run_time_ns;
    return stats.ok();
  }
  ~FloorHook() {
    bpf_link__destroy(link);
    ring_buffer__free(ring);
    pg_floor__destroy(skel);
  }
};

// Kernel run time of the floor program per openat+close iteration, one value per round in
// `out`; false when statistics cannot be enabled or read, or the program cannot be attached.
bool FloorKernelNs(FloorHook& floor, int rounds, int calls, std::vector<double>* out) {
  const int stats_fd = bpf_enable_stats(BPF_STATS_RUN_TIME);
  if (stats_fd < 0) return false;
  bool ok = true;
  for (int r = 0; r < rounds && ok; ++r) {
    uint64_t before = 0, after = 0;
    ok = floor.Attach() && floor.RunTimeNs(&before);
    if (ok) OpenatNs(calls, nullptr, nullptr);
    ok = ok && floor.RunTimeNs(&after);
    floor.Detach();
    if (ok) out->push_back(double(after - before) / calls);
  }
  close(stats_fd);
  return ok;
}

}  // namespace

bool ParseProbeBenchArgs(int argc, char** argv, const char* program, ProbeBenchOptions* o) {
  for (int i = 0; i < argc; ++i) {
    if (!std::strcmp(argv[i], "--json")) {
      o->json = true;
    } else if (!std::strcmp(argv[i], "--rounds") && i + 1 < argc) {
      o->rounds = std::atoi(argv[++i]);
    } else if (!std::strcmp(argv[i], "--calls") && i + 1 < argc) {
      o->calls = std::atoi(argv[++i]);
    } else if (!std::strcmp(argv[i], "--kernel-split")) {
      o->kernel_split = true;
    } else if (!std::strcmp(argv[i], "--no-context")) {
      o->probe.process_context = false;
    } else if (!std::strcmp(argv[i], "--ring-bytes") && i + 1 < argc) {
      o->probe.ring_bytes_per_cpu = static_cast<uint32_t>(std::strtoul(argv[++i], nullptr, 0));
    } else if (!std::strcmp(argv[i], "--wakeup-every") && i + 1 < argc) {
      o->probe.wakeup_every = static_cast<uint32_t>(std::atoi(argv[++i]));
    } else {
      std::fprintf(stderr,
                   "usage: %s [--json] [--rounds N] [--calls N] [--no-context] "
                   "[--wakeup-every N] [--ring-bytes N] [--kernel-split]\n",
                   program);
      return false;
    }
  }
  if (o->rounds <= 0 || o->calls < 4) {
    std::fprintf(stderr, "%s: --rounds must be > 0 and --calls >= 4\n", program);
    return false;
  }
  return true;
}

absl::StatusOr<ProbeBenchResult> MeasureProbe(const ProbeBenchOptions& options) {
  const int rounds = options.rounds, calls = options.calls;
  // One CPU: the records of the measuring thread land in one ring, and timing is steadier.
  cpu_set_t set;
  CPU_ZERO(&set);
  CPU_SET(0, &set);
  sched_setaffinity(0, sizeof(set), &set);

  NoopHook noop;
  noop.skel = pg_noop__open_and_load();
  if (noop.skel == nullptr) {
    return absl::UnavailableError(
        absl::StrCat("cannot load the empty program: ", std::strerror(errno)));
  }
  // (e), (i) and (j): the floors, one program instance each.
  FloorHook floor, floor_ctx, close_floor;
  if (!floor.Load(PG_FLOOR_OPENAT_PATH) || !floor_ctx.Load(PG_FLOOR_OPENAT_PATH_CTX) ||
      !close_floor.Load(PG_FLOOR_CLOSE_CTX)) {
    pg_noop__destroy(noop.skel);
    return absl::UnavailableError(
        absl::StrCat("cannot load the floor program: ", std::strerror(errno)));
  }
  std::vector<double> bare_getppid, bare_openat, noop_getppid, noop_openat, floor_openat;
  std::vector<double> floor_ctx_openat, close_floor_openat;
  bool attach_failed = false;
  // One timed openat+close loop with `hook` attached and its ring consumed in the loop like the
  // probe's records, so that the floors and (d) compare alike; false when it cannot attach.
  auto floor_loop_ns = [&](FloorHook& hook, std::vector<double>* out) {
    if (!hook.Attach()) return false;
    out->push_back(OpenatLoopNs(calls / 4, [&] { ring_buffer__consume(hook.ring); }));
    hook.Detach();
    return true;
  };
  auto measure_floor = [&] {
    for (int r = 0; r < rounds && !attach_failed; ++r) {
      bare_getppid.push_back(GetppidNs(calls));
      bare_openat.push_back(OpenatNs(calls / 4, nullptr, nullptr));
      if (!noop.Attach()) {
        attach_failed = true;
        return;
      }
      noop_getppid.push_back(GetppidNs(calls));
      noop_openat.push_back(OpenatNs(calls / 4, nullptr, nullptr));
      noop.Detach();
      if (!floor_loop_ns(floor, &floor_openat) || !floor_loop_ns(floor_ctx, &floor_ctx_openat) ||
          !floor_loop_ns(close_floor, &close_floor_openat)) {
        attach_failed = true;
        return;
      }
    }
  };
  auto destroy_noop = [&] { pg_noop__destroy(noop.skel); };
  measure_floor();
  if (attach_failed) {
    destroy_noop();
    return absl::UnavailableError("cannot attach the empty or the floor program");
  }
  if (floor.records == 0 || floor_ctx.records == 0 || close_floor.records == 0) {
    destroy_noop();
    return absl::InternalError("a floor program emitted no records: its row would measure nothing");
  }

  auto probe = Probe::Create(options.probe);
  if (!probe.ok()) {
    destroy_noop();
    return probe.status();
  }
  ProbeBenchResult res;
  // Comm approvers act on the comm in the records' process context: no row without it.
  res.has_comm_row = options.probe.process_context;
  std::vector<double> uninteresting_getppid, uninteresting_openat, emitted_openat;
  std::vector<double> path_dropped_openat, emitted_close, comm_dropped_openat;
  size_t consumed = 0;
  absl::Status st;
  for (int r = 0; r < rounds && st.ok(); ++r) {
    uninteresting_getppid.push_back(GetppidNs(calls));
    uninteresting_openat.push_back(OpenatNs(calls / 4, nullptr, nullptr));
    st.Update((*probe)->SetInterest({SYS_openat}, false));
    emitted_openat.push_back(OpenatNs(calls / 4, probe->get(), &consumed));
    st.Update((*probe)->SetPathApprovers(BenchPathApprovers()));
    path_dropped_openat.push_back(OpenatNs(calls / 4, probe->get(), &consumed));
    st.Update((*probe)->SetPathApprovers({}));
    if (res.has_comm_row) {
      st.Update((*probe)->SetCommApprovers(BenchCommApprovers()));
      comm_dropped_openat.push_back(OpenatNs(calls / 4, probe->get(), &consumed));
      st.Update((*probe)->SetCommApprovers({}));
    }
    st.Update((*probe)->SetInterest({SYS_close}, false));
    emitted_close.push_back(OpenatNs(calls / 4, probe->get(), &consumed));
    st.Update((*probe)->SetInterest({}, false));
  }

  // Drain rate: fill the rings without consuming, then time one consumer draining them.
  st.Update((*probe)->SetInterest({SYS_openat}, false));
  (void)(*probe)->DrainAll([](const RingRecord&) {});
  OpenatNs(50000, nullptr, nullptr);
  st.Update((*probe)->SetInterest({}, false));
  size_t bytes = 0;
  const uint64_t t0 = NowNs();
  // The consumer validates each record as a decoder would (header and parameter table).
  auto drained = (*probe)->DrainAll([&](const RingRecord& r) {
    probe::RecordView view;
    if (view.Parse(r.event, r.event_size)) bytes += view.length();
  });
  const uint64_t t1 = NowNs();
  res.drained_events = drained.ok() ? *drained : 0;
  res.drained_bytes = bytes;
  res.drain_ms = (t1 - t0) / 1e6;
  res.drain_events_per_s = res.drained_events ? res.drained_events / (double(t1 - t0) / 1e9) : 0;
  auto counters = (*probe)->TotalCounters();
  res.ring_full_drops = counters.ok() ? (unsigned long)counters->drops[PG_DROP_RING_FULL] : 0;
  if (options.kernel_split && st.ok()) {
    KernelSplit split;
    if (!MeasureKernelSplit(**probe, rounds, calls / 4, res.has_comm_row, &split)) {
      st.Update(absl::UnavailableError(
          absl::StrCat("cannot enable or read BPF run-time statistics: ", std::strerror(errno))));
    }
    res.has_kernel_split = true;
    res.kernel_uninteresting_ns = Median(split.uninteresting_kernel_ns);
    res.kernel_emitted_ns = Median(split.emitted_kernel_ns);
    res.kernel_path_dropped_ns = Median(split.path_dropped_kernel_ns);
    res.kernel_comm_dropped_ns = Median(split.comm_dropped_kernel_ns);
    res.kernel_close_emitted_ns = Median(split.close_emitted_kernel_ns);
    res.consumer_ns_per_record = Median(split.consumer_ns_per_record);
    std::vector<double> floor_kernel_ns, floor_ctx_kernel_ns, close_floor_kernel_ns;
    if (!FloorKernelNs(floor, rounds, calls / 4, &floor_kernel_ns) ||
        !FloorKernelNs(floor_ctx, rounds, calls / 4, &floor_ctx_kernel_ns) ||
        !FloorKernelNs(close_floor, rounds, calls / 4, &close_floor_kernel_ns)) {
      st.Update(absl::UnavailableError(
          absl::StrCat("cannot measure the floor program's BPF run time: ", std::strerror(errno))));
    }
    res.kernel_floor_ns = Median(floor_kernel_ns);
    res.kernel_floor_ctx_ns = Median(floor_ctx_kernel_ns);
    res.kernel_close_floor_ctx_ns = Median(close_floor_kernel_ns);
  }
  probe->reset();
  measure_floor();  // again after, so the floor brackets the probe runs in time
  destroy_noop();
  if (!st.ok()) return st;

  res.bare_ns = Median(bare_getppid);
  res.noop_ns = Median(noop_getppid);
  res.attached_uninteresting_ns = Median(uninteresting_getppid);
  res.openat_close_bare_ns = Median(bare_openat);
  res.openat_close_noop_ns = Median(noop_openat);
  res.openat_close_uninteresting_ns = Median(uninteresting_openat);
  res.emitted_ns = Median(emitted_openat);
  res.openat_close_floor_ns = Median(floor_openat);
  res.openat_close_floor_ctx_ns = Median(floor_ctx_openat);
  res.close_floor_ctx_ns = Median(close_floor_openat);
  res.floor_ctx_over_noop_paired_ns = MedianOfDifferences(floor_ctx_openat, noop_openat);
  res.close_floor_ctx_over_noop_paired_ns = MedianOfDifferences(close_floor_openat, noop_openat);
  res.path_dropped_ns = Median(path_dropped_openat);
  res.comm_dropped_ns = Median(comm_dropped_openat);
  res.close_emitted_ns = Median(emitted_close);
  res.emitted_over_uninteresting_paired_ns =
      MedianOfDifferences(emitted_openat, uninteresting_openat);
  res.close_emitted_over_uninteresting_paired_ns =
      MedianOfDifferences(emitted_close, uninteresting_openat);
  return res;
}

void PrintProbeResult(const ProbeBenchResult& r, const ProbeBenchOptions& o, std::FILE* out) {
  if (o.json) {
    std::fprintf(
        out,
        "{\"bare_ns\": %.1f, \"noop_ns\": %.1f, \"attached_uninteresting_ns\": %.1f, "
        "\"emitted_ns\": %.1f, \"openat_close_bare_ns\": %.1f, \"openat_close_noop_ns\": %.1f, "
        "\"openat_close_uninteresting_ns\": %.1f, \"uninteresting_over_noop_ns\": %.1f, "
        "\"emitted_over_noop_ns\": %.1f, \"openat_close_floor_ns\": %.1f, "
        "\"floor_over_noop_ns\": %.1f, \"drain_events_per_s\": %.0f, "
        "\"drained_events\": %zu, \"drained_bytes\": %zu, \"ring_full_drops\": %lu, "
        "\"path_dropped_ns\": %.1f, \"close_emitted_ns\": %.1f, "
        "\"close_emitted_over_noop_ns\": %.1f, \"emitted_over_uninteresting_paired_ns\": %.1f, "
        "\"close_emitted_over_uninteresting_paired_ns\": %.1f, "
        "\"openat_close_floor_ctx_ns\": %.1f, \"floor_ctx_over_noop_paired_ns\": %.1f, "
        "\"close_floor_ctx_ns\": %.1f, \"close_floor_ctx_over_noop_paired_ns\": %.1f, "
        "\"rounds\": %d, \"calls\": %d",
        r.bare_ns, r.noop_ns, r.attached_uninteresting_ns, r.emitted_ns, r.openat_close_bare_ns,
        r.openat_close_noop_ns, r.openat_close_uninteresting_ns,
        r.attached_uninteresting_ns - r.noop_ns, r.emitted_ns - r.openat_close_noop_ns,
        r.openat_close_floor_ns, r.openat_close_floor_ns - r.openat_close_noop_ns,
        r.drain_events_per_s, r.drained_events, r.drained_bytes, r.ring_full_drops,
        r.path_dropped_ns, r.close_emitted_ns, r.close_emitted_ns - r.openat_close_noop_ns,
        r.emitted_over_uninteresting_paired_ns, r.close_emitted_over_uninteresting_paired_ns,
        r.openat_close_floor_ctx_ns, r.floor_ctx_over_noop_paired_ns, r.close_floor_ctx_ns,
        r.close_floor_ctx_over_noop_paired_ns, o.rounds, o.calls);
    if (r.has_comm_row) std::fprintf(out, ", \"comm_dropped_ns\": %.1f", r.comm_dropped_ns);
    if (r.has_kernel_split) {
      std::fprintf(out,
                   ", \"kernel_uninteresting_ns\": %.1f, \"kernel_emitted_ns\": %.1f, "
                   "\"kernel_emit_cost_ns\": %.1f, \"consumer_ns_per_record\": %.1f, "
                   "\"kernel_floor_ns\": %.1f, \"kernel_path_dropped_ns\": %.1f, "
                   "\"kernel_close_emit_cost_ns\": %.1f, \"kernel_floor_ctx_ns\": %.1f, "
                   "\"kernel_close_floor_ctx_ns\": %.1f",
                   r.kernel_uninteresting_ns, r.kernel_emitted_ns,
                   r.kernel_emitted_ns - r.kernel_uninteresting_ns, r.consumer_ns_per_record,
                   r.kernel_floor_ns, r.kernel_path_dropped_ns,
                   r.kernel_close_emitted_ns - r.kernel_uninteresting_ns, r.kernel_floor_ctx_ns,
                   r.kernel_close_floor_ctx_ns);
      if (r.has_comm_row) {
        std::fprintf(out, ", \"kernel_comm_dropped_ns\": %.1f", r.kernel_comm_dropped_ns);
      }
    }
    std::fprintf(out, "}\n");
    return;
  }
  std::fprintf(out, "probe: medians of %d rounds, ns per call (CPU 0)\n", o.rounds);
  std::fprintf(out, "%-44s %10s %10s\n", "configuration", "getppid", "openat+close");
  std::fprintf(out, "%-44s %10.1f %10.1f\n", "(a) nothing attached", r.bare_ns,
               r.openat_close_bare_ns);
  std::fprintf(out, "%-44s %10.1f %10.1f\n", "(b) empty tp_btf/sys_exit program", r.noop_ns,
               r.openat_close_noop_ns);
  std::fprintf(out, "%-44s %10.1f %10.1f\n", "(c) probe attached, syscall uninteresting",
               r.attached_uninteresting_ns, r.openat_close_uninteresting_ns);
  std::fprintf(out, "%-44s %10s %10.1f\n", "(d) probe, openat emitted and consumed", "-",
               r.emitted_ns);
  std::fprintf(out, "%-44s %10s %10.1f\n", "(e) floor: path read + timestamp + ring output", "-",
               r.openat_close_floor_ns);
  std::fprintf(out, "%-44s %10s %10.1f\n", "(f) probe, openat dropped by a path approver", "-",
               r.path_dropped_ns);
  std::fprintf(out, "%-44s %10s %10.1f\n", "(g) probe, close emitted and consumed", "-",
               r.close_emitted_ns);
  if (r.has_comm_row) {
    std::fprintf(out, "%-44s %10s %10.1f\n", "(h) probe, openat dropped by a comm approver", "-",
                 r.comm_dropped_ns);
  } else {
    std::fprintf(out, "%-44s %10s %10s\n", "(h) comm approver: needs the process context", "-",
                 "n/a");
  }
  std::fprintf(out, "%-44s %10s %10.1f\n", "(i) floor (e) + minimal process context", "-",
               r.openat_close_floor_ctx_ns);
  std::fprintf(out, "%-44s %10s %10.1f\n", "(j) floor: close, timestamp + minimal context", "-",
               r.close_floor_ctx_ns);
  std::fprintf(out,
               "the required minimum, paired per round over (b) on openat+close: (i) - (b) %+.1f "
               "ns (an openat with its path), (j) - (b) %+.1f ns (a close, no path)\n",
               r.floor_ctx_over_noop_paired_ns, r.close_floor_ctx_over_noop_paired_ns);
  std::fprintf(out,
               "(c) - (b): %+.1f ns (budget <= 10)   (d) - (b) on openat+close: %+.1f ns "
               "(budget <= 300 with a path)   (g) - (b): %+.1f ns (budget <= 150, no path)\n",
               r.attached_uninteresting_ns - r.noop_ns, r.emitted_ns - r.openat_close_noop_ns,
               r.close_emitted_ns - r.openat_close_noop_ns);
  std::fprintf(out,
               "paired per round on openat+close: (d) - (c) %+.1f ns, (g) - (c) %+.1f ns; add (c) "
               "- (b) on openat+close, %+.1f ns, for the cost over the empty program\n",
               r.emitted_over_uninteresting_paired_ns, r.close_emitted_over_uninteresting_paired_ns,
               r.openat_close_uninteresting_ns - r.openat_close_noop_ns);
  std::fprintf(out,
               "drain: %zu records, %zu bytes in %.2f ms -> %.2f M events/s per consumer "
               "thread; ring-full drops during the run: %lu\n",
               r.drained_events, r.drained_bytes, r.drain_ms, r.drain_events_per_s / 1e6,
               r.ring_full_drops);
  if (r.has_kernel_split) {
    std::fprintf(out,
                 "kernel split (BPF statistics on, openat+close): dispatcher %.1f ns "
                 "uninteresting, %.1f ns emitting (%+.1f ns per emitted record); consumer %.1f "
                 "ns per record; %.1f ns checking 22 path patterns and dropping; close "
                 "emitted instead of openat: %+.1f ns per record\n",
                 r.kernel_uninteresting_ns, r.kernel_emitted_ns,
                 r.kernel_emitted_ns - r.kernel_uninteresting_ns, r.consumer_ns_per_record,
                 r.kernel_path_dropped_ns, r.kernel_close_emitted_ns - r.kernel_uninteresting_ns);
    std::fprintf(out,
                 "kernel floor (path read + timestamp + ring output alone, run time per "
                 "openat+close): %.1f ns, %+.1f ns over the uninteresting dispatch; the probe's "
                 "own work per emitted record (emitting - floor): %+.1f ns\n",
                 r.kernel_floor_ns, r.kernel_floor_ns - r.kernel_uninteresting_ns,
                 r.kernel_emitted_ns - r.kernel_floor_ns);
    std::fprintf(out,
                 "kernel required minimum (run time per openat+close): (i) %.1f ns, %+.1f ns over "
                 "the uninteresting dispatch; (j) %.1f ns, %+.1f ns\n",
                 r.kernel_floor_ctx_ns, r.kernel_floor_ctx_ns - r.kernel_uninteresting_ns,
                 r.kernel_close_floor_ctx_ns,
                 r.kernel_close_floor_ctx_ns - r.kernel_uninteresting_ns);
    if (r.has_comm_row) {
      std::fprintf(out,
                   "kernel comm approver (openat+close, the openat's comm looked up and dropped): "
                   "%.1f ns, %+.1f ns over the uninteresting dispatch\n",
                   r.kernel_comm_dropped_ns, r.kernel_comm_dropped_ns - r.kernel_uninteresting_ns);
    }
  }
}

}  // namespace peregrine::bench
