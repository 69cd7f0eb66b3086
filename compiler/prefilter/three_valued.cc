// Three-valued evaluation of IR roots, and the predicates a call's outcome decides.
#include "compiler/prefilter/three_valued.h"

#include <limits>
#include <optional>
#include <string>
#include <utility>
#include <variant>

#include "runtime/catalog/event_codes.h"

namespace peregrine::compiler::prefilter {

using catalog::FieldId;
using catalog::Op;

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

Tri DecideOnOutcome(const ir::Program& program, const ir::Predicate& p, uint16_t code,
                    bool failed) {
  const ir::Operand& lhs = program.operands[p.lhs];
  if (p.rhs.has_value() || !lhs.transforms.empty() || p.modifier != catalog::Modifier::kNone ||
      lhs.multiplicity != ir::Multiplicity::kSingle) {
    return Tri::kUnknown;
  }
  const FieldId id = lhs.field.id;
  constexpr int64_t kMax = std::numeric_limits<int64_t>::max();
  // The integer range the field takes under the outcome.
  std::optional<std::pair<int64_t, int64_t>> range;
  if (id == FieldId::kEvtRawres) {
    range = failed ? std::make_pair(int64_t{-4095}, int64_t{-1}) : std::make_pair(int64_t{0}, kMax);
  }
  if (id == FieldId::kFdNum && IsOpenFamilyExit(code)) {
    range = failed ? std::make_pair(int64_t{-1}, int64_t{-1}) : std::make_pair(int64_t{0}, kMax);
  }
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
  if (id == FieldId::kEvtRes && failed) {
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
    if (p.op == Op::kEq || p.op == Op::kEqEq) return *b == failed ? Tri::kTrue : Tri::kFalse;
    if (p.op == Op::kNe) return *b == failed ? Tri::kFalse : Tri::kTrue;
  }
  return Tri::kUnknown;
}

Tri Evaluate(const ir::Program& program, ir::NodeId id, PredicateDecider decide) {
  const ir::Node& n = program.nodes[id];
  switch (n.kind) {
    case ir::NodeKind::kTrue:
      return Tri::kTrue;
    case ir::NodeKind::kFalse:
      return Tri::kFalse;
    case ir::NodeKind::kNot:
      return Not(Evaluate(program, n.children[0], decide));
    case ir::NodeKind::kAnd: {
      Tri r = Tri::kTrue;
      for (ir::NodeId c : n.children) {
        Tri t = Evaluate(program, c, decide);
        if (t == Tri::kFalse) return Tri::kFalse;
        if (t == Tri::kUnknown) r = Tri::kUnknown;
      }
      return r;
    }
    case ir::NodeKind::kOr: {
      Tri r = Tri::kFalse;
      for (ir::NodeId c : n.children) {
        Tri t = Evaluate(program, c, decide);
        if (t == Tri::kTrue) return Tri::kTrue;
        if (t == Tri::kUnknown) r = Tri::kUnknown;
      }
      return r;
    }
    case ir::NodeKind::kPredicate:
      return decide(program.predicates[n.predicate]);
  }
  return Tri::kUnknown;
}

}  // namespace peregrine::compiler::prefilter
