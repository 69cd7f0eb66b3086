// Canonical text form of condition ASTs.
#include "compiler/ast/printer.h"

#include "base/status_macros.h"

namespace peregrine::compiler::ast {
namespace {

constexpr char kHexDigits[] = "0123456789abcdef";

bool IsControl(unsigned char c) { return c < 0x20 || c == 0x7f; }

// Bytes that end a bare string (BARESTR, §2.1) or change its meaning when printed raw.
bool BreaksBareValue(unsigned char c) {
  switch (c) {
    case ' ':
    case '"':
    case '\'':
    case '(':
    case ')':
    case '=':
    case ',':
    case '\\':
      return true;
    default:
      return IsControl(c);
  }
}

// Bytes that end a bare field argument (FIELDARG_BARE, §2.1) or need escaping.
bool BreaksBareFieldArg(unsigned char c) {
  switch (c) {
    case ' ':
    case '"':
    case '\'':
    case '[':
    case ']':
    case '\\':
      return true;
    default:
      return IsControl(c);
  }
}

void AppendQuoted(std::string_view text, std::string* out) {
  out->push_back('"');
  for (size_t i = 0; i < text.size(); ++i) {
    const unsigned char c = static_cast<unsigned char>(text[i]);
    switch (c) {
      case '"':
        out->append("\\\"");
        break;
      case '\\':
        // A raw backslash right before the closing quote would escape it (Q4).
        out->append(i + 1 == text.size() ? "\\x5c" : "\\\\");
        break;
      case '\b':
        out->append("\\b");
        break;
      case '\f':
        out->append("\\f");
        break;
      case '\n':
        out->append("\\n");
        break;
      case '\r':
        out->append("\\r");
        break;
      case '\t':
        out->append("\\t");
        break;
      default:
        if (IsControl(c)) {
          out->append("\\x");
          out->push_back(kHexDigits[c >> 4]);
          out->push_back(kHexDigits[c & 0xf]);
        } else {
          out->push_back(static_cast<char>(c));
        }
    }
  }
  out->push_back('"');
}

void AppendValue(std::string_view text, std::string* out) {
  if (ValueNeedsQuoting(text)) {
    AppendQuoted(text, out);
  } else {
    out->append(text);
  }
}

void AppendFieldArg(const std::optional<std::string>& arg, std::string* out) {
  if (!arg.has_value()) return;
  out->push_back('[');
  bool bare = !arg->empty();
  for (char c : *arg) bare = bare && !BreaksBareFieldArg(static_cast<unsigned char>(c));
  if (bare) {
    out->append(*arg);
  } else {
    AppendQuoted(*arg, out);
  }
  out->push_back(']');
}

void AppendField(const FieldRef& field, std::string* out) {
  out->append(field.name);
  AppendFieldArg(field.arg, out);
}

// Transformer arguments: a quoted constant stays quoted (only quoted strings and numbers are
// valid there), everything else prints as usual.
void AppendTransformerArg(const Operand& operand, std::string* out) {
  if (const auto* value = DynCast<ConstValue>(&operand); value != nullptr && value->quoted) {
    AppendQuoted(value->text, out);
    return;
  }
  AppendOperand(operand, out);
}

}  // namespace

bool ValueNeedsQuoting(std::string_view text) {
  if (text.empty()) return true;
  for (char c : text) {
    if (BreaksBareValue(static_cast<unsigned char>(c))) return true;
  }
  return false;
}

std::string QuoteString(std::string_view text) {
  std::string out;
  AppendQuoted(text, &out);
  return out;
}

void AppendOperand(const Operand& operand, std::string* out) {
  switch (operand.kind) {
    case OperandKind::kField:
      AppendField(Cast<FieldRef>(operand), out);
      return;
    case OperandKind::kTransformer: {
      const auto& t = Cast<TransformerCall>(operand);
      out->append(TransformerName(t.transformer));
      out->push_back('(');
      for (size_t i = 0; i < t.args.size(); ++i) {
        if (i > 0) out->append(", ");
        AppendTransformerArg(*t.args[i], out);
      }
      out->push_back(')');
      AppendFieldArg(t.arg, out);
      return;
    }
    case OperandKind::kVal: {
      const auto& v = Cast<ValRef>(operand);
      out->append("val(");
      AppendField(v.field, out);
      out->push_back(')');
      AppendFieldArg(v.arg, out);
      return;
    }
    case OperandKind::kValue:
      AppendValue(Cast<ConstValue>(operand).text, out);
      return;
    case OperandKind::kList: {
      const auto& l = Cast<ListLiteral>(operand);
      out->push_back('(');
      for (size_t i = 0; i < l.values.size(); ++i) {
        if (i > 0) out->append(", ");
        AppendValue(l.values[i].text, out);
      }
      out->push_back(')');
      return;
    }
    case OperandKind::kTransformerList: {
      const auto& l = Cast<TransformerList>(operand);
      out->push_back('(');
      for (size_t i = 0; i < l.items.size(); ++i) {
        if (i > 0) out->append(", ");
        AppendTransformerArg(*l.items[i], out);
      }
      out->push_back(')');
      return;
    }
    case OperandKind::kIdentifier:
      out->append(Cast<IdentifierRef>(operand).name);
      return;
  }
  PEREGRINE_UNREACHABLE("invalid OperandKind");
}

void AppendExpr(const Expr& expr, std::string* out) {
  switch (expr.kind) {
    case ExprKind::kAnd:
    case ExprKind::kOr: {
      const auto& l = Cast<LogicalExpr>(expr);
      const char* sep = l.is_and() ? " and " : " or ";
      out->push_back('(');
      for (size_t i = 0; i < l.children.size(); ++i) {
        if (i > 0) out->append(sep);
        AppendExpr(*l.children[i], out);
      }
      out->push_back(')');
      return;
    }
    case ExprKind::kNot: {
      const auto& n = Cast<NotExpr>(expr);
      out->append("not ");
      // `not not x` would be folded away by the parser: keep nested negations apart.
      const bool nested = n.child->kind == ExprKind::kNot;
      if (nested) out->push_back('(');
      AppendExpr(*n.child, out);
      if (nested) out->push_back(')');
      return;
    }
    case ExprKind::kBinaryCheck: {
      const auto& c = Cast<BinaryCheckExpr>(expr);
      AppendOperand(*c.left, out);
      out->push_back(' ');
      out->append(CheckOperatorName(c.op));
      if (c.modifier != OperatorModifier::kNone) {
        out->push_back(' ');
        out->append(OperatorModifierName(c.modifier));
      }
      out->push_back(' ');
      AppendOperand(*c.right, out);
      return;
    }
    case ExprKind::kUnaryCheck: {
      const auto& c = Cast<UnaryCheckExpr>(expr);
      AppendOperand(*c.left, out);
      out->push_back(' ');
      out->append(CheckOperatorName(c.op));
      return;
    }
    case ExprKind::kIdentifier:
      out->append(Cast<IdentifierExpr>(expr).name);
      return;
  }
  PEREGRINE_UNREACHABLE("invalid ExprKind");
}

std::string PrintExpr(const Expr& expr) {
  std::string out;
  AppendExpr(expr, &out);
  return out;
}

std::string PrintOperand(const Operand& operand) {
  std::string out;
  AppendOperand(operand, &out);
  return out;
}

}  // namespace peregrine::compiler::ast
