// evt.* and syscall.* extractors.
#include <cinttypes>
#include <cstdio>
#include <ctime>
#include <string>

#include "runtime/catalog/event_codes.h"
#include "runtime/catalog/event_table.h"
#include "runtime/catalog/linux_names.h"
#include "runtime/fields/internal/extractors.h"

namespace peregrine::runtime::internal {
namespace {

using catalog::FieldId;

constexpr uint32_t kPpmORdonly = 1;
constexpr uint32_t kPpmOWronly = 2;
constexpr uint32_t kPpmOCreat = 4;
constexpr uint32_t kPpmOTmpfile = 0x2000;
constexpr uint32_t kPpmOFCreated = 0x4000;

void FormatTime(uint64_t ts, bool local, const char* fmt, bool nanos, std::string* out) {
  const time_t secs = static_cast<time_t>(ts / 1'000'000'000);
  struct tm tm;
  if (local) {
    localtime_r(&secs, &tm);
  } else {
    gmtime_r(&secs, &tm);
  }
  char buf[64];
  size_t n = strftime(buf, sizeof(buf), fmt, &tm);
  out->assign(buf, n);
  if (nanos) {
    std::snprintf(buf, sizeof(buf), ".%09" PRIu64, ts % 1'000'000'000);
    out->append(buf);
  }
}

// The event's name as evt.type shows it (generic events: the syscall; asyncevent: its name).
std::string_view EventTypeName(const Event& e) {
  const catalog::EventInfo* info = e.info();
  if (info == nullptr) return {};
  if (e.type() == catalog::kGenericExitCode || e.type() == catalog::kGenericExitCode - 1) {
    uint64_t id = 0;
    if (e.GetUint(0, &id)) {
      if (auto name = catalog::SyscallName(static_cast<uint16_t>(id))) return *name;
    }
  }
  if (e.type() == catalog::kAsyncEventCode) return e.GetString(1);
  return info->name;
}

bool IsSyscallEvent(const Event& e) {
  const uint16_t c = e.type();
  return !(c == catalog::kPluginEventCode || c == catalog::kAsyncEventCode ||
           c == catalog::kContainerEventCode ||
           (c >= PG_EVT_USER_ADDED_E && c <= PG_EVT_GROUP_DELETED_E + 1) ||
           c == PG_EVT_PROCEXIT_1_E || c == PG_EVT_DROP_E || c == PG_EVT_DROP_X);
}

// Index of the open-family `flags` parameter, or -1.
int OpenFlagsIndex(uint16_t code) {
  switch (code) {
    case PG_EVT_SYSCALL_OPEN_X:
      return 2;
    case PG_EVT_SYSCALL_OPENAT_2_X:
    case PG_EVT_SYSCALL_OPENAT2_X:
      return 3;
    case PG_EVT_SYSCALL_OPEN_BY_HANDLE_AT_X:
      return 2;
    default:
      return -1;
  }
}

// Whether the event has a return value in parameter 0 (syscall exits except generic).
bool HasResult(const Event& e) {
  const catalog::EventInfo* info = e.info();
  if (info == nullptr || !info->is_exit || e.type() == catalog::kGenericExitCode) return false;
  if (info->params.empty()) return false;
  const catalog::ParamType t = info->params[0].type;
  return t == catalog::ParamType::kErrno || t == catalog::ParamType::kFd ||
         t == catalog::ParamType::kPid || t == catalog::ParamType::kInt64;
}

// evt.arg / evt.rawarg target parameter index.
int ArgIndex(const catalog::ResolvedField& f, const Event& e) {
  const catalog::EventInfo* info = e.info();
  if (info == nullptr) return -1;
  if (f.index.has_value()) {
    return *f.index >= 0 && static_cast<size_t>(*f.index) < info->params.size()
               ? static_cast<int>(*f.index)
               : -1;
  }
  const std::string& name = !f.suffix.empty() ? f.suffix : f.arg.value_or("");
  for (size_t i = 0; i < info->params.size(); ++i) {
    if (info->params[i].name == name) return static_cast<int>(i);
  }
  return -1;
}

bool RawArg(const Event& e, int idx, FieldValue* out) {
  const catalog::EventInfo* info = e.info();
  const catalog::ParamType t = info->params[idx].type;
  const probe::ParamBytes p = e.param(idx);
  if (p.empty()) return false;
  if (catalog::IsSignedIntType(t)) {
    int64_t v = 0;
    if (!e.GetInt(idx, &v)) return false;
    out->SetInt(v);
    return true;
  }
  if (catalog::IsUnsignedIntType(t)) {
    uint64_t v = 0;
    if (!e.GetUint(idx, &v)) return false;
    out->SetUint(v);
    return true;
  }
  if (t == catalog::ParamType::kCharBuf || t == catalog::ParamType::kFsPath ||
      t == catalog::ParamType::kFsRelPath) {
    out->SetString(e.GetString(idx));
    return true;
  }
  if (t == catalog::ParamType::kByteBuf) {
    out->kind = ValueKind::kBytes;
    out->str = p.AsStringView();
    return true;
  }
  std::string& main = out->BeginStorage();
  if (!RenderParam(e, StateView{}, idx, &main, &out->scratch)) return false;
  out->CommitStorage();
  return true;
}

}  // namespace

bool ExtractEvt(const catalog::ResolvedField& f, const Event& e, const StateView& s,
                FieldValue* out) {
  out->Clear();
  const uint64_t ts = e.ts();
  switch (f.id) {
    case FieldId::kEvtNum:
      out->SetUint(e.num());
      return true;
    case FieldId::kEvtTime:
      FormatTime(ts, /*local=*/true, "%H:%M:%S", /*nanos=*/true, &out->BeginStorage());
      out->CommitStorage();
      return true;
    case FieldId::kEvtTimeS:
      FormatTime(ts, /*local=*/true, "%H:%M:%S", /*nanos=*/false, &out->BeginStorage());
      out->CommitStorage();
      return true;
    case FieldId::kEvtTimeIso8601:
      FormatTime(ts, /*local=*/false, "%Y-%m-%dT%H:%M:%S", /*nanos=*/true, &out->BeginStorage());
      out->storage.append("+0000");
      out->CommitStorage();
      return true;
    case FieldId::kEvtDatetime:
      FormatTime(ts, /*local=*/true, "%Y-%m-%d %H:%M:%S", /*nanos=*/true, &out->BeginStorage());
      out->CommitStorage();
      return true;
    case FieldId::kEvtDatetimeS:
      FormatTime(ts, /*local=*/true, "%Y-%m-%d %H:%M:%S", /*nanos=*/false, &out->BeginStorage());
      out->CommitStorage();
      return true;
    case FieldId::kEvtRawtime:
      out->SetUint(ts);
      return true;
    case FieldId::kEvtRawtimeS:
      out->SetUint(ts / 1'000'000'000);
      return true;
    case FieldId::kEvtRawtimeNs:
      out->SetUint(ts % 1'000'000'000);
      return true;
    case FieldId::kEvtSource:
      out->SetString(e.type() == catalog::kPluginEventCode ? "" : "syscall");
      return e.type() != catalog::kPluginEventCode;
    case FieldId::kEvtIsAsync:
      out->SetBool(e.type() == catalog::kAsyncEventCode);
      return true;
    case FieldId::kEvtAsynctype:
      if (e.type() != catalog::kAsyncEventCode) return false;
      out->SetString(e.GetString(1));
      return true;
    case FieldId::kEvtHostname:
      if (s.host == nullptr) return false;
      out->SetString(s.host->hostname);
      return true;
    case FieldId::kEvtDir:
      out->SetString(e.is_exit() ? "<" : ">");
      return true;
    case FieldId::kEvtType:
      if (e.info() == nullptr) return false;
      out->SetString(EventTypeName(e));
      return true;
    case FieldId::kEvtTypeIs: {
      if (e.info() == nullptr) return false;
      const std::string& name = !f.suffix.empty() ? f.suffix : f.arg.value_or("");
      out->SetUint(EventTypeName(e) == name ? 1 : 0);
      return true;
    }
    case FieldId::kSyscallType:
      if (e.info() == nullptr || !IsSyscallEvent(e)) return false;
      out->SetString(EventTypeName(e));
      return true;
    case FieldId::kEvtCpu:
      out->SetInt(e.cpu());
      return true;
    case FieldId::kEvtArgs:
    case FieldId::kEvtInfo: {
      const catalog::EventInfo* info = e.info();
      if (info == nullptr) return false;
      std::string& str = out->BeginStorage();
      std::string main, resolved;
      for (uint32_t i = 0; i < info->params.size() && i < e.nparams(); ++i) {
        if (!str.empty()) str.push_back(' ');
        str.append(info->params[i].name);
        str.push_back('=');
        if (!RenderParam(e, s, i, &main, &resolved)) continue;
        str.append(main);
        if (!resolved.empty()) {
          str.push_back('(');
          str.append(resolved);
          str.push_back(')');
        }
      }
      out->CommitStorage();
      return true;
    }
    case FieldId::kEvtArg: {
      const int idx = ArgIndex(f, e);
      if (idx < 0) return false;
      std::string& main = out->BeginStorage();
      std::string& resolved = out->scratch;
      if (!RenderParam(e, s, static_cast<uint32_t>(idx), &main, &resolved)) return false;
      if (!resolved.empty()) main.swap(resolved);
      out->CommitStorage();
      return true;
    }
    case FieldId::kEvtRawarg: {
      const int idx = ArgIndex(f, e);
      return idx >= 0 && RawArg(e, idx, out);
    }
    case FieldId::kEvtBuffer:
    case FieldId::kEvtBuflen: {
      const catalog::EventInfo* info = e.info();
      if (info == nullptr) return false;
      for (size_t i = 0; i < info->params.size(); ++i) {
        if (info->params[i].name != "data") continue;
        const probe::ParamBytes p = e.param(i);
        if (f.id == FieldId::kEvtBuflen) {
          out->SetUint(p.size);
        } else {
          out->kind = ValueKind::kBytes;
          out->str = p.AsStringView();
        }
        return true;
      }
      return false;
    }
    case FieldId::kEvtRes:
    case FieldId::kEvtRawres:
    case FieldId::kEvtFailed:
    case FieldId::kEvtCountError: {
      int64_t res = 0;
      if (!HasResult(e) || !e.GetInt(0, &res)) return false;
      if (f.id == FieldId::kEvtRes) {
        out->BeginStorage() = catalog::RenderResult(res);
        out->CommitStorage();
      } else if (f.id == FieldId::kEvtRawres) {
        out->SetInt(res);
      } else if (f.id == FieldId::kEvtFailed) {
        out->SetBool(res < 0);
      } else {
        out->SetUint(res < 0 ? 1 : 0);
      }
      return true;
    }
    case FieldId::kEvtCount:
      out->SetUint(1);
      return true;
    case FieldId::kEvtCountExit:
      out->SetUint(e.is_exit() ? 1 : 0);
      return true;
    case FieldId::kEvtIsOpenRead:
    case FieldId::kEvtIsOpenWrite:
    case FieldId::kEvtIsOpenExec:
    case FieldId::kEvtIsOpenCreate: {
      const uint16_t code = e.type();
      uint64_t flags = 0;
      uint64_t mode = 0;
      if (code == PG_EVT_SYSCALL_CREAT_X) {
        flags = kPpmOWronly | kPpmOCreat;
        e.GetUint(2, &mode);
      } else {
        const int fi = OpenFlagsIndex(code);
        if (fi < 0) {
          out->SetBool(false);
          return true;
        }
        e.GetUint(static_cast<uint32_t>(fi), &flags);
        if (code != PG_EVT_SYSCALL_OPEN_BY_HANDLE_AT_X)
          e.GetUint(static_cast<uint32_t>(fi) + 1, &mode);
      }
      bool v = false;
      switch (f.id) {
        case FieldId::kEvtIsOpenRead:
          v = (flags & kPpmORdonly) != 0;
          break;
        case FieldId::kEvtIsOpenWrite:
          v = (flags & kPpmOWronly) != 0;
          break;
        case FieldId::kEvtIsOpenExec:
          v = (flags & (kPpmOCreat | kPpmOTmpfile)) != 0 && (mode & 0111) != 0;
          break;
        default:
          v = (flags & kPpmOFCreated) != 0;
          break;
      }
      out->SetBool(v);
      return true;
    }
    default:
      // Not implemented: evt.reltime*, evt.deltatime*, evt.latency*, evt.wait_latency,
      // evt.pluginname/plugininfo, evt.category, evt.is_io*, evt.io_dir, evt.is_wait,
      // evt.is_syslog, evt.count.error.{file,net,memory,other}, evt.around, evt.abspath*.
      return false;
  }
}

}  // namespace peregrine::runtime::internal
