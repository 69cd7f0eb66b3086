// Path approvers for the open family (open, creat, openat, openat2): per exit code and outcome
// (success, failure), a small set of patterns on the opened path such that an open whose path
// matches none of them cannot be matched by any enabled rule, and dropping it changes nothing a
// rule can observe later. The probe checks them in the kernel (probe/bpf/helpers/path_approver.h)
// for absolute, lexically canonical paths only. The soundness argument is in path_approver.cc.
//
// Usage:
//   PathApprovers pa = BuildPathApprovers(compiled, kernel_prefilter.drop_failed);
//   if (auto it = pa.by_code.find(PG_EVT_SYSCALL_OPENAT_2_X); it != pa.by_code.end()) ...
#ifndef PEREGRINE_COMPILER_PREFILTER_PATH_APPROVER_H_
#define PEREGRINE_COMPILER_PREFILTER_PATH_APPROVER_H_

#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "compiler/semantic/event_codes.h"
#include "compiler/semantic/ruleset_compiler.h"

namespace peregrine::compiler::prefilter {

// Limits of the kernel table (probe/abi/path_approver.h): longer patterns are weakened (cut to
// a shorter prefix, suffix or substring, which every path matching the original also matches).
inline constexpr size_t kMaxPathPatternBytes = 64;
inline constexpr size_t kMaxContainsPatternBytes = 8;
inline constexpr size_t kMaxContainsPatterns = 4;
inline constexpr size_t kMaxPathPatterns = 32;

enum class PathPatternKind : uint8_t { kExact = 1, kPrefix = 2, kSuffix = 3, kContains = 4 };

// A condition on fd.name (the lexically normalised path).
struct PathPattern {
  PathPatternKind kind = PathPatternKind::kExact;
  std::string text;  // at most kMaxPathPatternBytes bytes

  bool Matches(std::string_view path) const;
  std::string Describe() const;  // "prefix /etc/", "exact /etc/shadow", ...
  friend bool operator==(const PathPattern&, const PathPattern&) = default;
  friend auto operator<=>(const PathPattern&, const PathPattern&) = default;
};

// The patterns of one open-family exit code. A call whose path is checkable (absolute,
// canonical, printable ASCII, not a directory) and matches none of the patterns of its outcome
// may be dropped; nullopt = that outcome is never dropped by path.
struct PathApprover {
  std::optional<std::vector<PathPattern>> on_success;
  std::optional<std::vector<PathPattern>> on_failure;
};

struct PathApprovers {
  std::map<uint16_t, PathApprover> by_code;  // only codes with at least one outcome bounded
  // Why no successful open may be dropped at all (a rule whose result could depend on an fd
  // the dropped open would have created); empty when the state argument holds.
  std::string state_blocker;
  // For each open-family code without a bound for an outcome: the reason (usually a rule name).
  std::map<uint16_t, std::string> success_blocker_by_code;
  std::map<uint16_t, std::string> failure_blocker_by_code;
};

// The open-family exit codes path approvers are derived for (open, creat, openat, openat2).
const std::vector<uint16_t>& PathApproverCodes();

// `drop_failed`: the codes whose failures the dispatcher already drops (KernelPrefilter).
PathApprovers BuildPathApprovers(const CompiledRuleset& ruleset, const EventCodeSet& drop_failed);

// A necessary condition on the path for IR rule `ir_rule` to match a call of open-family `code`
// with the given outcome: patterns (empty = the rule cannot match such a call), or nullopt
// when the rule bounds no path.
std::optional<std::vector<PathPattern>> NecessaryPathPatterns(const CompiledRuleset& ruleset,
                                                              uint32_t ir_rule, uint16_t code,
                                                              bool failed);

// Empty when dropping opens cannot change what rule `ir_rule` sees on the other codes; else
// why (the rule reads fd-table fields on a code where it is not provably false whether the fd
// is an opened regular file or unknown).
std::string StateBlocker(const CompiledRuleset& ruleset, size_t rule_index);

}  // namespace peregrine::compiler::prefilter

#endif  // PEREGRINE_COMPILER_PREFILTER_PATH_APPROVER_H_
