// Linux errno and signal names, as libsinsp renders them (scap-format.md §12).
//
// Immutable constexpr data; all functions are thread-safe.
#ifndef PEREGRINE_RUNTIME_CATALOG_LINUX_NAMES_H_
#define PEREGRINE_RUNTIME_CATALOG_LINUX_NAMES_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace peregrine::catalog {

// The name of a positive errno value (2 → "ENOENT"): the generic Linux values 1–125 and the
// kernel-internal 512–516 and 521–530 that §12 lists; nullopt otherwise.
std::optional<std::string_view> ErrnoName(int64_t errno_value);

// evt.res text for a syscall return value: "SUCCESS" when res >= 0, else the errno name of -res
// (−2 → "ENOENT"). A negative value without a known name renders as its decimal number ("-200").
std::string RenderResult(int64_t res);

// The name of a Linux signal number 1–31 ("SIGKILL"); nullopt otherwise.
std::optional<std::string_view> SignalName(int64_t signo);

}  // namespace peregrine::catalog

#endif  // PEREGRINE_RUNTIME_CATALOG_LINUX_NAMES_H_
