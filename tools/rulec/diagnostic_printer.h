// Renders diagnostics for people (compiler style, with the source line and a caret) and for
// tools (one JSON object, the shape `rulec lint --format=json` documents).
#ifndef PEREGRINE_TOOLS_RULEC_DIAGNOSTIC_PRINTER_H_
#define PEREGRINE_TOOLS_RULEC_DIAGNOSTIC_PRINTER_H_

#include <string>
#include <vector>

#include "compiler/diagnostics/diagnostic.h"

namespace peregrine::rulec {

struct LintStats {
  int rules = 0;
  int macros = 0;
  int lists = 0;
  int enabled_rules = 0;
};

// Reads source lines on demand to quote them under a diagnostic. Thread-compatible.
class SourceCache {
 public:
  // The 1-based line `line` of `file`, without its newline; empty when unavailable.
  std::string Line(const std::string& file, int line);
  // Serves `text` for `file` instead of reading it (e.g. a condition given with -e).
  void Provide(const std::string& file, const std::string& text);

 private:
  std::string provided_file_;
  std::vector<std::string> provided_lines_;
  std::string cached_file_;
  std::vector<std::string> lines_;
};

// `file:line:col: error: message [CODE]`, then the source line and a caret under the column.
std::string FormatDiagnosticText(const compiler::Diagnostic& diagnostic, SourceCache& sources);

// {"errors":[...],"warnings":[...],"stats":{...}} with code, message, file, line, column,
// item_type, item_name in each diagnostic.
std::string FormatDiagnosticsJson(const std::vector<compiler::Diagnostic>& diagnostics,
                                  const LintStats& stats);

}  // namespace peregrine::rulec

#endif  // PEREGRINE_TOOLS_RULEC_DIAGNOSTIC_PRINTER_H_
