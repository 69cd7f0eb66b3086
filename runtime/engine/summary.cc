#include "runtime/engine/summary.h"

#include <array>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"

namespace peregrine::runtime {

std::string FormatSummary(const PipelineCounters& c) {
  std::string out = absl::StrCat("Events read: ", c.events, " (evaluated: ", c.evaluated,
                                 ", state only: ", c.state_only, ", skipped: ", c.source_skipped,
                                 ", dropped: ", c.source_dropped, ")\n");
  absl::StrAppend(&out, "Events detected: ", c.alerts, "\n");
  if (c.alerts_dropped != 0) absl::StrAppend(&out, "Alerts dropped: ", c.alerts_dropped, "\n");
  if (c.alerts == 0) return out;
  std::array<uint64_t, 8> by_priority{};
  for (const RuleCount& r : c.by_rule) by_priority[static_cast<size_t>(r.priority)] += r.count;
  absl::StrAppend(&out, "Rule counts by severity:\n");
  for (size_t p = 0; p < by_priority.size(); ++p) {
    if (by_priority[p] == 0) continue;
    std::string_view name = PriorityName(static_cast<Priority>(p));
    absl::StrAppend(&out, "   ", absl::AsciiStrToUpper(absl::string_view(name.data(), name.size())),
                    ": ", by_priority[p], "\n");
  }
  absl::StrAppend(&out, "Triggered rules by rule name:\n");
  for (const RuleCount& r : c.by_rule) absl::StrAppend(&out, "   ", r.rule, ": ", r.count, "\n");
  return out;
}

}  // namespace peregrine::runtime
