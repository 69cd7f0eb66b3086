// KernelContextEnricher: the probe's process context → the state's thread entry.
#include "runtime/engine/kernel_context_enricher.h"

#include <cstring>
#include <string_view>
#include <utility>

namespace peregrine::runtime {
namespace {

std::string_view CommOf(const pg_proc_ctx& ctx) {
  return std::string_view(ctx.comm, strnlen(ctx.comm, sizeof(ctx.comm)));
}

}  // namespace

KernelContextEnricher::KernelContextEnricher(std::string cgroup_mount)
    : cgroup_mount_(std::move(cgroup_mount)), cgroups_(cgroup_mount_) {}

void KernelContextEnricher::ApplyIdentity(const pg_proc_ctx& ctx, ThreadEntry* t) {
  // The kernel's view wins for identity; the process may have exited or exec'ed since.
  t->pid = ctx.pid;
  t->ptid = ctx.ppid;
  if (ctx.tid != ctx.pid) t->flags |= kClCloneThread | kClCloneFiles;
}

void KernelContextEnricher::Apply(const pg_proc_ctx& ctx, ThreadEntry* t) {
  if (t->IsPlaceholder()) {
    ApplyIdentity(ctx, t);
    ++stats_.threads_from_ctx;
  }
  const std::string_view comm = CommOf(ctx);
  if (!comm.empty() && t->comm != comm) {
    // prctl(PR_SET_NAME), a missed exec, or a placeholder.
    t->comm.assign(comm);
    t->RecomputeCmdline();
  }
  t->uid = ctx.euid;
  t->gid = ctx.egid;
  t->loginuid = ctx.loginuid;
  t->tty = ctx.tty;
  t->vtid = ctx.vtid;
  t->vpid = ctx.vpid;
  t->cap_effective = ctx.cap_effective;
  t->cap_permitted = ctx.cap_permitted;
  t->exe_writable = (ctx.exe_flags & PG_EXE_WRITABLE) != 0;
  t->exe_upper_layer = (ctx.exe_flags & PG_EXE_UPPER_LAYER) != 0;
  t->exe_lower_layer = (ctx.exe_flags & PG_EXE_LOWER_LAYER) != 0;
  t->exe_from_memfd = (ctx.exe_flags & PG_EXE_FROM_MEMFD) != 0;
  if (ctx.exe_ino != 0) t->exe_ino = ctx.exe_ino;
  if (ctx.cgroup_id != 0) ApplyCgroup(ctx, t);
}

void KernelContextEnricher::ApplyCgroup(const pg_proc_ctx& ctx, ThreadEntry* t) {
  const CgroupResolver::Entry& cg = cgroups_.Resolve(ctx.cgroup_id, ctx.pid);
  if (cg.path.empty() || t->container_id == cg.container_id) return;
  // The thread is in another cgroup than the state believed (moved after its exec, or never
  // scanned): replace its v2 entry and recompute the container id from it.
  cgroups_scratch_ = t->cgroups;
  bool replaced = false;
  for (std::string& c : cgroups_scratch_) {
    if (c.rfind("unified=", 0) == 0 || c.rfind("=", 0) == 0) {
      c = "unified=" + cg.path;
      replaced = true;
    }
  }
  if (!replaced) cgroups_scratch_.push_back("unified=" + cg.path);
  t->SetCgroups(cgroups_scratch_);
  // The v2 cgroup is the one the task is in now: it decides (a v1 entry may be stale).
  t->container_id = cg.container_id;
  ++stats_.container_changes;
}

void FillKernelContext(const pg_proc_ctx& ctx, KernelContext* out) {
  out->pid = ctx.pid;
  out->tid = ctx.tid;
  out->ppid = ctx.ppid;
  out->uid = ctx.uid;
  out->gid = ctx.gid;
  out->loginuid = ctx.loginuid;
  out->cgroup_id = ctx.cgroup_id;
  out->comm = CommOf(ctx);
  out->exepath = {};
}

}  // namespace peregrine::runtime
