// A minimal streaming JSON writer: enough for diagnostics, alerts and benchmark results.
#ifndef PEREGRINE_BASE_JSON_WRITER_H_
#define PEREGRINE_BASE_JSON_WRITER_H_

#include <cstdint>
#include <cstdio>
#include <string>
#include <string_view>
#include <vector>

namespace peregrine {

// Appends `text` to `out` as the body of a JSON string (no surrounding quotes): control characters
// become \n, \t, \u00XX; quotes and backslashes are escaped; invalid UTF-8 becomes U+FFFD.
inline void AppendJsonEscaped(std::string_view text, std::string* out) {
  static constexpr char kHex[] = "0123456789abcdef";
  size_t i = 0;
  while (i < text.size()) {
    const unsigned char c = static_cast<unsigned char>(text[i]);
    if (c < 0x80) {
      switch (c) {
        case '"':
          out->append("\\\"");
          break;
        case '\\':
          out->append("\\\\");
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
          if (c < 0x20) {
            out->append("\\u00");
            out->push_back(kHex[c >> 4]);
            out->push_back(kHex[c & 0xf]);
          } else {
            out->push_back(static_cast<char>(c));
          }
      }
      ++i;
      continue;
    }
    // Validate one UTF-8 sequence; copy it whole or replace the lead byte with U+FFFD.
    int length = (c & 0xE0) == 0xC0 ? 2 : (c & 0xF0) == 0xE0 ? 3 : (c & 0xF8) == 0xF0 ? 4 : 0;
    bool valid = length > 0 && i + length <= text.size();
    for (int k = 1; valid && k < length; ++k) {
      valid = (static_cast<unsigned char>(text[i + k]) & 0xC0) == 0x80;
    }
    if (valid && length == 2 && c < 0xC2) valid = false;  // overlong
    if (valid) {
      out->append(text.substr(i, length));
      i += length;
    } else {
      out->append("\xEF\xBF\xBD");
      ++i;
    }
  }
}

// Builds one JSON document into a string. The caller is responsible for well-formedness of the
// Begin/End nesting; the writer inserts commas. Thread-compatible.
class JsonWriter {
 public:
  JsonWriter& BeginObject() {
    Separate();
    out_.push_back('{');
    first_.push_back(true);
    return *this;
  }
  JsonWriter& EndObject() {
    out_.push_back('}');
    first_.pop_back();
    return *this;
  }
  JsonWriter& BeginArray() {
    Separate();
    out_.push_back('[');
    first_.push_back(true);
    return *this;
  }
  JsonWriter& EndArray() {
    out_.push_back(']');
    first_.pop_back();
    return *this;
  }

  // Writes `"key":`; the next value call completes the member.
  JsonWriter& Key(std::string_view key) {
    Separate();
    out_.push_back('"');
    AppendJsonEscaped(key, &out_);
    out_.append("\":");
    after_key_ = true;
    return *this;
  }
  JsonWriter& String(std::string_view value) {
    Separate();
    out_.push_back('"');
    AppendJsonEscaped(value, &out_);
    out_.push_back('"');
    return *this;
  }
  JsonWriter& Int(int64_t value) {
    Separate();
    out_.append(std::to_string(value));
    return *this;
  }
  JsonWriter& Uint(uint64_t value) {
    Separate();
    out_.append(std::to_string(value));
    return *this;
  }
  JsonWriter& Double(double value) {
    Separate();
    char buffer[32];
    std::snprintf(buffer, sizeof(buffer), "%.6g", value);
    out_.append(buffer);
    return *this;
  }
  JsonWriter& Bool(bool value) {
    Separate();
    out_.append(value ? "true" : "false");
    return *this;
  }
  JsonWriter& Null() {
    Separate();
    out_.append("null");
    return *this;
  }

  const std::string& str() const { return out_; }

 private:
  void Separate() {
    if (after_key_) {
      after_key_ = false;
      return;
    }
    if (!first_.empty()) {
      if (!first_.back()) out_.push_back(',');
      first_.back() = false;
    }
  }

  std::string out_;
  std::vector<bool> first_;
  bool after_key_ = false;
};

}  // namespace peregrine

#endif  // PEREGRINE_BASE_JSON_WRITER_H_
