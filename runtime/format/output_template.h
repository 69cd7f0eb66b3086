// OutputTemplate: a compiled rule output format string (falco-rule-language.md §6.1, §6.2).
#ifndef PEREGRINE_RUNTIME_FORMAT_OUTPUT_TEMPLATE_H_
#define PEREGRINE_RUNTIME_FORMAT_OUTPUT_TEMPLATE_H_

#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "base/json_writer.h"
#include "runtime/catalog/field_catalog.h"
#include "runtime/events/event.h"
#include "runtime/fields/field_value.h"
#include "runtime/state/state_view.h"

namespace peregrine::runtime {

enum class Transformer : uint8_t { kToLower, kToUpper, kB64, kBasename, kLen };

// One piece of a template: literal text, or a field reference.
struct TemplateToken {
  bool is_field = false;
  std::string literal;                    // !is_field
  catalog::ResolvedField field{};         // is_field
  std::vector<Transformer> transformers;  // applied innermost first
  int width = 0;                          // %Nfield: pad/truncate to N characters (0 = as is)
  std::string key;  // the field as written, without transformers ("proc.aname[2]")
};

// Immutable after Parse(); Render() is const and thread-safe (each caller brings its buffers).
class OutputTemplate {
 public:
  // Parses `text` (a leading '*' is accepted and ignored: alerts always render unavailable fields
  // as <NA>). `%container.info` is removed and reported in `*warnings` (LOAD_DEPRECATED_ITEM
  // text). Errors use Falco's messages: "invalid formatting syntax: formatting cannot end with a
  // %", "unknown filter: …", plus ResolveField's messages for bad arguments.
  static absl::StatusOr<OutputTemplate> Parse(std::string_view text,
                                              std::vector<std::string>* warnings = nullptr);

  // Appends the rendered text (§6.2) to `*out`.
  void Render(const Event& event, const StateView& state, std::string* out) const;

  // Writes one JSON member per distinct field token (key as written, typed value, null when
  // unavailable, §6.5) into an open JSON object. Keys are emitted in the order of `keys()`.
  void WriteFields(const Event& event, const StateView& state, JsonWriter* json) const;
  // Writes the value of keys()[k] (the key itself is written by the caller).
  void WriteFieldValue(size_t k, const Event& event, const StateView& state,
                       JsonWriter* json) const;

  const std::vector<TemplateToken>& tokens() const { return tokens_; }
  // Distinct field keys, sorted (JSON output_fields order).
  const std::vector<std::string>& keys() const { return keys_; }
  const std::string& text() const { return text_; }

 private:
  std::string text_;
  std::vector<TemplateToken> tokens_;
  std::vector<std::string> keys_;
  std::vector<size_t> key_token_;  // for each key, the index of its first token
};

// Appends the §6.2 text form of an extracted value ("<NA>" when unavailable).
void AppendValueText(const FieldValue& value, std::string* out);

}  // namespace peregrine::runtime

#endif  // PEREGRINE_RUNTIME_FORMAT_OUTPUT_TEMPLATE_H_
