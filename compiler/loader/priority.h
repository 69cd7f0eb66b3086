// Rule priorities (falco-rule-language.md §1.8).
#ifndef PEREGRINE_COMPILER_LOADER_PRIORITY_H_
#define PEREGRINE_COMPILER_LOADER_PRIORITY_H_

#include <optional>
#include <string_view>

namespace peregrine::compiler {

// Lower value = more severe; the values are the syslog levels Falco uses.
enum class Priority {
  kEmergency = 0,
  kAlert = 1,
  kCritical = 2,
  kError = 3,
  kWarning = 4,
  kNotice = 5,
  kInformational = 6,
  kDebug = 7,
};

// Case-insensitive; accepts the eight names and "INFO" (= kInformational).
std::optional<Priority> ParsePriority(std::string_view text);

// Falco's printed name: "Emergency", ..., "Informational", "Debug".
std::string_view PriorityName(Priority priority);

}  // namespace peregrine::compiler

#endif  // PEREGRINE_COMPILER_LOADER_PRIORITY_H_
