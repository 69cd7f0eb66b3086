#include "compiler/jit/internal/function_plan.h"

#include <algorithm>
#include <optional>
#include <string>
#include <variant>

#include "absl/container/flat_hash_set.h"
#include "absl/strings/str_cat.h"
#include "compiler/interp/predicate_eval.h"
#include "runtime/catalog/event_table.h"

namespace peregrine::compiler::jit::internal {
namespace {

// The value of predicate `p` for every event of `code` when the code alone decides it.
std::optional<bool> FoldPredicate(const ir::Program& program, const ir::Predicate& p,
                                  uint16_t code) {
  const ir::Operand& lhs = program.operands[p.lhs];
  if (p.rhs || !lhs.transforms.empty() || lhs.multiplicity != ir::Multiplicity::kSingle) {
    return std::nullopt;
  }
  const catalog::EventInfo& info = catalog::GetEventInfo(code);
  std::string_view known;
  switch (lhs.field.id) {
    case catalog::FieldId::kEvtType:
      if (!EventTypeIsStatic(code)) return std::nullopt;
      known = info.name;
      break;
    case catalog::FieldId::kEvtDir:
      known = info.is_exit ? "<" : ">";
      break;
    default:
      return std::nullopt;
  }
  return interp::CompareWithConstants(p, lhs, eval::FieldValue::String(known));
}

class Planner {
 public:
  Planner(const ir::Program& program, uint16_t code) : program_(program), code_(code) {}

  // The folded value of `id`, if the code decides it; records folded nodes and references.
  std::optional<bool> Visit(ir::NodeId id) {
    if (auto it = visited_.find(id); it != visited_.end()) return it->second;
    const ir::Node& node = program_.nodes[id];
    std::optional<bool> result;
    switch (node.kind) {
      case ir::NodeKind::kTrue:
        result = true;
        break;
      case ir::NodeKind::kFalse:
        result = false;
        break;
      case ir::NodeKind::kAnd:
      case ir::NodeKind::kOr: {
        const bool absorbing = node.kind == ir::NodeKind::kOr;  // true absorbs an or
        bool all_known = true;
        for (ir::NodeId child : node.children) {
          std::optional<bool> v = Visit(child);
          if (v && *v == absorbing) {
            result = absorbing;
            break;
          }
          if (!v) all_known = false;
        }
        if (!result && all_known) result = !absorbing;
        break;
      }
      case ir::NodeKind::kNot: {
        std::optional<bool> v = Visit(node.children[0]);
        if (v) result = !*v;
        break;
      }
      case ir::NodeKind::kPredicate: {
        const ir::Predicate& p = program_.predicates[node.predicate];
        result = FoldPredicate(program_, p, code_);
        break;
      }
    }
    visited_[id] = result;
    if (result) folded_[id] = *result;
    return result;
  }

  // Counts the references of the nodes the generated code will evaluate (folded subtrees and
  // children after a short-circuiting constant are not emitted) and assigns memo slots.
  void CountEmitted(ir::NodeId id) {
    if (++emitted_refs_[id] > 1) return;
    if (folded_.contains(id)) return;
    const ir::Node& node = program_.nodes[id];
    for (ir::NodeId child : node.children) CountEmitted(child);
    if (node.kind == ir::NodeKind::kPredicate) {
      emitted_predicates_.push_back(node.predicate);
      const ir::Predicate& p = program_.predicates[node.predicate];
      if (program_.operands[p.lhs].multiplicity == ir::Multiplicity::kSingle &&
          !operands_.contains(p.lhs)) {
        operands_[p.lhs] = 0;
        operand_order_.push_back(p.lhs);
      }
      if (p.rhs && !operands_.contains(*p.rhs)) {
        operands_[*p.rhs] = 0;
        operand_order_.push_back(*p.rhs);
      }
    }
  }

  FunctionPlan Finish(const std::vector<uint32_t>& candidate_rules) {
    FunctionPlan plan;
    for (uint32_t rule : candidate_rules) {
      const ir::NodeId root = program_.rules[rule].root;
      auto it = folded_.find(root);
      if (it != folded_.end() && !it->second) continue;  // never matches events of this code
      plan.rules.push_back(rule);
      CountEmitted(root);
    }
    for (ir::OperandId op : operand_order_) plan.operand_memo[op] = plan.memo_size++;
    GroupPatterns(&plan);
    for (const auto& [node, refs] : emitted_refs_) {
      if (refs > 1 && !folded_.contains(node)) plan.node_memo[node] = plan.memo_size++;
    }
    for (const auto& [node, value] : folded_) {
      if (emitted_refs_.contains(node)) plan.folded[node] = value;
    }
    plan.max_matches = static_cast<uint32_t>(plan.rules.size());
    return plan;
  }

  // Groups the substring predicates of each operand for one multi-pattern scan per event. A lone
  // constant gets a group too: the scan's setup is cheaper than memmem's on the short values
  // fields hold, and icontains has no other inline path.
  void GroupPatterns(FunctionPlan* plan) {
    struct Pending {
      std::vector<ScanPattern> patterns;
      std::vector<std::pair<ir::PredicateId, uint32_t>> predicates;  // and pattern index
    };
    absl::flat_hash_map<ir::OperandId, size_t> index_of;
    std::vector<std::pair<ir::OperandId, Pending>> pending;
    absl::flat_hash_set<ir::PredicateId> seen;
    for (ir::PredicateId id : emitted_predicates_) {
      if (!seen.insert(id).second) continue;
      ScanPattern pattern;
      if (!ScannablePattern(id, &pattern)) continue;
      const ir::OperandId lhs = program_.predicates[id].lhs;
      auto [it, inserted] = index_of.try_emplace(lhs, pending.size());
      if (inserted) pending.emplace_back(lhs, Pending{});
      Pending& group = pending[it->second].second;
      uint32_t index = 0;
      while (index < group.patterns.size() &&
             (group.patterns[index].text != pattern.text ||
              group.patterns[index].ignore_case != pattern.ignore_case)) {
        ++index;
      }
      if (index == group.patterns.size()) group.patterns.push_back(pattern);
      group.predicates.emplace_back(id, index);
    }
    for (auto& [operand, group] : pending) {
      // Groups of at most kMaxScanPatterns, in order of first use.
      const size_t first_group = plan->pattern_groups.size();
      for (size_t begin = 0; begin < group.patterns.size(); begin += kMaxScanPatterns) {
        PatternGroup g;
        g.operand = operand;
        const size_t end = std::min(group.patterns.size(), begin + kMaxScanPatterns);
        g.patterns.assign(group.patterns.begin() + begin, group.patterns.begin() + end);
        g.memo = plan->memo_size;
        plan->memo_size += 8;
        plan->pattern_groups.push_back(std::move(g));
      }
      for (const auto& [id, index] : group.predicates) {
        plan->pattern_of[id] = {static_cast<uint32_t>(first_group + index / kMaxScanPatterns),
                                static_cast<uint32_t>(index % kMaxScanPatterns)};
      }
    }
  }

  // Whether predicate `id` takes the emitter's inline substring path for string values (the
  // conditions of FunctionEmitter::Compare) with a non-empty constant; fills `pattern`.
  bool ScannablePattern(ir::PredicateId id, ScanPattern* pattern) const {
    const ir::Predicate& p = program_.predicates[id];
    const ir::Operand& lhs = program_.operands[p.lhs];
    if (p.op != catalog::Op::kContains && p.op != catalog::Op::kIContains) return false;
    if (p.rhs || p.modifier != catalog::Modifier::kNone || p.values.empty() ||
        lhs.multiplicity != ir::Multiplicity::kSingle || lhs.field.id == catalog::FieldId::kFdNet) {
      return false;
    }
    const auto* text = std::get_if<std::string>(&p.values[0]);
    if (text == nullptr || text->empty()) return false;
    pattern->text = *text;
    pattern->ignore_case = p.op == catalog::Op::kIContains;
    return true;
  }

  // What distinguishes this code's function from another code's with the same rules.
  std::string Signature(const std::vector<uint32_t>& rules) const {
    std::string key;
    for (uint32_t r : rules) absl::StrAppend(&key, r, ",");
    key += "|";
    for (ir::NodeId id : fold_relevant_) {
      auto it = folded_.find(id);
      absl::StrAppend(&key, id, it == folded_.end() ? "?" : (it->second ? "t" : "f"), ",");
    }
    return key;
  }

  void NoteFoldRelevant() {
    for (const auto& [id, value] : visited_) {
      if (value && program_.nodes[id].kind == ir::NodeKind::kPredicate) {
        fold_relevant_.push_back(id);
      }
    }
    std::sort(fold_relevant_.begin(), fold_relevant_.end());
  }

 private:
  const ir::Program& program_;
  uint16_t code_;
  absl::flat_hash_map<ir::NodeId, std::optional<bool>> visited_;
  absl::flat_hash_map<ir::NodeId, bool> folded_;
  absl::flat_hash_map<ir::NodeId, uint32_t> emitted_refs_;
  absl::flat_hash_map<ir::OperandId, uint32_t> operands_;
  std::vector<ir::OperandId> operand_order_;
  std::vector<ir::PredicateId> emitted_predicates_;
  std::vector<ir::NodeId> fold_relevant_;
};

}  // namespace

bool EventTypeIsStatic(uint16_t code) {
  return code != catalog::kGenericExitCode && code != catalog::kGenericExitCode - 1 &&
         code != catalog::kAsyncEventCode;
}

ProgramPlan PlanProgram(const ir::Program& program) {
  ProgramPlan plan;
  plan.function_of_code.assign(catalog::kNumEventCodes, -1);
  absl::flat_hash_map<std::string, int32_t> by_signature;
  const size_t codes = std::min<size_t>(program.rules_by_code.size(), catalog::kNumEventCodes);
  for (size_t code = 0; code < codes; ++code) {
    const std::vector<uint32_t>& rules = program.rules_by_code[code];
    if (rules.empty()) continue;
    Planner planner(program, static_cast<uint16_t>(code));
    for (uint32_t rule : rules) planner.Visit(program.rules[rule].root);
    planner.NoteFoldRelevant();
    const std::string key = planner.Signature(rules);
    auto [it, inserted] =
        by_signature.try_emplace(key, static_cast<int32_t>(plan.functions.size()));
    if (inserted) {
      FunctionPlan function = planner.Finish(rules);
      if (function.rules.empty()) {
        it->second = -1;  // every rule folds to false for these codes
        continue;
      }
      plan.functions.push_back(std::move(function));
    }
    if (it->second < 0) continue;
    plan.function_of_code[code] = it->second;
    plan.functions[it->second].codes.push_back(static_cast<uint16_t>(code));
  }
  return plan;
}

}  // namespace peregrine::compiler::jit::internal
