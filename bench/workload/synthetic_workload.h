// SyntheticWorkload: a deterministic (seeded) stream of real scap-layout event records for tests
// and benchmarks — a realistic mix of process, file and network activity on a simulated machine,
// with a configurable share of events that match rules of the upstream falco_rules.yaml.
//
// Usage:
//   SyntheticWorkload w(SyntheticOptions{.seed = 1, .match_share = 0.01});
//   runtime::StateTracker state;
//   state.Seed(w.initial_tables());
//   std::vector<uint8_t> record;
//   for (int i = 0; i < n; ++i) { w.Next(&record); /* probe::RecordView::Parse(record) ... */ }
#ifndef PEREGRINE_BENCH_WORKLOAD_SYNTHETIC_WORKLOAD_H_
#define PEREGRINE_BENCH_WORKLOAD_SYNTHETIC_WORKLOAD_H_

#include <array>
#include <cstdint>
#include <deque>
#include <map>
#include <string>
#include <vector>

#include "bench/workload/process_model.h"
#include "bench/workload/rng.h"
#include "probe/abi/record_writer.h"
#include "probe/capture/scap/scap_tables.h"
#include "runtime/catalog/event_table.h"

namespace peregrine::workload {

struct SyntheticOptions {
  uint64_t seed = 1;
  // Share of the events designed to match one rule of the upstream falco_rules.yaml (each attack
  // scenario contributes exactly one such event; the benign mix matches none). In [0, 1).
  double match_share = 0.01;
  // Timestamp of the first event (ns since the epoch) and mean gap between events.
  uint64_t start_ts = 1'700'000'000'000'000'000ull;
  uint64_t mean_gap_ns = 2'000;
};

// Counters of what was generated so far.
struct WorkloadStats {
  uint64_t events = 0;
  uint64_t designed_matches = 0;  // events designed to match a rule
  std::array<uint64_t, catalog::kNumEventCodes> by_code{};
  std::map<std::string, uint64_t> matches_by_rule;  // designed matches per rule name
};

// Owns its simulated machine. Deterministic: the same options give the same byte stream.
// Owned by one thread (thread-compatible).
class SyntheticWorkload {
 public:
  explicit SyntheticWorkload(SyntheticOptions options);

  // Writes the next record into `record` (replacing its contents). Never fails: the stream is
  // endless.
  void Next(std::vector<uint8_t>* record);

  // The machine's state before the first event (users, groups, threads, fds), in the shape of a
  // capture's metadata blocks: pass it to runtime::StateTracker::Seed.
  const probe::scap::ScapTables& initial_tables() const { return initial_tables_; }

  // The upstream rule the last record returned by Next() was designed to match, or "" for a
  // benign event.
  const std::string& last_designed_rule() const { return last_rule_; }

  const WorkloadStats& stats() const { return stats_; }
  const SyntheticOptions& options() const { return options_; }

  // The rules attack scenarios target (upstream falco_rules.yaml names).
  static const std::vector<std::string>& TargetedRules();

 private:
  struct Pending {
    std::vector<uint8_t> bytes;
    uint16_t code = 0;
    std::string rule;  // designed match, or empty
  };

  // Appends the record being written on writer_ to the pending queue.
  void Emit(const char* rule = nullptr);
  uint64_t Tick();
  void Refill();

  // Benign activity.
  void FileActivity();
  void ReadWriteActivity();
  void NetworkActivity();
  void ShellCommand();
  void CronJob();
  void DbBackend();
  void BenignSymlink();
  void BenignPtrace();

  // Attack scenarios: each emits exactly one event designed to match its rule.
  void ReadShadow();
  void ShellUnderWebServer();
  void SymlinkOverShadow();
  void PtraceAttach();
  void GrepPrivateKeys();
  void ShredData();
  void PacketSocketInContainer();
  void RedirectStdoutToSocket();

  // Helpers over the process model.
  int64_t Pick(const std::string& role);
  // fork + the child's clone exit; returns the child.
  int64_t Spawn(int64_t parent);
  void Exec(int64_t pid, std::string exe, std::string comm, std::vector<std::string> args,
            const char* rule = nullptr);
  void Exit(int64_t pid);
  int64_t OpenFile(int64_t pid, const std::string& path, uint32_t flags,
                   const char* rule = nullptr);
  void Close(int64_t pid, int64_t fd);

  SyntheticOptions options_;
  Rng rng_;
  ProcessModel model_;
  probe::scap::ScapTables initial_tables_;
  probe::RecordWriter writer_;
  std::deque<Pending> pending_;
  std::vector<Pending> free_;  // recycled buffers
  uint64_t ts_;
  double credit_;
  std::string last_rule_;
  WorkloadStats stats_;
};

}  // namespace peregrine::workload

#endif  // PEREGRINE_BENCH_WORKLOAD_SYNTHETIC_WORKLOAD_H_
