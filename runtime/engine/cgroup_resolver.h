// CgroupResolver: cgroup v2 id (pg_proc_ctx.cgroup_id) → the cgroup's path and container id.
#ifndef PEREGRINE_RUNTIME_ENGINE_CGROUP_RESOLVER_H_
#define PEREGRINE_RUNTIME_ENGINE_CGROUP_RESOLVER_H_

#include <cstdint>
#include <string>

#include "absl/container/flat_hash_map.h"

namespace peregrine::runtime {

// The probe reports the id of the task's default-hierarchy (v2) cgroup, which is the inode
// number of the cgroup's directory under the v2 mount (/sys/fs/cgroup on v2-only hosts,
// /sys/fs/cgroup/unified on hybrid ones). A miss reads the "0::" line of /proc/<pid>/cgroup and
// checks the directory's inode; if the process is gone it walks the hierarchy. Results are
// cached for the resolver's life (cgroup ids are not reused while the cgroup exists).
// Owned by one thread (each pipeline worker has its own).
class CgroupResolver {
 public:
  struct Entry {
    std::string path;          // "/docker-<64 hex>.scope"; "" when unknown
    std::string container_id;  // 12 hex characters, or "host"
  };

  // `mount` = "" picks the v2 mount: /sys/fs/cgroup/unified if it is one, else /sys/fs/cgroup.
  explicit CgroupResolver(std::string mount = "", std::string proc_root = "/proc");

  // The entry of `cgroup_id`, as seen from process `pid` (a hint for the lookup). The reference
  // is valid until the next Resolve().
  const Entry& Resolve(uint64_t cgroup_id, int64_t pid);

  const std::string& mount() const { return mount_; }
  size_t cache_size() const { return cache_.size(); }
  uint64_t misses() const { return misses_; }

 private:
  bool Walk(const std::string& dir, const std::string& rel, uint64_t id, int depth,
            std::string* out) const;

  std::string mount_;
  std::string proc_root_;
  absl::flat_hash_map<uint64_t, Entry> cache_;
  uint64_t misses_ = 0;
};

// True when `dir` is a cgroup v2 mount (statfs magic CGROUP2_SUPER_MAGIC).
bool IsCgroup2Mount(const std::string& dir);

}  // namespace peregrine::runtime

#endif  // PEREGRINE_RUNTIME_ENGINE_CGROUP_RESOLVER_H_
