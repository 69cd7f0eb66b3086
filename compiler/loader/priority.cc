#include "compiler/loader/priority.h"

#include "absl/strings/match.h"
#include "base/status_macros.h"

namespace peregrine::compiler {
namespace {

struct PriorityName {
  std::string_view name;
  Priority priority;
};

constexpr PriorityName kAccepted[] = {
    {"emergency", Priority::kEmergency},
    {"alert", Priority::kAlert},
    {"critical", Priority::kCritical},
    {"error", Priority::kError},
    {"warning", Priority::kWarning},
    {"notice", Priority::kNotice},
    {"informational", Priority::kInformational},
    {"info", Priority::kInformational},
    {"debug", Priority::kDebug},
};

}  // namespace

std::optional<Priority> ParsePriority(std::string_view text) {
  for (const auto& accepted : kAccepted) {
    if (absl::EqualsIgnoreCase(absl::string_view(text.data(), text.size()),
                               absl::string_view(accepted.name.data(), accepted.name.size()))) {
      return accepted.priority;
    }
  }
  return std::nullopt;
}

std::string_view PriorityName(Priority priority) {
  switch (priority) {
    case Priority::kEmergency:
      return "Emergency";
    case Priority::kAlert:
      return "Alert";
    case Priority::kCritical:
      return "Critical";
    case Priority::kError:
      return "Error";
    case Priority::kWarning:
      return "Warning";
    case Priority::kNotice:
      return "Notice";
    case Priority::kInformational:
      return "Informational";
    case Priority::kDebug:
      return "Debug";
  }
  PEREGRINE_UNREACHABLE("invalid priority value");
}

}  // namespace peregrine::compiler
