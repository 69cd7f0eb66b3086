// AlertFormatter: Falco's alert line and JSON alert for a matching rule (§6.3–§6.5).
#ifndef PEREGRINE_RUNTIME_FORMAT_ALERT_FORMATTER_H_
#define PEREGRINE_RUNTIME_FORMAT_ALERT_FORMATTER_H_

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/types/span.h"
#include "compiler/loader/priority.h"
#include "runtime/format/output_template.h"

namespace peregrine::runtime {

// Rule priorities are the compiler's (syslog levels 0..7); PriorityName prints Falco's names.
using compiler::Priority;
using compiler::PriorityName;

struct AlertFormatOptions {
  bool time_format_iso_8601 = false;
  bool json_output = false;
  bool json_include_output_property = true;
  bool json_include_message_property = false;
  bool json_include_tags_property = true;
  bool json_include_output_fields_property = true;
  std::string hostname;  // $FALCO_HOSTNAME or gethostname(), resolved by the caller
};

// One `append_output` entry of falco.yaml (§6.4).
struct AppendOutputEntry {
  std::optional<std::string> match_rule;
  std::optional<std::string> match_source;
  std::vector<std::string> match_tags;  // the rule must carry all of them
  std::string extra_output;             // appended to the text with one space
  // JSON-only extras: (name, template) pairs render as strings; bare fields are typed.
  std::vector<std::pair<std::string, std::string>> extra_templates;
  std::vector<std::string> extra_fields;
  bool suggested_output = false;  // the container plugin's suggested fields
};

// The rule facts an alert carries.
struct RuleInfo {
  std::string name;
  std::string source = "syscall";
  Priority priority = Priority::kDebug;
  std::string output;
  std::vector<std::string> tags;
};

// A rule's compiled output. Immutable after Create(); Format*() are const and thread-safe.
class AlertFormatter {
 public:
  // Compiles the rule output (+ append_output entries that match, in order). Errors are the
  // template errors of OutputTemplate::Parse (Falco reports them as LOAD_ERR_COMPILE_OUTPUT).
  static absl::StatusOr<AlertFormatter> Create(RuleInfo rule, const AlertFormatOptions& options,
                                               absl::Span<const AppendOutputEntry> append = {},
                                               std::vector<std::string>* warnings = nullptr);

  // The alert line (§6.3): "<time>: <Priority> <message>", not escaped.
  void FormatLine(const Event& event, const StateView& state, std::string* out) const;
  // The line as text-mode Falco prints it: JSON-string escaped without the quotes.
  void FormatText(const Event& event, const StateView& state, std::string* out) const;
  // One JSON alert object (§6.5), without a trailing newline.
  void FormatJson(const Event& event, const StateView& state, std::string* out) const;
  // json_output ? FormatJson : FormatText.
  void Format(const Event& event, const StateView& state, std::string* out) const;

  const RuleInfo& rule() const { return rule_; }
  const OutputTemplate& message_template() const { return message_; }

 private:
  RuleInfo rule_;
  AlertFormatOptions options_;
  OutputTemplate prefix_;
  OutputTemplate message_;
  std::vector<std::pair<std::string, OutputTemplate>> extra_templates_;
  std::vector<std::pair<std::string, OutputTemplate>> extra_fields_;
  std::vector<std::string> sorted_tags_;
};

}  // namespace peregrine::runtime

#endif  // PEREGRINE_RUNTIME_FORMAT_ALERT_FORMATTER_H_
