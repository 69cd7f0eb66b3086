// FileWatcher: inotify on rules files, rules directories, the config file and a bundle file.
#ifndef PEREGRINE_RUNTIME_RELOAD_FILE_WATCHER_H_
#define PEREGRINE_RUNTIME_RELOAD_FILE_WATCHER_H_

#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "absl/status/statusor.h"

namespace peregrine::runtime::reload {

// A file is watched through its directory, filtered by name: editors and `mv` replace a file
// (a new inode), which a watch on the file itself would lose. A directory is watched with its
// sub-directories (new sub-directories are added as they appear). Changes are writes, creations,
// deletions and renames. Owns the inotify descriptor. Owned by one thread (the reload thread);
// fd() may be polled there.
class FileWatcher {
 public:
  static absl::StatusOr<std::unique_ptr<FileWatcher>> Create();
  ~FileWatcher();
  FileWatcher(const FileWatcher&) = delete;
  FileWatcher& operator=(const FileWatcher&) = delete;

  // Replaces the watched set with `paths` (files or directories; a missing file is watched
  // through its directory when that exists, so that its creation is seen). Errors: none of a
  // path's directories can be watched (the message names it); the other paths stay watched.
  absl::Status Watch(const std::vector<std::string>& paths);
  // Non-blocking, readable when changes are pending.
  int fd() const { return fd_; }
  // Consumes the pending inotify events; returns the watched paths they touch (each once).
  std::vector<std::string> ReadChanges();
  const std::vector<std::string>& watched() const { return paths_; }

 private:
  struct Watched {
    std::string dir;
    std::set<std::string> names;      // files of interest in `dir`
    std::set<std::string> dir_roots;  // watched directories this directory belongs to
  };
  explicit FileWatcher(int fd) : fd_(fd) {}
  absl::Status AddDir(const std::string& dir, const std::string* name, const std::string* root);
  void Clear();

  int fd_;
  std::vector<std::string> paths_;
  std::map<int, Watched> by_wd_;
};

}  // namespace peregrine::runtime::reload

#endif  // PEREGRINE_RUNTIME_RELOAD_FILE_WATCHER_H_
