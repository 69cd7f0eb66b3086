// OutputTemplate: parsing (§6.1) and rendering (§6.2) of output format strings.
#include "runtime/format/output_template.h"

#include <algorithm>
#include <cinttypes>
#include <cstdio>

#include "absl/strings/str_cat.h"
#include "runtime/events/net_format.h"
#include "runtime/fields/extract.h"

namespace peregrine::runtime {
namespace {

constexpr std::string_view kContainerInfo = "%container.info";

bool IsIdentChar(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

bool TransformerByName(std::string_view name, Transformer* t) {
  if (name == "tolower") {
    *t = Transformer::kToLower;
  } else if (name == "toupper") {
    *t = Transformer::kToUpper;
  } else if (name == "b64") {
    *t = Transformer::kB64;
  } else if (name == "basename") {
    *t = Transformer::kBasename;
  } else if (name == "len") {
    *t = Transformer::kLen;
  } else {
    return false;
  }
  return true;
}

bool B64Decode(std::string_view in, std::string* out) {
  out->clear();
  uint32_t acc = 0;
  int bits = 0;
  for (char c : in) {
    int v;
    if (c >= 'A' && c <= 'Z') {
      v = c - 'A';
    } else if (c >= 'a' && c <= 'z') {
      v = c - 'a' + 26;
    } else if (c >= '0' && c <= '9') {
      v = c - '0' + 52;
    } else if (c == '+') {
      v = 62;
    } else if (c == '/') {
      v = 63;
    } else if (c == '=') {
      break;
    } else {
      return false;
    }
    acc = (acc << 6) | static_cast<uint32_t>(v);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out->push_back(static_cast<char>((acc >> bits) & 0xff));
    }
  }
  return true;
}

// Applies a transformer to a value in place; false makes the value unavailable.
bool ApplyTransformer(Transformer t, FieldValue* v) {
  if (!v->available()) return false;
  switch (t) {
    case Transformer::kToLower:
    case Transformer::kToUpper: {
      if (v->kind != ValueKind::kString) return false;
      std::string s(v->str);
      for (char& c : s) {
        if (t == Transformer::kToLower && c >= 'A' && c <= 'Z')
          c = static_cast<char>(c - 'A' + 'a');
        if (t == Transformer::kToUpper && c >= 'a' && c <= 'z')
          c = static_cast<char>(c - 'a' + 'A');
      }
      v->BeginStorage() = std::move(s);
      v->CommitStorage();
      return true;
    }
    case Transformer::kB64: {
      std::string s;
      if (!B64Decode(v->str, &s)) {
        v->Clear();
        return false;
      }
      const ValueKind k = v->kind;
      v->BeginStorage() = std::move(s);
      v->CommitStorage();
      v->kind = k;
      return true;
    }
    case Transformer::kBasename: {
      std::string_view s = v->str;
      size_t slash = s.rfind('/');
      std::string b(slash == std::string_view::npos ? s : s.substr(slash + 1));
      v->BeginStorage() = std::move(b);
      v->CommitStorage();
      return true;
    }
    case Transformer::kLen:
      if (v->kind == ValueKind::kStringList) {
        v->SetUint(v->list.size());
      } else if (v->kind == ValueKind::kString) {
        size_t nul = v->str.find('\0');
        v->SetUint(nul == std::string_view::npos ? v->str.size() : nul);
      } else {
        v->SetUint(v->str.size());
      }
      return true;
  }
  return false;
}

bool ExtractToken(const TemplateToken& tok, const Event& event, const StateView& state,
                  FieldValue* v) {
  if (tok.field.info->Has(catalog::kFieldFilterOnly)) {
    v->Clear();
    return false;
  }
  if (!Extract(tok.field, event, state, v)) return false;
  for (Transformer t : tok.transformers) {
    if (!ApplyTransformer(t, v)) return false;
  }
  return true;
}

}  // namespace

void AppendValueText(const FieldValue& v, std::string* out) {
  char buf[64];
  switch (v.kind) {
    case ValueKind::kNone:
      out->append("<NA>");
      return;
    case ValueKind::kString: {
      // C-string semantics: stop at the first NUL.
      size_t nul = v.str.find('\0');
      out->append(nul == std::string_view::npos ? v.str : v.str.substr(0, nul));
      return;
    }
    case ValueKind::kInt:
      out->append(std::to_string(v.i));
      return;
    case ValueKind::kUint:
      out->append(std::to_string(v.u));
      return;
    case ValueKind::kBool:
      out->append(v.b ? "true" : "false");
      return;
    case ValueKind::kDouble:
      std::snprintf(buf, sizeof(buf), "%.1f", v.d);
      out->append(buf);
      return;
    case ValueKind::kIp:
      AppendIp(v.ip, out);
      return;
    case ValueKind::kBytes:
      for (char c : v.str.substr(0, std::min<size_t>(v.str.size(), 1024))) {
        const unsigned char u = static_cast<unsigned char>(c);
        out->push_back(u >= 0x20 && u < 0x7f ? c : '.');
      }
      return;
    case ValueKind::kStringList:
      out->push_back('(');
      for (size_t i = 0; i < v.list.size(); ++i) {
        if (i > 0) out->push_back(',');
        out->append(v.list[i]);
      }
      out->push_back(')');
      return;
  }
}

absl::StatusOr<OutputTemplate> OutputTemplate::Parse(std::string_view text,
                                                     std::vector<std::string>* warnings) {
  OutputTemplate t;
  t.text_ = std::string(text);
  std::string src(text);
  if (!src.empty() && src[0] == '*') src.erase(0, 1);
  for (size_t p = src.find(kContainerInfo); p != std::string::npos; p = src.find(kContainerInfo)) {
    src.erase(p, kContainerInfo.size());
    if (warnings != nullptr) {
      warnings->push_back(
          "%container.info is deprecated and no longer needed in outputs: it was removed");
    }
  }
  std::string_view s = src;
  std::string literal;
  auto flush = [&] {
    if (literal.empty()) return;
    TemplateToken tok;
    tok.literal = std::move(literal);
    literal.clear();
    t.tokens_.push_back(std::move(tok));
  };
  size_t i = 0;
  while (i < s.size()) {
    if (s[i] != '%') {
      literal.push_back(s[i++]);
      continue;
    }
    ++i;
    if (i >= s.size()) {
      return absl::InvalidArgumentError(
          "invalid formatting syntax: formatting cannot end with a %");
    }
    TemplateToken tok;
    tok.is_field = true;
    while (i < s.size() && s[i] >= '0' && s[i] <= '9') {
      tok.width = tok.width * 10 + (s[i] - '0');
      ++i;
    }
    // Transformers: name(...) wrapping a field, possibly nested.
    std::vector<Transformer> outer_first;
    while (true) {
      size_t j = i;
      while (j < s.size() && IsIdentChar(s[j])) ++j;
      Transformer tr;
      if (j < s.size() && s[j] == '(' && TransformerByName(s.substr(i, j - i), &tr)) {
        outer_first.push_back(tr);
        i = j + 1;
        continue;
      }
      break;
    }
    const size_t len = catalog::LongestFieldPrefix(absl::string_view(s.data() + i, s.size() - i));
    if (len == 0) {
      return absl::InvalidArgumentError("unknown filter: " + std::string(s.substr(i)));
    }
    std::string name(s.substr(i, len));
    i += len;
    std::optional<std::string> arg;
    if (i < s.size() && s[i] == '[') {
      size_t close = s.find(']', i);
      if (close == std::string_view::npos) {
        return absl::InvalidArgumentError("unknown filter: " + std::string(s.substr(i - len)));
      }
      arg = std::string(s.substr(i + 1, close - i - 1));
      i = close + 1;
    }
    auto resolved = catalog::ResolveField(name, arg);
    if (!resolved.ok()) return resolved.status();
    tok.field = *std::move(resolved);
    tok.key = tok.field.DisplayName();
    for (size_t k = 0; k < outer_first.size(); ++k) {
      if (i >= s.size() || s[i] != ')') {
        return absl::InvalidArgumentError("invalid formatting syntax: missing ')' after " +
                                          tok.key);
      }
      ++i;
    }
    tok.transformers.assign(outer_first.rbegin(), outer_first.rend());
    flush();
    t.tokens_.push_back(std::move(tok));
  }
  flush();
  for (size_t k = 0; k < t.tokens_.size(); ++k) {
    const TemplateToken& tok = t.tokens_[k];
    if (!tok.is_field) continue;
    if (std::find(t.keys_.begin(), t.keys_.end(), tok.key) != t.keys_.end()) continue;
    t.keys_.push_back(tok.key);
    t.key_token_.push_back(k);
  }
  std::vector<size_t> order(t.keys_.size());
  for (size_t k = 0; k < order.size(); ++k) order[k] = k;
  std::sort(order.begin(), order.end(),
            [&](size_t a, size_t b) { return t.keys_[a] < t.keys_[b]; });
  std::vector<std::string> keys;
  std::vector<size_t> idx;
  for (size_t k : order) {
    keys.push_back(t.keys_[k]);
    idx.push_back(t.key_token_[k]);
  }
  t.keys_ = std::move(keys);
  t.key_token_ = std::move(idx);
  return t;
}

void OutputTemplate::Render(const Event& event, const StateView& state, std::string* out) const {
  FieldValue v;
  std::string piece;
  for (const TemplateToken& tok : tokens_) {
    if (!tok.is_field) {
      out->append(tok.literal);
      continue;
    }
    ExtractToken(tok, event, state, &v);
    if (tok.width <= 0) {
      AppendValueText(v, out);
      continue;
    }
    piece.clear();
    AppendValueText(v, &piece);
    piece.resize(static_cast<size_t>(tok.width), ' ');
    out->append(piece);
  }
}

void OutputTemplate::WriteFields(const Event& event, const StateView& state,
                                 JsonWriter* json) const {
  for (size_t k = 0; k < keys_.size(); ++k) {
    json->Key(keys_[k]);
    WriteFieldValue(k, event, state, json);
  }
}

void OutputTemplate::WriteFieldValue(size_t k, const Event& event, const StateView& state,
                                     JsonWriter* json) const {
  FieldValue v;
  const TemplateToken& tok = tokens_[key_token_[k]];
  // Transformed fields are emitted as the plain inner field (§6.5).
  if (tok.field.info->Has(catalog::kFieldFilterOnly) || !Extract(tok.field, event, state, &v)) {
    json->Null();
    return;
  }
  switch (v.kind) {
    case ValueKind::kInt:
      json->Int(v.i);
      return;
    case ValueKind::kUint:
      json->Uint(v.u);
      return;
    case ValueKind::kBool:
      json->Bool(v.b);
      return;
    case ValueKind::kStringList:
      json->BeginArray();
      for (std::string_view s : v.list) json->String(s);
      json->EndArray();
      return;
    default: {
      std::string text;
      AppendValueText(v, &text);
      json->String(text);
      return;
    }
  }
}

}  // namespace peregrine::runtime
