// The interest map from a compiled ruleset.
#include "runtime/live/interest.h"

#include <algorithm>

#include "probe/loader/syscall_table.h"
#include "runtime/catalog/event_codes.h"

namespace peregrine::runtime::live {

const std::vector<std::string>& StateSyscallNames() {
  static const auto* const kNames = new std::vector<std::string>{
      "clone",     "fork",      "vfork",  "clone3",      "execve",  "execveat", "close",
      "dup",       "dup2",      "dup3",   "socket",      "connect", "accept",   "accept4",
      "bind",      "open",      "openat", "openat2",     "creat",   "fcntl",    "pipe",
      "pipe2",     "chdir",     "fchdir", "setuid",      "setgid",  "setreuid", "setregid",
      "setresuid", "setresgid", "prctl",  "memfd_create"};
  return *kNames;
}

InterestSet ComputeInterest(const compiler::CompiledRuleset& compiled, bool with_state) {
  compiler::EventCodeSet codes;
  for (size_t i = 0; i < compiled.rules.size() && i < compiled.loaded.rules.size(); ++i) {
    if (!compiled.rules[i].loaded || !compiled.loaded.rules[i].enabled) continue;
    codes |= compiled.rules[i].codes;
  }
  InterestSet out;
  for (const probe::SupportedSyscall& s : probe::SupportedSyscalls()) {
    // A rule on `evt.type = open` holds both the enter and the exit code; the probe emits exits.
    const bool used =
        codes.test(s.event_code) || (s.event_code > 0 && codes.test(s.event_code - 1));
    if (used) out.syscalls.push_back(s.nr);
  }
  if (with_state) {
    for (const std::string& name : StateSyscallNames()) {
      std::optional<int> nr = probe::SupportedSyscallNumber(name);
      if (!nr) {
        out.unsupported.push_back(name);
        continue;
      }
      out.syscalls.push_back(*nr);
    }
    out.procexit = true;
  } else {
    out.procexit = codes.test(PG_EVT_PROCEXIT_1_E);
  }
  std::sort(out.syscalls.begin(), out.syscalls.end());
  out.syscalls.erase(std::unique(out.syscalls.begin(), out.syscalls.end()), out.syscalls.end());
  return out;
}

}  // namespace peregrine::runtime::live
