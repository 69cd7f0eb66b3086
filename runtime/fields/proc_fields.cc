// proc.* and thread.* extractors (scap-format §14.7).
#include <string>

#include "runtime/catalog/flag_tables.h"
#include "runtime/fields/internal/extractors.h"
#include "runtime/fields/internal/fd_names.h"
#include "runtime/state/state_tracker.h"
#include "runtime/state/thread_table.h"

namespace peregrine::runtime::internal {
namespace {

using catalog::FieldId;

void JoinArgs(const ThreadEntry& t, std::string* out) {
  for (size_t i = 0; i < t.args.size(); ++i) {
    if (i > 0) out->push_back(' ');
    out->append(t.args[i]);
  }
}

void JoinEnv(const ThreadTable& table, const ThreadEntry& t, std::string* out) {
  const ThreadEntry* main = table.MainThread(t);
  const ThreadEntry& src = main != nullptr ? *main : t;
  for (size_t i = 0; i < src.env.size(); ++i) {
    if (i > 0) out->push_back(' ');
    out->append(src.env[i]);
  }
}

std::string_view EnvValue(const ThreadTable& table, const ThreadEntry& t, std::string_view key) {
  const ThreadEntry* main = table.MainThread(t);
  const ThreadEntry& src = main != nullptr ? *main : t;
  for (const std::string& kv : src.env) {
    if (kv.size() > key.size() && kv[key.size()] == '=' && kv.compare(0, key.size(), key) == 0) {
      return std::string_view(kv).substr(key.size() + 1);
    }
  }
  return {};
}

// The nearest process among t and its ancestors whose pid is `pid` (session / group leaders).
const ThreadEntry* FindLeader(const ThreadTable& table, const ThreadEntry& t, int64_t pid,
                              bool virtual_pid) {
  const ThreadEntry* cur = table.MainThread(t);
  AncestorIterator it(table, t);
  while (cur != nullptr) {
    if ((virtual_pid ? cur->vpid : cur->pid) == pid) return cur;
    cur = it.Next();
  }
  return nullptr;
}

const FdEntry* StdFd(const ThreadTable& table, const ThreadEntry& t, int64_t num) {
  const FdTable& fds = table.FdsOf(t);
  auto it = fds.find(num);
  return it == fds.end() ? nullptr : &it->second;
}

}  // namespace

bool ProcValueOf(FieldId id, const catalog::ResolvedField& f, const ThreadTable& table,
                 const ThreadEntry& t, FieldValue* out) {
  switch (id) {
    case FieldId::kProcExe:
    case FieldId::kProcPexe:
    case FieldId::kProcAexe:
      out->SetString(t.exe);
      return true;
    case FieldId::kProcExepath:
    case FieldId::kProcPexepath:
    case FieldId::kProcAexepath:
      out->SetString(t.exepath);
      return true;
    case FieldId::kProcName:
    case FieldId::kProcPname:
    case FieldId::kProcAname:
      out->SetString(t.comm);
      return true;
    case FieldId::kProcArgs:
    case FieldId::kProcAargs:
      JoinArgs(t, &out->BeginStorage());
      out->CommitStorage();
      return true;
    case FieldId::kProcCmdline:
    case FieldId::kProcPcmdline:
    case FieldId::kProcAcmdline:
      if (t.cmdline.empty() || (t.comm.empty() && !t.args.empty())) {
        std::string& s = out->BeginStorage();
        s = t.comm;
        for (const std::string& a : t.args) {
          s.push_back(' ');
          s.append(a);
        }
        out->CommitStorage();
      } else {
        out->SetString(t.cmdline);
      }
      return true;
    case FieldId::kProcEnv:
    case FieldId::kProcAenv:
      if (f.arg.has_value() && id == FieldId::kProcEnv) {
        out->SetString(EnvValue(table, t, *f.arg));
      } else {
        JoinEnv(table, t, &out->BeginStorage());
        out->CommitStorage();
      }
      return true;
    case FieldId::kProcPid:
    case FieldId::kProcPpid:
    case FieldId::kProcApid:
      out->SetInt(t.pid);
      return true;
    case FieldId::kProcVpid:
    case FieldId::kProcPvpid:
      out->SetInt(t.vpid);
      return true;
    default:
      return false;
  }
}

bool ExtractProc(const catalog::ResolvedField& f, const Event& e, const StateView& s,
                 FieldValue* out) {
  out->Clear();
  if (s.thread == nullptr || s.threads == nullptr) return false;
  const ThreadTable& table = *s.threads;
  const ThreadEntry& t = *s.thread;
  const ThreadEntry* main = table.MainThread(t);
  const ThreadEntry& proc = main != nullptr ? *main : t;
  switch (f.id) {
    case FieldId::kProcExe:
    case FieldId::kProcExepath:
    case FieldId::kProcName:
    case FieldId::kProcArgs:
    case FieldId::kProcCmdline:
    case FieldId::kProcEnv:
    case FieldId::kProcPid:
    case FieldId::kProcVpid:
      if (f.id == FieldId::kProcArgs && f.index.has_value()) {
        const int64_t n = *f.index;
        out->SetString(n >= 0 && static_cast<size_t>(n) < t.args.size()
                           ? std::string_view(t.args[n])
                           : std::string_view());
        return true;
      }
      return ProcValueOf(f.id, f, table, t, out);
    case FieldId::kProcPexe:
    case FieldId::kProcPexepath:
    case FieldId::kProcPname:
    case FieldId::kProcPcmdline:
    case FieldId::kProcPpid:
    case FieldId::kProcPvpid: {
      const ThreadEntry* p = table.Parent(t);
      return p != nullptr && ProcValueOf(f.id, f, table, *p, out);
    }
    case FieldId::kProcAexe:
    case FieldId::kProcAexepath:
    case FieldId::kProcAname:
    case FieldId::kProcAargs:
    case FieldId::kProcAcmdline:
    case FieldId::kProcAenv:
    case FieldId::kProcApid: {
      if (f.index.has_value()) {
        const ThreadEntry* a = NthAncestor(table, t, static_cast<int>(*f.index));
        return a != nullptr && ProcValueOf(f.id, f, table, *a, out);
      }
      // Without an index, as text: every strict ancestor's value, space-separated.
      if (f.id == FieldId::kProcApid) return false;
      std::string joined;
      AncestorIterator it(table, t);
      FieldValue v;
      bool first = true;
      for (const ThreadEntry* a = it.Next(); a != nullptr; a = it.Next()) {
        if (!ProcValueOf(f.id, f, table, *a, &v)) continue;
        if (!first) joined.push_back(' ');
        joined.append(v.str);
        first = false;
      }
      out->BeginStorage() = std::move(joined);
      out->CommitStorage();
      return true;
    }
    case FieldId::kProcCmdnargs:
      out->SetUint(t.args.size());
      return true;
    case FieldId::kProcCmdlenargs: {
      uint64_t n = 0;
      for (const std::string& a : t.args) n += a.size();
      out->SetUint(n);
      return true;
    }
    case FieldId::kProcExeline: {
      std::string& str = out->BeginStorage();
      str = t.exe;
      for (const std::string& a : t.args) {
        str.push_back(' ');
        str.append(a);
      }
      out->CommitStorage();
      return true;
    }
    case FieldId::kProcCwd:
      out->SetString(CwdOf(table, t));
      return true;
    case FieldId::kProcTty:
      out->SetUint(t.tty);
      return true;
    case FieldId::kProcSid:
      out->SetInt(t.sid);
      return true;
    case FieldId::kProcSname:
    case FieldId::kProcSidExe:
    case FieldId::kProcSidExepath: {
      const ThreadEntry* l = FindLeader(table, t, t.sid, /*virtual_pid=*/false);
      if (l == nullptr) return false;
      out->SetString(f.id == FieldId::kProcSname    ? std::string_view(l->comm)
                     : f.id == FieldId::kProcSidExe ? std::string_view(l->exe)
                                                    : std::string_view(l->exepath));
      return true;
    }
    case FieldId::kProcVpgid:
      out->SetInt(t.vpgid);
      return true;
    case FieldId::kProcVpgidName:
    case FieldId::kProcVpgidExe:
    case FieldId::kProcVpgidExepath: {
      const ThreadEntry* l = FindLeader(table, t, t.vpgid, /*virtual_pid=*/true);
      if (l == nullptr) return false;
      out->SetString(f.id == FieldId::kProcVpgidName  ? std::string_view(l->comm)
                     : f.id == FieldId::kProcVpgidExe ? std::string_view(l->exe)
                                                      : std::string_view(l->exepath));
      return true;
    }
    case FieldId::kProcPgid:
      out->SetInt(t.pgid);
      return true;
    case FieldId::kProcPgidName:
    case FieldId::kProcPgidExe:
    case FieldId::kProcPgidExepath: {
      const ThreadEntry* l = FindLeader(table, t, t.pgid, /*virtual_pid=*/false);
      if (l == nullptr) return false;
      out->SetString(f.id == FieldId::kProcPgidName  ? std::string_view(l->comm)
                     : f.id == FieldId::kProcPgidExe ? std::string_view(l->exe)
                                                     : std::string_view(l->exepath));
      return true;
    }
    case FieldId::kProcDuration:
      if (proc.clone_ts == 0 || e.ts() < proc.clone_ts) return false;
      out->SetUint(e.ts() - proc.clone_ts);
      return true;
    case FieldId::kProcPpidDuration: {
      const ThreadEntry* p = table.Parent(t);
      if (p == nullptr || p->clone_ts == 0 || e.ts() < p->clone_ts) return false;
      out->SetUint(e.ts() - p->clone_ts);
      return true;
    }
    case FieldId::kProcPidTs:
      if (proc.clone_ts == 0) return false;
      out->SetUint(proc.clone_ts);
      return true;
    case FieldId::kProcPpidTs: {
      const ThreadEntry* p = table.Parent(t);
      if (p == nullptr || p->clone_ts == 0) return false;
      out->SetUint(p->clone_ts);
      return true;
    }
    case FieldId::kProcIsExeWritable:
      out->SetBool(t.exe_writable);
      return true;
    case FieldId::kProcIsExeUpperLayer:
      out->SetBool(t.exe_upper_layer);
      return true;
    case FieldId::kProcIsExeLowerLayer:
      out->SetBool(t.exe_lower_layer);
      return true;
    case FieldId::kProcIsExeFromMemfd:
      out->SetBool(t.exe_from_memfd);
      return true;
    case FieldId::kProcIsSidLeader:
      out->SetBool(t.sid == t.vpid);
      return true;
    case FieldId::kProcIsVpgidLeader:
      out->SetBool(t.vpgid == t.vpid);
      return true;
    case FieldId::kProcIsPgidLeader:
      out->SetBool(t.pgid == t.pid);
      return true;
    case FieldId::kProcExeIno:
      out->SetInt(static_cast<int64_t>(t.exe_ino));
      return true;
    case FieldId::kProcExeInoCtime:
      out->SetUint(t.exe_ino_ctime);
      return true;
    case FieldId::kProcExeInoMtime:
      out->SetUint(t.exe_ino_mtime);
      return true;
    case FieldId::kProcExeInoCtimeDurationProcStart:
      if (t.exe_ino_ctime == 0 || proc.clone_ts < t.exe_ino_ctime) return false;
      out->SetUint(proc.clone_ts - t.exe_ino_ctime);
      return true;
    case FieldId::kProcExeInoCtimeDurationPidnsStart:
      if (t.exe_ino_ctime == 0 || t.pidns_init_start_ts < t.exe_ino_ctime) return false;
      out->SetUint(t.pidns_init_start_ts - t.exe_ino_ctime);
      return true;
    case FieldId::kProcPidnsInitStartTs:
      out->SetUint(t.pidns_init_start_ts);
      return true;
    case FieldId::kProcFdopencount:
      out->SetUint(table.FdsOf(t).size());
      return true;
    case FieldId::kProcFdlimit:
      out->SetInt(static_cast<int64_t>(proc.fdlimit));
      return true;
    case FieldId::kProcFdusage:
      if (proc.fdlimit == 0) return false;
      out->kind = ValueKind::kDouble;
      out->d =
          100.0 * static_cast<double>(table.FdsOf(t).size()) / static_cast<double>(proc.fdlimit);
      return true;
    case FieldId::kProcVmsize:
      out->SetUint(proc.vmsize_kb);
      return true;
    case FieldId::kProcVmrss:
      out->SetUint(proc.vmrss_kb);
      return true;
    case FieldId::kProcVmswap:
      out->SetUint(proc.vmswap_kb);
      return true;
    case FieldId::kProcNthreads: {
      uint64_t n = 0;
      table.ForEach([&](const ThreadEntry& o) { n += (o.pid == t.pid && !o.dead) ? 1 : 0; });
      out->SetUint(n);
      return true;
    }
    case FieldId::kProcNchilds: {
      uint64_t n = 0;
      table.ForEach([&](const ThreadEntry& o) {
        n += (o.ptid == proc.tid && o.IsMainThreadSelf() && !o.dead) ? 1 : 0;
      });
      out->SetUint(n);
      return true;
    }
    case FieldId::kProcStdinType:
    case FieldId::kProcStdoutType:
    case FieldId::kProcStderrType:
    case FieldId::kProcStdinName:
    case FieldId::kProcStdoutName:
    case FieldId::kProcStderrName: {
      const int64_t num = (f.id == FieldId::kProcStdinType || f.id == FieldId::kProcStdinName) ? 0
                          : (f.id == FieldId::kProcStdoutType || f.id == FieldId::kProcStdoutName)
                              ? 1
                              : 2;
      const FdEntry* fd = StdFd(table, t, num);
      if (fd == nullptr) return false;
      const bool is_type = f.id == FieldId::kProcStdinType || f.id == FieldId::kProcStdoutType ||
                           f.id == FieldId::kProcStderrType;
      if (is_type) {
        std::string_view w = FdTypeWord(fd->type);
        if (w.empty()) return false;
        out->SetString(w);
      } else {
        out->SetString(fd->name);
      }
      return true;
    }
    case FieldId::kProcIsContainerHealthcheck:
    case FieldId::kProcIsContainerLivenessProbe:
    case FieldId::kProcIsContainerReadinessProbe:
      // No container metadata source knows health checks yet: no process is one.
      out->SetBool(false);
      return true;
    // thread.*
    case FieldId::kThreadTid:
      out->SetInt(t.tid);
      return true;
    case FieldId::kThreadIsmain:
      out->SetBool(t.IsMainThreadSelf());
      return true;
    case FieldId::kThreadVtid:
      out->SetInt(t.vtid);
      return true;
    case FieldId::kThreadCgroups: {
      std::string& str = out->BeginStorage();
      for (size_t i = 0; i < t.cgroups.size(); ++i) {
        if (i > 0) str.push_back(' ');
        str.append(t.cgroups[i]);
      }
      out->CommitStorage();
      return true;
    }
    case FieldId::kThreadCgroup: {
      const std::string& subsys = !f.suffix.empty() ? f.suffix : f.arg.value_or("");
      for (const std::string& c : t.cgroups) {
        if (c.size() > subsys.size() && c[subsys.size()] == '=' &&
            c.compare(0, subsys.size(), subsys) == 0) {
          out->SetString(std::string_view(c).substr(subsys.size() + 1));
          return true;
        }
      }
      return false;
    }
    case FieldId::kThreadVmsize:
      out->SetUint(t.vmsize_kb);
      return true;
    case FieldId::kThreadVmrss:
      out->SetUint(t.vmrss_kb);
      return true;
    case FieldId::kThreadPfmajor:
      out->SetUint(t.pfmajor);
      return true;
    case FieldId::kThreadPfminor:
      out->SetUint(t.pfminor);
      return true;
    case FieldId::kThreadCapPermitted:
    case FieldId::kThreadCapInheritable:
    case FieldId::kThreadCapEffective: {
      const uint64_t mask = f.id == FieldId::kThreadCapPermitted     ? t.cap_permitted
                            : f.id == FieldId::kThreadCapInheritable ? t.cap_inheritable
                                                                     : t.cap_effective;
      out->BeginStorage() = catalog::RenderCapabilities(mask);
      out->CommitStorage();
      return true;
    }
    default:
      // proc.loginshellid, thread.exectime, thread.totexectime, thread.cpu*: not implemented
      // (they need scheduler events or a login-shell walk we do not track).
      return false;
  }
}

}  // namespace peregrine::runtime::internal
