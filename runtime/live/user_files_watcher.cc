// UserFilesWatcher: stat-polling of /etc/passwd and /etc/group, re-read through ProcScanner.
#include "runtime/live/user_files_watcher.h"

#include <sys/stat.h>

#include <utility>

#include "probe/capture/scap/scap_tables.h"
#include "runtime/live/proc_scanner.h"

namespace peregrine::runtime::live {
namespace {

int64_t Ns(const timespec& t) { return static_cast<int64_t>(t.tv_sec) * 1'000'000'000 + t.tv_nsec; }

}  // namespace

UserFilesWatcher::UserFilesWatcher(std::string etc_root) : etc_root_(std::move(etc_root)) {}

UserFilesWatcher::Ids UserFilesWatcher::Stat() const {
  const auto one = [](const std::string& path) {
    FileId id;
    struct stat st;
    if (stat(path.c_str(), &st) != 0) return id;
    id.exists = true;
    id.dev = st.st_dev;
    id.ino = st.st_ino;
    id.size = st.st_size;
    id.mtime_ns = Ns(st.st_mtim);
    id.ctime_ns = Ns(st.st_ctim);
    return id;
  };
  return Ids{one(etc_root_ + "/passwd"), one(etc_root_ + "/group")};
}

void UserFilesWatcher::Baseline() { last_ = Stat(); }

HostUserTables UserFilesWatcher::Read() const {
  probe::scap::ScapTables scanned;
  ProcScanner(ProcScanOptions{.etc_root = etc_root_}).ScanUsers(&scanned);
  HostUserTables out;
  out.users.reserve(scanned.users.size());
  for (probe::scap::UserInfo& u : scanned.users) {
    out.users.push_back(
        UserEntry{u.uid, u.gid, std::move(u.name), std::move(u.home), std::move(u.shell)});
  }
  out.groups.reserve(scanned.groups.size());
  for (probe::scap::GroupInfo& g : scanned.groups) {
    out.groups.push_back(GroupEntry{g.gid, std::move(g.name)});
  }
  return out;
}

std::shared_ptr<const HostUserTables> UserFilesWatcher::Check() {
  const Ids before = Stat();
  if (before == last_) return nullptr;
  auto tables = std::make_shared<HostUserTables>(Read());
  // Written while we read: keep the old identity so the next Check() reads it again.
  if (Stat() != before) return nullptr;
  last_ = before;
  return tables;
}

}  // namespace peregrine::runtime::live
