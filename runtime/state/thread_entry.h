// ThreadEntry: one thread of the process model (scap-format §14.1).
#ifndef PEREGRINE_RUNTIME_STATE_THREAD_ENTRY_H_
#define PEREGRINE_RUNTIME_STATE_THREAD_ENTRY_H_

#include <cstdint>
#include <string>
#include <vector>

#include "runtime/state/fd_entry.h"

namespace peregrine::runtime {

// PPM_CL_* thread flag bits (Appendix B clone_flags, plus the libsinsp-only ones).
inline constexpr uint32_t kClCloneFiles = 1u << 0;
inline constexpr uint32_t kClCloneNewPid = 1u << 6;
inline constexpr uint32_t kClCloneParent = 1u << 8;
inline constexpr uint32_t kClCloneThread = 1u << 13;
inline constexpr uint32_t kClCloneInverted = 1u << 16;
inline constexpr uint32_t kClNameChanged = 1u << 17;
inline constexpr uint32_t kClClosed = 1u << 18;
inline constexpr uint32_t kClActive = 1u << 19;
inline constexpr uint32_t kClCloneNewUser = 1u << 20;
inline constexpr uint32_t kClPipeSrc = 1u << 21;
inline constexpr uint32_t kClPipeDst = 1u << 22;
inline constexpr uint32_t kClCloneVfork = 1u << 27;
inline constexpr uint32_t kClChildInPidns = 1u << 29;
inline constexpr uint32_t kClIsMainThread = 1u << 30;

inline constexpr uint32_t kNoId = 0xFFFFFFFF;

// One thread. Owned by the ThreadTable; plain data otherwise. Thread-compatible.
struct ThreadEntry {
  int64_t tid = -1;
  int64_t pid = -1;
  int64_t ptid = -1;
  int64_t sid = -1;
  int64_t vpgid = -1;
  int64_t pgid = -1;
  int64_t vtid = -1;
  int64_t vpid = -1;
  std::string comm;
  std::string exe;
  std::string exepath;
  std::vector<std::string> args;
  std::string cmdline;  // comm + " " + args, computed when args are set (§14.7)
  std::vector<std::string> env;
  std::vector<std::string> cgroups;
  std::string container_id = "host";  // derived from cgroups
  std::string cwd;                    // leaders only; ends with '/'
  std::string root;
  uint32_t uid = kNoId;
  uint32_t gid = kNoId;
  uint32_t loginuid = kNoId;
  uint32_t tty = 0;
  uint32_t flags = 0;
  uint64_t fdlimit = 0;
  uint32_t vmsize_kb = 0;
  uint32_t vmrss_kb = 0;
  uint32_t vmswap_kb = 0;
  uint64_t pfmajor = 0;
  uint64_t pfminor = 0;
  uint64_t cap_inheritable = 0;
  uint64_t cap_permitted = 0;
  uint64_t cap_effective = 0;
  bool exe_writable = false;
  bool exe_upper_layer = false;
  bool exe_lower_layer = false;
  bool exe_from_memfd = false;
  uint64_t exe_ino = 0;
  uint64_t exe_ino_ctime = 0;
  uint64_t exe_ino_mtime = 0;
  uint64_t clone_ts = 0;
  uint64_t lastexec_ts = 0;
  uint64_t pidns_init_start_ts = 0;
  uint64_t last_event_ts = 0;  // for eviction
  bool dead = false;
  int64_t reaper_tid = -1;  // from procexit
  FdTable fds;              // used when the thread does not share its leader's table

  bool IsPlaceholder() const { return tid < 0 || pid < 0 || ptid < 0; }
  bool IsMainThreadSelf() const { return tid == pid || (flags & kClIsMainThread) != 0; }
  // Sets args and recomputes cmdline with the current comm.
  void SetArgs(std::vector<std::string> new_args);
  void RecomputeCmdline();
  void SetCgroups(std::vector<std::string> new_cgroups);
};

}  // namespace peregrine::runtime

#endif  // PEREGRINE_RUNTIME_STATE_THREAD_ENTRY_H_
