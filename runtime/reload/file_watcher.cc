#include "runtime/reload/file_watcher.h"

#include <sys/inotify.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <system_error>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"

namespace peregrine::runtime::reload {
namespace {

namespace fs = std::filesystem;

constexpr uint32_t kMask = IN_CLOSE_WRITE | IN_MODIFY | IN_CREATE | IN_DELETE | IN_MOVED_TO |
                           IN_MOVED_FROM | IN_ATTRIB | IN_DELETE_SELF | IN_MOVE_SELF;

}  // namespace

absl::StatusOr<std::unique_ptr<FileWatcher>> FileWatcher::Create() {
  const int fd = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
  if (fd < 0) {
    return absl::InternalError(absl::StrCat("inotify_init1: ", std::strerror(errno)));
  }
  return std::unique_ptr<FileWatcher>(new FileWatcher(fd));
}

FileWatcher::~FileWatcher() { close(fd_); }

void FileWatcher::Clear() {
  for (const auto& [wd, w] : by_wd_) inotify_rm_watch(fd_, wd);
  by_wd_.clear();
  paths_.clear();
}

absl::Status FileWatcher::AddDir(const std::string& dir, const std::string* name,
                                 const std::string* root) {
  const int wd = inotify_add_watch(fd_, dir.c_str(), kMask | IN_ONLYDIR);
  if (wd < 0) {
    return absl::NotFoundError(
        absl::StrCat("inotify: cannot watch ", dir, ": ", std::strerror(errno)));
  }
  Watched& w = by_wd_[wd];
  w.dir = dir;
  if (name != nullptr) w.names.insert(*name);
  if (root != nullptr) w.dir_roots.insert(*root);
  return absl::OkStatus();
}

absl::Status FileWatcher::Watch(const std::vector<std::string>& paths) {
  Clear();
  absl::Status first_error;
  for (const std::string& path : paths) {
    std::error_code ec;
    const fs::path p = fs::absolute(path, ec).lexically_normal();
    absl::Status s;
    if (fs::is_directory(p, ec)) {
      const std::string root = p.string();
      s = AddDir(root, nullptr, &root);
      for (auto it = fs::recursive_directory_iterator(p, ec); s.ok() && !ec && it != fs::end(it);
           it.increment(ec)) {
        if (it->is_directory(ec)) s = AddDir(it->path().string(), nullptr, &root);
      }
    } else {
      const std::string name = p.filename().string();
      s = AddDir(p.parent_path().string(), &name, nullptr);
    }
    if (!s.ok() && first_error.ok()) first_error = s;
    paths_.push_back(path);
  }
  return first_error;
}

std::vector<std::string> FileWatcher::ReadChanges() {
  std::set<std::string> changed;
  alignas(inotify_event) char buf[16384];
  while (true) {
    const ssize_t n = read(fd_, buf, sizeof(buf));
    if (n <= 0) break;
    for (ssize_t off = 0; off < n;) {
      const auto* ev = reinterpret_cast<const inotify_event*>(buf + off);
      off += static_cast<ssize_t>(sizeof(inotify_event) + ev->len);
      auto it = by_wd_.find(ev->wd);
      if (it == by_wd_.end()) continue;
      const Watched& w = it->second;
      const std::string name = ev->len > 0 ? std::string(ev->name) : std::string();
      if (!w.names.empty() && w.names.count(name) > 0) {
        changed.insert((fs::path(w.dir) / name).string());
      }
      if (!w.dir_roots.empty()) {
        for (const std::string& root : w.dir_roots) changed.insert(root);
        // A new sub-directory of a watched directory is watched too.
        if ((ev->mask & IN_ISDIR) != 0 && (ev->mask & (IN_CREATE | IN_MOVED_TO)) != 0) {
          const std::string sub = (fs::path(w.dir) / name).string();
          const std::set<std::string> roots = w.dir_roots;
          for (const std::string& root : roots) (void)AddDir(sub, nullptr, &root);
        }
      }
    }
  }
  return std::vector<std::string>(changed.begin(), changed.end());
}

}  // namespace peregrine::runtime::reload
