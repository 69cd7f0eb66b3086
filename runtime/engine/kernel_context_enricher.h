// KernelContextEnricher: applies the process context the probe read from the task at each event
// (probe/abi/proc_ctx.h) to the state's thread entry, after the state applied the event.
#ifndef PEREGRINE_RUNTIME_ENGINE_KERNEL_CONTEXT_ENRICHER_H_
#define PEREGRINE_RUNTIME_ENGINE_KERNEL_CONTEXT_ENRICHER_H_

#include <cstdint>
#include <string>
#include <vector>

#include "probe/abi/proc_ctx.h"
#include "runtime/engine/cgroup_resolver.h"
#include "runtime/events/kernel_context.h"
#include "runtime/state/thread_entry.h"

namespace peregrine::runtime {

struct KernelContextStats {
  uint64_t threads_from_ctx = 0;   // placeholder threads filled from the context alone
  uint64_t container_changes = 0;  // threads whose container changed with their cgroup
};

// The kernel's view wins for the identity fields the rules read: comm (prctl PR_SET_NAME or a
// missed exec), euid/egid, loginuid, tty, namespace ids, capabilities, exe flags and inode, and
// the v2 cgroup → container id (how a process moved into a container cgroup after its exec is
// seen in the container). This keeps those fields right even when the state missed or reordered
// a lifecycle event. Used by the live workers and by the engine for capture files that carry the
// context (.pgcap), so a replay sees the threads as the live daemon did.
//
// The cgroup ids are resolved against this host's cgroup tree (CgroupResolver): a replay on
// another host, or after the cgroup was removed, keeps the container id the state derived.
// Owned by one thread.
class KernelContextEnricher {
 public:
  // `cgroup_mount` = "" detects the v2 mount (see CgroupResolver).
  explicit KernelContextEnricher(std::string cgroup_mount = "");

  // Applies `ctx` to `t`, the thread of the event the context came with. A placeholder entry
  // (a thread the state never saw created) gets its identity from the context first; callers
  // that can read more (the live daemon reads /proc) fill it before calling.
  void Apply(const pg_proc_ctx& ctx, ThreadEntry* t);

  // Only the identity a placeholder needs: pid, parent, and thread flags.
  static void ApplyIdentity(const pg_proc_ctx& ctx, ThreadEntry* t);

  const KernelContextStats& stats() const { return stats_; }

 private:
  void ApplyCgroup(const pg_proc_ctx& ctx, ThreadEntry* t);

  std::string cgroup_mount_;
  CgroupResolver cgroups_;
  std::vector<std::string> cgroups_scratch_;
  KernelContextStats stats_;
};

// The KernelContext of an event (the fields Event reads) from the probe's context; the strings
// borrow `ctx`.
void FillKernelContext(const pg_proc_ctx& ctx, KernelContext* out);

}  // namespace peregrine::runtime

#endif  // PEREGRINE_RUNTIME_ENGINE_KERNEL_CONTEXT_ENRICHER_H_
