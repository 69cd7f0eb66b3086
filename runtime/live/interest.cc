// The interest map and approvers from compiler/prefilter's kernel plan.
#include "runtime/live/interest.h"

#include <algorithm>
#include <iterator>
#include <optional>
#include <utility>

#include "base/status_macros.h"
#include "probe/abi/comm_approver.h"
#include "probe/loader/probe.h"
#include "probe/loader/syscall_table.h"
#include "runtime/catalog/event_codes.h"
#include "runtime/catalog/event_table.h"

namespace peregrine::runtime::live {

InterestSet InterestFromPrefilter(const compiler::prefilter::KernelPrefilter& prefilter,
                                  bool with_state) {
  const compiler::EventCodeSet& wanted = with_state ? prefilter.interest : prefilter.rule_codes;
  InterestSet out;
  size_t comm_entries = 0;  // of the kernel's comm set (PG_COMM_SYSCALLS_MAX)
  for (const probe::SupportedSyscall& s : probe::SupportedSyscalls()) {
    // The probe emits exits; a rule on the enter code alone still gets the syscall.
    const bool used =
        wanted.test(s.event_code) || (s.event_code > 0 && wanted.test(s.event_code - 1));
    if (!used) continue;
    out.syscalls.push_back(s.nr);
    if (prefilter.drop_failed.test(s.event_code)) out.drop_failed.push_back(s.nr);
    auto comm = prefilter.comms.by_code.find(s.event_code);
    if (comm != prefilter.comms.by_code.end() && comm_entries < PG_COMM_SYSCALLS_MAX) {
      ++comm_entries;
      out.comm_approvers.push_back({s.nr, comm->second});
    }
    auto path = prefilter.paths.by_code.find(s.event_code);
    if (path == prefilter.paths.by_code.end()) continue;
    for (bool failed : {false, true}) {
      const auto& patterns = failed ? path->second.on_failure : path->second.on_success;
      if (!patterns.has_value()) continue;
      probe::PathApproverEntry e;
      e.syscall_nr = s.nr;
      e.failed_calls = failed;
      for (const compiler::prefilter::PathPattern& p : *patterns) {
        e.patterns.push_back({static_cast<uint8_t>(p.kind), p.text});
      }
      out.path_approvers.push_back(std::move(e));
    }
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
  PEREGRINE_RETURN_IF_ERROR(probe.SetDropFailed(interest.drop_failed));
  PEREGRINE_RETURN_IF_ERROR(probe.SetPathApprovers(interest.path_approvers));
  return probe.SetCommApprovers(interest.comm_approvers);
}

namespace {

// The union of two approvers' patterns for the same (syscall, outcome); nullopt when the union
// does not fit the kernel table.
std::optional<probe::PathApproverEntry> UnionOf(const probe::PathApproverEntry& a,
                                                const probe::PathApproverEntry& b) {
  probe::PathApproverEntry out = a;
  for (const probe::PathApproverEntry::Pattern& p : b.patterns) {
    const bool seen = std::any_of(out.patterns.begin(), out.patterns.end(), [&](const auto& q) {
      return q.kind == p.kind && q.text == p.text;
    });
    if (!seen) out.patterns.push_back(p);
  }
  if (out.patterns.size() > compiler::prefilter::kMaxPathPatterns) return std::nullopt;
  return out;
}

}  // namespace

InterestSet InterestDuringSwap(const InterestSet& current, const InterestSet& next) {
  InterestSet out;
  std::set_union(current.syscalls.begin(), current.syscalls.end(), next.syscalls.begin(),
                 next.syscalls.end(), std::back_inserter(out.syscalls));
  std::set_intersection(current.drop_failed.begin(), current.drop_failed.end(),
                        next.drop_failed.begin(), next.drop_failed.end(),
                        std::back_inserter(out.drop_failed));
  for (const probe::PathApproverEntry& a : current.path_approvers) {
    for (const probe::PathApproverEntry& b : next.path_approvers) {
      if (a.syscall_nr != b.syscall_nr || a.failed_calls != b.failed_calls) continue;
      if (std::optional<probe::PathApproverEntry> u = UnionOf(a, b)) {
        out.path_approvers.push_back(*std::move(u));
      }
    }
  }
  size_t comm_entries = 0;
  for (const probe::CommApproverEntry& a : current.comm_approvers) {
    for (const probe::CommApproverEntry& b : next.comm_approvers) {
      if (a.syscall_nr != b.syscall_nr) continue;
      probe::CommApproverEntry u{a.syscall_nr, {}};
      std::set_union(a.names.begin(), a.names.end(), b.names.begin(), b.names.end(),
                     std::back_inserter(u.names));
      if (u.names.size() > PG_COMM_NAMES_MAX || comm_entries == PG_COMM_SYSCALLS_MAX) {
        continue;  // no approver for it during the swap: it is delivered whole
      }
      ++comm_entries;
      out.comm_approvers.push_back(std::move(u));
    }
  }
  out.procexit = current.procexit || next.procexit;
  out.unsupported = next.unsupported;
  return out;
}

}  // namespace peregrine::runtime::live
