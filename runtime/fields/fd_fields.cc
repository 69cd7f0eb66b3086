// fd.* extractors (scap-format §14.7), including the answers libsinsp gives without an fd.
#include <string>

#include "runtime/catalog/event_codes.h"
#include "runtime/events/net_format.h"
#include "runtime/fields/internal/extractors.h"
#include "runtime/fields/internal/fd_names.h"
#include "runtime/state/path.h"
#include "runtime/state/state_tracker.h"

namespace peregrine::runtime::internal {
namespace {

using catalog::FieldId;

constexpr uint32_t kPpmFdUpperLayer = 1u << 15;
constexpr uint32_t kPpmFdLowerLayer = 1u << 16;

// fd.name of an event whose fd is not in the table (§14.7). False when the event has none.
// `scratch` (not `out`) holds intermediate text.
bool EventFdName(const Event& e, const StateView& s, std::string* out, std::string* scratch) {
  out->clear();
  switch (e.type()) {
    case PG_EVT_SYSCALL_OPEN_X:
    case PG_EVT_SYSCALL_CREAT_X:
      if (s.thread == nullptr || s.threads == nullptr) return false;
      ConcatenatePath(CwdOf(*s.threads, *s.thread), e.GetString(1), out);
      return true;
    case PG_EVT_SYSCALL_OPENAT_2_X:
    case PG_EVT_SYSCALL_OPENAT2_X: {
      if (s.thread == nullptr || s.threads == nullptr) return false;
      int64_t dirfd = 0;
      e.GetInt(1, &dirfd);
      ResolveDirfdBase(*s.threads, *s.thread, dirfd, e.GetString(2), scratch);
      ConcatenatePath(*scratch, e.GetString(2), out);
      return true;
    }
    case PG_EVT_SYSCALL_OPEN_BY_HANDLE_AT_X:
      out->assign(e.GetString(3));
      return true;
    case PG_EVT_SOCKET_CONNECT_X:
    case PG_EVT_SOCKET_ACCEPT_5_X:
    case PG_EVT_SOCKET_ACCEPT4_6_X: {
      SockTuple tuple;
      if (!e.GetSockTuple(1, &tuple)) {
        if (e.type() == PG_EVT_SOCKET_CONNECT_X) out->assign("NULL");
        return true;
      }
      AppendSockTuple(tuple, out);
      return true;
    }
    default:
      return true;  // "" for every other fd event
  }
}

char EventTypeChar(uint16_t code) {
  switch (code) {
    case PG_EVT_SYSCALL_OPENAT_2_X:
    case PG_EVT_SYSCALL_OPENAT2_X:
    case PG_EVT_SYSCALL_CREAT_X:
      return 'f';
    case PG_EVT_SOCKET_SOCKET_X:
    case PG_EVT_SOCKET_ACCEPT_5_X:
    case PG_EVT_SOCKET_ACCEPT4_6_X:
      return '4';
    case PG_EVT_SYSCALL_PIPE_X:
    case PG_EVT_SYSCALL_PIPE2_X:
      return 'p';
    case PG_EVT_SYSCALL_EVENTFD_X:
    case PG_EVT_SYSCALL_EVENTFD2_X:
      return 'e';
    case PG_EVT_SYSCALL_SIGNALFD_X:
    case PG_EVT_SYSCALL_SIGNALFD4_X:
      return 's';
    case PG_EVT_SYSCALL_TIMERFD_CREATE_X:
      return 't';
    case PG_EVT_SYSCALL_INOTIFY_INIT_X:
    case PG_EVT_SYSCALL_INOTIFY_INIT1_X:
      return 'i';
    default:
      return 'o';
  }
}

void SplitDirectory(std::string_view name, std::string_view* dir, std::string_view* file) {
  size_t slash = name.rfind('/');
  if (slash == std::string_view::npos) {
    *dir = {};
    *file = name;
    return;
  }
  *dir = slash == 0 ? std::string_view("/") : name.substr(0, slash);
  *file = name.substr(slash + 1);
}

// Client/server/local/remote endpoints of an IP socket.
struct Endpoints {
  IpAddr cip, sip, lip, rip;
  uint16_t cport = 0, sport = 0, lport = 0, rport = 0;
};

bool SocketEndpoints(const FdEntry& fd, const StateView& s, Endpoints* ep) {
  if (!fd.IsIpSocket()) return false;
  if (fd.IsServerSocket()) {
    ep->sip = ep->lip = fd.sip;
    ep->sport = ep->lport = fd.sport;
    ep->cip = ep->rip = IpAddr{};
    ep->cip.v6 = ep->rip.v6 = fd.sip.v6;
    return true;
  }
  ep->cip = fd.sip;
  ep->cport = fd.sport;
  ep->sip = fd.dip;
  ep->sport = fd.dport;
  const bool src_local = s.host != nullptr && s.host->IsLocalAddress(fd.sip);
  if (src_local || s.host == nullptr || !s.host->IsLocalAddress(fd.dip)) {
    ep->lip = fd.sip;
    ep->lport = fd.sport;
    ep->rip = fd.dip;
    ep->rport = fd.dport;
  } else {
    ep->lip = fd.dip;
    ep->lport = fd.dport;
    ep->rip = fd.sip;
    ep->rport = fd.sport;
  }
  return true;
}

}  // namespace

bool ExtractFd(const catalog::ResolvedField& f, const Event& e, const StateView& s,
               FieldValue* out) {
  out->Clear();
  if (!EventHasFd(e)) return false;
  const FdEntry* fd = s.fd;
  if (f.id == FieldId::kFdNum) {
    if (!s.has_fd_num) return false;
    out->SetInt(s.fd_num);
    return true;
  }
  if (fd == nullptr) {
    // No fd: a few fields are answered from the event itself (§14.7).
    switch (f.id) {
      case FieldId::kFdName:
      case FieldId::kFdNameraw: {
        std::string& str = out->BeginStorage();
        if (!EventFdName(e, s, &str, &out->scratch)) return false;
        out->CommitStorage();
        return true;
      }
      case FieldId::kFdDirectory: {
        std::string& name = out->BeginStorage();
        if (!EventFdName(e, s, &name, &out->scratch)) return false;
        std::string_view dir, file;
        SplitDirectory(name, &dir, &file);
        // `dir` is "/" or a prefix of `name`, so truncating in place gives it.
        if (!dir.empty() && dir.data() == name.data()) {
          name.resize(dir.size());
        } else {
          name.clear();
          name.push_back('/');
        }
        out->CommitStorage();
        return true;
      }
      case FieldId::kFdTypechar:
        out->storage.assign(1, EventTypeChar(e.type()));
        out->CommitStorage();
        return true;
      default:
        return false;
    }
  }
  Endpoints ep;
  switch (f.id) {
    case FieldId::kFdType: {
      std::string_view w = FdTypeWord(fd->type);
      if (w.empty()) return false;
      out->SetString(w);
      return true;
    }
    case FieldId::kFdTypechar:
      out->storage.assign(1, FdTypeChar(fd->type));
      out->CommitStorage();
      return true;
    case FieldId::kFdName:
      out->SetString(fd->name);
      return true;
    case FieldId::kFdNameraw:
      out->SetString(fd->nameraw.empty() ? fd->name : fd->nameraw);
      return true;
    case FieldId::kFdDirectory:
    case FieldId::kFdFilename: {
      if (!fd->IsFileLike()) return false;
      if (fd->type == FdType::kDirectory) {
        if (f.id == FieldId::kFdFilename) return false;
        out->SetString(fd->name);
        return true;
      }
      std::string_view dir, file;
      SplitDirectory(fd->name, &dir, &file);
      out->SetString(f.id == FieldId::kFdDirectory ? dir : file);
      return true;
    }
    case FieldId::kFdCip:
    case FieldId::kFdSip:
    case FieldId::kFdLip:
    case FieldId::kFdRip:
    case FieldId::kFdCnet:
    case FieldId::kFdSnet:
    case FieldId::kFdLnet:
    case FieldId::kFdRnet:
      if (!SocketEndpoints(*fd, s, &ep)) return false;
      if (fd->IsServerSocket() && (f.id == FieldId::kFdCip || f.id == FieldId::kFdRip ||
                                   f.id == FieldId::kFdCnet || f.id == FieldId::kFdRnet)) {
        return false;
      }
      out->SetIp((f.id == FieldId::kFdCip || f.id == FieldId::kFdCnet)   ? ep.cip
                 : (f.id == FieldId::kFdSip || f.id == FieldId::kFdSnet) ? ep.sip
                 : (f.id == FieldId::kFdLip || f.id == FieldId::kFdLnet) ? ep.lip
                                                                         : ep.rip);
      return true;
    case FieldId::kFdCport:
    case FieldId::kFdSport:
    case FieldId::kFdLport:
    case FieldId::kFdRport:
      if (!SocketEndpoints(*fd, s, &ep)) return false;
      if (fd->IsServerSocket() && (f.id == FieldId::kFdCport || f.id == FieldId::kFdRport)) {
        return false;
      }
      out->SetUint(f.id == FieldId::kFdCport   ? ep.cport
                   : f.id == FieldId::kFdSport ? ep.sport
                   : f.id == FieldId::kFdLport ? ep.lport
                                               : ep.rport);
      return true;
    case FieldId::kFdL4proto: {
      std::string_view p = L4ProtoName(fd->l4proto);
      if (p.empty()) return false;
      out->SetString(p);
      return true;
    }
    case FieldId::kFdSockfamily:
      if (fd->IsIpSocket()) {
        out->SetString("ip");
      } else if (fd->type == FdType::kUnixSock) {
        out->SetString("unix");
      } else {
        return false;
      }
      return true;
    case FieldId::kFdIsServer:
      out->SetBool(fd->role == SocketRole::kServer);
      return true;
    case FieldId::kFdContainername:
    case FieldId::kFdContainerdirectory: {
      if (s.thread == nullptr) return false;
      std::string& str = out->BeginStorage();
      str = s.thread->container_id;
      str.push_back(':');
      if (f.id == FieldId::kFdContainername) {
        str.append(fd->name);
      } else {
        std::string_view dir, file;
        SplitDirectory(fd->name, &dir, &file);
        str.append(dir);
      }
      out->CommitStorage();
      return true;
    }
    case FieldId::kFdConnected:
      out->SetBool(fd->connected);
      return true;
    case FieldId::kFdNameChanged:
      out->SetBool(s.fd_name_changed);
      return true;
    case FieldId::kFdDev:
      out->SetInt(static_cast<int32_t>(fd->dev));
      return true;
    case FieldId::kFdDevMajor:
      out->SetInt(static_cast<int32_t>((fd->dev >> 20) & 0xfff));
      return true;
    case FieldId::kFdDevMinor:
      out->SetInt(static_cast<int32_t>(fd->dev & 0xfffff));
      return true;
    case FieldId::kFdIno:
      out->SetInt(static_cast<int64_t>(fd->ino));
      return true;
    case FieldId::kFdIsUpperLayer:
      out->SetBool((fd->open_flags & kPpmFdUpperLayer) != 0);
      return true;
    case FieldId::kFdIsLowerLayer:
      out->SetBool((fd->open_flags & kPpmFdLowerLayer) != 0);
      return true;
    case FieldId::kFdTypes: {
      if (s.thread == nullptr || s.threads == nullptr) return false;
      out->list.clear();
      for (const auto& [num, entry] : s.threads->FdsOf(*s.thread)) {
        std::string_view w = FdTypeWord(entry.type);
        if (w.empty()) continue;
        bool seen = false;
        for (std::string_view x : out->list) seen = seen || x == w;
        if (!seen) out->list.push_back(w);
      }
      out->kind = ValueKind::kStringList;
      return true;
    }
    default:
      // fd.ip/port/proto/net are filter-only (ExtractEndpoints); fd.uid, fd.*proto service
      // names and the DNS-based fd.*ip.name fields are not implemented.
      return false;
  }
}

}  // namespace peregrine::runtime::internal

namespace peregrine::runtime {

bool ExtractEndpoints(const catalog::ResolvedField& field, const Event& event,
                      const StateView& state, FieldValue* client, FieldValue* server) {
  client->Clear();
  server->Clear();
  if (!internal::EventHasFd(event) || state.fd == nullptr) return false;
  const FdEntry& fd = *state.fd;
  if (!fd.IsIpSocket()) return false;
  switch (field.id) {
    case catalog::FieldId::kFdIp:
    case catalog::FieldId::kFdNet:
      server->SetIp(fd.IsServerSocket() ? fd.sip : fd.dip);
      if (!fd.IsServerSocket()) client->SetIp(fd.sip);
      return true;
    case catalog::FieldId::kFdPort:
    case catalog::FieldId::kFdProto:
      server->SetUint(fd.IsServerSocket() ? fd.sport : fd.dport);
      if (!fd.IsServerSocket()) client->SetUint(fd.sport);
      return true;
    default:
      return false;
  }
}

}  // namespace peregrine::runtime
