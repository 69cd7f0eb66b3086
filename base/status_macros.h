// Status propagation macros used wherever absl::Status crosses a folder boundary.
#ifndef PEREGRINE_BASE_STATUS_MACROS_H_
#define PEREGRINE_BASE_STATUS_MACROS_H_

#include <cstdlib>
#include <utility>

#include "absl/status/status.h"
#include "absl/status/statusor.h"

#define PEREGRINE_CONCAT_INNER_(a, b) a##b
#define PEREGRINE_CONCAT_(a, b) PEREGRINE_CONCAT_INNER_(a, b)

// Returns the status from the enclosing function when `expr` is not OK.
#define PEREGRINE_RETURN_IF_ERROR(expr)        \
  do {                                         \
    ::absl::Status peregrine_status_ = (expr); \
    if (!peregrine_status_.ok()) {             \
      return peregrine_status_;                \
    }                                          \
  } while (false)

// `PEREGRINE_ASSIGN_OR_RETURN(auto x, Foo());` binds the value of an OK StatusOr, or returns its
// status from the enclosing function.
#define PEREGRINE_ASSIGN_OR_RETURN(lhs, expr) \
  PEREGRINE_ASSIGN_OR_RETURN_IMPL_(PEREGRINE_CONCAT_(peregrine_statusor_, __LINE__), lhs, expr)

#define PEREGRINE_ASSIGN_OR_RETURN_IMPL_(statusor, lhs, expr) \
  auto statusor = (expr);                                     \
  if (!statusor.ok()) {                                       \
    return std::move(statusor).status();                      \
  }                                                           \
  lhs = std::move(statusor).value()

namespace peregrine::internal {
[[noreturn]] inline void Unreachable(const char* message, const char* file, int line) {
  __builtin_printf("unreachable: %s at %s:%d\n", message, file, line);
  std::abort();
}
}  // namespace peregrine::internal

// Marks code that a bug would be needed to reach (e.g. after a switch over all enum values).
#define PEREGRINE_UNREACHABLE(message) \
  ::peregrine::internal::Unreachable(message, __FILE__, __LINE__)

#endif  // PEREGRINE_BASE_STATUS_MACROS_H_
