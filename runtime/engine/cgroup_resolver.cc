// CgroupResolver: cgroup v2 id → path → container id.
#include "runtime/engine/cgroup_resolver.h"

#include <dirent.h>
#include <sys/stat.h>
#include <sys/statfs.h>

#include <cstdio>
#include <utility>

#include "absl/strings/str_cat.h"
#include "runtime/state/container_id.h"

namespace peregrine::runtime {
namespace {

constexpr long kCgroup2SuperMagic = 0x63677270;
// Depth bound of the hierarchy walk (container runtimes nest a handful of levels).
constexpr int kMaxWalkDepth = 8;

uint64_t InodeOf(const std::string& path) {
  struct stat st;
  if (stat(path.c_str(), &st) != 0) return 0;
  return st.st_ino;
}

// The path of the "0::" line of /proc/<pid>/cgroup, or "".
std::string V2PathOf(const std::string& proc_root, int64_t pid) {
  const std::string file = absl::StrCat(proc_root, "/", pid, "/cgroup");
  FILE* f = std::fopen(file.c_str(), "re");
  if (f == nullptr) return {};
  char line[4096];
  std::string out;
  while (std::fgets(line, sizeof(line), f) != nullptr) {
    std::string l(line);
    if (!l.empty() && l.back() == '\n') l.pop_back();
    if (l.rfind("0::", 0) == 0) {
      out = l.substr(3);
      break;
    }
  }
  std::fclose(f);
  return out;
}

}  // namespace

bool IsCgroup2Mount(const std::string& dir) {
  struct statfs fs;
  return statfs(dir.c_str(), &fs) == 0 && static_cast<long>(fs.f_type) == kCgroup2SuperMagic;
}

CgroupResolver::CgroupResolver(std::string mount, std::string proc_root)
    : mount_(std::move(mount)), proc_root_(std::move(proc_root)) {
  if (mount_.empty()) {
    mount_ = IsCgroup2Mount("/sys/fs/cgroup/unified") ? "/sys/fs/cgroup/unified" : "/sys/fs/cgroup";
  }
}

bool CgroupResolver::Walk(const std::string& dir, const std::string& rel, uint64_t id, int depth,
                          std::string* out) const {
  if (depth > kMaxWalkDepth) return false;
  DIR* d = opendir(dir.c_str());
  if (d == nullptr) return false;
  bool found = false;
  while (dirent* e = readdir(d)) {
    if (e->d_type != DT_DIR || e->d_name[0] == '.') continue;
    const std::string child_rel = absl::StrCat(rel, "/", e->d_name);
    const std::string child = absl::StrCat(dir, "/", e->d_name);
    if (e->d_ino == id || InodeOf(child) == id) {
      *out = child_rel;
      found = true;
      break;
    }
    if (Walk(child, child_rel, id, depth + 1, out)) {
      found = true;
      break;
    }
  }
  closedir(d);
  return found;
}

const CgroupResolver::Entry& CgroupResolver::Resolve(uint64_t cgroup_id, int64_t pid) {
  auto it = cache_.find(cgroup_id);
  if (it != cache_.end()) return it->second;
  ++misses_;
  Entry entry;
  std::string path = V2PathOf(proc_root_, pid);
  if (!path.empty() && InodeOf(mount_ + (path == "/" ? "" : path)) != cgroup_id) path.clear();
  if (path.empty()) {
    if (InodeOf(mount_) == cgroup_id) {
      path.assign(1, '/');  // not = "/": GCC 12 -Wrestrict false positive
    } else {
      Walk(mount_, "", cgroup_id, 0, &path);
    }
  }
  entry.path = path;
  const std::string_view id = ContainerIdFromCgroup(path);
  entry.container_id = id.empty() ? std::string(kHostContainerId) : std::string(id);
  // Unresolved ids (a cgroup removed before we looked) are cached too, as "host": walking the
  // hierarchy again on every event of such a task would be far too slow.
  return cache_.emplace(cgroup_id, std::move(entry)).first->second;
}

}  // namespace peregrine::runtime
