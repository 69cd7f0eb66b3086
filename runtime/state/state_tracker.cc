// StateTracker: per-event state updates (scap-format §14.3–§14.5).
#include "runtime/state/state_tracker.h"

#include <algorithm>
#include <utility>
#include <vector>

#include "runtime/catalog/event_codes.h"
#include "runtime/events/net_format.h"
#include "runtime/state/path.h"

namespace peregrine::runtime {
namespace {

constexpr int64_t kAtFdcwd = -100;
constexpr int64_t kEinprogress = -115;
constexpr uint64_t kAllCaps = (uint64_t{1} << 41) - 1;

// Events without a thread (§14.3 step 2).
bool IsThreadlessEvent(uint16_t code) {
  switch (code) {
    case PG_EVT_PLUGINEVENT_E:
    case PG_EVT_CONTAINER_JSON_2_E:
    case PG_EVT_USER_ADDED_E:
    case PG_EVT_USER_DELETED_E:
    case PG_EVT_GROUP_ADDED_E:
    case PG_EVT_GROUP_DELETED_E:
    case PG_EVT_ASYNCEVENT_E:
    case PG_EVT_DROP_E:
    case PG_EVT_DROP_X:
    case PG_EVT_SCAPEVENT_E:
    case PG_EVT_PROCINFO_E:
    case PG_EVT_CPU_HOTPLUG_E:
    case PG_EVT_NOTIFICATION_E:
    case PG_EVT_INFRASTRUCTURE_EVENT_E:
      return true;
    default:
      return false;
  }
}

bool IsCloneExit(uint16_t code) {
  return code == PG_EVT_SYSCALL_CLONE_20_X || code == PG_EVT_SYSCALL_FORK_20_X ||
         code == PG_EVT_SYSCALL_VFORK_20_X || code == PG_EVT_SYSCALL_CLONE3_X;
}

// Index of the parameter holding the fd an event operates on (§14.3 step 3), or -1.
int FdParamIndex(uint16_t code) {
  switch (code) {
    case PG_EVT_SYSCALL_CLOSE_X:
    case PG_EVT_SOCKET_LISTEN_X:
    case PG_EVT_SOCKET_SHUTDOWN_X:
    case PG_EVT_SYSCALL_FSTAT_X:
    case PG_EVT_SYSCALL_LSEEK_X:
    case PG_EVT_SYSCALL_LLSEEK_X:
    case PG_EVT_SYSCALL_FCHDIR_X:
    case PG_EVT_SYSCALL_FCNTL_X:
    case PG_EVT_SYSCALL_IOCTL_3_X:
    case PG_EVT_SYSCALL_GETDENTS_X:
    case PG_EVT_SYSCALL_GETDENTS64_X:
    case PG_EVT_SYSCALL_SETNS_X:
    case PG_EVT_SYSCALL_FLOCK_X:
    case PG_EVT_SOCKET_SETSOCKOPT_X:
    case PG_EVT_SOCKET_GETSOCKOPT_X:
    case PG_EVT_SOCKET_SENDMMSG_X:
    case PG_EVT_SOCKET_RECVMMSG_X:
    case PG_EVT_SYSCALL_UNLINKAT_2_X:
    case PG_EVT_SYSCALL_MKDIRAT_X:
    case PG_EVT_SYSCALL_FCHMODAT_X:
    case PG_EVT_SYSCALL_FCHMOD_X:
    case PG_EVT_SYSCALL_COPY_FILE_RANGE_X:
    case PG_EVT_SYSCALL_IO_URING_ENTER_X:
    case PG_EVT_SYSCALL_IO_URING_REGISTER_X:
    case PG_EVT_SYSCALL_DUP_1_X:
    case PG_EVT_SYSCALL_DUP2_X:
    case PG_EVT_SYSCALL_DUP3_X:
    case PG_EVT_SYSCALL_FSCONFIG_X:
    case PG_EVT_SYSCALL_FCHOWN_X:
    case PG_EVT_SYSCALL_FCHOWNAT_X:
    case PG_EVT_SYSCALL_FINIT_MODULE_X:
    case PG_EVT_SYSCALL_MKNODAT_X:
    case PG_EVT_SYSCALL_NEWFSTATAT_X:
      return 1;
    case PG_EVT_SYSCALL_WRITE_X:
    case PG_EVT_SYSCALL_READ_X:
    case PG_EVT_SOCKET_BIND_X:
    case PG_EVT_SOCKET_CONNECT_X:
    case PG_EVT_SOCKET_SEND_X:
    case PG_EVT_SOCKET_SENDTO_X:
    case PG_EVT_SOCKET_RECV_X:
    case PG_EVT_SOCKET_SENDMSG_X:
    case PG_EVT_SYSCALL_PREAD_X:
    case PG_EVT_SYSCALL_PWRITE_X:
    case PG_EVT_SYSCALL_WRITEV_X:
    case PG_EVT_SYSCALL_PWRITEV_X:
    case PG_EVT_SYSCALL_SPLICE_X:
    case PG_EVT_SYSCALL_SYMLINKAT_X:
    case PG_EVT_SYSCALL_SENDFILE_X:
      return 2;
    case PG_EVT_SOCKET_RECVFROM_X:
    case PG_EVT_SYSCALL_READV_X:
    case PG_EVT_SYSCALL_PREADV_X:
      return 3;
    case PG_EVT_SOCKET_RECVMSG_X:
      return 5;
    case PG_EVT_SYSCALL_MMAP_X:
    case PG_EVT_SYSCALL_MMAP2_X:
      return 8;
    default:
      return -1;
  }
}

}  // namespace

std::string_view CwdOf(const ThreadTable& threads, const ThreadEntry& t) {
  const ThreadEntry* main = threads.MainThread(t);
  if (main == nullptr) return "./";
  return main->cwd;
}

void ResolveDirfdBase(const ThreadTable& threads, const ThreadEntry& t, int64_t dirfd,
                      std::string_view name, std::string* out) {
  out->clear();
  if (!name.empty() && name[0] == '/') return;
  if (dirfd == kAtFdcwd) {
    out->assign(CwdOf(threads, t));
    return;
  }
  const FdTable& fds = threads.FdsOf(t);
  auto it = fds.find(dirfd);
  if (it == fds.end()) {
    out->assign("<UNKNOWN>");
    return;
  }
  out->assign(it->second.name);
  if (out->empty() || out->back() != '/') out->push_back('/');
}

StateTracker::StateTracker(StateOptions options) : options_(options) {}

StateView StateTracker::ViewOf(const ThreadEntry* thread) const {
  StateView v;
  v.threads = &threads_;
  v.users = &users_;
  v.host = &host_;
  v.thread = thread;
  return v;
}

ThreadEntry* StateTracker::CreatePlaceholder(int64_t tid) {
  auto t = std::make_unique<ThreadEntry>();
  t->tid = tid;
  t->pid = -1;
  t->ptid = -1;
  t->comm = "<NA>";
  t->exe = "<NA>";
  t->RecomputeCmdline();
  ++stats_.placeholders_created;
  MaybeEvict(tid);
  return threads_.Insert(std::move(t));
}

std::string& StateTracker::CwdOf(ThreadEntry& t) {
  ThreadEntry* main = threads_.MainThread(t);
  return main != nullptr ? main->cwd : t.cwd;
}

FdEntry* StateTracker::FindFd(ThreadEntry& t, int64_t num) {
  FdTable& fds = threads_.FdsOf(t);
  auto it = fds.find(num);
  return it == fds.end() ? nullptr : &it->second;
}

FdEntry* StateTracker::ResetFd(ThreadEntry& t, int64_t num) {
  FdTable& fds = threads_.FdsOf(t);
  auto it = fds.find(num);
  if (it == fds.end()) {
    if (fds.size() >= options_.max_fds_per_process) {
      ++stats_.fds_dropped;
      return nullptr;
    }
    it = fds.try_emplace(num, empty_fd_).first;
    string_pool_.Take(&it->second.name);
    string_pool_.Take(&it->second.nameraw);
    return &it->second;
  }
  it->second.Reset();
  return &it->second;
}

FdEntry* StateTracker::AddFd(ThreadEntry& t, int64_t num, const FdEntry& entry) {
  FdEntry* slot = ResetFd(t, num);
  // Copy-assignment keeps the slot's name buffers when they are large enough.
  if (slot != nullptr) *slot = entry;
  return slot;
}

FdEntry* StateTracker::CopyFd(ThreadEntry& from, int64_t from_num, ThreadEntry& to,
                              int64_t to_num) {
  if (FindFd(from, from_num) == nullptr) return nullptr;
  FdEntry* slot = ResetFd(to, to_num);
  if (slot == nullptr) return nullptr;
  // Found again: creating the slot may have moved the source.
  const FdEntry* src = FindFd(from, from_num);
  if (src != slot) *slot = *src;
  return slot;
}

void StateTracker::EraseFd(FdTable& fds, int64_t num) {
  auto it = fds.find(num);
  if (it == fds.end()) return;
  RecycleFd(it->second);
  fds.erase(it);
}

ThreadEntry* StateTracker::FindThread(int64_t tid) {
  if (last_thread_ != nullptr && tid == last_tid_ && threads_.generation() == last_generation_) {
    return last_thread_;
  }
  ThreadEntry* t = threads_.Find(tid);
  last_tid_ = tid;
  last_thread_ = t;
  last_generation_ = threads_.generation();
  return t;
}

void StateTracker::ApplyDeferred() {
  if (pending_close_tid_ >= 0) {
    if (ThreadEntry* t = FindThread(pending_close_tid_)) {
      EraseFd(threads_.FdsOf(*t), pending_close_fd_);
    }
    pending_close_tid_ = -1;
  }
  if (pending_exit_tid_ != -1) {
    RemoveThread(pending_exit_tid_);
    pending_exit_tid_ = -1;
  }
}

StateView StateTracker::Process(const Event& event) {
  ApplyDeferred();
  ++stats_.events;
  Binding b;
  const uint16_t code = event.type();
  if (!IsThreadlessEvent(code)) {
    const int64_t tid = event.tid();
    b.thread = FindThread(tid);
    if (b.thread == nullptr && !IsCloneExit(code) && code != PG_EVT_PROCEXIT_1_E &&
        code != PG_EVT_SCHEDSWITCH_6_E) {
      b.thread = CreatePlaceholder(tid);
    }
    if (b.thread != nullptr) {
      b.thread->last_event_ts = event.ts();
      const int idx = FdParamIndex(code);
      int64_t fd = 0;
      if (idx >= 0 && event.GetInt(static_cast<uint32_t>(idx), &fd)) {
        b.fd_num = fd;
        b.has_fd_num = true;
      }
    }
  }
  ApplyEvent(event, &b);

  StateView v = ViewOf(b.thread);
  v.fd_num = b.fd_num;
  v.has_fd_num = b.has_fd_num;
  v.fd_name_changed = b.fd_name_changed;
  if (b.thread != nullptr && b.has_fd_num) {
    v.fd = b.fd_resolved ? b.fd : FindFd(*b.thread, b.fd_num);
  }
  return v;
}

void StateTracker::ApplyEvent(const Event& event, Binding* b) {
  const uint16_t code = event.type();
  switch (code) {
    case PG_EVT_USER_ADDED_E:
    case PG_EVT_USER_DELETED_E:
    case PG_EVT_GROUP_ADDED_E:
    case PG_EVT_GROUP_DELETED_E:
      OnUserGroup(event);
      return;
    case PG_EVT_SYSCALL_CLONE_20_X:
    case PG_EVT_SYSCALL_FORK_20_X:
    case PG_EVT_SYSCALL_VFORK_20_X:
    case PG_EVT_SYSCALL_CLONE3_X:
      OnClone(event, b);
      return;
    default:
      break;
  }
  ThreadEntry* t = b->thread;
  if (t == nullptr) return;
  int64_t res = 0;
  const bool has_res = event.GetInt(0, &res);
  switch (code) {
    case PG_EVT_SYSCALL_EXECVE_19_X:
    case PG_EVT_SYSCALL_EXECVEAT_X:
      OnExecve(event, b);
      return;
    case PG_EVT_PROCEXIT_1_E: {
      t->dead = true;
      int64_t reaper = 0;
      if (event.GetInt(4, &reaper)) t->reaper_tid = reaper;
      pending_exit_tid_ = t->tid;
      return;
    }
    case PG_EVT_SYSCALL_OPEN_X:
    case PG_EVT_SYSCALL_CREAT_X:
    case PG_EVT_SYSCALL_OPENAT_2_X:
    case PG_EVT_SYSCALL_OPENAT2_X:
    case PG_EVT_SYSCALL_OPEN_BY_HANDLE_AT_X:
      OnOpen(event, b);
      return;
    default:
      break;
  }
  if (!has_res || res < 0) {
    // Nothing below changes state on failure, except connect's EINPROGRESS.
    if (!(code == PG_EVT_SOCKET_CONNECT_X && has_res && res == kEinprogress)) return;
  }
  switch (code) {
    case PG_EVT_SOCKET_SOCKET_X:
      OnSocket(event, b);
      return;
    case PG_EVT_SOCKET_BIND_X:
      OnBind(event, b);
      return;
    case PG_EVT_SOCKET_CONNECT_X:
      OnConnect(event, b);
      return;
    case PG_EVT_SOCKET_ACCEPT_5_X:
    case PG_EVT_SOCKET_ACCEPT4_6_X:
      OnAccept(event, b);
      return;
    case PG_EVT_SOCKET_SOCKETPAIR_X: {
      int64_t fd1 = 0, fd2 = 0;
      uint64_t src = 0, dst = 0;
      if (!event.GetInt(1, &fd1) || !event.GetInt(2, &fd2) || fd1 == fd2) return;
      event.GetUint(3, &src);
      event.GetUint(4, &dst);
      FdEntry e;
      e.type = FdType::kUnixSock;
      e.unix_src = src;
      e.unix_dst = dst;
      AddFd(*t, fd1, e);
      AddFd(*t, fd2, e);
      return;
    }
    case PG_EVT_SYSCALL_PIPE_X:
    case PG_EVT_SYSCALL_PIPE2_X: {
      int64_t fd1 = 0, fd2 = 0;
      if (!event.GetInt(1, &fd1) || !event.GetInt(2, &fd2)) return;
      FdEntry e;
      e.type = FdType::kFifo;
      event.GetUint(3, &e.ino);
      uint64_t flags = 0;
      if (code == PG_EVT_SYSCALL_PIPE2_X && event.GetUint(4, &flags)) {
        e.open_flags = static_cast<uint32_t>(flags);
      }
      AddFd(*t, fd1, e);
      AddFd(*t, fd2, e);
      return;
    }
    case PG_EVT_SYSCALL_EVENTFD_X:
    case PG_EVT_SYSCALL_EVENTFD2_X:
    case PG_EVT_SYSCALL_SIGNALFD_X:
    case PG_EVT_SYSCALL_SIGNALFD4_X:
    case PG_EVT_SYSCALL_TIMERFD_CREATE_X:
    case PG_EVT_SYSCALL_INOTIFY_INIT_X:
    case PG_EVT_SYSCALL_INOTIFY_INIT1_X:
    case PG_EVT_SYSCALL_BPF_2_X:
    case PG_EVT_SYSCALL_USERFAULTFD_X:
    case PG_EVT_SYSCALL_IO_URING_SETUP_X:
    case PG_EVT_SYSCALL_EPOLL_CREATE_X:
    case PG_EVT_SYSCALL_EPOLL_CREATE1_X: {
      FdEntry* slot = ResetFd(*t, res);
      b->fd_num = res;
      b->has_fd_num = true;
      if (slot == nullptr) return;
      FdEntry& e = *slot;
      uint64_t flags = 0;
      switch (code) {
        case PG_EVT_SYSCALL_EVENTFD_X:
          e.type = FdType::kEvent;
          break;
        case PG_EVT_SYSCALL_EVENTFD2_X:
          e.type = FdType::kEvent;
          if (event.GetUint(1, &flags)) e.open_flags = static_cast<uint32_t>(flags);
          break;
        case PG_EVT_SYSCALL_SIGNALFD_X:
        case PG_EVT_SYSCALL_SIGNALFD4_X:
          e.type = FdType::kSignalfd;
          break;
        case PG_EVT_SYSCALL_TIMERFD_CREATE_X:
          e.type = FdType::kTimerfd;
          break;
        case PG_EVT_SYSCALL_INOTIFY_INIT_X:
        case PG_EVT_SYSCALL_INOTIFY_INIT1_X:
          e.type = FdType::kInotify;
          break;
        case PG_EVT_SYSCALL_BPF_2_X:
          e.type = FdType::kBpf;
          break;
        case PG_EVT_SYSCALL_USERFAULTFD_X:
          e.type = FdType::kUserfaultfd;
          break;
        case PG_EVT_SYSCALL_IO_URING_SETUP_X:
          e.type = FdType::kIouring;
          break;
        default:
          e.type = FdType::kEventpoll;
          break;
      }
      return;
    }
    case PG_EVT_SYSCALL_MEMFD_CREATE_X: {
      b->fd_num = res;
      b->has_fd_num = true;
      FdEntry* slot = ResetFd(*t, res);
      if (slot == nullptr) return;
      FdEntry& e = *slot;
      e.type = FdType::kMemfd;
      e.name.assign(event.GetString(1));
      e.nameraw = e.name;
      uint64_t flags = 0;
      if (event.GetUint(2, &flags)) e.open_flags = static_cast<uint32_t>(flags);
      return;
    }
    case PG_EVT_SYSCALL_PIDFD_OPEN_X: {
      b->fd_num = res;
      b->has_fd_num = true;
      FdEntry* slot = ResetFd(*t, res);
      if (slot == nullptr) return;
      FdEntry& e = *slot;
      e.type = FdType::kPidfd;
      int64_t pid = 0;
      event.GetInt(1, &pid);
      e.pid = pid;
      e.name.assign("/proc/");
      e.name.append(std::to_string(pid));
      e.nameraw = e.name;
      uint64_t flags = 0;
      if (event.GetUint(2, &flags)) e.open_flags = static_cast<uint32_t>(flags);
      return;
    }
    case PG_EVT_SYSCALL_PIDFD_GETFD_X: {
      int64_t pidfd = 0, target = 0;
      if (!event.GetInt(1, &pidfd) || !event.GetInt(2, &target)) return;
      FdEntry* pfd = FindFd(*t, pidfd);
      if (pfd == nullptr || pfd->type != FdType::kPidfd) return;
      ThreadEntry* other = threads_.Find(pfd->pid);
      if (other == nullptr) return;
      if (FindFd(*other, target) == nullptr) return;
      if (FdEntry* copy = CopyFd(*other, target, *t, res)) copy->open_flags |= kPpmOCloexec;
      b->fd_num = res;
      b->has_fd_num = true;
      return;
    }
    case PG_EVT_SYSCALL_DUP_1_X:
    case PG_EVT_SYSCALL_DUP2_X:
      OnDup(event, b, res, /*cloexec=*/false);
      return;
    case PG_EVT_SYSCALL_DUP3_X: {
      uint64_t flags = 0;
      event.GetUint(3, &flags);
      OnDup(event, b, res, (flags & kPpmOCloexec) != 0);
      return;
    }
    case PG_EVT_SYSCALL_FCNTL_X: {
      uint64_t cmd = 0;
      if (!event.GetUint(2, &cmd)) return;
      if (cmd == 1 || cmd == 26) {
        OnDup(event, b, res, /*cloexec=*/cmd == 26);
      } else if (cmd == 3 && b->has_fd_num) {
        uint64_t arg = 0;
        FdEntry* fd = FindFd(*t, b->fd_num);
        if (fd != nullptr && event.GetUint(3, &arg)) {
          if (arg & 1) {
            fd->open_flags |= kPpmOCloexec;
          } else {
            fd->open_flags &= ~kPpmOCloexec;
          }
        }
      }
      return;
    }
    case PG_EVT_SYSCALL_CLOSE_X:
      if (!b->has_fd_num) return;
      // The entry goes only before the next event (§14.3 step 1): this event still shows it.
      b->Resolve(FindFd(*t, b->fd_num));
      if (b->fd != nullptr) {
        pending_close_tid_ = t->tid;
        pending_close_fd_ = b->fd_num;
      }
      return;
    case PG_EVT_SYSCALL_CLOSE_RANGE_X: {
      uint64_t first = 0, last = 0, flags = 0;
      if (!event.GetUint(1, &first) || !event.GetUint(2, &last)) return;
      event.GetUint(3, &flags);
      FdTable& fds = threads_.FdsOf(*t);
      for (auto it = fds.begin(); it != fds.end();) {
        auto cur = it++;
        const int64_t n = cur->first;
        if (n < 0 || static_cast<uint64_t>(n) < first || static_cast<uint64_t>(n) > last) continue;
        if (flags & 4) {
          cur->second.open_flags |= kPpmOCloexec;
        } else {
          RecycleFd(cur->second);
          fds.erase(cur);
        }
      }
      return;
    }
    case PG_EVT_SYSCALL_CHDIR_X: {
      std::string& cwd = CwdOf(*t);
      ConcatenatePath(cwd, event.GetString(1), &scratch_);
      cwd = scratch_;
      if (cwd.empty() || cwd.back() != '/') cwd.push_back('/');
      return;
    }
    case PG_EVT_SYSCALL_FCHDIR_X: {
      // Only a successful fchdir moves the cwd (as libsinsp): a failed one, e.g. on a regular
      // file's fd, must not, so that a path approver's dropped open cannot change the cwd.
      if (!b->has_fd_num || res != 0) return;
      FdEntry* fd = FindFd(*t, b->fd_num);
      if (fd == nullptr) return;
      std::string& cwd = CwdOf(*t);
      ConcatenatePath(cwd, fd->name, &scratch_);
      cwd = scratch_;
      if (cwd.empty() || cwd.back() != '/') cwd.push_back('/');
      return;
    }
    case PG_EVT_SYSCALL_GETCWD_X: {
      std::string& cwd = CwdOf(*t);
      cwd = std::string(event.GetString(1));
      if (cwd.empty() || cwd.back() != '/') cwd.push_back('/');
      return;
    }
    case PG_EVT_SYSCALL_CHROOT_X:
      if (res == 0) t->root = ConcatenatePath(runtime::CwdOf(threads_, *t), event.GetString(1));
      return;
    case PG_EVT_SYSCALL_SETSID_X:
      t->sid = res;
      return;
    case PG_EVT_SYSCALL_SETUID_X:
    case PG_EVT_SYSCALL_SETRESUID_X:
    case PG_EVT_SYSCALL_SETREUID_X:
    case PG_EVT_SYSCALL_SETGID_X:
    case PG_EVT_SYSCALL_SETRESGID_X:
    case PG_EVT_SYSCALL_SETREGID_X: {
      if (res != 0) return;
      const bool is_uid = code == PG_EVT_SYSCALL_SETUID_X || code == PG_EVT_SYSCALL_SETRESUID_X ||
                          code == PG_EVT_SYSCALL_SETREUID_X;
      const uint32_t idx =
          (code == PG_EVT_SYSCALL_SETUID_X || code == PG_EVT_SYSCALL_SETGID_X) ? 1 : 2;
      uint64_t id = 0;
      if (!event.GetUint(idx, &id)) return;
      (is_uid ? t->uid : t->gid) = static_cast<uint32_t>(id);
      return;
    }
    case PG_EVT_SYSCALL_CAPSET_X:
      event.GetUint(1, &t->cap_inheritable);
      event.GetUint(2, &t->cap_permitted);
      event.GetUint(3, &t->cap_effective);
      return;
    case PG_EVT_SYSCALL_UNSHARE_X:
    case PG_EVT_SYSCALL_SETNS_X: {
      uint64_t flags = 0;
      if (event.GetUint(code == PG_EVT_SYSCALL_UNSHARE_X ? 1 : 2, &flags) &&
          (flags & kClCloneNewUser) != 0) {
        t->cap_inheritable = t->cap_permitted = t->cap_effective = kAllCaps;
      }
      return;
    }
    case PG_EVT_SYSCALL_PRCTL_X: {
      uint64_t option = 0;
      int64_t arg = 0;
      if (event.GetUint(1, &option) && (option == 36 || option == 37)) {
        event.GetInt(3, &arg);
        ThreadEntry* main = threads_.MainThread(*t);
        threads_.SetReaper(main != nullptr ? main->pid : t->pid, arg != 0);
      }
      return;
    }
    default:
      return;
  }
}

void StateTracker::OnUserGroup(const Event& event) {
  const uint16_t code = event.type();
  if (code == PG_EVT_USER_ADDED_E || code == PG_EVT_USER_DELETED_E) {
    UserEntry u;
    uint64_t uid = 0, gid = 0;
    if (!event.GetUint(0, &uid)) return;
    event.GetUint(1, &gid);
    u.uid = static_cast<uint32_t>(uid);
    u.gid = static_cast<uint32_t>(gid);
    u.name = std::string(event.GetString(2));
    u.home = std::string(event.GetString(3));
    u.shell = std::string(event.GetString(4));
    std::string_view container = event.GetString(5);
    if (code == PG_EVT_USER_ADDED_E) {
      users_.AddUser(container, std::move(u));
    } else {
      users_.RemoveUser(container, static_cast<uint32_t>(uid));
    }
    return;
  }
  uint64_t gid = 0;
  if (!event.GetUint(0, &gid)) return;
  std::string_view container = event.GetString(2);
  if (code == PG_EVT_GROUP_ADDED_E) {
    users_.AddGroup(container,
                    GroupEntry{static_cast<uint32_t>(gid), std::string(event.GetString(1))});
  } else {
    users_.RemoveGroup(container, static_cast<uint32_t>(gid));
  }
}

}  // namespace peregrine::runtime
