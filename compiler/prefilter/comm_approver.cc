// Comm approvers.
//
// Why dropping a call by the caller's comm is sound
// -------------------------------------------------
// The dispatcher drops a call of syscall S (exit code X) only when (a) S has an approver, (b) the
// calling thread's comm, read from the task at the syscall's exit, is non-empty, and (c) it is
// none of the names of X's set. User space needs an event for two reasons (kernel_prefilter.cc):
//  (1) A rule matches it. In the live runtime proc.name of the event's thread is the comm the
//      probe's process context carries, read from the same task at the same exit
//      (runtime/engine/kernel_context_enricher.cc: a non-empty ctx comm replaces the thread's
//      name, so prctl(PR_SET_NAME) is followed). The loader refuses comm approvers when records
//      carry no process context. An empty comm leaves the previous name in place, so (b) keeps
//      those calls. For each enabled rule indexed under X or under X's enter code (the live
//      probe emits exits only; counting the enter code as well is the conservative reading), its
//      root specialised for the code is walked for a necessary condition on proc.name: a
//      positive `proc.name = v`, `== v` or `in (...)` (lists and macros are expanded before the
//      IR, so they are covered) gives the names {v, ...}; `and` intersects its children's sets
//      (each is necessary), `or` unites them and is unbounded if one branch is; under `not`
//      nothing on proc.name bounds (`not proc.name != v` is true when the name is missing), and
//      every other predicate (proc.pname, proc.exe, startswith, glob, icontains, transformers,
//      field-to-field comparisons) bounds nothing. A value the comm cannot hold (over 15 bytes,
//      a NUL, empty) can never equal a non-empty comm and is left out. A rule without a bound
//      blocks the approver of X; otherwise the union of the rules' sets is the approver: a comm
//      outside it makes every rule's necessary condition false.
//  (2) The state tables change on it: X is not in StateEventCodes() (the tracker's event switch),
//      so they do not, and no later event can see the difference.
// Over kMaxCommNames names there is no approver for X (never a truncated, wrong one).
// What stays different, and why it is accepted: a dropped record no longer refreshes the
// thread's last known name in the state (the enricher copies every delivered record's comm into
// it). That name is read only where the record's own comm is empty, and by other threads'
// proc.pname / proc.aname; it lags only after a rename that no delivered record carried (a
// write to /proc/<tid>/comm: prctl and exec are state events, never dropped). Records the
// interest set never asks for, and failed calls dropped by the drop-failed approver, already
// leave it lagging in the same way. The live soundness test (approver_soundness_live_test.cc)
// compares the alerts with and without comm approvers on named, unnamed, empty and renamed
// threads.
#include "compiler/prefilter/comm_approver.h"

#include <algorithm>
#include <iterator>
#include <string_view>
#include <utility>
#include <variant>

#include "absl/strings/str_cat.h"
#include "compiler/prefilter/rule_bounds.h"
#include "compiler/prefilter/three_valued.h"
#include "runtime/catalog/event_codes.h"
#include "runtime/catalog/event_table.h"

namespace peregrine::compiler::prefilter {
namespace {

using catalog::FieldId;
using catalog::Op;

// A necessary condition: nullopt = no constraint; otherwise the comm is one of the names
// (sorted, unique; none = the node cannot hold).
using Names = std::optional<std::vector<std::string>>;

Names Any() { return std::nullopt; }
Names Never() { return std::vector<std::string>{}; }

// A value a non-empty kernel comm can equal.
bool FitsComm(std::string_view v) {
  return !v.empty() && v.size() <= kMaxCommBytes && v.find('\0') == std::string_view::npos;
}

// The names a true, non-negated predicate implies, or Any() when it bounds nothing.
Names CommBound(const ir::Program& program, const ir::Predicate& p) {
  const ir::Operand& lhs = program.operands[p.lhs];
  if (lhs.field.id != FieldId::kProcName || p.rhs.has_value() || !lhs.transforms.empty() ||
      p.modifier != catalog::Modifier::kNone || lhs.multiplicity != ir::Multiplicity::kSingle ||
      lhs.is_list || lhs.field.arg.has_value() || lhs.field.index.has_value()) {
    return Any();
  }
  if (p.op != Op::kEq && p.op != Op::kEqEq && p.op != Op::kIn) return Any();
  if (p.op != Op::kIn && p.values.size() != 1) return Any();
  std::vector<std::string> out;
  for (const catalog::Value& v : p.values) {
    const std::string* s = std::get_if<std::string>(&v);
    if (s == nullptr) return Any();
    if (FitsComm(*s)) out.push_back(*s);
  }
  SortUnique(&out);
  return out;
}

Names Intersect(std::vector<Names> parts) {
  Names out = Any();
  for (Names& b : parts) {
    if (!b.has_value()) continue;
    if (!out.has_value()) {
      out = std::move(b);
      continue;
    }
    std::vector<std::string> both;
    std::set_intersection(out->begin(), out->end(), b->begin(), b->end(), std::back_inserter(both));
    out = std::move(both);
  }
  return out;
}

Names Union(std::vector<Names> parts) {
  std::vector<std::string> out;
  for (Names& b : parts) {
    if (!b.has_value()) return Any();
    out.insert(out.end(), b->begin(), b->end());
  }
  SortUnique(&out);
  return out;
}

// The comm's lattice for NecessaryBound: `and` intersects, `or` unites.
struct CommLattice {
  const ir::Program& program;

  Names Any() const { return prefilter::Any(); }
  Names Never() const { return prefilter::Never(); }
  // A negated name check bounds nothing (see the top comment).
  Names Leaf(const ir::Predicate& p, bool negated) const {
    return negated ? Any() : CommBound(program, p);
  }
  Names AllOf(std::vector<Names> parts) const { return Intersect(std::move(parts)); }
  Names AnyOf(std::vector<Names> parts) const { return Union(std::move(parts)); }
};

// The enter code paired with syscall exit code `code`, if any.
std::optional<uint16_t> EnterCodeOf(uint16_t code) {
  if (code == 0) return std::nullopt;
  const catalog::EventInfo& exit = catalog::GetEventInfo(code);
  const catalog::EventInfo& enter = catalog::GetEventInfo(code - 1);
  if (enter.is_exit || enter.name != exit.name) return std::nullopt;
  return static_cast<uint16_t>(code - 1);
}

}  // namespace

EventCodeSet CommApproverCodes(const EventCodeSet& rule_codes, const EventCodeSet& state_codes) {
  EventCodeSet out;
  for (int c = 1; c < catalog::kNumEventCodes; ++c) {
    const uint16_t code = static_cast<uint16_t>(c);
    const catalog::EventInfo& info = catalog::GetEventInfo(code);
    if (!info.is_exit || code == catalog::kGenericExitCode || state_codes.test(code) ||
        IsOpenFamilyExit(code)) {
      continue;
    }
    const std::optional<uint16_t> enter = EnterCodeOf(code);
    if (rule_codes.test(code) || (enter.has_value() && rule_codes.test(*enter))) out.set(code);
  }
  return out;
}

std::optional<std::vector<std::string>> NecessaryComms(const CompiledRuleset& ruleset,
                                                       uint32_t ir_rule, uint16_t code) {
  const ir::Program& program = ruleset.program;
  std::vector<Names> parts;
  std::vector<uint16_t> codes = {code};
  if (const std::optional<uint16_t> enter = EnterCodeOf(code)) codes.push_back(*enter);
  for (uint16_t c : codes) {
    if (c >= program.rules_by_code.size()) continue;
    const std::vector<uint32_t>& rules = program.rules_by_code[c];
    for (size_t k = 0; k < rules.size(); ++k) {
      if (rules[k] == ir_rule)
        parts.push_back(NecessaryBound(program, program.roots_by_code[c][k], /*negated=*/false,
                                       CommLattice{program}));
    }
  }
  return Union(std::move(parts));  // no part: not indexed under the syscall, it cannot match
}

CommApprovers BuildCommApprovers(const CompiledRuleset& ruleset, const EventCodeSet& rule_codes,
                                 const EventCodeSet& state_codes) {
  CommApprovers out;
  const ir::Program& program = ruleset.program;
  const EventCodeSet eligible = CommApproverCodes(rule_codes, state_codes);
  for (int c = 0; c < catalog::kNumEventCodes; ++c) {
    if (!eligible.test(c)) continue;
    const uint16_t code = static_cast<uint16_t>(c);
    // The enabled rules indexed under the exit code or its enter code.
    std::vector<uint32_t> rules;
    for (std::optional<uint16_t> k : {std::optional<uint16_t>(code), EnterCodeOf(code)}) {
      if (!k.has_value() || *k >= program.rules_by_code.size()) continue;
      for (uint32_t rule : program.rules_by_code[*k]) {
        if (program.rules[rule].enabled) rules.push_back(rule);
      }
    }
    std::sort(rules.begin(), rules.end());
    rules.erase(std::unique(rules.begin(), rules.end()), rules.end());
    std::string blocker;
    std::optional<std::vector<std::string>> names = UnionOfRuleBounds<std::string>(
        program, rules, "proc.name",
        [&](uint32_t rule) { return NecessaryComms(ruleset, rule, code); }, &blocker);
    if (names.has_value() && names->size() > kMaxCommNames) {
      blocker = absl::StrCat(names->size(), " names, more than the kernel's ", kMaxCommNames);
    }
    if (!blocker.empty()) {
      out.blocker_by_code[code] = std::move(blocker);
      continue;
    }
    out.by_code[code] = *std::move(names);
  }
  return out;
}

}  // namespace peregrine::compiler::prefilter
