// The interest map of the live probe: which syscalls the kernel emits for a compiled ruleset.
#ifndef PEREGRINE_RUNTIME_LIVE_INTEREST_H_
#define PEREGRINE_RUNTIME_LIVE_INTEREST_H_

#include <string>
#include <vector>

#include "compiler/semantic/ruleset_compiler.h"

namespace peregrine::runtime::live {

struct InterestSet {
  std::vector<int> syscalls;  // x86_64 numbers, ascending, each supported by the probe
  bool procexit = false;
  // Syscalls the state tables need (or rules use) that the probe has no filler for: the state
  // is then kept by the kernel context and /proc lookups only (reported at start).
  std::vector<std::string> unsupported;
};

// The syscall names the state tables need whatever the rules: process lifecycle, fd table,
// cwd, credentials (and prctl, whose exit carries the new comm after PR_SET_NAME).
const std::vector<std::string>& StateSyscallNames();

// The syscalls whose exit event codes an enabled, loaded rule of `compiled` can match, plus
// StateSyscallNames() when `with_state` (always in the daemon; tests may measure without).
// procexit is always on with the state (threads are removed on it).
InterestSet ComputeInterest(const compiler::CompiledRuleset& compiled, bool with_state = true);

}  // namespace peregrine::runtime::live

#endif  // PEREGRINE_RUNTIME_LIVE_INTEREST_H_
