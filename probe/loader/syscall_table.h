// The syscalls the probe has fillers for: x86_64 number, name, filler program, PPM exit code.
#ifndef PEREGRINE_PROBE_LOADER_SYSCALL_TABLE_H_
#define PEREGRINE_PROBE_LOADER_SYSCALL_TABLE_H_

#include <cstdint>
#include <optional>
#include <vector>

#include "absl/functional/function_ref.h"
#include "absl/strings/string_view.h"
#include "absl/types/span.h"

namespace peregrine::probe {

struct SupportedSyscall {
  int nr;               // x86_64 syscall number
  const char* name;     // syscall name as in syscalls(2)
  const char* program;  // BPF filler program in the pg_probe skeleton
  uint16_t event_code;  // PPM exit event emitted (scap-format Appendix A)
};

// Every syscall with a filler, ordered by number.
absl::Span<const SupportedSyscall> SupportedSyscalls();

// The entry for syscall number `nr`, or nullptr when the probe has no filler for it.
const SupportedSyscall* FindSupportedSyscall(int nr);

// The supported syscalls whose PPM exit code satisfies `wanted`, ordered by number (maps the
// compiler's event-code sets, e.g. KernelPrefilter::interest, to interest-map keys).
std::vector<int> SyscallsForEventCodes(absl::FunctionRef<bool(uint16_t event_code)> wanted);

// The number of the supported syscall called `name`, or nullopt.
std::optional<int> SupportedSyscallNumber(absl::string_view name);

}  // namespace peregrine::probe

#endif  // PEREGRINE_PROBE_LOADER_SYSCALL_TABLE_H_
