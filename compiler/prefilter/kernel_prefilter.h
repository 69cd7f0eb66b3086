// Kernel prefilter extraction: from a compiled ruleset, what the probe must deliver (the interest
// set: rule event codes ∪ what the state tables need) and which events it may drop in the kernel
// (approvers), with a human-readable plan per rule for `rulec explain`.
//
// Soundness (DESIGN.md invariant 2): an approver may drop an event only if no enabled rule could
// match it and the state tables do not need it. The only approver derived so far is "drop failed
// calls" per exit event code, argued in kernel_prefilter.cc, and path approvers for the open
// family, argued in path_approver.cc; comm approvers are not derived.
//
// Usage:
//   KernelPrefilter kp = BuildKernelPrefilter(*compiled);
//   for each syscall s with kp.interest.test(s.event_code): mark s interesting;
//       if kp.drop_failed.test(s.event_code): also drop its failures in the kernel;
//       if kp.paths.by_code has s.event_code: install its path patterns;
//       if kp.comms.by_code has s.event_code: install its comm names.
#ifndef PEREGRINE_COMPILER_PREFILTER_KERNEL_PREFILTER_H_
#define PEREGRINE_COMPILER_PREFILTER_KERNEL_PREFILTER_H_

#include <string>
#include <vector>

#include "compiler/prefilter/comm_approver.h"
#include "compiler/prefilter/path_approver.h"
#include "compiler/semantic/event_codes.h"
#include "compiler/semantic/ruleset_compiler.h"

namespace peregrine::compiler::prefilter {

// What the kernel should do for one compiled ruleset. Immutable, thread-compatible.
struct KernelPrefilter {
  EventCodeSet rule_codes;   // codes an enabled, loaded rule can match (enter and exit)
  EventCodeSet state_codes;  // exit codes the state tables consume whatever the rules
  EventCodeSet interest;     // rule_codes ∪ state_codes
  // Exit codes whose failed calls (return value in [-4095, -1]) no enabled rule can match and
  // the state tables ignore: the probe may drop them before building the record.
  EventCodeSet drop_failed;
  // For each code of drop_failed's complement within rule_codes: one rule that can match a
  // failed call there (the reason it is not dropped), as an index into program.rules.
  std::vector<int> failure_blocker_by_code;  // size kNumEventCodes, -1 = none
  // Path approvers of the open family (path_approver.h): patterns per code and outcome.
  PathApprovers paths;
  // Comm approvers (comm_approver.h): names per exit code outside the state and open family.
  CommApprovers comms;
};

KernelPrefilter BuildKernelPrefilter(const CompiledRuleset& ruleset);

// Exit event codes the state tables need whatever the rules (process lifecycle, fd table, cwd,
// credentials, comm changes): runtime/state/state_tracker.cc's event switch.
EventCodeSet StateEventCodes();

// Exit codes whose failed calls change state (so are never dropped): clone family, execve
// family (kept for parity with Falco's failed-exec handling), connect (EINPROGRESS), procexit.
EventCodeSet FailuresNeededByState();

// True when rule `ir_rule` of `ruleset.program`, specialised for exit code `code`, is provably
// false for every failed call (three-valued evaluation of its IR under "return value < 0").
bool RuleRejectsFailures(const CompiledRuleset& ruleset, uint32_t ir_rule, uint16_t code);

// One line for `rulec explain`: the syscalls the rule needs and the approvers that apply to them.
std::string KernelPlan(const CompiledRuleset& ruleset, const KernelPrefilter& prefilter,
                       size_t rule_index);

}  // namespace peregrine::compiler::prefilter

#endif  // PEREGRINE_COMPILER_PREFILTER_KERNEL_PREFILTER_H_
