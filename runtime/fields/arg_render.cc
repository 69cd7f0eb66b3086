// evt.arg.* rendering of event parameters (scap-format §12, §12.2), as libsinsp prints them.
#include <cinttypes>
#include <cstdio>
#include <cstring>
#include <string>

#include "runtime/catalog/event_table.h"
#include "runtime/catalog/flag_tables.h"
#include "runtime/catalog/linux_names.h"
#include "runtime/events/net_format.h"
#include "runtime/fields/internal/extractors.h"
#include "runtime/fields/internal/fd_names.h"
#include "runtime/state/path.h"
#include "runtime/state/state_tracker.h"

namespace peregrine::runtime::internal {
namespace {

using catalog::ParamType;

constexpr int64_t kAtFdcwd = -100;

void AppendPrintable(std::string_view bytes, std::string* out) {
  for (char c : bytes) {
    const unsigned char u = static_cast<unsigned char>(c);
    out->push_back(u >= 0x20 && u < 0x7f ? c : '.');
  }
}

void RenderFd(int64_t fd, const StateView& s, std::string* main, std::string* resolved) {
  *main = std::to_string(fd);
  if (fd == kAtFdcwd) {
    *resolved = "AT_FDCWD";
    return;
  }
  if (fd < 0) {
    // A failed call's fd is -errno: "-2(ENOENT)".
    if (auto name = catalog::ErrnoName(-fd)) resolved->assign(*name);
    return;
  }
  if (s.thread == nullptr || s.threads == nullptr) return;
  const FdTable& fds = s.threads->FdsOf(*s.thread);
  auto it = fds.find(fd);
  if (it == fds.end()) return;
  const FdEntry& e = it->second;
  resolved->push_back('<');
  resolved->push_back(FdTypeChar(e.type));
  if (e.IsIpSocket()) {
    std::string_view l4 = L4ProtoName(e.l4proto);
    if (!l4.empty()) resolved->push_back(l4[0]);
  }
  resolved->push_back('>');
  resolved->append(e.name);
}

}  // namespace

bool EventHasFd(const Event& e) {
  const catalog::EventInfo* info = e.info();
  return info != nullptr &&
         (info->tags & (catalog::kTagFdCreate | catalog::kTagFdDestroy | catalog::kTagFdUse)) != 0;
}

bool RenderParam(const Event& e, const StateView& s, uint32_t idx, std::string* main,
                 std::string* resolved) {
  main->clear();
  resolved->clear();
  const catalog::EventInfo* info = e.info();
  if (info == nullptr || idx >= info->params.size()) return false;
  const catalog::ParamInfo& pi = info->params[idx];
  const probe::ParamBytes p = e.param(idx);
  if (p.empty()) return false;
  int64_t i = 0;
  uint64_t u = 0;
  switch (pi.type) {
    case ParamType::kInt8:
    case ParamType::kInt16:
    case ParamType::kInt32:
    case ParamType::kInt64:
    case ParamType::kPid:
    case ParamType::kFd32:
    case ParamType::kPid32:
      if (!e.GetInt(idx, &i)) return false;
      *main = std::to_string(i);
      return true;
    case ParamType::kUint8:
    case ParamType::kUint16:
    case ParamType::kUint32:
    case ParamType::kUint64:
    case ParamType::kPort:
    case ParamType::kSigSet:
    case ParamType::kRelTime:
    case ParamType::kAbsTime:
    case ParamType::kL4Proto:
    case ParamType::kSockFamily:
    case ParamType::kBool:
    case ParamType::kSyscallId:
      if (!e.GetUint(idx, &u)) return false;
      *main = std::to_string(u);
      if (pi.type == ParamType::kSyscallId) {
        if (auto name = catalog::SyscallName(static_cast<uint16_t>(u))) resolved->assign(*name);
      }
      return true;
    case ParamType::kErrno:
      if (!e.GetInt(idx, &i)) return false;
      *main = std::to_string(i);
      if (i < 0) {
        if (auto name = catalog::ErrnoName(-i)) resolved->assign(*name);
      }
      return true;
    case ParamType::kFd:
      if (!e.GetInt(idx, &i)) return false;
      RenderFd(i, s, main, resolved);
      return true;
    case ParamType::kSigType:
      if (!e.GetUint(idx, &u)) return false;
      *main = std::to_string(u);
      if (auto name = catalog::SignalName(static_cast<int64_t>(u))) resolved->assign(*name);
      return true;
    case ParamType::kUid:
    case ParamType::kGid: {
      if (!e.GetUint(idx, &u)) return false;
      *main = std::to_string(u);
      if (u == 0xFFFFFFFFu) {
        resolved->assign("<NONE>");
        return true;
      }
      if (s.users == nullptr) return true;
      if (pi.type == ParamType::kUid) {
        const UserEntry* user = s.users->FindUser("", static_cast<uint32_t>(u));
        resolved->assign(user != nullptr ? std::string_view(user->name)
                         : u == 0        ? std::string_view("root")
                                         : std::string_view("<NA>"));
      } else {
        const GroupEntry* g = s.users->FindGroup("", static_cast<uint32_t>(u));
        resolved->assign(g != nullptr ? std::string_view(g->name)
                         : u == 0     ? std::string_view("root")
                                      : std::string_view("<NA>"));
      }
      return true;
    }
    case ParamType::kFlags8:
    case ParamType::kFlags16:
    case ParamType::kFlags32:
    case ParamType::kEnumFlags8:
    case ParamType::kEnumFlags16:
    case ParamType::kEnumFlags32:
    case ParamType::kMode: {
      if (!e.GetUint(idx, &u)) return false;
      *main = pi.type == ParamType::kMode ? catalog::FormatOctal(u) : std::to_string(u);
      if (auto names = catalog::RenderFlagsParam(pi.type, pi.flag_table, u)) {
        *resolved = std::move(*names);
      }
      return true;
    }
    case ParamType::kCharBuf:
      main->assign(e.GetString(idx));
      return true;
    case ParamType::kFsPath:
    case ParamType::kFsRelPath: {
      std::string_view path = e.GetString(idx);
      main->assign(path);
      if (path.empty() || path[0] == '/' || s.thread == nullptr || s.threads == nullptr) {
        return true;
      }
      std::string base;
      if (pi.type == ParamType::kFsRelPath && pi.relative_dirfd >= 0) {
        int64_t dirfd = kAtFdcwd;
        e.GetInt(static_cast<uint32_t>(pi.relative_dirfd), &dirfd);
        ResolveDirfdBase(*s.threads, *s.thread, dirfd, path, &base);
      } else {
        base = std::string(CwdOf(*s.threads, *s.thread));
      }
      ConcatenatePath(base, path, resolved);
      return true;
    }
    case ParamType::kByteBuf:
    case ParamType::kCharBufArray:
      AppendPrintable(p.AsStringView(), main);
      return true;
    case ParamType::kSockAddr: {
      SockAddr a;
      if (!e.GetSockAddr(idx, &a)) return false;
      AppendSockAddr(a, main);
      return true;
    }
    case ParamType::kSockTuple: {
      SockTuple t;
      if (!e.GetSockTuple(idx, &t)) return false;
      AppendSockTuple(t, main);
      return true;
    }
    case ParamType::kIpv4Addr: {
      IpAddr ip;
      if (p.size != 4) return false;
      std::memcpy(ip.bytes, p.data, 4);
      AppendIp(ip, main);
      return true;
    }
    case ParamType::kIpv6Addr: {
      IpAddr ip;
      if (p.size != 16) return false;
      ip.v6 = true;
      std::memcpy(ip.bytes, p.data, 16);
      AppendIp(ip, main);
      return true;
    }
    case ParamType::kDyn: {
      // u8 index selecting the type, then the value.
      const uint8_t sel = p.data[0];
      if (sel >= pi.dyn_types.size()) return false;
      probe::ParamBytes inner{p.data + 1, p.size - 1};
      switch (pi.dyn_types[sel]) {
        case ParamType::kErrno:
        case ParamType::kInt64:
        case ParamType::kFd:
          if (!DecodeSigned(inner, &i)) return false;
          *main = std::to_string(i);
          return true;
        case ParamType::kCharBuf:
          main->assign(DecodeCharBuf(inner));
          return true;
        case ParamType::kByteBuf:
          AppendPrintable(inner.AsStringView(), main);
          return true;
        default:
          if (!DecodeUnsigned(inner, &u)) return false;
          *main = std::to_string(u);
          return true;
      }
    }
    case ParamType::kDouble: {
      if (p.size != 8) return false;
      double d;
      std::memcpy(&d, p.data, 8);
      char buf[64];
      std::snprintf(buf, sizeof(buf), "%.1f", d);
      *main = buf;
      return true;
    }
    default:
      // FDLIST and the opaque array types are not rendered.
      return false;
  }
}

}  // namespace peregrine::runtime::internal
