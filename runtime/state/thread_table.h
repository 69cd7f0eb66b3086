// ThreadTable: the host's threads keyed by tid, with the process relations of §14.1.
#ifndef PEREGRINE_RUNTIME_STATE_THREAD_TABLE_H_
#define PEREGRINE_RUNTIME_STATE_THREAD_TABLE_H_

#include <cstdint>
#include <memory>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "runtime/state/thread_entry.h"

namespace peregrine::runtime {

// Owns every ThreadEntry (pointers stay valid until the entry is removed). Lookups never
// allocate. Owned by one thread (the event reader that updates the state); thread-compatible.
class ThreadTable {
 public:
  ThreadTable() = default;
  ThreadTable(const ThreadTable&) = delete;
  ThreadTable& operator=(const ThreadTable&) = delete;

  ThreadEntry* Find(int64_t tid);
  const ThreadEntry* Find(int64_t tid) const;
  // Inserts `entry`, replacing any entry with the same tid. Returns the stored entry.
  ThreadEntry* Insert(std::unique_ptr<ThreadEntry> entry);
  void Erase(int64_t tid);
  size_t size() const { return threads_.size(); }
  // Changes whenever an entry is inserted or erased (so a cached ThreadEntry* from an equal
  // generation is still valid).
  uint64_t generation() const { return generation_; }

  // The main thread of `t` (§14.1): `t` itself for a leader, else the leader `t.pid` if present
  // and itself a main thread; nullptr otherwise.
  ThreadEntry* MainThread(const ThreadEntry& t);
  const ThreadEntry* MainThread(const ThreadEntry& t) const;
  // P = main thread of the thread whose tid is (main thread of t).ptid; nullptr if absent.
  const ThreadEntry* Parent(const ThreadEntry& t) const;
  // The fd table `t` uses: its leader's when it has CLONE_FILES, else its own.
  FdTable& FdsOf(ThreadEntry& t);
  const FdTable& FdsOf(const ThreadEntry& t) const;

  // Processes marked as (sub)reapers by prctl (keyed by pid).
  void SetReaper(int64_t pid, bool reaper);
  bool IsReaper(int64_t pid) const { return reapers_.contains(pid); }

  template <typename F>
  void ForEach(F&& f) {
    for (auto& [tid, t] : threads_) f(*t);
  }
  template <typename F>
  void ForEach(F&& f) const {
    for (const auto& [tid, t] : threads_) f(static_cast<const ThreadEntry&>(*t));
  }

 private:
  absl::flat_hash_map<int64_t, std::unique_ptr<ThreadEntry>> threads_;
  absl::flat_hash_set<int64_t> reapers_;
  uint64_t generation_ = 0;
};

// Walks the ancestors of a thread as §14.7 defines them: Next() first yields the parent process
// (P of ThreadTable::Parent), then its parent, …; stops when the chain breaks or loops
// (bounded by the table size). Borrows the table. Thread-compatible.
class AncestorIterator {
 public:
  AncestorIterator(const ThreadTable& table, const ThreadEntry& start)
      : table_(table), current_(table.MainThread(start)), budget_(table.size() + 1) {}
  // The next ancestor, or nullptr at the end.
  const ThreadEntry* Next();

 private:
  const ThreadTable& table_;
  const ThreadEntry* current_;
  size_t budget_;
};

// The N-th ancestor of `t` (0 = t's main thread, 1 = parent, …), or nullptr.
const ThreadEntry* NthAncestor(const ThreadTable& table, const ThreadEntry& t, int n);

}  // namespace peregrine::runtime

#endif  // PEREGRINE_RUNTIME_STATE_THREAD_TABLE_H_
