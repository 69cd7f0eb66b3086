// StateTracker: process lifecycle events — clone family, execve, thread removal, eviction,
// seeding (scap-format §14.2, §14.4, §14.5).
#include <algorithm>
#include <utility>
#include <vector>

#include "runtime/catalog/event_codes.h"
#include "runtime/events/net_format.h"
#include "runtime/state/container_id.h"
#include "runtime/state/state_tracker.h"

namespace peregrine::runtime {
namespace {

constexpr uint64_t kCloneRecentNs = 2'000'000'000;

std::vector<std::string> ToVector(const StrList& list) {
  std::vector<std::string> v;
  for (std::string_view s : list) v.emplace_back(s);
  return v;
}

void SetCgroupsFromEvent(const Event& event, uint32_t idx, ThreadEntry* t) {
  if (event.param(idx).empty()) return;
  t->SetCgroups(ToVector(event.GetStrList(idx)));
}

// Copies what a new thread inherits from its creator (§14.4 clone steps 4/5).
void CopyInherited(const ThreadEntry& from, ThreadEntry* to) {
  to->exepath = from.exepath;
  to->exe_writable = from.exe_writable;
  to->exe_upper_layer = from.exe_upper_layer;
  to->exe_lower_layer = from.exe_lower_layer;
  to->exe_from_memfd = from.exe_from_memfd;
  to->root = from.root;
  to->sid = from.sid;
  to->vpgid = from.vpgid;
  to->pgid = from.pgid;
  to->tty = from.tty;
  to->loginuid = from.loginuid;
  to->cap_inheritable = from.cap_inheritable;
  to->cap_permitted = from.cap_permitted;
  to->cap_effective = from.cap_effective;
  to->exe_ino = from.exe_ino;
  to->exe_ino_ctime = from.exe_ino_ctime;
  to->exe_ino_mtime = from.exe_ino_mtime;
}

// Fields every clone event carries about the new thread (§14.4 clone step 4).
void FillFromCloneEvent(const Event& event, ThreadEntry* c) {
  c->exe = std::string(event.GetString(1));
  std::string_view comm = event.GetString(13);
  c->comm = std::string(comm.empty() ? std::string_view(c->exe) : comm);
  c->SetArgs(ToVector(event.GetStrList(2)));
  int64_t fdlimit = 0;
  if (event.GetInt(7, &fdlimit)) c->fdlimit = static_cast<uint64_t>(fdlimit);
  if (!event.param(12).empty()) {
    uint64_t v = 0;
    if (event.GetUint(8, &v)) c->pfmajor = v;
    if (event.GetUint(9, &v)) c->pfminor = v;
    if (event.GetUint(10, &v)) c->vmsize_kb = static_cast<uint32_t>(v);
    if (event.GetUint(11, &v)) c->vmrss_kb = static_cast<uint32_t>(v);
    if (event.GetUint(12, &v)) c->vmswap_kb = static_cast<uint32_t>(v);
  }
  uint64_t id = 0;
  if (event.GetUint(16, &id)) c->uid = static_cast<uint32_t>(id);
  if (event.GetUint(17, &id)) c->gid = static_cast<uint32_t>(id);
  SetCgroupsFromEvent(event, 14, c);
  c->clone_ts = event.ts();
}

}  // namespace

void ThreadEntry::SetCgroups(std::vector<std::string> new_cgroups) {
  cgroups = std::move(new_cgroups);
  container_id = ContainerIdFromCgroups(cgroups);
}

void StateTracker::OnClone(const Event& event, Binding* b) {
  int64_t res = 0;
  if (!event.GetInt(0, &res) || res < 0) return;
  if (res > 0) {
    OnCloneParent(event, b, res);
  } else {
    OnCloneChild(event, b);
  }
}

void StateTracker::OnCloneParent(const Event& event, Binding* b, int64_t child_tid) {
  ThreadEntry* caller = b->thread;
  if (caller == nullptr) {
    caller = CreatePlaceholder(event.tid());
    b->thread = caller;
  }
  int64_t v = 0;
  if (caller->IsPlaceholder()) {
    if (event.GetInt(4, &v)) caller->pid = v;
    if (event.GetInt(5, &v)) caller->ptid = v;
    int64_t vpid = 0;
    if (event.GetInt(19, &vpid)) {
      event.GetInt(18, &caller->vtid);
      caller->vpid = vpid;
    } else {
      caller->vtid = caller->tid;
      caller->vpid = -1;
    }
  }
  uint64_t flags64 = 0;
  event.GetUint(15, &flags64);
  const uint32_t flags = static_cast<uint32_t>(flags64);
  if (flags & (kClChildInPidns | kClCloneNewPid | kClCloneParent)) return;
  if (caller->tid != caller->vtid && caller->vtid != -1) return;
  if ((flags & kClCloneVfork) || event.type() == PG_EVT_SYSCALL_VFORK_20_X) return;
  if (ThreadEntry* existing = threads_.Find(child_tid)) {
    if (existing->flags & kClCloneInverted) return;
    RemoveThread(child_tid);
    caller = threads_.Find(event.tid());
    b->thread = caller;
    if (caller == nullptr) return;
  }

  auto child = std::make_unique<ThreadEntry>();
  child->tid = child_tid;
  child->flags = flags;
  const bool caller_valid = !caller->IsPlaceholder();
  if (!(flags & kClCloneThread)) {
    child->pid = child_tid;
    child->ptid = caller->tid;
    if (caller_valid) {
      child->fds = threads_.FdsOf(*caller);
      if (const ThreadEntry* cm = threads_.MainThread(*caller)) {
        child->cwd = cm->cwd;
        child->env = cm->env;
      } else {
        child->cwd = caller->cwd;
        child->env = caller->env;
      }
    }
  } else {
    child->pid = caller->pid;
    child->ptid = caller->ptid;
    child->flags |= kClCloneFiles;
    child->lastexec_ts = caller->lastexec_ts;
  }
  child->vtid = child->tid;
  child->vpid = child->pid;
  FillFromCloneEvent(event, child.get());
  child->pidns_init_start_ts = host_.boot_ts;
  if (caller_valid) {
    CopyInherited(*caller, child.get());
  } else {
    caller->exe = child->exe;
    caller->comm = child->comm;
    caller->SetArgs(child->args);
  }
  child->last_event_ts = event.ts();
  MaybeEvict(caller->tid);
  threads_.Insert(std::move(child));
}

void StateTracker::OnCloneChild(const Event& event, Binding* b) {
  const int64_t tid = event.tid();
  if (ThreadEntry* existing = threads_.Find(tid)) {
    if (existing->clone_ts != 0 && event.ts() >= existing->clone_ts &&
        event.ts() - existing->clone_ts < kCloneRecentNs) {
      b->thread = existing;
      return;
    }
    RemoveThread(tid);
  }
  auto child = std::make_unique<ThreadEntry>();
  child->tid = tid;
  event.GetInt(4, &child->pid);
  event.GetInt(5, &child->ptid);
  int64_t vpid = 0;
  if (event.GetInt(19, &vpid)) {
    event.GetInt(18, &child->vtid);
    child->vpid = vpid;
  } else {
    child->vtid = tid;
    child->vpid = -1;
  }
  uint64_t flags64 = 0;
  event.GetUint(15, &flags64);
  child->flags = static_cast<uint32_t>(flags64) | kClCloneInverted;
  const bool leader = !(child->flags & kClCloneThread);
  if (!leader) child->flags |= kClCloneFiles;

  const int64_t ref_tid = leader ? child->ptid : child->pid;
  ThreadEntry* ref = threads_.Find(ref_tid);
  if (ref == nullptr) ref = CreatePlaceholder(ref_tid);
  FillFromCloneEvent(event, child.get());
  if (!ref->IsPlaceholder()) {
    CopyInherited(*ref, child.get());
    if (leader) {
      child->fds = threads_.FdsOf(*ref);
      const ThreadEntry* rm = threads_.MainThread(*ref);
      if (rm == nullptr) rm = ref;
      child->cwd = rm->cwd;
      child->env = rm->env;
    } else {
      child->lastexec_ts = ref->lastexec_ts;
    }
  } else if (!leader) {
    ref->exe = child->exe;
    ref->comm = child->comm;
    ref->SetArgs(child->args);
    ref->pid = child->pid;
    ref->ptid = child->ptid;
    ref->vpid = child->vpid;
    ref->vtid = child->vpid;
  }
  uint64_t ns_start = 0;
  const bool in_pidns =
      (child->flags & (kClChildInPidns | kClCloneNewPid)) != 0 || child->tid != child->vtid;
  if (in_pidns && event.GetUint(20, &ns_start)) {
    child->pidns_init_start_ts = ns_start + host_.boot_ts;
  } else {
    child->pidns_init_start_ts = host_.boot_ts;
  }
  child->last_event_ts = event.ts();
  MaybeEvict(tid);
  b->thread = threads_.Insert(std::move(child));
}

void StateTracker::OnExecve(const Event& event, Binding* b) {
  int64_t res = 0;
  if (!event.GetInt(0, &res) || res < 0) return;
  ThreadEntry* t = b->thread;
  t->dead = false;
  t->exe = std::string(event.GetString(1));
  t->lastexec_ts = event.ts();
  std::string_view comm = event.GetString(13);
  t->comm = std::string(comm.empty() ? std::string_view(t->exe) : comm);
  t->SetArgs(ToVector(event.GetStrList(2)));
  const bool was_placeholder = t->IsPlaceholder();
  int64_t v = 0;
  if (event.GetInt(4, &v)) t->pid = v;
  uint64_t flags19 = 0;
  const bool has_flags = event.GetUint(19, &flags19);
  if (was_placeholder) {
    if (event.GetInt(5, &v)) t->ptid = v;
    if (!(t->flags & kClChildInPidns)) {
      t->vtid = t->tid;
      t->vpid = t->pid;
    }
  }
  uint64_t u = 0;
  if (event.GetUint(7, &u)) t->fdlimit = u;
  if (!event.param(12).empty()) {
    if (event.GetUint(8, &u)) t->pfmajor = u;
    if (event.GetUint(9, &u)) t->pfminor = u;
    if (event.GetUint(10, &u)) t->vmsize_kb = static_cast<uint32_t>(u);
    if (event.GetUint(11, &u)) t->vmrss_kb = static_cast<uint32_t>(u);
    if (event.GetUint(12, &u)) t->vmswap_kb = static_cast<uint32_t>(u);
  }
  if (!event.param(15).empty()) t->env = ToVector(event.GetStrList(15));
  SetCgroupsFromEvent(event, 14, t);
  if (event.GetUint(16, &u)) t->tty = static_cast<uint32_t>(u);
  if (!event.param(27).empty()) t->exepath = std::string(event.GetString(27));
  if (event.GetInt(17, &v)) t->vpgid = v;
  if (event.GetUint(18, &u)) t->loginuid = static_cast<uint32_t>(u);
  if (has_flags) {
    t->exe_writable = (flags19 & 1) != 0;
    t->exe_upper_layer = (flags19 & 2) != 0;
    t->exe_from_memfd = (flags19 & 4) != 0;
    t->exe_lower_layer = (flags19 & 8) != 0;
  }
  if (!event.param(22).empty()) {
    event.GetUint(20, &t->cap_inheritable);
    event.GetUint(21, &t->cap_permitted);
    event.GetUint(22, &t->cap_effective);
  }
  if (!event.param(25).empty()) {
    event.GetUint(23, &t->exe_ino);
    event.GetUint(24, &t->exe_ino_ctime);
    event.GetUint(25, &t->exe_ino_mtime);
  }
  if (event.GetUint(26, &u)) t->uid = static_cast<uint32_t>(u);
  t->pgid = event.GetInt(28, &v) ? v : -1;
  if (event.GetUint(29, &u)) t->gid = static_cast<uint32_t>(u);

  // Close-on-exec fds go now.
  FdTable& fds = threads_.FdsOf(*t);
  for (auto it = fds.begin(); it != fds.end();) {
    auto cur = it++;
    if ((cur->second.open_flags & kPpmOCloexec) == 0) continue;
    RecycleFd(cur->second);
    fds.erase(cur);
  }
  t->flags = kClActive | kClNameChanged |
             (t->flags & (kClPipeSrc | kClPipeDst | kClIsMainThread | kClCloneInverted));
  // The other threads of the process are gone after exec.
  std::vector<int64_t> others;
  threads_.ForEach([&](const ThreadEntry& o) {
    if (o.pid == t->pid && o.tid != t->tid && !o.IsMainThreadSelf()) others.push_back(o.tid);
  });
  for (int64_t tid : others) EraseThread(tid);
}

void StateTracker::RemoveThread(int64_t tid) {
  ThreadEntry* t = threads_.Find(tid);
  if (t == nullptr) return;
  if (t->IsPlaceholder()) {
    EraseThread(tid);
    return;
  }
  // Children, other live threads of the process.
  std::vector<ThreadEntry*> children;
  ThreadEntry* sibling = nullptr;
  threads_.ForEach([&](ThreadEntry& o) {
    if (o.tid == tid) return;
    if (o.ptid == tid) children.push_back(&o);
    if (o.pid == t->pid && !o.dead && sibling == nullptr) sibling = &o;
  });
  if (!children.empty()) {
    ThreadEntry* reaper = nullptr;
    if (t->reaper_tid > 0) {
      ThreadEntry* r = threads_.Find(t->reaper_tid);
      if (r != nullptr && !r->IsPlaceholder() && r->tid != tid) reaper = r;
    }
    if (reaper == nullptr) reaper = sibling;
    if (reaper == nullptr) {
      // The nearest ancestor whose process is a reaper, using any live thread of it.
      const ThreadEntry* cur = t;
      for (size_t steps = 0; steps < threads_.size() && reaper == nullptr; ++steps) {
        ThreadEntry* anc = threads_.Find(cur->ptid);
        if (anc == nullptr || anc == cur || anc->tid == tid) break;
        if (anc->pid == 1 || anc->vpid == 1 || threads_.IsReaper(anc->pid)) {
          if (!anc->dead) {
            reaper = anc;
          } else {
            threads_.ForEach([&](ThreadEntry& o) {
              if (reaper == nullptr && o.pid == anc->pid && !o.dead) reaper = &o;
            });
          }
        }
        cur = anc;
      }
    }
    for (ThreadEntry* c : children) c->ptid = reaper != nullptr ? reaper->tid : 0;
    if (reaper != nullptr) threads_.SetReaper(reaper->pid, true);
  }
  const int64_t pid = t->pid;
  if (t->IsMainThreadSelf()) {
    // A dead leader stays while other threads of its process live.
    if (sibling != nullptr) return;
    EraseThread(tid);
  } else {
    EraseThread(tid);
    ThreadEntry* leader = threads_.Find(pid);
    if (leader != nullptr && leader->dead) {
      bool others = false;
      threads_.ForEach([&](const ThreadEntry& o) {
        if (o.pid == pid && o.tid != pid) others = true;
      });
      if (!others) EraseThread(pid);
    }
  }
  threads_.SetReaper(pid, threads_.Find(pid) != nullptr && threads_.IsReaper(pid));
}

void StateTracker::EraseThread(int64_t tid) {
  ThreadEntry* t = threads_.Find(tid);
  if (t == nullptr) return;
  for (auto& [num, fd] : t->fds) RecycleFd(fd);
  threads_.Erase(tid);
}

void StateTracker::MaybeEvict(int64_t keep_tid) {
  if (threads_.size() < options_.max_threads) return;
  // Evict about 1/16 of the table: dead threads first, then the least recently active.
  struct Candidate {
    bool dead;
    uint64_t ts;
    int64_t tid;
  };
  std::vector<Candidate> all;
  all.reserve(threads_.size());
  threads_.ForEach([&](const ThreadEntry& t) {
    if (t.tid != keep_tid) all.push_back({t.dead, t.last_event_ts, t.tid});
  });
  const size_t target = std::max<size_t>(1, options_.max_threads / 16);
  const size_t n = std::min(target, all.size());
  std::partial_sort(all.begin(), all.begin() + n, all.end(),
                    [](const Candidate& a, const Candidate& b) {
                      if (a.dead != b.dead) return a.dead;
                      return a.ts < b.ts;
                    });
  for (size_t i = 0; i < n; ++i) EraseThread(all[i].tid);
  stats_.threads_evicted += n;
}

void ApplyThreadSnapshot(const probe::scap::ThreadInfo& s, ThreadEntry* t) {
  t->pid = s.pid;
  t->ptid = s.ptid;
  t->sid = s.sid;
  t->vpgid = s.vpgid;
  t->pgid = s.pgid;
  t->comm = s.comm;
  t->exe = s.exe;
  t->exepath = s.exepath;
  t->SetArgs(s.args);
  t->fdlimit = s.fdlimit;
  t->flags = s.flags | kClActive;
  t->uid = s.uid;
  t->gid = s.gid;
  t->vmsize_kb = s.vmsize_kb;
  t->vmrss_kb = s.vmrss_kb;
  t->vmswap_kb = s.vmswap_kb;
  t->pfmajor = s.pfmajor;
  t->pfminor = s.pfminor;
  if (s.IsMainThread()) {
    t->env = s.env;
    t->cwd = s.cwd;
    if (t->cwd.empty() || t->cwd.back() != '/') t->cwd.push_back('/');
  }
  t->vtid = s.vtid;
  t->vpid = s.vpid;
  t->SetCgroups(s.cgroups);
  t->root = s.root;
  t->pidns_init_start_ts = s.pidns_init_start_ts;
  t->tty = s.tty;
  t->loginuid = s.loginuid;
  t->exe_writable = s.exe_writable;
  t->cap_inheritable = s.cap_inheritable;
  t->cap_permitted = s.cap_permitted;
  t->cap_effective = s.cap_effective;
  t->exe_upper_layer = s.exe_upper_layer;
  t->exe_lower_layer = s.exe_lower_layer;
  t->exe_from_memfd = s.exe_from_memfd;
  t->exe_ino = s.exe_ino;
  t->exe_ino_ctime = s.exe_ino_ctime;
  t->exe_ino_mtime = s.exe_ino_mtime;
}

void StateTracker::Seed(const probe::scap::ScapTables& tables) {
  if (tables.machine_info.present) {
    host_.hostname = tables.machine_info.hostname;
    host_.boot_ts = tables.machine_info.boot_time_ns;
    host_.num_cpus = tables.machine_info.num_cpus;
  }
  for (const auto& itf : tables.interfaces) {
    IpAddr ip;
    ip.v6 = itf.family == probe::scap::InterfaceInfo::Family::kIpv6;
    std::copy(itf.addr.begin(), itf.addr.end(), ip.bytes);
    host_.addresses.push_back(ip);
  }
  for (const auto& u : tables.users) {
    users_.AddUser("", UserEntry{u.uid, u.gid, u.name, u.home, u.shell});
  }
  for (const auto& g : tables.groups) users_.AddGroup("", GroupEntry{g.gid, g.name});
  for (const auto& s : tables.threads) {
    auto t = std::make_unique<ThreadEntry>();
    t->tid = s.tid;
    ApplyThreadSnapshot(s, t.get());
    if (s.pid == 1 || s.vpid == 1) threads_.SetReaper(s.pid, true);
    threads_.Insert(std::move(t));
  }
  for (const auto& f : tables.fds) {
    ThreadEntry* t = threads_.Find(f.tid);
    if (t == nullptr) continue;
    FdEntry e;
    e.type = f.type;
    e.ino = f.ino;
    e.name = f.name;
    e.open_flags = f.open_flags;
    e.dev = f.dev;
    e.l4proto = static_cast<L4Proto>(f.l4proto);
    std::copy(f.src_addr.begin(), f.src_addr.end(), e.sip.bytes);
    std::copy(f.dst_addr.begin(), f.dst_addr.end(), e.dip.bytes);
    e.sport = f.src_port;
    e.dport = f.dst_port;
    e.unix_src = f.unix_src_endpoint;
    e.unix_dst = f.unix_dst_endpoint;
    switch (f.type) {
      case FdType::kIpv6Sock:
      case FdType::kIpv6ServSock: {
        e.sip.v6 = e.dip.v6 = true;
        const bool src_v4 = e.sip.IsV4Mapped() || e.sip.IsZero();
        const bool dst_v4 = e.dip.IsV4Mapped() || e.dip.IsZero();
        if (src_v4 && (f.type == FdType::kIpv6ServSock || dst_v4)) {
          e.sip = e.sip.MappedToV4();
          e.dip = e.dip.MappedToV4();
          e.type = f.type == FdType::kIpv6Sock ? FdType::kIpv4Sock : FdType::kIpv4ServSock;
        }
        break;
      }
      default:
        break;
    }
    if (e.type == FdType::kIpv4Sock || e.type == FdType::kIpv6Sock) {
      e.name.clear();
      AppendIpPort(e.sip, e.sport, &e.name);
      e.name.append("->");
      AppendIpPort(e.dip, e.dport, &e.name);
      e.role = SocketRole::kClient;
      e.connected = e.l4proto == L4Proto::kTcp;
    } else if (e.type == FdType::kIpv4ServSock || e.type == FdType::kIpv6ServSock) {
      e.name.clear();
      AppendIpPort(e.sip, e.sport, &e.name);
      e.role = SocketRole::kServer;
    } else if (e.type == FdType::kUnixSock) {
      e.role = e.name.empty() ? SocketRole::kClient : SocketRole::kServer;
    }
    e.nameraw = e.name;
    AddFd(*t, f.fd, std::move(e));
  }
}

}  // namespace peregrine::runtime
