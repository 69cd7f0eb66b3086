// Comm approvers: per syscall exit code, the set of process names (the kernel's comm of the
// calling thread) outside which no enabled rule can match a call of that code, so the probe may
// drop such calls in the dispatcher (probe/bpf/helpers/comm_approver.h). Derived only for codes
// the state tables ignore and outside the open family. The soundness argument is in
// comm_approver.cc.
//
// Usage:
//   CommApprovers ca = BuildCommApprovers(compiled, kp.rule_codes, kp.state_codes);
//   if (auto it = ca.by_code.find(PG_EVT_SYSCALL_PTRACE_X); it != ca.by_code.end()) ...
#ifndef PEREGRINE_COMPILER_PREFILTER_COMM_APPROVER_H_
#define PEREGRINE_COMPILER_PREFILTER_COMM_APPROVER_H_

#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "compiler/semantic/event_codes.h"
#include "compiler/semantic/ruleset_compiler.h"

namespace peregrine::compiler::prefilter {

// The kernel's comm holds at most 15 bytes (TASK_COMM_LEN 16 with its NUL): a longer rule
// value can never equal it.
inline constexpr size_t kMaxCommBytes = 15;
// Names per syscall the kernel table takes (probe/abi/comm_approver.h); more = no approver.
inline constexpr size_t kMaxCommNames = 64;

struct CommApprovers {
  // Exit code → the comms a call must have to be delivered (sorted, unique, 1..15 bytes each).
  // An empty set means no enabled rule can match the code whatever the comm. The probe never
  // drops a call whose comm is empty (user space then keeps the thread's previous name).
  std::map<uint16_t, std::vector<std::string>> by_code;
  // For each eligible code without an approver: why (usually the first rule without a bound).
  std::map<uint16_t, std::string> blocker_by_code;
};

// The exit codes comm approvers are derived for: in `rule_codes` (itself or its enter code),
// not in `state_codes`, not of the open family (path approvers), and a syscall's exit.
EventCodeSet CommApproverCodes(const EventCodeSet& rule_codes, const EventCodeSet& state_codes);

CommApprovers BuildCommApprovers(const CompiledRuleset& ruleset, const EventCodeSet& rule_codes,
                                 const EventCodeSet& state_codes);

// A necessary condition on proc.name for IR rule `ir_rule` to match an event of syscall exit
// code `code` or of its enter code: the names (empty = it cannot match such an event), or
// nullopt when the rule bounds no name.
// Names the kernel comm cannot hold (longer than kMaxCommBytes, with a NUL, empty) are left out.
std::optional<std::vector<std::string>> NecessaryComms(const CompiledRuleset& ruleset,
                                                       uint32_t ir_rule, uint16_t code);

}  // namespace peregrine::compiler::prefilter

#endif  // PEREGRINE_COMPILER_PREFILTER_COMM_APPROVER_H_
