#include "probe/loader/probe.h"

#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <cerrno>
#include <cstring>
#include <optional>
#include <utility>

#include "absl/strings/str_cat.h"
#include "base/status_macros.h"
#include "probe/abi/comm_approver.h"
#include "probe/abi/path_approver.h"
#include "probe/bpf/pg_probe.skel.h"
#include "probe/loader/libbpf_status.h"
#include "probe/loader/syscall_table.h"

namespace peregrine::probe {
namespace {

uint64_t ClockNs(clockid_t clock) {
  timespec ts;
  clock_gettime(clock, &ts);
  return uint64_t(ts.tv_sec) * 1000000000ull + uint64_t(ts.tv_nsec);
}

bool IsPowerOfTwo(uint32_t v) { return v != 0 && (v & (v - 1)) == 0; }

absl::Status ValidateOptions(const ProbeOptions& o) {
  const uint32_t page = static_cast<uint32_t>(sysconf(_SC_PAGESIZE));
  if (!IsPowerOfTwo(o.ring_bytes_per_cpu) || o.ring_bytes_per_cpu < page) {
    return absl::InvalidArgumentError(absl::StrCat("ring_bytes_per_cpu ", o.ring_bytes_per_cpu,
                                                   " is not a power of two >= the page size"));
  }
  if (o.wakeup_every != 0 && !IsPowerOfTwo(o.wakeup_every)) {
    return absl::InvalidArgumentError(
        absl::StrCat("wakeup_every ", o.wakeup_every, " is neither 0 nor a power of two"));
  }
  if (o.snaplen > 4096) {
    return absl::InvalidArgumentError(absl::StrCat("snaplen ", o.snaplen, " exceeds 4096"));
  }
  for (int nr : o.interesting_syscalls) {
    if (FindSupportedSyscall(nr) == nullptr) {
      return absl::InvalidArgumentError(
          absl::StrCat("syscall ", nr, " has no filler in the probe (not supported yet)"));
    }
  }
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<std::unique_ptr<Probe>> Probe::Create(const ProbeOptions& options) {
  PEREGRINE_RETURN_IF_ERROR(ValidateOptions(options));
  std::unique_ptr<Probe> probe(new Probe());
  PEREGRINE_RETURN_IF_ERROR(probe->Init(options));
  return probe;
}

absl::Status Probe::Init(const ProbeOptions& options) {
  LibbpfLogCapture log;
  skel_ = pg_probe__open();
  if (skel_ == nullptr) return LibbpfError(errno, "opening BPF skeleton pg_probe", log.text());

  skel_->rodata->pg_emit_ctx = options.process_context ? 1 : 0;
  process_context_ = options.process_context;
  skel_->rodata->pg_wakeup_mask = options.wakeup_every ? options.wakeup_every - 1 : 0xffffffffu;
  skel_->rodata->pg_wakeup_bytes =
      std::min(options.wakeup_min_bytes, options.ring_bytes_per_cpu / 2);
  skel_->rodata->pg_snaplen = options.snaplen;

  const int ncpus = libbpf_num_possible_cpus();
  if (ncpus <= 0) return LibbpfError(ncpus, "counting possible CPUs");
  if (ncpus > PG_MAX_RINGS) {
    return absl::UnimplementedError(absl::StrCat(
        "this host has ", ncpus, " possible CPUs; the probe supports at most ", PG_MAX_RINGS));
  }
  for (bpf_map* map : {skel_->maps.ringbuf_maps, skel_->maps.aux_map}) {
    if (int err = bpf_map__set_max_entries(map, uint32_t(ncpus)); err != 0) {
      return LibbpfError(err, absl::StrCat("sizing map '", bpf_map__name(map), "'"), log.text());
    }
  }
  // The outer map's inner template must have the rings' size. libbpf 1.1 cannot resize the
  // template it builds from the BPF declaration, so give it one of the right size instead.
  const int template_fd = bpf_map_create(BPF_MAP_TYPE_RINGBUF, "pg_ring_tmpl", 0, 0,
                                         options.ring_bytes_per_cpu, nullptr);
  if (template_fd < 0) return LibbpfError(errno, "creating the ring buffer template map");
  int set_err = bpf_map__set_inner_map_fd(skel_->maps.ringbuf_maps, template_fd);
  if (set_err != 0) {
    close(template_fd);
    return LibbpfError(set_err, "setting the inner map of map 'ringbuf_maps'", log.text());
  }
  int load_err = pg_probe__load(skel_);
  close(template_fd);  // only needed while the outer map is created
  if (load_err != 0) {
    return LibbpfError(load_err, "loading BPF object pg_probe (verifier or map creation)",
                       log.text());
  }

  // One ring per possible CPU, installed in the outer array before anything is attached.
  const int outer_fd = bpf_map__fd(skel_->maps.ringbuf_maps);
  for (int cpu = 0; cpu < ncpus; ++cpu) {
    auto ring = std::make_unique<Ring>();
    ring->owner = this;
    ring->id = cpu;
    ring->map_fd =
        bpf_map_create(BPF_MAP_TYPE_RINGBUF, "pg_ring", 0, 0, options.ring_bytes_per_cpu, nullptr);
    if (ring->map_fd < 0) {
      return LibbpfError(errno, absl::StrCat("creating ring buffer for CPU ", cpu), log.text());
    }
    uint32_t key = cpu;
    if (bpf_map_update_elem(outer_fd, &key, &ring->map_fd, BPF_ANY) != 0) {
      int err = errno;
      close(ring->map_fd);
      return LibbpfError(err, absl::StrCat("installing ring ", cpu, " in map 'ringbuf_maps'"));
    }
    ring->consumer = ring_buffer__new(ring->map_fd, &Probe::OnSample, ring.get(), nullptr);
    if (ring->consumer == nullptr) {
      int err = errno;
      close(ring->map_fd);
      return LibbpfError(err, absl::StrCat("mapping ring buffer of CPU ", cpu), log.text());
    }
    rings_.push_back(std::move(ring));
  }

  // Fillers, by syscall number.
  const int table_fd = bpf_map__fd(skel_->maps.filler_table);
  for (const SupportedSyscall& s : SupportedSyscalls()) {
    bpf_program* prog = bpf_object__find_program_by_name(skel_->obj, s.program);
    if (prog == nullptr) {
      return absl::InternalError(absl::StrCat("pg_probe has no program '", s.program, "'"));
    }
    uint32_t key = s.nr;
    int prog_fd = bpf_program__fd(prog);
    if (bpf_map_update_elem(table_fd, &key, &prog_fd, BPF_ANY) != 0) {
      return LibbpfError(
          errno, absl::StrCat("installing program '", s.program, "' in map 'filler_table'"));
    }
  }

  PEREGRINE_RETURN_IF_ERROR(SetInterest(options.interesting_syscalls, options.procexit));
  // Record time = monotonic time + (realtime - boottime at load) + time suspended since boot:
  // the boot clock's reading without paying for it per record. Like the boot clock, it does
  // not follow later steps of the wall clock, so record times never go backwards.
  realtime_minus_boottime_ns_ = ClockNs(CLOCK_REALTIME) - ClockNs(CLOCK_BOOTTIME);
  suspended_ns_.store(ClockNs(CLOCK_BOOTTIME) - ClockNs(CLOCK_MONOTONIC));
  SyncClock();

  struct {
    bpf_program* prog;
    bpf_link** link;
  } hooks[] = {{skel_->progs.pg_sys_exit, &skel_->links.pg_sys_exit},
               {skel_->progs.pg_sched_exec, &skel_->links.pg_sched_exec},
               {skel_->progs.pg_sched_exit, &skel_->links.pg_sched_exit}};
  for (const auto& h : hooks) {
    *h.link = bpf_program__attach(h.prog);
    if (*h.link == nullptr) {
      return LibbpfError(errno, absl::StrCat("attaching program '", bpf_program__name(h.prog), "'"),
                         log.text());
    }
  }
  return absl::OkStatus();
}

Probe::~Probe() {
  // Detach first (skeleton destroy), then free the consumers and our ring references.
  if (skel_ != nullptr) pg_probe__destroy(skel_);
  for (auto& ring : rings_) {
    ring_buffer__free(ring->consumer);
    close(ring->map_fd);
  }
}

absl::Status Probe::WriteInterest(uint32_t key) {
  uint8_t value = 0;
  if (interest_[key]) {
    value = PG_INTEREST_ON | (drop_failed_[key] ? PG_INTEREST_DROP_FAILED : 0) |
            (path_approved_[key] ? PG_INTEREST_PATH_APPROVER : 0) |
            (comm_approved_[key] ? PG_INTEREST_COMM_APPROVER : 0);
  }
  if (bpf_map_update_elem(bpf_map__fd(skel_->maps.interest_map), &key, &value, BPF_ANY) != 0) {
    return LibbpfError(errno, absl::StrCat("writing key ", key, " of map 'interest_map'"));
  }
  return absl::OkStatus();
}

absl::Status Probe::SetInterest(absl::Span<const int> syscalls, bool procexit) {
  std::vector<bool> wanted(PG_SYSCALL_MAX, false);
  for (int nr : syscalls) {
    if (FindSupportedSyscall(nr) == nullptr) {
      return absl::InvalidArgumentError(
          absl::StrCat("syscall ", nr, " has no filler in the probe (not supported yet)"));
    }
    wanted[nr] = true;
  }
  wanted[PG_INTEREST_PROCEXIT] = procexit;
  absl::MutexLock lock(&interest_mu_);
  for (uint32_t key = 0; key < PG_SYSCALL_MAX; ++key) {
    interest_[key] = wanted[key];
    PEREGRINE_RETURN_IF_ERROR(WriteInterest(key));
  }
  return absl::OkStatus();
}

absl::Status Probe::SetSyscallInterest(int syscall_nr, bool on) {
  if (FindSupportedSyscall(syscall_nr) == nullptr) {
    return absl::InvalidArgumentError(
        absl::StrCat("syscall ", syscall_nr, " has no filler in the probe (not supported yet)"));
  }
  absl::MutexLock lock(&interest_mu_);
  interest_[syscall_nr] = on;
  return WriteInterest(syscall_nr);
}

absl::Status Probe::SetDropFailed(absl::Span<const int> syscalls) {
  std::vector<bool> drop(PG_SYSCALL_MAX, false);
  for (int nr : syscalls) {
    if (FindSupportedSyscall(nr) == nullptr) {
      return absl::InvalidArgumentError(
          absl::StrCat("syscall ", nr, " has no filler in the probe (not supported yet)"));
    }
    drop[nr] = true;
  }
  absl::MutexLock lock(&interest_mu_);
  for (uint32_t key = 0; key < PG_SYSCALL_MAX; ++key) {
    if (drop_failed_[key] == drop[key]) continue;
    drop_failed_[key] = drop[key];
    PEREGRINE_RETURN_IF_ERROR(WriteInterest(key));
  }
  return absl::OkStatus();
}

namespace {

// The slot of an open-family syscall in path_approver_map, or -1.
int PathApproverSlot(int syscall_nr) {
  switch (syscall_nr) {
    case SYS_open:
      return PG_PATH_SLOT_OPEN;
    case SYS_creat:
      return PG_PATH_SLOT_CREAT;
    case SYS_openat:
      return PG_PATH_SLOT_OPENAT;
    case SYS_openat2:
      return PG_PATH_SLOT_OPENAT2;
    default:
      return -1;
  }
}

// The low `n` (1..8) bytes of a little-endian word.
uint64_t LowBytesMask(size_t n) { return n >= 8 ? ~0ull : (1ull << (8 * n)) - 1; }

// `entry` in the probe's layout (probe/abi/path_approver.h), or why it does not fit.
absl::StatusOr<pg_path_approver> EncodePathApprover(const PathApproverEntry& entry) {
  if (entry.patterns.size() > PG_PATH_PATTERNS_MAX) {
    return absl::InvalidArgumentError(absl::StrCat(entry.patterns.size(),
                                                   " path patterns for syscall ", entry.syscall_nr,
                                                   ", at most ", PG_PATH_PATTERNS_MAX));
  }
  pg_path_approver v{};
  // Exact and prefix patterns first, then suffixes: the probe compares only the group the
  // path's second or last byte can match.
  std::vector<PathApproverEntry::Pattern> ordered(entry.patterns.begin(), entry.patterns.end());
  std::stable_partition(ordered.begin(), ordered.end(), [](const auto& p) {
    return p.kind == PG_PATH_EXACT || p.kind == PG_PATH_PREFIX;
  });
  for (const PathApproverEntry::Pattern& p : ordered) {
    const bool contains = p.kind == PG_PATH_CONTAINS;
    const size_t max = contains ? PG_PATH_CONTAINS_MAX_BYTES : PG_PATH_PATTERN_MAX_BYTES;
    if (p.text.empty() || p.text.size() > max || p.kind < PG_PATH_EXACT ||
        p.kind > PG_PATH_CONTAINS) {
      return absl::InvalidArgumentError(
          absl::StrCat("path pattern '", p.text, "' (kind ", p.kind, ") is invalid"));
    }
    if (contains) {
      if (v.ncontains == PG_PATH_CONTAINS_MAX) {
        return absl::InvalidArgumentError(absl::StrCat("more than ", PG_PATH_CONTAINS_MAX,
                                                       " substring patterns for syscall ",
                                                       entry.syscall_nr));
      }
      pg_path_substring& c = v.contains[v.ncontains++];
      std::memcpy(&c.word, p.text.data(), p.text.size());
      c.mask = LowBytesMask(p.text.size());
      c.len = static_cast<uint32_t>(p.text.size());
      continue;
    }
    // The quick-rejection byte sets.
    if (p.kind == PG_PATH_SUFFIX) {
      const auto last = static_cast<unsigned char>(p.text.back());
      v.suffix_last[last / 64] |= 1ull << (last % 64);
    } else if (p.text.size() < 2) {
      for (__u64& word : v.prefix_second) word = ~0ull;
    } else {
      const auto second = static_cast<unsigned char>(p.text[1]);
      v.prefix_second[second / 64] |= 1ull << (second % 64);
    }
    if (p.kind != PG_PATH_SUFFIX) v.nheads = v.count + 1;
    pg_path_pattern& out = v.patterns[v.count++];
    out.kind = p.kind;
    out.len = static_cast<uint8_t>(p.text.size());
    out.head_mask = LowBytesMask(p.text.size());
    std::memcpy(out.words, p.text.data(), p.text.size());
  }
  v.present = 1;
  return v;
}

}  // namespace

absl::Status Probe::SetPathApprovers(absl::Span<const PathApproverEntry> entries) {
  std::vector<std::optional<pg_path_approver>> values(2 * PG_PATH_SLOT_COUNT);
  for (const PathApproverEntry& e : entries) {
    const int slot = PathApproverSlot(e.syscall_nr);
    if (slot < 0) {
      return absl::InvalidArgumentError(
          absl::StrCat("syscall ", e.syscall_nr, " has no path approver slot"));
    }
    PEREGRINE_ASSIGN_OR_RETURN(values[PG_PATH_APPROVER_KEY(slot, e.failed_calls)],
                               EncodePathApprover(e));
  }
  std::vector<bool> approved(PG_SYSCALL_MAX, false);
  for (const PathApproverEntry& e : entries) approved[e.syscall_nr] = true;
  absl::MutexLock lock(&interest_mu_);
  return SwapApproverSet(
      &path_approved_, approved, skel_->maps.path_approver_map, "path approver",
      [&]() -> absl::StatusOr<int> {
        const int fd = bpf_map_create(BPF_MAP_TYPE_ARRAY, "pg_path_set", sizeof(uint32_t),
                                      sizeof(pg_path_approver), 2 * PG_PATH_SLOT_COUNT, nullptr);
        if (fd < 0) return LibbpfError(errno, "creating a path approver set");
        for (uint32_t key = 0; key < values.size(); ++key) {
          if (values[key].has_value() &&
              bpf_map_update_elem(fd, &key, &*values[key], BPF_ANY) != 0) {
            const int err = errno;
            close(fd);
            return LibbpfError(err, absl::StrCat("writing key ", key, " of a path approver set"));
          }
        }
        return fd;
      });
}

absl::Status Probe::SwapApproverSet(std::vector<bool>* checking, const std::vector<bool>& approved,
                                    bpf_map* outer, absl::string_view what,
                                    absl::FunctionRef<absl::StatusOr<int>()> make_set) {
  // A syscall losing its approver stops checking before the swap, one gaining an approver starts
  // after it: a check in between finds no entry in the set and drops nothing.
  for (uint32_t key = 0; key < PG_SYSCALL_MAX; ++key) {
    if ((*checking)[key] && !approved[key]) {
      (*checking)[key] = false;
      PEREGRINE_RETURN_IF_ERROR(WriteInterest(key));
    }
  }
  // A new set, filled, then swapped in with one update (maps.h): never a mix of two sets.
  PEREGRINE_ASSIGN_OR_RETURN(const int set_fd, make_set());
  const uint32_t zero = 0;
  absl::Status status;
  if (bpf_map_update_elem(bpf_map__fd(outer), &zero, &set_fd, BPF_ANY) != 0) {
    status = LibbpfError(
        errno, absl::StrCat("installing the ", what, " set in map '", bpf_map__name(outer), "'"));
  }
  close(set_fd);  // the outer map holds its own reference
  PEREGRINE_RETURN_IF_ERROR(status);
  for (uint32_t key = 0; key < PG_SYSCALL_MAX; ++key) {
    if (approved[key] && !(*checking)[key]) {
      (*checking)[key] = true;
      PEREGRINE_RETURN_IF_ERROR(WriteInterest(key));
    }
  }
  return absl::OkStatus();
}

namespace {

// `entries` in the probe's layout (probe/abi/comm_approver.h), by syscall, or why they do not fit.
absl::StatusOr<std::vector<std::pair<uint32_t, pg_comm_approver>>> EncodeCommApprovers(
    absl::Span<const CommApproverEntry> entries) {
  std::vector<std::pair<uint32_t, pg_comm_approver>> out;
  std::vector<bool> seen(PG_SYSCALL_MAX, false);
  if (entries.size() > PG_COMM_SYSCALLS_MAX) {
    return absl::InvalidArgumentError(
        absl::StrCat(entries.size(), " comm approvers, at most ", PG_COMM_SYSCALLS_MAX));
  }
  for (const CommApproverEntry& e : entries) {
    if (FindSupportedSyscall(e.syscall_nr) == nullptr) {
      return absl::InvalidArgumentError(absl::StrCat(
          "syscall ", e.syscall_nr, " has no filler in the probe (not supported yet)"));
    }
    if (seen[e.syscall_nr]) {
      return absl::InvalidArgumentError(
          absl::StrCat("syscall ", e.syscall_nr, " has two comm approvers"));
    }
    seen[e.syscall_nr] = true;
    std::vector<std::array<uint64_t, 2>> words;
    for (const std::string& name : e.names) {
      if (name.empty() || name.size() >= PG_COMM_BYTES || name.find('\0') != std::string::npos) {
        return absl::InvalidArgumentError(absl::StrCat("comm name '", name, "' for syscall ",
                                                       e.syscall_nr, " is not 1..",
                                                       PG_COMM_BYTES - 1, " bytes without a NUL"));
      }
      std::array<uint64_t, 2> w{};
      std::memcpy(w.data(), name.data(), name.size());
      words.push_back(w);
    }
    // The probe's binary search compares (word 0, word 1) as unsigned integers.
    std::sort(words.begin(), words.end());
    words.erase(std::unique(words.begin(), words.end()), words.end());
    if (words.size() > PG_COMM_NAMES_MAX) {
      return absl::InvalidArgumentError(absl::StrCat(
          words.size(), " comm names for syscall ", e.syscall_nr, ", at most ", PG_COMM_NAMES_MAX));
    }
    pg_comm_approver v{};
    v.count = static_cast<uint32_t>(words.size());
    for (size_t i = 0; i < words.size(); ++i) {
      v.names[i][0] = words[i][0];
      v.names[i][1] = words[i][1];
    }
    out.push_back({static_cast<uint32_t>(e.syscall_nr), v});
  }
  return out;
}

}  // namespace

absl::Status Probe::SetCommApprovers(absl::Span<const CommApproverEntry> entries) {
  if (!entries.empty() && !process_context_) {
    return absl::FailedPreconditionError(
        "comm approvers need records with process context (proc.name is the comm it carries)");
  }
  PEREGRINE_ASSIGN_OR_RETURN(auto values, EncodeCommApprovers(entries));
  std::vector<bool> approved(PG_SYSCALL_MAX, false);
  for (const CommApproverEntry& e : entries) approved[e.syscall_nr] = true;
  absl::MutexLock lock(&interest_mu_);
  return SwapApproverSet(
      &comm_approved_, approved, skel_->maps.comm_approver_map, "comm approver",
      [&]() -> absl::StatusOr<int> {
        const int fd = bpf_map_create(BPF_MAP_TYPE_HASH, "pg_comm_set", sizeof(uint32_t),
                                      sizeof(pg_comm_approver), PG_COMM_SYSCALLS_MAX, nullptr);
        if (fd < 0) return LibbpfError(errno, "creating a comm approver set");
        for (const auto& [syscall, value] : values) {
          if (bpf_map_update_elem(fd, &syscall, &value, BPF_ANY) != 0) {
            const int err = errno;
            close(fd);
            return LibbpfError(err, absl::StrCat("writing the entry of syscall ", syscall,
                                                 " in a comm approver set"));
          }
        }
        return fd;
      });
}

int Probe::OnSample(void* ctx, void* data, size_t size) {
  auto* ring = static_cast<Ring*>(ctx);
  RingRecord record;
  if (!ParseRingRecord(data, size, ring->id, &record)) {
    ++ring->owner->malformed_;
    return 0;
  }
  (*ring->callback)(record);
  ++ring->delivered;
  return 0;
}

void Probe::SyncClock() {
  // Time spent suspended so far: CLOCK_BOOTTIME counts it, CLOCK_MONOTONIC does not. Read back to
  // back the difference carries a few ns of jitter, so the offset moves only on a real suspend
  // (at least kMinSuspendNs more) and never backwards: record times stay monotonic per CPU.
  constexpr uint64_t kMinSuspendNs = 1000000;
  const uint64_t mono = ClockNs(CLOCK_MONOTONIC);
  const uint64_t suspended = ClockNs(CLOCK_BOOTTIME) - mono;
  uint64_t known = suspended_ns_.load(std::memory_order_relaxed);
  bool changed = false;
  while (suspended >= known + kMinSuspendNs && !changed) {
    changed = suspended_ns_.compare_exchange_weak(known, suspended, std::memory_order_relaxed);
  }
  if (!changed && clock_offset_set_) return;
  clock_offset_set_ = true;
  std::atomic_ref<__u64>(const_cast<__u64&>(skel_->bss->pg_clock_offset_ns))
      .store(realtime_minus_boottime_ns_ + suspended_ns_.load(std::memory_order_relaxed),
             std::memory_order_relaxed);
}

absl::StatusOr<size_t> Probe::Drain(int ring_id, RecordCallback callback) {
  if (ring_id < 0 || ring_id >= ring_count()) {
    return absl::OutOfRangeError(absl::StrCat("ring ", ring_id, " does not exist"));
  }
  SyncClock();
  Ring& ring = *rings_[ring_id];
  ring.callback = &callback;
  ring.delivered = 0;
  int n = ring_buffer__consume(ring.consumer);
  ring.callback = nullptr;
  if (n < 0) return LibbpfError(n, absl::StrCat("consuming ring ", ring_id));
  return ring.delivered;
}

absl::StatusOr<size_t> Probe::Poll(int ring_id, int timeout_ms, RecordCallback callback) {
  if (ring_id < 0 || ring_id >= ring_count()) {
    return absl::OutOfRangeError(absl::StrCat("ring ", ring_id, " does not exist"));
  }
  SyncClock();
  Ring& ring = *rings_[ring_id];
  ring.callback = &callback;
  ring.delivered = 0;
  // Raised for the wait only: the probe wakes a waiting reader, never a busy one. A record
  // that comes between the flag and the wait is still taken, at the timeout at the latest.
  std::atomic_ref<__u32> waiting(const_cast<__u32&>(skel_->bss->pg_reader_waiting[ring_id]));
  waiting.store(1, std::memory_order_seq_cst);
  int n = ring_buffer__poll(ring.consumer, timeout_ms);
  waiting.store(0, std::memory_order_relaxed);
  // Records written with BPF_RB_NO_WAKEUP do not end the wait; take them after the timeout.
  if (n >= 0) n = ring_buffer__consume(ring.consumer);
  ring.callback = nullptr;
  if (n < 0 && n != -EINTR) return LibbpfError(n, absl::StrCat("polling ring ", ring_id));
  return ring.delivered;
}

absl::StatusOr<size_t> Probe::DrainAll(RecordCallback callback) {
  size_t total = 0;
  for (int i = 0; i < ring_count(); ++i) {
    PEREGRINE_ASSIGN_OR_RETURN(size_t n, Drain(i, callback));
    total += n;
  }
  return total;
}

absl::StatusOr<std::vector<pg_probe_counters>> Probe::CountersPerCpu() const {
  std::vector<pg_probe_counters> per_cpu(libbpf_num_possible_cpus());
  uint32_t zero = 0;
  if (bpf_map_lookup_elem(bpf_map__fd(skel_->maps.counters_map), &zero, per_cpu.data()) != 0) {
    return LibbpfError(errno, "reading map 'counters_map'");
  }
  return per_cpu;
}

absl::StatusOr<pg_probe_counters> Probe::TotalCounters() const {
  PEREGRINE_ASSIGN_OR_RETURN(std::vector<pg_probe_counters> per_cpu, CountersPerCpu());
  pg_probe_counters total{};
  for (const pg_probe_counters& c : per_cpu) {
    total.emitted += c.emitted;
    for (int i = 0; i < PG_DROP_CATEGORY_COUNT; ++i) total.drops[i] += c.drops[i];
    total.truncated_params += c.truncated_params;
    total.approver_dropped += c.approver_dropped;
    total.path_approver_dropped += c.path_approver_dropped;
    total.comm_approver_dropped += c.comm_approver_dropped;
    total.wakeups += c.wakeups;
  }
  return total;
}

absl::StatusOr<ProgramRunStats> ReadProgramRunStats(int prog_fd, absl::string_view name) {
  bpf_prog_info info{};
  uint32_t size = sizeof(info);
  if (bpf_obj_get_info_by_fd(prog_fd, &info, &size) != 0) {
    return LibbpfError(errno, absl::StrCat("reading the info of program '", name, "'"));
  }
  return ProgramRunStats{info.run_time_ns, info.run_cnt};
}

absl::StatusOr<ProgramRunStats> Probe::DispatcherRunStats() const {
  return ReadProgramRunStats(bpf_program__fd(skel_->progs.pg_sys_exit), "pg_sys_exit");
}

}  // namespace peregrine::probe
