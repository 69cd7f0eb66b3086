#include "compiler/ir/ir_printer.h"

#include <arpa/inet.h>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "base/status_macros.h"
#include "base/string_view_compat.h"

namespace peregrine::compiler::ir {
namespace {

std::string PrintIp(const catalog::IpAddress& ip) {
  char buffer[INET6_ADDRSTRLEN] = {};
  inet_ntop(ip.is_v6 ? AF_INET6 : AF_INET, ip.bytes.data(), buffer, sizeof(buffer));
  return buffer;
}

void AppendNode(const Program& program, NodeId id, bool with_ids, std::string* out) {
  const Node& node = program.nodes[id];
  switch (node.kind) {
    case NodeKind::kTrue:
      out->append("true");
      return;
    case NodeKind::kFalse:
      out->append("false");
      return;
    case NodeKind::kNot:
      out->append("not ");
      AppendNode(program, node.children[0], with_ids, out);
      return;
    case NodeKind::kAnd:
    case NodeKind::kOr: {
      out->push_back('(');
      for (size_t i = 0; i < node.children.size(); ++i) {
        if (i > 0) out->append(node.kind == NodeKind::kAnd ? " and " : " or ");
        AppendNode(program, node.children[i], with_ids, out);
      }
      out->push_back(')');
      return;
    }
    case NodeKind::kPredicate:
      if (with_ids) absl::StrAppend(out, "#", node.predicate, ":");
      out->append(PrintPredicate(program, node.predicate));
      return;
  }
  PEREGRINE_UNREACHABLE("all node kinds handled");
}

}  // namespace

std::string PrintValue(const catalog::Value& value) {
  return std::visit(
      [](const auto& v) -> std::string {
        using T = std::decay_t<decltype(v)>;
        if constexpr (std::is_same_v<T, std::string>) return v;
        if constexpr (std::is_same_v<T, bool>) return v ? "true" : "false";
        if constexpr (std::is_same_v<T, catalog::Bytes>)
          return absl::StrCat("<", v.data.size(), " bytes>");
        if constexpr (std::is_same_v<T, catalog::IpAddress>) return PrintIp(v);
        if constexpr (std::is_same_v<T, catalog::IpNetwork>) {
          return absl::StrCat(PrintIp(v.addr), "/", v.prefix_len);
        }
        if constexpr (std::is_arithmetic_v<T>) return absl::StrCat(v);
      },
      value);
}

std::string PrintPredicate(const Program& program, PredicateId id) {
  const Predicate& p = program.predicates[id];
  std::string text = program.operands[p.lhs].Display();
  if (program.operands[p.lhs].multiplicity == Multiplicity::kAnyAncestor) text += "{any ancestor}";
  absl::StrAppend(&text, " ", Sv(catalog::OpName(p.op)));
  if (p.op == catalog::Op::kExists) return text;
  if (p.modifier != catalog::Modifier::kNone) {
    absl::StrAppend(&text, " ", Sv(catalog::ModifierName(p.modifier)));
  }
  if (p.rhs) return absl::StrCat(text, " val(", program.operands[*p.rhs].Display(), ")");
  std::vector<std::string> values;
  for (const catalog::Value& v : p.values) values.push_back(PrintValue(v));
  const bool list = catalog::IsListOp(p.op) || p.modifier != catalog::Modifier::kNone;
  if (list) return absl::StrCat(text, " (", absl::StrJoin(values, ", "), ")");
  return absl::StrCat(text, " ", values.empty() ? "" : values[0]);
}

std::string PrintNode(const Program& program, NodeId node, bool with_ids) {
  std::string out;
  AppendNode(program, node, with_ids, &out);
  return out;
}

}  // namespace peregrine::compiler::ir
