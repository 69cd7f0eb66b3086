// The interest map and approvers from compiler/prefilter's kernel plan.
#include "runtime/live/interest.h"

#include <algorithm>
#include <iterator>

#include "base/status_macros.h"
#include "probe/loader/probe.h"
#include "probe/loader/syscall_table.h"
#include "runtime/catalog/event_codes.h"
#include "runtime/catalog/event_table.h"

namespace peregrine::runtime::live {

InterestSet InterestFromPrefilter(const compiler::prefilter::KernelPrefilter& prefilter,
                                  bool with_state) {
  const compiler::EventCodeSet& wanted = with_state ? prefilter.interest : prefilter.rule_codes;
  InterestSet out;
  for (const probe::SupportedSyscall& s : probe::SupportedSyscalls()) {
    // The probe emits exits; a rule on the enter code alone still gets the syscall.
    const bool used =
        wanted.test(s.event_code) || (s.event_code > 0 && wanted.test(s.event_code - 1));
    if (!used) continue;
    out.syscalls.push_back(s.nr);
    if (prefilter.drop_failed.test(s.event_code)) out.drop_failed.push_back(s.nr);
  }
  out.procexit = wanted.test(PG_EVT_PROCEXIT_1_E);
  if (with_state) {
    for (int code = 0; code < catalog::kNumEventCodes; ++code) {
      if (!prefilter.state_codes.test(code) || code == PG_EVT_PROCEXIT_1_E) continue;
      const std::string name(catalog::GetEventInfo(static_cast<uint16_t>(code)).name);
      if (probe::SupportedSyscallNumber(name).has_value()) continue;
      if (std::find(out.unsupported.begin(), out.unsupported.end(), name) ==
          out.unsupported.end()) {
        out.unsupported.push_back(name);
      }
    }
  }
  return out;  // SupportedSyscalls() is ordered by number: both lists are ascending
}

InterestSet ComputeInterest(const compiler::CompiledRuleset& compiled, bool with_state) {
  return InterestFromPrefilter(compiler::prefilter::BuildKernelPrefilter(compiled), with_state);
}

absl::Status ApplyInterest(probe::Probe& probe, const InterestSet& interest) {
  PEREGRINE_RETURN_IF_ERROR(probe.SetInterest(interest.syscalls, interest.procexit));
  return probe.SetDropFailed(interest.drop_failed);
}

InterestSet InterestDuringSwap(const InterestSet& current, const InterestSet& next) {
  InterestSet out;
  std::set_union(current.syscalls.begin(), current.syscalls.end(), next.syscalls.begin(),
                 next.syscalls.end(), std::back_inserter(out.syscalls));
  std::set_intersection(current.drop_failed.begin(), current.drop_failed.end(),
                        next.drop_failed.begin(), next.drop_failed.end(),
                        std::back_inserter(out.drop_failed));
  out.procexit = current.procexit || next.procexit;
  out.unsupported = next.unsupported;
  return out;
}

}  // namespace peregrine::runtime::live
