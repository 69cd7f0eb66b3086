// StateView: the read-only state an event is evaluated against.
#ifndef PEREGRINE_RUNTIME_STATE_STATE_VIEW_H_
#define PEREGRINE_RUNTIME_STATE_STATE_VIEW_H_

#include <cstdint>

#include "runtime/state/fd_entry.h"
#include "runtime/state/host_info.h"
#include "runtime/state/thread_entry.h"
#include "runtime/state/thread_table.h"
#include "runtime/state/user_table.h"

namespace peregrine::runtime {

// Borrowed pointers into the state after an event was applied (§14.3 step 5). Any pointer may be
// null (no thread, no fd, no tables); field extractors then answer "unavailable". Valid until the
// state processes the next event. Tests may fill it by hand. Thread-compatible.
struct StateView {
  const ThreadTable* threads = nullptr;
  const UserTable* users = nullptr;
  const HostInfo* host = nullptr;
  const ThreadEntry* thread = nullptr;  // the event's thread
  const FdEntry* fd = nullptr;          // the event's fd
  int64_t fd_num = -1;
  bool has_fd_num = false;
  bool fd_name_changed = false;  // the event renamed its fd (connect)
};

}  // namespace peregrine::runtime

#endif  // PEREGRINE_RUNTIME_STATE_STATE_VIEW_H_
