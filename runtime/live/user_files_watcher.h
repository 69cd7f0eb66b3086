// UserFilesWatcher: notices when /etc/passwd or /etc/group changed and reads both again.
//
// Usage:
//   UserFilesWatcher watcher;                  // "/etc"
//   watcher.Baseline();                        // before the first full read (ProcScanner)
//   if (auto t = watcher.Check()) live_user_tables.Publish(std::move(t));   // every second
#ifndef PEREGRINE_RUNTIME_LIVE_USER_FILES_WATCHER_H_
#define PEREGRINE_RUNTIME_LIVE_USER_FILES_WATCHER_H_

#include <cstdint>
#include <memory>
#include <string>

#include "runtime/live/live_user_tables.h"

namespace peregrine::runtime::live {

// Polls the identity of etc_root/passwd and etc_root/group (device, inode, size, mtime and ctime,
// or absence): an in-place write and a replace-by-rename (useradd, vipw) both change it. Polling
// rather than inotify keeps it to two stat() calls per check on a thread that already wakes up
// periodically, and needs no fd. A file caught being rewritten (its identity differs before and
// after the read) is not published; the next Check() reads it again. Thread-compatible: one
// thread calls Baseline() and Check(); never on the per-event path.
class UserFilesWatcher {
 public:
  explicit UserFilesWatcher(std::string etc_root = "/etc");

  // Remembers the files' identity now; Check() reports changes from here on.
  void Baseline();
  // Null when neither file changed since the last Baseline() or successful Check(); otherwise
  // both files read again (users and groups of the host).
  std::shared_ptr<const HostUserTables> Check();

  // Reads both files now.
  HostUserTables Read() const;

 private:
  struct FileId {
    bool exists = false;
    uint64_t dev = 0;
    uint64_t ino = 0;
    int64_t size = 0;
    int64_t mtime_ns = 0;
    int64_t ctime_ns = 0;
    bool operator==(const FileId&) const = default;
  };
  struct Ids {
    FileId passwd;
    FileId group;
    bool operator==(const Ids&) const = default;
  };
  Ids Stat() const;

  std::string etc_root_;
  Ids last_;
};

}  // namespace peregrine::runtime::live

#endif  // PEREGRINE_RUNTIME_LIVE_USER_FILES_WATCHER_H_
