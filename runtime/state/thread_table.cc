// ThreadTable: the host's threads keyed by tid.
#include "runtime/state/thread_table.h"

#include <utility>

namespace peregrine::runtime {

void ThreadEntry::SetArgs(std::vector<std::string> new_args) {
  args = std::move(new_args);
  RecomputeCmdline();
}

void ThreadEntry::RecomputeCmdline() {
  cmdline = comm;
  for (const std::string& a : args) {
    cmdline.push_back(' ');
    cmdline.append(a);
  }
}

ThreadEntry* ThreadTable::Find(int64_t tid) {
  auto it = threads_.find(tid);
  return it == threads_.end() ? nullptr : it->second.get();
}

const ThreadEntry* ThreadTable::Find(int64_t tid) const {
  auto it = threads_.find(tid);
  return it == threads_.end() ? nullptr : it->second.get();
}

ThreadEntry* ThreadTable::Insert(std::unique_ptr<ThreadEntry> entry) {
  ThreadEntry* raw = entry.get();
  threads_[raw->tid] = std::move(entry);
  ++generation_;
  return raw;
}

void ThreadTable::Erase(int64_t tid) {
  threads_.erase(tid);
  ++generation_;
}

ThreadEntry* ThreadTable::MainThread(const ThreadEntry& t) {
  return const_cast<ThreadEntry*>(static_cast<const ThreadTable*>(this)->MainThread(t));
}

const ThreadEntry* ThreadTable::MainThread(const ThreadEntry& t) const {
  if (t.IsMainThreadSelf()) return &t;
  const ThreadEntry* leader = Find(t.pid);
  if (leader == nullptr || !leader->IsMainThreadSelf()) return nullptr;
  return leader;
}

const ThreadEntry* ThreadTable::Parent(const ThreadEntry& t) const {
  const ThreadEntry* main = MainThread(t);
  if (main == nullptr) return nullptr;
  const ThreadEntry* p = Find(main->ptid);
  if (p == nullptr) return nullptr;
  return MainThread(*p);
}

FdTable& ThreadTable::FdsOf(ThreadEntry& t) {
  return const_cast<FdTable&>(static_cast<const ThreadTable*>(this)->FdsOf(t));
}

const FdTable& ThreadTable::FdsOf(const ThreadEntry& t) const {
  if ((t.flags & kClCloneFiles) != 0 && !t.IsMainThreadSelf()) {
    const ThreadEntry* main = MainThread(t);
    if (main != nullptr) return main->fds;
  }
  return t.fds;
}

void ThreadTable::SetReaper(int64_t pid, bool reaper) {
  if (reaper) {
    reapers_.insert(pid);
  } else {
    reapers_.erase(pid);
  }
}

const ThreadEntry* AncestorIterator::Next() {
  if (current_ == nullptr || budget_ == 0) return nullptr;
  --budget_;
  const ThreadEntry* p = table_.Parent(*current_);
  if (p == current_) p = nullptr;  // a process that is its own parent ends the chain
  current_ = p;
  return p;
}

const ThreadEntry* NthAncestor(const ThreadTable& table, const ThreadEntry& t, int n) {
  if (n < 0) return nullptr;
  const ThreadEntry* cur = table.MainThread(t);
  for (int i = 0; i < n && cur != nullptr; ++i) {
    const ThreadEntry* p = table.Parent(*cur);
    cur = p == cur ? nullptr : p;
  }
  return cur;
}

}  // namespace peregrine::runtime
