// StateTracker: rebuilds thread, fd and user state from events (scap-format §14.2–§14.5).
#ifndef PEREGRINE_RUNTIME_STATE_STATE_TRACKER_H_
#define PEREGRINE_RUNTIME_STATE_STATE_TRACKER_H_

#include <cstdint>
#include <string>
#include <string_view>

#include "probe/capture/scap/scap_tables.h"
#include "runtime/events/event.h"
#include "runtime/state/host_info.h"
#include "runtime/state/state_view.h"
#include "runtime/state/string_pool.h"
#include "runtime/state/thread_table.h"
#include "runtime/state/user_table.h"

namespace peregrine::runtime {

// Copies a process-table snapshot entry (a capture's, or one scanned from /proc) into `t`, every
// field but the tid, exactly as Seed() does (§14.2: env and cwd only on main threads, cwd ends
// with '/', flags gain ACTIVE). `t` keeps its address: a state view may point at it.
void ApplyThreadSnapshot(const probe::scap::ThreadInfo& s, ThreadEntry* t);

struct StateOptions {
  // Threads kept at most; beyond it dead, then least recently active threads are evicted.
  size_t max_threads = 65536;
  // Fds kept per process at most; further fds are not tracked (counted in stats).
  size_t max_fds_per_process = 32768;
};

struct StateStats {
  uint64_t events = 0;
  uint64_t placeholders_created = 0;
  uint64_t threads_evicted = 0;
  uint64_t fds_dropped = 0;
};

// Applies events to the state in file order and tells which thread and fd each event is bound
// to. Owns the tables. Owned by one thread (the reader that processes the events);
// thread-compatible. Process() allocates only when the state itself grows: fd entries are
// written in place into their table slot, whose name buffers are the slot's own or recycled
// from closed fds (StringPool), so open/close/dup churn does not allocate.
class StateTracker {
 public:
  explicit StateTracker(StateOptions options = {});
  StateTracker(const StateTracker&) = delete;
  StateTracker& operator=(const StateTracker&) = delete;

  // §14.2: machine info, users/groups, threads and fds from a capture's metadata blocks.
  void Seed(const probe::scap::ScapTables& tables);

  // §14.3 steps 1–4 for one event: deferred removals of the previous event, thread and fd
  // binding, state update. Returns the view rules are evaluated against (step 5); valid until
  // the next call.
  StateView Process(const Event& event);

  ThreadTable& threads() { return threads_; }
  const ThreadTable& threads() const { return threads_; }
  UserTable& users() { return users_; }
  const UserTable& users() const { return users_; }
  HostInfo& host() { return host_; }
  const HostInfo& host() const { return host_; }
  const StateStats& stats() const { return stats_; }

  // A view of an arbitrary thread (tests, tools).
  StateView ViewOf(const ThreadEntry* thread) const;

 private:
  struct Binding {
    ThreadEntry* thread = nullptr;
    int64_t fd_num = -1;
    bool has_fd_num = false;
    bool fd_name_changed = false;
    // Set by handlers that already looked up fd `fd_num` (after their last change to the fd
    // table), so that Process() need not look it up again; `fd` may then be null.
    bool fd_resolved = false;
    FdEntry* fd = nullptr;
    void Resolve(FdEntry* entry) {
      fd = entry;
      fd_resolved = true;
    }
  };

  void ApplyDeferred();
  // threads_.Find(tid), remembering the last thread found: consecutive events mostly come
  // from the same thread.
  ThreadEntry* FindThread(int64_t tid);
  ThreadEntry* CreatePlaceholder(int64_t tid);
  void ApplyEvent(const Event& event, Binding* b);
  void OnClone(const Event& event, Binding* b);
  void OnCloneParent(const Event& event, Binding* b, int64_t child_tid);
  void OnCloneChild(const Event& event, Binding* b);
  void OnExecve(const Event& event, Binding* b);
  void OnOpen(const Event& event, Binding* b);
  void OnSocket(const Event& event, Binding* b);
  void OnBind(const Event& event, Binding* b);
  void OnConnect(const Event& event, Binding* b);
  void OnAccept(const Event& event, Binding* b);
  void OnDup(const Event& event, Binding* b, int64_t newfd, bool cloexec);
  void OnUserGroup(const Event& event);
  void RemoveThread(int64_t tid);
  // Erases thread `tid`, recycling the name buffers of its own fd table.
  void EraseThread(int64_t tid);
  void MaybeEvict(int64_t keep_tid);
  // The entry for fd `num` of `t`'s process, created if absent (with recycled name buffers) and
  // reset to defaults (keeping its buffers): the caller fills it in. nullptr when the table is
  // full. Other pointers into the table are invalid afterwards.
  FdEntry* ResetFd(ThreadEntry& t, int64_t num);
  // Copies `entry` into fd `num` of `t`'s process (adding or replacing it); nullptr when the
  // table is full. `entry` must not live in an fd table (the insertion may move the entries).
  FdEntry* AddFd(ThreadEntry& t, int64_t num, const FdEntry& entry);
  // Copies fd `from_num` of `from`'s process to fd `to_num` of `to`'s process, reusing the
  // target's buffers. nullptr (and no change) when the source fd is unknown or the table full.
  FdEntry* CopyFd(ThreadEntry& from, int64_t from_num, ThreadEntry& to, int64_t to_num);
  FdEntry* FindFd(ThreadEntry& t, int64_t num);
  // Erases `fds[num]` if present, recycling its name buffers.
  void EraseFd(FdTable& fds, int64_t num);
  // Recycles the name buffers of `fd`, which is about to be destroyed.
  void RecycleFd(FdEntry& fd) {
    string_pool_.Give(&fd.name);
    string_pool_.Give(&fd.nameraw);
  }
  std::string& CwdOf(ThreadEntry& t);

  StateOptions options_;
  ThreadTable threads_;
  UserTable users_;
  HostInfo host_;
  StateStats stats_;
  // Deferred work of the previous event (§14.3 step 1).
  int64_t pending_exit_tid_ = -1;
  int64_t pending_close_tid_ = -1;
  int64_t pending_close_fd_ = -1;
  std::string scratch_;
  std::string path_scratch_;  // the base directory of an opened path
  // New fd slots are copy-constructed from this default entry: value-initialising them in
  // place (GCC zeroes the 168-byte slot with `rep stos`) measured 4-8% slower over a replay.
  const FdEntry empty_fd_{};
  // FindThread()'s last answer, valid while the table's generation is unchanged.
  int64_t last_tid_ = -1;
  ThreadEntry* last_thread_ = nullptr;
  uint64_t last_generation_ = 0;
  StringPool string_pool_;
};

// resolve(dirfd, name) of §14.4: the base directory a *at() path is relative to ("" if `name`
// is absolute, the cwd for AT_FDCWD, the dirfd's name with '/' appended, or "<UNKNOWN>").
void ResolveDirfdBase(const ThreadTable& threads, const ThreadEntry& t, int64_t dirfd,
                      std::string_view name, std::string* out);
// The cwd of `t` (its main thread's; "./" when there is none), ending with '/'.
std::string_view CwdOf(const ThreadTable& threads, const ThreadEntry& t);

}  // namespace peregrine::runtime

#endif  // PEREGRINE_RUNTIME_STATE_STATE_TRACKER_H_
