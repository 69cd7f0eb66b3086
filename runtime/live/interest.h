// The interest map of the live probe: which syscalls the kernel emits for a compiled ruleset, and
// which of their calls it may drop (the drop-failed, path and comm approvers). All come from
// compiler/prefilter's BuildKernelPrefilter, the one source of truth for the kernel plan; this
// file only maps its event-code sets to the probe's syscall numbers and applies them.
#ifndef PEREGRINE_RUNTIME_LIVE_INTEREST_H_
#define PEREGRINE_RUNTIME_LIVE_INTEREST_H_

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "compiler/prefilter/kernel_prefilter.h"
#include "compiler/semantic/ruleset_compiler.h"
#include "probe/loader/probe.h"

namespace peregrine::runtime::live {

struct InterestSet {
  std::vector<int> syscalls;  // x86_64 numbers, ascending, each supported by the probe
  bool procexit = false;
  // A subset of `syscalls` (ascending) whose failed calls the kernel drops: no enabled rule can
  // match them and the state tables ignore them (KernelPrefilter::drop_failed).
  std::vector<int> drop_failed;
  // Path approvers of the open family among `syscalls` (KernelPrefilter::paths), ascending by
  // (syscall, failed_calls).
  std::vector<probe::PathApproverEntry> path_approvers;
  // Comm approvers among `syscalls` (KernelPrefilter::comms), ascending by syscall, names sorted.
  // At most PG_COMM_SYSCALLS_MAX (the kernel set's size; more than the probe's syscalls).
  std::vector<probe::CommApproverEntry> comm_approvers;
  // Syscalls the state tables follow that the probe has no filler for: the state is then kept by
  // the kernel context and /proc lookups only (reported at start). Empty with today's probe.
  std::vector<std::string> unsupported;
};

// Maps `prefilter` to the probe: the supported syscalls whose exit code (or its enter code, for
// rules written on `evt.dir = >`) is in prefilter.interest — or in prefilter.rule_codes only,
// without `with_state` (tests and benchmarks that measure the rules alone) — and the
// drop-failed approvers among them.
InterestSet InterestFromPrefilter(const compiler::prefilter::KernelPrefilter& prefilter,
                                  bool with_state = true);

// InterestFromPrefilter(BuildKernelPrefilter(compiled), with_state).
InterestSet ComputeInterest(const compiler::CompiledRuleset& compiled, bool with_state = true);

// Writes `interest` into the probe: the interest map (syscalls, procexit), then the approvers
// (drop-failed, then paths, then comms)
// (for a moment the previous approvers apply to the new interest set: sound when they are a
// subset of what the published ruleset allows, as with InterestDuringSwap below).
absl::Status ApplyInterest(probe::Probe& probe, const InterestSet& interest);

// The set in force while a ruleset swap from `current` to `next` is under way: every syscall
// either needs, and only the approvers both allow (a failure the next ruleset can match is kept
// before it is published); a path approver stays only where both have one, with the union of
// their patterns (a path either ruleset keeps is kept), and likewise a comm approver with the
// union of the names (none when the union exceeds the kernel's cap). Apply it before the
// publication, and `next` after it.
InterestSet InterestDuringSwap(const InterestSet& current, const InterestSet& next);

}  // namespace peregrine::runtime::live

#endif  // PEREGRINE_RUNTIME_LIVE_INTEREST_H_
