// LiveUserTables: the host's users and groups as last read from /etc/passwd and /etc/group,
// handed from the thread that watches those files to every pipeline worker.
//
// Usage:
//   LiveUserTables live;                      // owned by the pipeline
//   live.Publish(std::move(tables));          // watcher thread, when the files changed
//   if (live.generation() != seen) { auto t = live.Current(); seen = ...; apply(*t); }  // worker
#ifndef PEREGRINE_RUNTIME_LIVE_LIVE_USER_TABLES_H_
#define PEREGRINE_RUNTIME_LIVE_LIVE_USER_TABLES_H_

#include <atomic>
#include <cstdint>
#include <memory>
#include <vector>

#include "runtime/state/user_table.h"

namespace peregrine::runtime::live {

// One complete reading of the host's user and group files.
struct HostUserTables {
  std::vector<UserEntry> users;
  std::vector<GroupEntry> groups;
};

// Single-writer handoff: one thread publishes (the pipeline's control thread), any number of
// workers read without blocking. generation() is one atomic load, cheap enough to check between
// events; Current() is an atomic shared_ptr load. A reader loads generation() first, then
// Current(): the tables it gets are at least as new as that generation (a newer publication
// bumps the generation again, so the reader just reapplies). The publisher keeps the current
// tables alive, so a worker that copied them and let go never frees them.
class LiveUserTables {
 public:
  LiveUserTables() = default;
  LiveUserTables(const LiveUserTables&) = delete;
  LiveUserTables& operator=(const LiveUserTables&) = delete;

  // Makes `next` current and returns its generation (1, 2, …). One publishing thread only.
  uint64_t Publish(std::shared_ptr<const HostUserTables> next) {
    current_.store(std::move(next), std::memory_order_release);
    const uint64_t g = generation_.load(std::memory_order_relaxed) + 1;
    generation_.store(g, std::memory_order_release);
    return g;
  }
  // Null before the first Publish().
  std::shared_ptr<const HostUserTables> Current() const {
    return current_.load(std::memory_order_acquire);
  }
  // 0 before the first Publish().
  uint64_t generation() const { return generation_.load(std::memory_order_acquire); }

 private:
  std::atomic<std::shared_ptr<const HostUserTables>> current_;
  std::atomic<uint64_t> generation_{0};
};

}  // namespace peregrine::runtime::live

#endif  // PEREGRINE_RUNTIME_LIVE_LIVE_USER_TABLES_H_
