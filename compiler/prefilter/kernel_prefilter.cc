// Kernel prefilter extraction.
//
// Why "drop failed calls" is sound, and why it is the only approver derived so far
// ---------------------------------------------------------------------------------
// A kernel approver sees one syscall exit and must decide, alone, whether user space could ever
// need it. User space needs an event for two reasons:
//  (1) a rule may match the event itself: the rule's root, specialised for the event code
//      (program.roots_by_code, with evt.type decided), evaluates to true;
//  (2) the state tables change on it, and later events (of any rule, on any code) read that
//      state: an open creates the fd whose name a later read/write/connect rule shows as fd.name,
//      a clone creates the thread whose proc.* fields every later rule reads, and so on.
// For (1) the IR of every enabled rule indexed under the code (including the rules without an
// event-type restriction, which the index lists under every code) is evaluated three-valued
// under the single assumption "the call failed" (return value in [-4095, -1]): predicates on
// evt.rawres, evt.res, evt.failed and — for the open family, whose fd.num is the result — fd.num
// are decided from that assumption, everything else is unknown. If every such root is definitely
// false, no rule can match a failed call of that code.
// For (2) runtime/state/state_tracker.cc applies nothing for a failed call except the binding
// of that very event (fd.num = -1 on a failed open), and a connect that returns EINPROGRESS; the
// clone and execve families and procexit are kept whole anyway (FailuresNeededByState). So a
// failed call of the other codes creates no state that a later event could read.
// Both conditions together make the drop invisible to the rule matches: the soundness test runs
// the upstream rules over two probes, approvers on and off, and compares the matches.
//
// Argument approvers need more than this per-event argument: a successful open that no open rule
// matches still creates an fd whose name later rules on read/write/close/connect may print or
// test. The path approvers of the open family (path_approver.cc) add that whole-ruleset
// analysis. Comm approvers (comm_approver.cc) bound the caller's name on codes the state ignores.
#include "compiler/prefilter/kernel_prefilter.h"

#include <algorithm>
#include <optional>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/string_view.h"
#include "compiler/prefilter/three_valued.h"
#include "runtime/catalog/event_codes.h"
#include "runtime/catalog/event_table.h"

namespace peregrine::compiler::prefilter {
namespace {

// An exit event whose first parameter is the syscall's return value: evt.rawres/evt.res/
// evt.failed read it (runtime/fields/evt_fields.cc HasResult), and the probe's fillers store the
// syscall's return value there, so "failed" means the same in the kernel and in user space.
bool HasResultParam(uint16_t code) {
  const catalog::EventInfo& info = catalog::GetEventInfo(code);
  if (!info.is_exit || code == catalog::kGenericExitCode || info.params.empty()) return false;
  const catalog::ParamType t = info.params[0].type;
  return t == catalog::ParamType::kErrno || t == catalog::ParamType::kFd ||
         t == catalog::ParamType::kPid || t == catalog::ParamType::kInt64;
}

// The syscall names whose exits the state tables consume (runtime/state/state_tracker.cc).
const char* const kStateSyscalls[] = {
    "clone",     "fork",      "vfork",  "clone3",       "execve",  "execveat", "close",
    "dup",       "dup2",      "dup3",   "socket",       "connect", "accept",   "accept4",
    "bind",      "open",      "openat", "openat2",      "creat",   "fcntl",    "pipe",
    "pipe2",     "chdir",     "fchdir", "setuid",       "setgid",  "setreuid", "setregid",
    "setresuid", "setresgid", "prctl",  "memfd_create", "procexit"};

std::vector<std::string> NamesOf(const EventCodeSet& codes) { return EventNames(codes); }

std::string Join(const std::vector<PathPattern>& patterns) {
  std::vector<std::string> parts;
  for (const PathPattern& p : patterns) parts.push_back(p.Describe());
  return absl::StrCat("{", absl::StrJoin(parts, ", "), "}");
}

// Syscalls whose plan texts are the same, listed together: "{open, openat}: text; {creat}: ...".
class PlanGroups {
 public:
  void Add(std::string syscall, std::string text) {
    auto same = std::find_if(groups_.begin(), groups_.end(),
                             [&](const auto& g) { return g.second == text; });
    if (same != groups_.end()) {
      same->first.push_back(std::move(syscall));
    } else {
      groups_.push_back({{std::move(syscall)}, std::move(text)});
    }
  }
  // "; <title>: {..}: ..; {..}: .." or "" when there is no group.
  std::string Join(absl::string_view title) const {
    std::vector<std::string> texts;
    for (const auto& [names, text] : groups_) {
      texts.push_back(absl::StrCat("{", absl::StrJoin(names, ", "), "}: ", text));
    }
    return texts.empty() ? "" : absl::StrCat("; ", title, ": ", absl::StrJoin(texts, "; "));
  }

 private:
  std::vector<std::pair<std::vector<std::string>, std::string>> groups_;
};

// The path-approver part of a rule's plan: per open-family code of the rule, the paths it needs
// (successful calls) and whether the kernel drops the others; and whether the rule itself
// blocks every path approver (it reads the fd table elsewhere).
std::string PathPlan(const CompiledRuleset& ruleset, const KernelPrefilter& prefilter,
                     size_t rule_index) {
  const CompiledRuleInfo& info = ruleset.rules[rule_index];
  PlanGroups groups;
  for (uint16_t code : PathApproverCodes()) {
    if (!info.codes.test(code)) continue;
    const std::string name(catalog::GetEventInfo(code).name);
    std::optional<std::vector<PathPattern>> mine =
        NecessaryPathPatterns(ruleset, *info.ir_rule, code, /*failed=*/false);
    std::string text =
        absl::StrCat("this rule needs ", mine.has_value() ? absl::StrCat("fd.name ", Join(*mine))
                                                          : std::string("no particular path"));
    auto it = prefilter.paths.by_code.find(code);
    if (it != prefilter.paths.by_code.end() && it->second.on_success.has_value()) {
      absl::StrAppend(&text, ", the kernel drops successful opens matching none of the ",
                      it->second.on_success->size(), " patterns of the ruleset");
      if (it->second.on_failure.has_value() && !prefilter.drop_failed.test(code)) {
        absl::StrAppend(&text, ", and failed opens matching none of its ",
                        it->second.on_failure->size(), " failure patterns");
      }
    } else {
      auto blocker = prefilter.paths.success_blocker_by_code.find(code);
      absl::StrAppend(&text, ", no path approver (",
                      blocker == prefilter.paths.success_blocker_by_code.end()
                          ? std::string("none derived")
                          : blocker->second,
                      ")");
    }
    groups.Add(name, std::move(text));
  }
  std::string out = groups.Join("path approvers");
  const std::string blocks = StateBlocker(ruleset, rule_index);
  if (!blocks.empty()) absl::StrAppend(&out, "; blocks every path approver: ", blocks);
  return out;
}

// The comm-approver part of a rule's plan: per eligible syscall of the rule, the names it needs
// and the ruleset's approver there, or why there is none.
std::string CommPlan(const CompiledRuleset& ruleset, const KernelPrefilter& prefilter,
                     size_t rule_index) {
  const CompiledRuleInfo& info = ruleset.rules[rule_index];
  const EventCodeSet eligible = CommApproverCodes(info.codes, prefilter.state_codes);
  PlanGroups groups;
  for (int c = 0; c < catalog::kNumEventCodes; ++c) {
    if (!eligible.test(c)) continue;
    const uint16_t code = static_cast<uint16_t>(c);
    std::optional<std::vector<std::string>> mine = NecessaryComms(ruleset, *info.ir_rule, code);
    std::string text = absl::StrCat(
        "this rule needs ", mine.has_value()
                                ? absl::StrCat("proc.name in {", absl::StrJoin(*mine, ", "), "}")
                                : std::string("no particular proc.name"));
    auto it = prefilter.comms.by_code.find(code);
    if (it != prefilter.comms.by_code.end()) {
      absl::StrAppend(&text, ", comm approver {", absl::StrJoin(it->second, ", "),
                      "} (other comms dropped in the kernel)");
    } else {
      auto blocker = prefilter.comms.blocker_by_code.find(code);
      absl::StrAppend(&text, ", no comm approver (",
                      blocker == prefilter.comms.blocker_by_code.end() ? std::string("none derived")
                                                                       : blocker->second,
                      ")");
    }
    const std::string name(catalog::GetEventInfo(code).name);
    groups.Add(name, std::move(text));
  }
  return groups.Join("comm approvers");
}

}  // namespace

EventCodeSet StateEventCodes() {
  EventCodeSet out;
  for (const char* name : kStateSyscalls) {
    for (uint16_t code : catalog::CodesForName(name)) {
      // Exits, and procexit (an "enter" code: the only event of its kind).
      if (catalog::GetEventInfo(code).is_exit || code == PG_EVT_PROCEXIT_1_E) out.set(code);
    }
  }
  return out;
}

EventCodeSet FailuresNeededByState() {
  EventCodeSet out;
  for (const char* name : {"clone", "fork", "vfork", "clone3", "execve", "execveat", "connect"}) {
    for (uint16_t code : catalog::CodesForName(name)) out.set(code);
  }
  out.set(PG_EVT_PROCEXIT_1_E);
  return out;
}

bool RuleRejectsFailures(const CompiledRuleset& ruleset, uint32_t ir_rule, uint16_t code) {
  const ir::Program& program = ruleset.program;
  if (code >= program.rules_by_code.size()) return true;
  const std::vector<uint32_t>& rules = program.rules_by_code[code];
  for (size_t k = 0; k < rules.size(); ++k) {
    if (rules[k] == ir_rule) {
      return Evaluate(program, program.roots_by_code[code][k], [&](const ir::Predicate& p) {
               return DecideOnOutcome(program, p, code, /*failed=*/true);
             }) == Tri::kFalse;
    }
  }
  return true;  // not indexed under this code: it cannot match the event at all
}

KernelPrefilter BuildKernelPrefilter(const CompiledRuleset& ruleset) {
  KernelPrefilter out;
  for (size_t i = 0; i < ruleset.rules.size() && i < ruleset.loaded.rules.size(); ++i) {
    if (!ruleset.rules[i].loaded || !ruleset.loaded.rules[i].enabled) continue;
    out.rule_codes |= ruleset.rules[i].codes;
  }
  out.state_codes = StateEventCodes();
  out.interest = out.rule_codes | out.state_codes;
  out.failure_blocker_by_code.assign(catalog::kNumEventCodes, -1);
  const EventCodeSet keep_failures = FailuresNeededByState();
  const ir::Program& program = ruleset.program;
  for (int code = 0; code < catalog::kNumEventCodes; ++code) {
    if (!out.interest.test(code) || keep_failures.test(code) || !HasResultParam(code)) continue;
    bool drop = true;
    if (static_cast<size_t>(code) < program.rules_by_code.size()) {
      for (uint32_t rule : program.rules_by_code[code]) {
        if (!program.rules[rule].enabled) continue;
        if (!RuleRejectsFailures(ruleset, rule, static_cast<uint16_t>(code))) {
          out.failure_blocker_by_code[code] = static_cast<int>(rule);
          drop = false;
          break;
        }
      }
    }
    if (drop) out.drop_failed.set(code);
  }
  out.paths = BuildPathApprovers(ruleset, out.drop_failed);
  out.comms = BuildCommApprovers(ruleset, out.rule_codes, out.state_codes);
  return out;
}

std::string KernelPlan(const CompiledRuleset& ruleset, const KernelPrefilter& prefilter,
                       size_t rule_index) {
  if (rule_index >= ruleset.rules.size()) return "none (no such rule)";
  const CompiledRuleInfo& info = ruleset.rules[rule_index];
  if (!info.compiled || !info.ir_rule.has_value()) return "none (rule not compiled)";
  const EventCodeSet& codes = info.codes;
  if (codes.all()) {
    return "every syscall (no event-type restriction); approvers: failures of a code are "
           "dropped only if no rule matches them — this rule keeps those it can match";
  }
  const std::vector<std::string> names = NamesOf(codes);
  if (names.empty()) return "nothing (the condition can never match)";
  EventCodeSet dropped, kept_here;
  for (int code = 0; code < catalog::kNumEventCodes; ++code) {
    if (!codes.test(code) || !HasResultParam(code)) continue;
    if (prefilter.drop_failed.test(code)) dropped.set(code);
    if (!RuleRejectsFailures(ruleset, *info.ir_rule, static_cast<uint16_t>(code))) {
      kept_here.set(code);
    }
  }
  std::string approvers;
  if (dropped.any()) {
    approvers = absl::StrCat("failed calls of {", absl::StrJoin(NamesOf(dropped), ", "),
                             "} dropped in the kernel (no enabled rule matches a failed call, "
                             "the state ignores them)");
  } else {
    approvers = "none";
  }
  if (kept_here.any()) {
    absl::StrAppend(&approvers, "; this rule can match failed {",
                    absl::StrJoin(NamesOf(kept_here), ", "), "}, so they are kept");
  }
  absl::StrAppend(&approvers, PathPlan(ruleset, prefilter, rule_index));
  absl::StrAppend(&approvers, CommPlan(ruleset, prefilter, rule_index));
  return absl::StrCat("syscalls {", absl::StrJoin(names, ", "), "}; approvers: ", approvers);
}

}  // namespace peregrine::compiler::prefilter
