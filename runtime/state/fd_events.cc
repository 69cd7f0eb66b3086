// StateTracker: events that create, rename or copy file descriptors (scap-format §14.4).
#include <utility>

#include "runtime/catalog/event_codes.h"
#include "runtime/events/net_format.h"
#include "runtime/state/path.h"
#include "runtime/state/state_tracker.h"

namespace peregrine::runtime {
namespace {

constexpr uint32_t kPpmFdUpperLayer = 1u << 15;
constexpr uint32_t kPpmFdLowerLayer = 1u << 16;

// Normalises an IPv6 pair whose addresses are both IPv4-mapped (or zero) to IPv4.
bool NormalizeMapped(IpAddr* a, IpAddr* b) {
  if (!a->v6) return true;
  const bool a4 = a->IsV4Mapped() || a->IsZero();
  const bool b4 = b->IsV4Mapped() || b->IsZero();
  if (!(a4 && b4)) return false;
  *a = a->MappedToV4();
  *b = b->MappedToV4();
  return true;
}

L4Proto L4FromSocketArgs(uint64_t type, uint64_t proto) {
  const bool raw = type == 3;
  switch (proto) {
    case 6:
      return raw ? L4Proto::kRaw : L4Proto::kTcp;
    case 17:
      return raw ? L4Proto::kRaw : L4Proto::kUdp;
    case 0:
      if ((type & 0xff) == 1) return L4Proto::kTcp;
      if ((type & 0xff) == 2) return L4Proto::kUdp;
      return L4Proto::kUnknown;
    case 1:
      return raw ? L4Proto::kRaw : L4Proto::kIcmp;
    case 255:
      return L4Proto::kRaw;
    default:
      return L4Proto::kUnknown;
  }
}

void RenderTupleName(const FdEntry& fd, std::string* out) {
  out->clear();
  if (fd.l4proto == L4Proto::kTcp || fd.l4proto == L4Proto::kUdp) {
    AppendIpPort(fd.sip, fd.sport, out);
    out->append("->");
    AppendIpPort(fd.dip, fd.dport, out);
  } else if (fd.l4proto == L4Proto::kIcmp || fd.l4proto == L4Proto::kRaw) {
    AppendIp(fd.sip, out);
    out->append("->");
    AppendIp(fd.dip, out);
  } else {
    out->assign("<unknown>");
  }
}

}  // namespace

void StateTracker::OnOpen(const Event& event, Binding* b) {
  ThreadEntry& t = *b->thread;
  int64_t res = 0;
  if (!event.GetInt(0, &res)) return;
  b->fd_num = res >= 0 ? res : -1;
  b->has_fd_num = true;
  if (res < 0) return;
  const uint16_t code = event.type();
  std::string_view name;
  std::string& base = path_scratch_;
  base.clear();
  uint64_t flags = 0;
  switch (code) {
    case PG_EVT_SYSCALL_OPEN_X:
      name = event.GetString(1);
      base.assign(runtime::CwdOf(threads_, t));
      event.GetUint(2, &flags);
      break;
    case PG_EVT_SYSCALL_CREAT_X: {
      name = event.GetString(1);
      base.assign(runtime::CwdOf(threads_, t));
      uint64_t cf = 0;
      if (event.GetUint(5, &cf)) {
        if (cf & 1) {
          flags = kPpmFdUpperLayer;
        } else if (cf & 2) {
          flags = kPpmFdLowerLayer;
        }
      }
      break;
    }
    case PG_EVT_SYSCALL_OPENAT_2_X:
    case PG_EVT_SYSCALL_OPENAT2_X: {
      name = event.GetString(2);
      if (event.param(2).empty()) name = "<NA>";
      int64_t dirfd = 0;
      event.GetInt(1, &dirfd);
      ResolveDirfdBase(threads_, t, dirfd, name, &base);
      event.GetUint(3, &flags);
      break;
    }
    default:  // open_by_handle_at
      name = event.GetString(3);
      event.GetUint(2, &flags);
      break;
  }
  // `base` is a copy: creating the slot may move the entry it came from.
  FdEntry* slot = ResetFd(t, res);
  b->Resolve(slot);
  if (slot == nullptr) return;
  FdEntry& e = *slot;
  e.type = (flags & kPpmODirectory) ? FdType::kDirectory : FdType::kFileV2;
  ConcatenatePath(base, name, &e.name);
  e.nameraw.assign(name);
  e.open_flags = static_cast<uint32_t>(flags);
  uint64_t v = 0;
  const uint32_t dev_idx = code == PG_EVT_SYSCALL_OPEN_X       ? 4
                           : code == PG_EVT_SYSCALL_CREAT_X    ? 3
                           : code == PG_EVT_SYSCALL_OPENAT2_X  ? 6
                           : code == PG_EVT_SYSCALL_OPENAT_2_X ? 5
                                                               : 4;
  if (event.GetUint(dev_idx, &v)) e.dev = static_cast<uint32_t>(v);
  if (event.GetUint(dev_idx + 1, &v)) e.ino = v;
}

void StateTracker::OnSocket(const Event& event, Binding* b) {
  int64_t res = 0;
  event.GetInt(0, &res);
  uint64_t domain = 0, type = 0, proto = 0, flags = 0;
  event.GetUint(1, &domain);
  event.GetUint(2, &type);
  event.GetUint(3, &proto);
  event.GetUint(4, &flags);
  b->fd_num = res;
  b->has_fd_num = true;
  FdEntry* slot = ResetFd(*b->thread, res);
  b->Resolve(slot);
  if (slot == nullptr) return;
  FdEntry& e = *slot;
  e.open_flags = static_cast<uint32_t>(flags);
  switch (domain) {
    case kPpmAfUnix:
      e.type = FdType::kUnixSock;
      break;
    case kPpmAfInet:
      e.type = FdType::kIpv4Sock;
      break;
    case kPpmAfInet6:
      e.type = FdType::kIpv6Sock;
      e.sip.v6 = e.dip.v6 = true;
      break;
    case kPpmAfNetlink:
      e.type = FdType::kNetlink;
      break;
    default:
      e.type = FdType::kUnknown;
      break;
  }
  if (domain == kPpmAfInet || domain == kPpmAfInet6) {
    e.l4proto = L4FromSocketArgs(type, proto);
  }
}

void StateTracker::OnBind(const Event& event, Binding* b) {
  if (!b->has_fd_num) return;
  FdEntry* fd = FindFd(*b->thread, b->fd_num);
  if (fd == nullptr) return;
  SockAddr addr;
  if (!event.GetSockAddr(1, &addr)) return;
  if (addr.family == kPpmAfInet && addr.port > 0) {
    fd->type = FdType::kIpv4ServSock;
    fd->sip = addr.ip;
    fd->sport = addr.port;
    fd->role = SocketRole::kServer;
  } else if (addr.family == kPpmAfInet6 && addr.port > 0) {
    if (addr.ip.IsV4Mapped()) {
      fd->type = FdType::kIpv4ServSock;
      fd->sip = addr.ip.MappedToV4();
    } else {
      fd->type = FdType::kIpv6ServSock;
      fd->sip = addr.ip;
    }
    fd->sport = addr.port;
    fd->role = SocketRole::kServer;
  }
  fd->name.clear();
  AppendSockAddr(addr, &fd->name);
  fd->nameraw = fd->name;
}

void StateTracker::OnConnect(const Event& event, Binding* b) {
  if (!b->has_fd_num) return;
  FdEntry* fd = FindFd(*b->thread, b->fd_num);
  if (fd == nullptr) return;
  fd->connected = true;
  SockTuple tuple;
  if (!event.GetSockTuple(1, &tuple)) return;  // empty tuple: only a stored enter event helps
  // The new name is rendered into scratch_ and swapped in, to compare without a copy.
  std::string& new_name = scratch_;
  if (tuple.family == kPpmAfInet || tuple.family == kPpmAfInet6) {
    IpAddr sip = tuple.sip, dip = tuple.dip;
    const bool v4 = NormalizeMapped(&sip, &dip);
    fd->type = v4 ? FdType::kIpv4Sock : FdType::kIpv6Sock;
    uint16_t sport = tuple.sport, dport = tuple.dport;
    if (fd->l4proto == L4Proto::kUdp && fd->role == SocketRole::kServer) {
      std::swap(sip, dip);
      std::swap(sport, dport);
    }
    fd->sip = sip;
    fd->dip = dip;
    fd->sport = sport;
    fd->dport = dport;
    RenderTupleName(*fd, &new_name);
  } else if (tuple.family == kPpmAfUnix) {
    fd->unix_src = tuple.unix_src;
    fd->unix_dst = tuple.unix_dst;
    new_name.clear();
    AppendUnixTuple(tuple.unix_src, tuple.unix_dst, tuple.path, &new_name);
  } else {
    return;
  }
  b->fd_name_changed = fd->name != new_name;
  fd->name.swap(new_name);
  fd->nameraw = fd->name;
  if (fd->role == SocketRole::kNone) fd->role = SocketRole::kClient;
}

void StateTracker::OnAccept(const Event& event, Binding* b) {
  int64_t res = 0;
  event.GetInt(0, &res);
  SockTuple tuple;
  if (!event.GetSockTuple(1, &tuple)) return;
  const bool inet = tuple.family == kPpmAfInet || tuple.family == kPpmAfInet6;
  if (!inet && tuple.family != kPpmAfUnix) return;
  b->fd_num = res;
  b->has_fd_num = true;
  FdEntry* slot = ResetFd(*b->thread, res);
  b->Resolve(slot);
  if (slot == nullptr) return;
  FdEntry& e = *slot;
  if (inet) {
    IpAddr sip = tuple.sip, dip = tuple.dip;
    const bool v4 = NormalizeMapped(&sip, &dip);
    e.type = v4 ? FdType::kIpv4Sock : FdType::kIpv6Sock;
    e.sip = sip;
    e.dip = dip;
    e.sport = tuple.sport;
    e.dport = tuple.dport;
    e.l4proto = L4Proto::kTcp;
    RenderTupleName(e, &e.name);
  } else {
    e.type = FdType::kUnixSock;
    e.unix_src = tuple.unix_src;
    e.unix_dst = tuple.unix_dst;
    AppendUnixTuple(tuple.unix_src, tuple.unix_dst, tuple.path, &e.name);
  }
  e.nameraw = e.name;
  int64_t flags = 0;
  if (event.type() == PG_EVT_SOCKET_ACCEPT4_6_X && event.GetInt(5, &flags) &&
      (flags & kPpmOCloexec)) {
    e.open_flags = kPpmOCloexec;
  }
  e.role = SocketRole::kServer;
  e.connected = true;
}

void StateTracker::OnDup(const Event& event, Binding* b, int64_t newfd, bool cloexec) {
  (void)event;
  if (!b->has_fd_num) return;
  ThreadEntry& t = *b->thread;
  if (FindFd(t, b->fd_num) == nullptr) return;
  if (newfd == 0) t.flags |= kClPipeDst;
  if (newfd == 1) t.flags |= kClPipeSrc;
  FdEntry* copy = CopyFd(t, b->fd_num, t, newfd);
  if (copy != nullptr) {
    if (cloexec) {
      copy->open_flags |= kPpmOCloexec;
    } else {
      copy->open_flags &= ~kPpmOCloexec;
    }
  }
  b->fd_num = newfd;
  b->Resolve(copy);
}

}  // namespace peregrine::runtime
