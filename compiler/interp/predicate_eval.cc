#include "compiler/interp/predicate_eval.h"

#include <algorithm>
#include <cstring>
#include <regex>

#include "base/status_macros.h"
#include "base/string_view_compat.h"
#include "compiler/eval/string_match.h"

namespace peregrine::compiler::interp {
namespace {

using catalog::Op;
using eval::FieldValue;
using Kind = eval::FieldValue::Kind;

// Strings compare with C semantics: the value ends at its first NUL (§4.4).
std::string_view CString(std::string_view s) {
  const size_t nul = s.find('\0');
  return nul == std::string_view::npos ? s : s.substr(0, nul);
}

bool IsIntegral(const FieldValue& v) {
  return v.kind == Kind::kInt || v.kind == Kind::kUint || v.kind == Kind::kBool;
}

__int128 AsInt128(const FieldValue& v) {
  switch (v.kind) {
    case Kind::kInt:
      return v.i;
    case Kind::kUint:
      return v.u;
    case Kind::kBool:
      return v.b ? 1 : 0;
    case Kind::kDouble:
      return static_cast<__int128>(v.d);
    default:
      return 0;
  }
}

double AsDouble(const FieldValue& v) {
  return v.kind == Kind::kDouble ? v.d : static_cast<double>(AsInt128(v));
}

// -1, 0, 1 for numeric values of any representation.
int CompareNumbers(const FieldValue& a, const FieldValue& b) {
  if (a.kind == Kind::kDouble || b.kind == Kind::kDouble) {
    const double x = AsDouble(a), y = AsDouble(b);
    return x < y ? -1 : (x > y ? 1 : 0);
  }
  const __int128 x = AsInt128(a), y = AsInt128(b);
  return x < y ? -1 : (x > y ? 1 : 0);
}

bool OrderedResult(Op op, int cmp) {
  switch (op) {
    case Op::kEq:
    case Op::kEqEq:
      return cmp == 0;
    case Op::kNe:
      return cmp != 0;
    case Op::kLt:
      return cmp < 0;
    case Op::kLe:
      return cmp <= 0;
    case Op::kGt:
      return cmp > 0;
    case Op::kGe:
      return cmp >= 0;
    default:
      return false;
  }
}

int CompareStrings(std::string_view a, std::string_view b) {
  const int c = a.compare(b);
  return c < 0 ? -1 : (c > 0 ? 1 : 0);
}

// A constant as a FieldValue (strings borrow the constant).
FieldValue ConstantValue(const catalog::Value& c) {
  return std::visit(
      [](const auto& v) -> FieldValue {
        using T = std::decay_t<decltype(v)>;
        if constexpr (std::is_same_v<T, int64_t>) return FieldValue::Int(v);
        if constexpr (std::is_same_v<T, uint64_t>) return FieldValue::Uint(v);
        if constexpr (std::is_same_v<T, double>) return FieldValue::Double(v);
        if constexpr (std::is_same_v<T, bool>) return FieldValue::Bool(v);
        if constexpr (std::is_same_v<T, std::string>) return FieldValue::String(v);
        if constexpr (std::is_same_v<T, catalog::Bytes>) return FieldValue::Bytes(v.data);
        if constexpr (std::is_same_v<T, catalog::IpAddress>) return FieldValue::Ip(v);
        if constexpr (std::is_same_v<T, catalog::IpNetwork>) return FieldValue::Ip(v.addr);
      },
      c);
}

bool InNetwork(const catalog::IpAddress& ip, const catalog::IpNetwork& net) {
  if (ip.is_v6 != net.addr.is_v6) return false;
  const int bits = std::min<int>(net.prefix_len, ip.is_v6 ? 128 : 32);
  const int full = bits / 8;
  if (std::memcmp(ip.bytes.data(), net.addr.bytes.data(), full) != 0) return false;
  const int rest = bits % 8;
  if (rest == 0) return true;
  const uint8_t mask = static_cast<uint8_t>(0xFF << (8 - rest));
  return (ip.bytes[full] & mask) == (net.addr.bytes[full] & mask);
}

// Whether an IP value equals an address constant or lies in a network constant.
bool IpMatches(const catalog::IpAddress& ip, const catalog::Value& c) {
  if (const auto* net = std::get_if<catalog::IpNetwork>(&c)) return InNetwork(ip, *net);
  if (const auto* addr = std::get_if<catalog::IpAddress>(&c)) {
    if (ip.is_v6 != addr->is_v6) return false;
    return std::memcmp(ip.bytes.data(), addr->bytes.data(), ip.is_v6 ? 16 : 4) == 0;
  }
  return false;
}

// `value op constant` for one constant, every scalar operator. `index` selects the precompiled
// regex of that constant.
bool ScalarCompare(Op op, const FieldValue& value, const catalog::Value& constant,
                   const ir::Lowered& lowered, size_t index) {
  switch (value.kind) {
    case Kind::kString: {
      const std::string* c = std::get_if<std::string>(&constant);
      if (c == nullptr) return false;
      const std::string_view v = CString(value.str);
      switch (op) {
        case Op::kEq:
        case Op::kEqEq:
        case Op::kNe:
        case Op::kLt:
        case Op::kLe:
        case Op::kGt:
        case Op::kGe:
          return OrderedResult(op, CompareStrings(v, *c));
        case Op::kContains:
          return v.find(*c) != std::string_view::npos;
        case Op::kIContains:
          return eval::ContainsIgnoreCase(v, *c);
        case Op::kStartsWith:
          return v.substr(0, c->size()) == *c;
        case Op::kEndsWith:
          return v.size() >= c->size() && v.substr(v.size() - c->size()) == *c;
        case Op::kGlob:
          return eval::GlobMatch(*c, v, /*casefold=*/false);
        case Op::kIGlob:
          return eval::GlobMatch(*c, v, /*casefold=*/true);
        case Op::kRegex:
          return index < lowered.regexes.size() &&
                 std::regex_match(v.begin(), v.end(), lowered.regexes[index]);
        case Op::kIn:
        case Op::kIntersects:
          return v == *c;
        default:
          return false;
      }
    }
    case Kind::kBytes: {
      std::string_view c;
      if (const auto* bytes = std::get_if<catalog::Bytes>(&constant))
        c = bytes->data;
      else if (const auto* s = std::get_if<std::string>(&constant))
        c = *s;
      else
        return false;
      const std::string_view v = value.str;
      switch (op) {
        case Op::kEq:
        case Op::kEqEq:
        case Op::kIn:
        case Op::kIntersects:
          return v == c;
        case Op::kNe:
          return v != c;
        case Op::kContains:
        case Op::kBContains:
          return v.find(c) != std::string_view::npos;
        case Op::kBStartsWith:
        case Op::kStartsWith:
          return v.substr(0, c.size()) == c;
        case Op::kEndsWith:
          return v.size() >= c.size() && v.substr(v.size() - c.size()) == c;
        default:
          return false;
      }
    }
    case Kind::kIp: {
      const bool match = IpMatches(value.ip, constant);
      switch (op) {
        case Op::kEq:
        case Op::kEqEq:
        case Op::kIn:
        case Op::kIntersects:
          return match;
        case Op::kNe:
          return !match;  // a family mismatch counts as different
        default:
          return false;
      }
    }
    case Kind::kInt:
    case Kind::kUint:
    case Kind::kBool:
    case Kind::kDouble: {
      const FieldValue c = ConstantValue(constant);
      if (c.kind == Kind::kString || c.kind == Kind::kBytes || c.kind == Kind::kIp) return false;
      const Op ordered = (op == Op::kIn || op == Op::kIntersects) ? Op::kEq : op;
      return OrderedResult(ordered, CompareNumbers(value, c));
    }
    case Kind::kList:
      return false;  // list fields only take in/intersects, handled by the caller
  }
  PEREGRINE_UNREACHABLE("all value kinds handled");
}

bool ListOperator(Op op, const ir::Predicate& predicate, const FieldValue& value) {
  const ir::Lowered& lowered = *predicate.lowered;
  if (value.kind == Kind::kList) {
    const std::vector<std::string_view>& items = *value.list;
    auto contains = [&](std::string_view item) {
      return lowered.strings.contains(Sv(CString(item)));
    };
    if (op == Op::kIn) return std::all_of(items.begin(), items.end(), contains);
    if (op == Op::kIntersects) return std::any_of(items.begin(), items.end(), contains);
    return false;
  }
  if (op == Op::kPmatch) {
    return value.kind == Kind::kString && lowered.paths != nullptr &&
           lowered.paths->Matches(CString(value.str));
  }
  if (value.kind == Kind::kString && !lowered.strings.empty()) {
    // In sets, trailing NULs of the value are ignored (§4.4).
    return lowered.strings.contains(Sv(CString(value.str)));
  }
  if ((value.kind == Kind::kInt || value.kind == Kind::kUint) && !lowered.numbers.empty()) {
    return lowered.numbers.contains(value.kind == Kind::kInt ? static_cast<uint64_t>(value.i)
                                                             : value.u);
  }
  for (size_t i = 0; i < predicate.values.size(); ++i) {
    if (ScalarCompare(Op::kEq, value, predicate.values[i], lowered, i)) return true;
  }
  return false;
}

bool DecodeBase64(std::string_view in, std::string* out) {
  auto decode = [](char c) -> int {
    if (c >= 'A' && c <= 'Z') return c - 'A';
    if (c >= 'a' && c <= 'z') return c - 'a' + 26;
    if (c >= '0' && c <= '9') return c - '0' + 52;
    if (c == '+') return 62;
    if (c == '/') return 63;
    return -1;
  };
  while (!in.empty() && in.back() == '=') in.remove_suffix(1);
  out->clear();
  uint32_t buffer = 0;
  int bits = 0;
  for (char c : in) {
    const int d = decode(c);
    if (d < 0) return false;
    buffer = (buffer << 6) | static_cast<uint32_t>(d);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out->push_back(static_cast<char>((buffer >> bits) & 0xFF));
    }
  }
  return bits < 6;  // a single leftover sextet cannot encode a byte
}

}  // namespace

bool ApplyTransforms(const std::vector<ir::Transform>& transforms, FieldValue* value,
                     std::string* scratch) {
  for (ir::Transform t : transforms) {
    switch (t) {
      case ir::Transform::kToLower:
      case ir::Transform::kToUpper: {
        scratch->assign(CString(value->str));
        for (char& c : *scratch) {
          c = t == ir::Transform::kToLower ? static_cast<char>(std::tolower(c))
                                           : static_cast<char>(std::toupper(c));
        }
        value->str = *scratch;
        break;
      }
      case ir::Transform::kB64: {
        std::string decoded;
        if (!DecodeBase64(value->kind == Kind::kString ? CString(value->str) : value->str,
                          &decoded)) {
          return false;
        }
        *scratch = std::move(decoded);
        value->str = *scratch;
        break;
      }
      case ir::Transform::kBasename: {
        std::string_view v = CString(value->str);
        const size_t slash = v.rfind('/');
        value->str = slash == std::string_view::npos ? v : v.substr(slash + 1);
        break;
      }
      case ir::Transform::kLen: {
        uint64_t length = 0;
        if (value->kind == Kind::kList)
          length = value->list->size();
        else if (value->kind == Kind::kString)
          length = CString(value->str).size();
        else
          length = value->str.size();
        *value = FieldValue::Uint(length);
        break;
      }
    }
  }
  return true;
}

bool CompareWithConstants(const ir::Predicate& predicate, const ir::Operand& lhs,
                          const FieldValue& value) {
  return CompareWithConstantsAs(predicate.op, predicate, lhs, value);
}

bool CompareWithConstantsAs(Op op, const ir::Predicate& predicate, const ir::Operand& lhs,
                            const FieldValue& value) {
  if (op == Op::kExists) return true;
  const ir::Lowered& lowered = *predicate.lowered;
  if (predicate.modifier != catalog::Modifier::kNone) {
    size_t matches = 0;
    for (size_t i = 0; i < predicate.values.size(); ++i) {
      if (ScalarCompare(op, value, predicate.values[i], lowered, i)) ++matches;
    }
    switch (predicate.modifier) {
      case catalog::Modifier::kOneOf:
        return matches == 1;
      case catalog::Modifier::kAnyOf:
        return matches >= 1;
      case catalog::Modifier::kAllOf:
        return !predicate.values.empty() && matches == predicate.values.size();
      case catalog::Modifier::kNone:
        break;
    }
    PEREGRINE_UNREACHABLE("modifier handled above");
  }
  if (lhs.field.id == catalog::FieldId::kFdNet) {
    // Falco quirk (§4.5): fd.net tests only the first network of a list; intersects never holds.
    if (op == Op::kIntersects || predicate.values.empty()) return false;
    return ScalarCompare(op == Op::kIn ? Op::kEq : op, value, predicate.values[0], lowered, 0);
  }
  if (op == Op::kIn || op == Op::kIntersects || op == Op::kPmatch) {
    return ListOperator(op, predicate, value);
  }
  if (predicate.values.empty()) return false;
  return ScalarCompare(op, value, predicate.values[0], lowered, 0);
}

bool CompareWithField(const ir::Predicate& predicate, const FieldValue& value,
                      const FieldValue& rhs) {
  const Op op = predicate.op;
  if (value.kind == Kind::kString && rhs.kind == Kind::kString) {
    const std::string_view v = CString(value.str), r = CString(rhs.str);
    switch (op) {
      case Op::kContains:
        return v.find(r) != std::string_view::npos;
      case Op::kIContains:
        return eval::ContainsIgnoreCase(v, r);
      case Op::kStartsWith:
        return v.substr(0, r.size()) == r;
      case Op::kEndsWith:
        return v.size() >= r.size() && v.substr(v.size() - r.size()) == r;
      case Op::kGlob:
        return eval::GlobMatch(r, v, false);
      case Op::kIGlob:
        return eval::GlobMatch(r, v, true);
      case Op::kIn:
      case Op::kIntersects:
        return v == r;
      default:
        return OrderedResult(op, CompareStrings(v, r));
    }
  }
  if (value.kind == Kind::kIp && rhs.kind == Kind::kIp) {
    const bool equal = value.ip == rhs.ip;
    return op == Op::kNe ? !equal : (op == Op::kEq || op == Op::kEqEq || op == Op::kIn) && equal;
  }
  if (value.kind == Kind::kBytes && rhs.kind == Kind::kBytes) {
    switch (op) {
      case Op::kEq:
      case Op::kEqEq:
        return value.str == rhs.str;
      case Op::kNe:
        return value.str != rhs.str;
      case Op::kContains:
      case Op::kBContains:
        return value.str.find(rhs.str) != std::string_view::npos;
      case Op::kBStartsWith:
        return value.str.substr(0, rhs.str.size()) == rhs.str;
      default:
        return false;
    }
  }
  if (value.kind == Kind::kList && rhs.kind == Kind::kList) {
    auto in_rhs = [&](std::string_view item) {
      return std::find(rhs.list->begin(), rhs.list->end(), item) != rhs.list->end();
    };
    if (op == Op::kIn) return std::all_of(value.list->begin(), value.list->end(), in_rhs);
    if (op == Op::kIntersects) return std::any_of(value.list->begin(), value.list->end(), in_rhs);
    return false;
  }
  if ((IsIntegral(value) || value.kind == Kind::kDouble) &&
      (IsIntegral(rhs) || rhs.kind == Kind::kDouble)) {
    const Op ordered = (op == Op::kIn || op == Op::kIntersects) ? Op::kEq : op;
    return OrderedResult(ordered, CompareNumbers(value, rhs));
  }
  return false;
}

}  // namespace peregrine::compiler::interp
