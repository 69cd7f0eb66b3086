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
// Argument approvers (path prefixes on opens, comm sets) need more than this per-event argument:
// a successful open that no open rule matches still creates an fd whose name later rules on
// read/write/close/connect may print or test, so an open may only be dropped when no rule on any
// code reads fd.* of a file descriptor that the open could create — that whole-ruleset analysis
// is not written yet, and no such approver is derived.
#include "compiler/prefilter/kernel_prefilter.h"

#include <optional>
#include <variant>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "runtime/catalog/event_codes.h"
#include "runtime/catalog/event_table.h"

namespace peregrine::compiler::prefilter {
namespace {

using catalog::FieldId;
using catalog::Op;

enum class Tri : uint8_t { kFalse, kTrue, kUnknown };

Tri Not(Tri t) {
  switch (t) {
    case Tri::kFalse:
      return Tri::kTrue;
    case Tri::kTrue:
      return Tri::kFalse;
    case Tri::kUnknown:
      return Tri::kUnknown;
  }
  return Tri::kUnknown;
}

bool IsOpenFamilyExit(uint16_t code) {
  switch (code) {
    case PG_EVT_SYSCALL_OPEN_X:
    case PG_EVT_SYSCALL_CREAT_X:
    case PG_EVT_SYSCALL_OPENAT_2_X:
    case PG_EVT_SYSCALL_OPENAT2_X:
    case PG_EVT_SYSCALL_OPEN_BY_HANDLE_AT_X:
      return true;
    default:
      return false;
  }
}

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

// The truth of `x op v` for every x in [lo, hi] (integers): true/false when it is the same for
// the whole range, unknown otherwise.
Tri CompareRange(int64_t lo, int64_t hi, Op op, int64_t v) {
  auto all_any = [](bool all, bool any) {
    return all ? Tri::kTrue : (any ? Tri::kUnknown : Tri::kFalse);
  };
  switch (op) {
    case Op::kEq:
    case Op::kEqEq:
      return all_any(lo == hi && lo == v, lo <= v && v <= hi);
    case Op::kNe:
      return Not(CompareRange(lo, hi, Op::kEq, v));
    case Op::kLt:
      return all_any(hi < v, lo < v);
    case Op::kLe:
      return all_any(hi <= v, lo <= v);
    case Op::kGt:
      return all_any(lo > v, hi > v);
    case Op::kGe:
      return all_any(lo >= v, hi >= v);
    default:
      return Tri::kUnknown;
  }
}

// A predicate under "the call failed" for exit code `code`.
Tri DecideOnFailure(const ir::Program& program, const ir::Predicate& p, uint16_t code) {
  const ir::Operand& lhs = program.operands[p.lhs];
  if (p.rhs.has_value() || !lhs.transforms.empty() || p.modifier != catalog::Modifier::kNone ||
      lhs.multiplicity != ir::Multiplicity::kSingle) {
    return Tri::kUnknown;
  }
  const FieldId id = lhs.field.id;
  // The integer range the field takes on a failed call.
  std::optional<std::pair<int64_t, int64_t>> range;
  if (id == FieldId::kEvtRawres) range = std::make_pair(int64_t{-4095}, int64_t{-1});
  if (id == FieldId::kFdNum && IsOpenFamilyExit(code))
    range = std::make_pair(int64_t{-1}, int64_t{-1});
  if (range) {
    if (p.op == Op::kIn) {
      bool any_unknown = false;
      for (const catalog::Value& v : p.values) {
        const int64_t* i = std::get_if<int64_t>(&v);
        if (i == nullptr) return Tri::kUnknown;
        Tri t = CompareRange(range->first, range->second, Op::kEq, *i);
        if (t == Tri::kTrue) return Tri::kTrue;
        any_unknown |= t == Tri::kUnknown;
      }
      return any_unknown ? Tri::kUnknown : Tri::kFalse;
    }
    if (p.values.size() != 1) return Tri::kUnknown;
    const int64_t* i = std::get_if<int64_t>(&p.values[0]);
    if (i == nullptr) return Tri::kUnknown;
    return CompareRange(range->first, range->second, p.op, *i);
  }
  if (id == FieldId::kEvtRes) {
    // A failed call renders as an errno name or a negative number, never "SUCCESS".
    auto is_success = [](const catalog::Value& v) {
      const std::string* s = std::get_if<std::string>(&v);
      return s != nullptr && *s == "SUCCESS";
    };
    bool all_success = !p.values.empty();
    for (const catalog::Value& v : p.values) all_success &= is_success(v);
    if (!all_success) return Tri::kUnknown;
    if (p.op == Op::kEq || p.op == Op::kEqEq || p.op == Op::kIn) return Tri::kFalse;
    if (p.op == Op::kNe && p.values.size() == 1) return Tri::kTrue;
    return Tri::kUnknown;
  }
  if (id == FieldId::kEvtFailed && p.values.size() == 1) {
    const bool* b = std::get_if<bool>(&p.values[0]);
    if (b == nullptr) return Tri::kUnknown;
    if (p.op == Op::kEq || p.op == Op::kEqEq) return *b ? Tri::kTrue : Tri::kFalse;
    if (p.op == Op::kNe) return *b ? Tri::kFalse : Tri::kTrue;
  }
  return Tri::kUnknown;
}

Tri Evaluate(const ir::Program& program, ir::NodeId id, uint16_t code) {
  const ir::Node& n = program.nodes[id];
  switch (n.kind) {
    case ir::NodeKind::kTrue:
      return Tri::kTrue;
    case ir::NodeKind::kFalse:
      return Tri::kFalse;
    case ir::NodeKind::kNot:
      return Not(Evaluate(program, n.children[0], code));
    case ir::NodeKind::kAnd: {
      Tri r = Tri::kTrue;
      for (ir::NodeId c : n.children) {
        Tri t = Evaluate(program, c, code);
        if (t == Tri::kFalse) return Tri::kFalse;
        if (t == Tri::kUnknown) r = Tri::kUnknown;
      }
      return r;
    }
    case ir::NodeKind::kOr: {
      Tri r = Tri::kFalse;
      for (ir::NodeId c : n.children) {
        Tri t = Evaluate(program, c, code);
        if (t == Tri::kTrue) return Tri::kTrue;
        if (t == Tri::kUnknown) r = Tri::kUnknown;
      }
      return r;
    }
    case ir::NodeKind::kPredicate:
      return DecideOnFailure(program, program.predicates[n.predicate], code);
  }
  return Tri::kUnknown;
}

// The syscall names whose exits the state tables consume (runtime/state/state_tracker.cc).
const char* const kStateSyscalls[] = {
    "clone",     "fork",      "vfork",  "clone3",       "execve",  "execveat", "close",
    "dup",       "dup2",      "dup3",   "socket",       "connect", "accept",   "accept4",
    "bind",      "open",      "openat", "openat2",      "creat",   "fcntl",    "pipe",
    "pipe2",     "chdir",     "fchdir", "setuid",       "setgid",  "setreuid", "setregid",
    "setresuid", "setresgid", "prctl",  "memfd_create", "procexit"};

std::vector<std::string> NamesOf(const EventCodeSet& codes) { return EventNames(codes); }

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
      return Evaluate(program, program.roots_by_code[code][k], code) == Tri::kFalse;
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
  absl::StrAppend(&approvers, "; argument approvers (paths, comm): not derived");
  return absl::StrCat("syscalls {", absl::StrJoin(names, ", "), "}; approvers: ", approvers);
}

}  // namespace peregrine::compiler::prefilter
