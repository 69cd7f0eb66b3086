#include "runtime/reload/bundle_manifest.h"

#include <cstdlib>
#include <map>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "base/json_writer.h"

namespace peregrine::runtime::reload {
namespace {

// A parsed JSON value: just what the manifest needs.
struct JsonValue {
  enum class Kind { kNull, kBool, kNumber, kString, kArray, kObject } kind = Kind::kNull;
  bool boolean = false;
  double number = 0;
  std::string text;
  std::vector<JsonValue> items;
  std::map<std::string, JsonValue> fields;
};

// value = object | array | string | number | "true" | "false" | "null"  (RFC 8259)
class JsonParser {
 public:
  explicit JsonParser(std::string_view in) : in_(in) {}

  absl::StatusOr<JsonValue> ParseDocument() {
    JsonValue v;
    if (absl::Status s = Value(&v, 0); !s.ok()) return s;
    Space();
    if (pos_ != in_.size()) return Error("trailing characters");
    return v;
  }

 private:
  absl::Status Error(std::string_view why) const {
    return absl::InvalidArgumentError(
        absl::StrCat("manifest.json: ", std::string(why), " at offset ", pos_));
  }
  void Space() {
    while (pos_ < in_.size() &&
           (in_[pos_] == ' ' || in_[pos_] == '\n' || in_[pos_] == '\r' || in_[pos_] == '\t')) {
      ++pos_;
    }
  }
  bool Literal(std::string_view word) {
    if (in_.substr(pos_, word.size()) != word) return false;
    pos_ += word.size();
    return true;
  }
  absl::Status Value(JsonValue* v, int depth) {
    if (depth > 16) return Error("nesting too deep");
    Space();
    if (pos_ >= in_.size()) return Error("unexpected end");
    const char c = in_[pos_];
    if (c == '{') return Object(v, depth);
    if (c == '[') return Array(v, depth);
    if (c == '"') {
      v->kind = JsonValue::Kind::kString;
      return String(&v->text);
    }
    if (Literal("true")) {
      v->kind = JsonValue::Kind::kBool;
      v->boolean = true;
      return absl::OkStatus();
    }
    if (Literal("false")) {
      v->kind = JsonValue::Kind::kBool;
      return absl::OkStatus();
    }
    if (Literal("null")) return absl::OkStatus();
    if (c == '-' || (c >= '0' && c <= '9')) return Number(v);
    return Error("unexpected character");
  }
  // number = [ "-" ] int [ frac ] [ exp ]
  absl::Status Number(JsonValue* v) {
    const size_t start = pos_;
    if (in_[pos_] == '-') ++pos_;
    size_t digits = 0;
    while (pos_ < in_.size() && in_[pos_] >= '0' && in_[pos_] <= '9') ++pos_, ++digits;
    if (digits == 0) return Error("malformed number");
    if (pos_ < in_.size() && in_[pos_] == '.') {
      ++pos_;
      digits = 0;
      while (pos_ < in_.size() && in_[pos_] >= '0' && in_[pos_] <= '9') ++pos_, ++digits;
      if (digits == 0) return Error("malformed number");
    }
    if (pos_ < in_.size() && (in_[pos_] == 'e' || in_[pos_] == 'E')) {
      ++pos_;
      if (pos_ < in_.size() && (in_[pos_] == '+' || in_[pos_] == '-')) ++pos_;
      digits = 0;
      while (pos_ < in_.size() && in_[pos_] >= '0' && in_[pos_] <= '9') ++pos_, ++digits;
      if (digits == 0) return Error("malformed number");
    }
    v->kind = JsonValue::Kind::kNumber;
    v->number = std::strtod(std::string(in_.substr(start, pos_ - start)).c_str(), nullptr);
    return absl::OkStatus();
  }
  static int Hex(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
  }
  // string = '"' { char | escape } '"'; \u escapes are encoded as UTF-8 (surrogate pairs joined).
  absl::Status String(std::string* out) {
    ++pos_;  // '"'
    while (true) {
      if (pos_ >= in_.size()) return Error("unterminated string");
      const char c = in_[pos_++];
      if (c == '"') return absl::OkStatus();
      if (static_cast<unsigned char>(c) < 0x20) return Error("control character in string");
      if (c != '\\') {
        out->push_back(c);
        continue;
      }
      if (pos_ >= in_.size()) return Error("unterminated escape");
      const char e = in_[pos_++];
      switch (e) {
        case '"':
        case '\\':
        case '/':
          out->push_back(e);
          break;
        case 'b':
          out->push_back('\b');
          break;
        case 'f':
          out->push_back('\f');
          break;
        case 'n':
          out->push_back('\n');
          break;
        case 'r':
          out->push_back('\r');
          break;
        case 't':
          out->push_back('\t');
          break;
        case 'u': {
          uint32_t cp = 0;
          if (absl::Status s = Hex4(&cp); !s.ok()) return s;
          if (cp >= 0xD800 && cp < 0xDC00 && in_.substr(pos_, 2) == "\\u") {
            pos_ += 2;
            uint32_t low = 0;
            if (absl::Status s = Hex4(&low); !s.ok()) return s;
            if (low < 0xDC00 || low >= 0xE000) return Error("bad surrogate pair");
            cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
          }
          AppendUtf8(cp, out);
          break;
        }
        default:
          return Error("bad escape");
      }
    }
  }
  absl::Status Hex4(uint32_t* cp) {
    if (in_.size() - pos_ < 4) return Error("short \\u escape");
    for (int i = 0; i < 4; ++i) {
      const int h = Hex(in_[pos_++]);
      if (h < 0) return Error("bad \\u escape");
      *cp = (*cp << 4) | static_cast<uint32_t>(h);
    }
    return absl::OkStatus();
  }
  static void AppendUtf8(uint32_t cp, std::string* out) {
    if (cp < 0x80) {
      out->push_back(static_cast<char>(cp));
    } else if (cp < 0x800) {
      out->push_back(static_cast<char>(0xC0 | (cp >> 6)));
      out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    } else if (cp < 0x10000) {
      out->push_back(static_cast<char>(0xE0 | (cp >> 12)));
      out->push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
      out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    } else {
      out->push_back(static_cast<char>(0xF0 | (cp >> 18)));
      out->push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
      out->push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
      out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    }
  }
  // array = "[" [ value { "," value } ] "]"
  absl::Status Array(JsonValue* v, int depth) {
    ++pos_;
    v->kind = JsonValue::Kind::kArray;
    Space();
    if (pos_ < in_.size() && in_[pos_] == ']') {
      ++pos_;
      return absl::OkStatus();
    }
    while (true) {
      v->items.emplace_back();
      if (absl::Status s = Value(&v->items.back(), depth + 1); !s.ok()) return s;
      Space();
      if (pos_ >= in_.size()) return Error("unterminated array");
      if (in_[pos_] == ',') {
        ++pos_;
        continue;
      }
      if (in_[pos_] == ']') {
        ++pos_;
        return absl::OkStatus();
      }
      return Error("expected ',' or ']'");
    }
  }
  // object = "{" [ string ":" value { "," string ":" value } ] "}"
  absl::Status Object(JsonValue* v, int depth) {
    ++pos_;
    v->kind = JsonValue::Kind::kObject;
    Space();
    if (pos_ < in_.size() && in_[pos_] == '}') {
      ++pos_;
      return absl::OkStatus();
    }
    while (true) {
      Space();
      if (pos_ >= in_.size() || in_[pos_] != '"') return Error("expected a key");
      std::string key;
      if (absl::Status s = String(&key); !s.ok()) return s;
      Space();
      if (pos_ >= in_.size() || in_[pos_] != ':') return Error("expected ':'");
      ++pos_;
      JsonValue child;
      if (absl::Status s = Value(&child, depth + 1); !s.ok()) return s;
      if (!v->fields.emplace(key, std::move(child)).second) {
        return Error(absl::StrCat("duplicate key '", key, "'"));
      }
      Space();
      if (pos_ >= in_.size()) return Error("unterminated object");
      if (in_[pos_] == ',') {
        ++pos_;
        continue;
      }
      if (in_[pos_] == '}') {
        ++pos_;
        return absl::OkStatus();
      }
      return Error("expected ',' or '}'");
    }
  }

  std::string_view in_;
  size_t pos_ = 0;
};

absl::Status Invalid(std::string_view why) {
  return absl::InvalidArgumentError(absl::StrCat("manifest.json: ", std::string(why)));
}

const JsonValue* Field(const JsonValue& object, const std::string& key, JsonValue::Kind kind) {
  auto it = object.fields.find(key);
  if (it == object.fields.end() || it->second.kind != kind) return nullptr;
  return &it->second;
}

bool IsSha256Hex(std::string_view s) {
  if (s.size() != 64) return false;
  for (char c : s) {
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  }
  return true;
}

}  // namespace

std::string ManifestToJson(const BundleManifest& manifest) {
  JsonWriter w;
  w.BeginObject();
  w.Key("format").String(kBundleFormat);
  w.Key("format_version").Int(kBundleFormatVersion);
  w.Key("version").String(manifest.version);
  w.Key("created").String(manifest.created);
  w.Key("files").BeginArray();
  for (const BundleFileEntry& f : manifest.files) {
    w.BeginObject();
    w.Key("path").String(f.path);
    w.Key("sha256").String(f.sha256);
    w.Key("size").Uint(f.size);
    w.EndObject();
  }
  w.EndArray();
  w.EndObject();
  return w.str() + "\n";
}

absl::StatusOr<BundleManifest> ManifestFromJson(std::string_view json) {
  absl::StatusOr<JsonValue> root = JsonParser(json).ParseDocument();
  if (!root.ok()) return root.status();
  using Kind = JsonValue::Kind;
  if (root->kind != Kind::kObject) return Invalid("not a JSON object");
  const JsonValue* format = Field(*root, "format", Kind::kString);
  if (format == nullptr || format->text != kBundleFormat) {
    return Invalid(absl::StrCat("format is not \"", std::string(kBundleFormat), "\""));
  }
  const JsonValue* fv = Field(*root, "format_version", Kind::kNumber);
  if (fv == nullptr || fv->number != kBundleFormatVersion) {
    return Invalid(absl::StrCat("unsupported format_version (this peregrine reads ",
                                kBundleFormatVersion, ")"));
  }
  BundleManifest m;
  const JsonValue* version = Field(*root, "version", Kind::kString);
  if (version == nullptr || version->text.empty()) return Invalid("missing version");
  m.version = version->text;
  if (const JsonValue* created = Field(*root, "created", Kind::kString)) m.created = created->text;
  const JsonValue* files = Field(*root, "files", Kind::kArray);
  if (files == nullptr) return Invalid("missing files list");
  for (size_t i = 0; i < files->items.size(); ++i) {
    const JsonValue& f = files->items[i];
    const JsonValue* path = f.kind == Kind::kObject ? Field(f, "path", Kind::kString) : nullptr;
    const JsonValue* sha = f.kind == Kind::kObject ? Field(f, "sha256", Kind::kString) : nullptr;
    const JsonValue* size = f.kind == Kind::kObject ? Field(f, "size", Kind::kNumber) : nullptr;
    if (path == nullptr || sha == nullptr || size == nullptr) {
      return Invalid(absl::StrCat("files[", i, "] needs path, sha256 and size"));
    }
    if (!IsSha256Hex(sha->text)) {
      return Invalid(absl::StrCat("files[", i, "].sha256 is not 64 lower-case hex digits"));
    }
    if (size->number < 0 || size->number > 9007199254740992.0 ||
        size->number != static_cast<double>(static_cast<uint64_t>(size->number))) {
      return Invalid(absl::StrCat("files[", i, "].size is not a byte count"));
    }
    m.files.push_back(BundleFileEntry{path->text, sha->text, static_cast<uint64_t>(size->number)});
  }
  return m;
}

}  // namespace peregrine::runtime::reload
