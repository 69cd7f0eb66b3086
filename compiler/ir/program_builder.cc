#include "compiler/ir/program_builder.h"

#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "base/status_macros.h"
#include "base/string_view_compat.h"

namespace peregrine::compiler::ir {
namespace {

std::string TransformName(Transform t) {
  switch (t) {
    case Transform::kToLower:
      return "tolower";
    case Transform::kToUpper:
      return "toupper";
    case Transform::kB64:
      return "b64";
    case Transform::kBasename:
      return "basename";
    case Transform::kLen:
      return "len";
  }
  PEREGRINE_UNREACHABLE("all transforms handled");
}

std::string IpKey(const catalog::IpAddress& ip) {
  std::string key = ip.is_v6 ? "6:" : "4:";
  const int n = ip.is_v6 ? 16 : 4;
  for (int i = 0; i < n; ++i) absl::StrAppend(&key, ip.bytes[i], ".");
  return key;
}

bool IsStringValue(const catalog::Value& v) { return std::holds_alternative<std::string>(v); }

}  // namespace

std::string Operand::Display() const {
  std::string text = field.DisplayName();
  for (Transform t : transforms) text = absl::StrCat(TransformName(t), "(", text, ")");
  return text;
}

std::string ValueKey(const catalog::Value& value) {
  return std::visit(
      [](const auto& v) -> std::string {
        using T = std::decay_t<decltype(v)>;
        if constexpr (std::is_same_v<T, int64_t>) return absl::StrCat("i:", v);
        if constexpr (std::is_same_v<T, uint64_t>) return absl::StrCat("u:", v);
        if constexpr (std::is_same_v<T, double>) return absl::StrCat("d:", v);
        if constexpr (std::is_same_v<T, bool>) return v ? "b:1" : "b:0";
        if constexpr (std::is_same_v<T, std::string>) return absl::StrCat("s", v.size(), ":", v);
        if constexpr (std::is_same_v<T, catalog::Bytes>) {
          return absl::StrCat("y", v.data.size(), ":", v.data);
        }
        if constexpr (std::is_same_v<T, catalog::IpAddress>) return IpKey(v);
        if constexpr (std::is_same_v<T, catalog::IpNetwork>) {
          return absl::StrCat("n", IpKey(v.addr), "/", v.prefix_len);
        }
      },
      value);
}

ProgramBuilder::ProgramBuilder() {
  program_.nodes.push_back(Node{NodeKind::kTrue, 0, {}});   // kTrueNode
  program_.nodes.push_back(Node{NodeKind::kFalse, 0, {}});  // kFalseNode
}

OperandId ProgramBuilder::AddOperand(Operand operand) {
  std::string key = absl::StrCat(operand.Display(), "|", static_cast<int>(operand.type), "|",
                                 static_cast<int>(operand.multiplicity));
  auto [it, inserted] = operand_ids_.try_emplace(key, program_.operands.size());
  if (inserted) program_.operands.push_back(std::move(operand));
  return it->second;
}

NodeId ProgramBuilder::AddPredicate(Predicate predicate) {
  using catalog::Op;
  const bool list_op =
      predicate.op == Op::kIn || predicate.op == Op::kIntersects || predicate.op == Op::kPmatch;
  if (list_op && !predicate.rhs.has_value() && predicate.values.empty()) {
    return kFalseNode;  // `x in ()` never matches, whether or not x is available (§3.6)
  }
  std::string key = absl::StrCat(predicate.lhs, "|", Sv(catalog::OpName(predicate.op)), "|",
                                 Sv(catalog::ModifierName(predicate.modifier)), "|");
  if (predicate.rhs) absl::StrAppend(&key, "rhs", *predicate.rhs);
  for (const catalog::Value& v : predicate.values) absl::StrAppend(&key, ValueKey(v), ",");
  auto [it, inserted] = predicate_ids_.try_emplace(key, program_.predicates.size());
  if (inserted) program_.predicates.push_back(std::move(predicate));
  return Intern(Node{NodeKind::kPredicate, it->second, {}});
}

NodeId ProgramBuilder::Intern(Node node) {
  std::string key = absl::StrCat(static_cast<int>(node.kind), ":", node.predicate, ":",
                                 absl::StrJoin(node.children, ","));
  auto [it, inserted] = node_ids_.try_emplace(key, program_.nodes.size());
  if (inserted) program_.nodes.push_back(std::move(node));
  return it->second;
}

NodeId ProgramBuilder::Logical(NodeKind kind, std::vector<NodeId> children) {
  const bool is_and = kind == NodeKind::kAnd;
  const NodeId absorbing = is_and ? kFalseNode : kTrueNode;
  const NodeId neutral = is_and ? kTrueNode : kFalseNode;
  std::vector<NodeId> flat;
  for (NodeId child : children) {
    if (child == absorbing) return absorbing;
    if (child == neutral) continue;
    const Node& node = program_.nodes[child];
    // Flatten (a and (b and c)) into one n-ary node; pure children make this exact.
    const std::vector<NodeId>& parts =
        node.kind == kind ? node.children : std::vector<NodeId>{child};
    for (NodeId part : parts) {
      bool seen = false;
      for (NodeId existing : flat) seen = seen || existing == part;
      if (!seen) flat.push_back(part);
    }
  }
  if (flat.empty()) return neutral;
  if (flat.size() == 1) return flat[0];
  return Intern(Node{kind, 0, std::move(flat)});
}

NodeId ProgramBuilder::And(std::vector<NodeId> children) {
  return Logical(NodeKind::kAnd, std::move(children));
}

NodeId ProgramBuilder::Or(std::vector<NodeId> children) {
  return Logical(NodeKind::kOr, std::move(children));
}

NodeId ProgramBuilder::Not(NodeId child) {
  if (child == kTrueNode) return kFalseNode;
  if (child == kFalseNode) return kTrueNode;
  const Node& node = program_.nodes[child];
  if (node.kind == NodeKind::kNot) return node.children[0];
  return Intern(Node{NodeKind::kNot, 0, {child}});
}

void ProgramBuilder::AddRule(Rule rule) { program_.rules.push_back(std::move(rule)); }

std::optional<bool> ProgramBuilder::DecideEventType(PredicateId id,
                                                    std::string_view event_name) const {
  const Predicate& p = program_.predicates[id];
  const Operand& lhs = program_.operands[p.lhs];
  if (lhs.field.id != catalog::FieldId::kEvtType || !lhs.transforms.empty() || p.rhs ||
      p.modifier != catalog::Modifier::kNone) {
    return std::nullopt;
  }
  bool any_equal = false;
  for (const catalog::Value& v : p.values) {
    const auto* s = std::get_if<std::string>(&v);
    any_equal = any_equal || (s != nullptr && *s == event_name);
  }
  switch (p.op) {
    case catalog::Op::kEq:
    case catalog::Op::kEqEq:
    case catalog::Op::kIn:
    case catalog::Op::kIntersects:
      return any_equal;
    case catalog::Op::kNe:
      return !any_equal;
    case catalog::Op::kExists:
      return true;  // every event has a type
    default:
      return std::nullopt;
  }
}

NodeId ProgramBuilder::SpecializeForEvent(NodeId id, std::string_view event_name,
                                          absl::flat_hash_map<NodeId, NodeId>& memo) {
  if (auto it = memo.find(id); it != memo.end()) return it->second;
  const Node node = program_.nodes[id];  // copy: interning below may grow the vector
  NodeId result = id;
  switch (node.kind) {
    case NodeKind::kTrue:
    case NodeKind::kFalse:
      break;
    case NodeKind::kPredicate:
      if (std::optional<bool> verdict = DecideEventType(node.predicate, event_name)) {
        result = *verdict ? kTrueNode : kFalseNode;
      }
      break;
    case NodeKind::kNot:
      result = Not(SpecializeForEvent(node.children[0], event_name, memo));
      break;
    case NodeKind::kAnd:
    case NodeKind::kOr: {
      std::vector<NodeId> children;
      for (NodeId child : node.children) {
        children.push_back(SpecializeForEvent(child, event_name, memo));
      }
      result = node.kind == NodeKind::kAnd ? And(std::move(children)) : Or(std::move(children));
      break;
    }
  }
  memo[id] = result;
  return result;
}

Program ProgramBuilder::Build() && {
  for (Predicate& predicate : program_.predicates) {
    auto lowered = std::make_shared<Lowered>();
    using catalog::Op;
    if (predicate.op == Op::kIn || predicate.op == Op::kIntersects) {
      for (const catalog::Value& v : predicate.values) {
        if (IsStringValue(v)) {
          lowered->strings.insert(std::get<std::string>(v));
        } else if (const auto* i = std::get_if<int64_t>(&v)) {
          lowered->numbers.insert(static_cast<uint64_t>(*i));
        } else if (const auto* u = std::get_if<uint64_t>(&v)) {
          lowered->numbers.insert(*u);
        }
      }
    } else if (predicate.op == Op::kPmatch) {
      std::vector<std::string> paths;
      for (const catalog::Value& v : predicate.values) {
        if (IsStringValue(v)) paths.push_back(std::get<std::string>(v));
      }
      lowered->paths = std::make_unique<eval::PathPrefixSet>(paths);
    } else if (predicate.op == Op::kRegex) {
      for (const catalog::Value& v : predicate.values) {
        if (!IsStringValue(v)) continue;
        try {
          lowered->regexes.emplace_back(std::get<std::string>(v), std::regex::extended);
        } catch (const std::regex_error&) {
          // The checker validated every pattern; an unmatchable regex keeps the slot aligned.
          lowered->regexes.emplace_back("[^\\x00-\\xff]", std::regex::extended);
        }
      }
    }
    predicate.lowered = std::move(lowered);
  }
  program_.rules_by_code.assign(catalog::kNumEventCodes, {});
  program_.roots_by_code.assign(catalog::kNumEventCodes, {});
  for (uint32_t r = 0; r < program_.rules.size(); ++r) {
    const Rule& rule = program_.rules[r];
    if (!rule.enabled) continue;
    for (size_t code = 0; code < rule.codes.size(); ++code) {
      if (rule.codes.test(code) || code == catalog::kAsyncEventCode) {
        program_.rules_by_code[code].push_back(r);
      }
    }
  }
  for (size_t code = 0; code < program_.rules_by_code.size(); ++code) {
    const std::vector<uint32_t>& rules = program_.rules_by_code[code];
    if (rules.empty()) continue;
    const std::string_view name = catalog::GetEventInfo(static_cast<uint16_t>(code)).name;
    // Generic events (code 0/1) carry the syscall name at run time: nothing is static there.
    const bool specialize = code != 0 && code != catalog::kGenericExitCode &&
                            code != catalog::kAsyncEventCode && name != "NA";
    absl::flat_hash_map<NodeId, NodeId> memo;
    for (uint32_t r : rules) {
      const NodeId root = program_.rules[r].root;
      program_.roots_by_code[code].push_back(specialize ? SpecializeForEvent(root, name, memo)
                                                        : root);
    }
  }
  return std::move(program_);
}

}  // namespace peregrine::compiler::ir
