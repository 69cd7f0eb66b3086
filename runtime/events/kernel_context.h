// KernelContext: process identity the live probe reads from the task at each event.
#ifndef PEREGRINE_RUNTIME_EVENTS_KERNEL_CONTEXT_H_
#define PEREGRINE_RUNTIME_EVENTS_KERNEL_CONTEXT_H_

#include <cstdint>
#include <string_view>

namespace peregrine::runtime {

// What the live probe prepends to a record (DESIGN.md "kernel-provided context"). Events replayed
// from .scap files have none. The strings borrow the probe's buffer. Plain data, thread-compatible.
struct KernelContext {
  int64_t pid = -1;
  int64_t tid = -1;
  int64_t ppid = -1;
  uint32_t uid = 0xFFFFFFFF;
  uint32_t gid = 0xFFFFFFFF;
  uint32_t loginuid = 0xFFFFFFFF;
  uint64_t cgroup_id = 0;
  std::string_view comm;
  std::string_view exepath;
};

}  // namespace peregrine::runtime

#endif  // PEREGRINE_RUNTIME_EVENTS_KERNEL_CONTEXT_H_
