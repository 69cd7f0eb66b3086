#include "tools/rulec/diagnostic_printer.h"

#include <fstream>
#include <sstream>

#include "absl/strings/str_cat.h"
#include "base/json_writer.h"

namespace peregrine::rulec {

void SourceCache::Provide(const std::string& file, const std::string& text) {
  provided_file_ = file;
  provided_lines_.clear();
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) provided_lines_.push_back(std::move(line));
}

std::string SourceCache::Line(const std::string& file, int line) {
  if (file == provided_file_) {
    if (line < 1 || line > static_cast<int>(provided_lines_.size())) return {};
    return provided_lines_[line - 1];
  }
  if (file != cached_file_) {
    cached_file_ = file;
    lines_.clear();
    std::ifstream in(file);
    for (std::string text; std::getline(in, text);) lines_.push_back(std::move(text));
  }
  if (line < 1 || line > static_cast<int>(lines_.size())) return {};
  return lines_[line - 1];
}

std::string FormatDiagnosticText(const compiler::Diagnostic& d, SourceCache& sources) {
  std::string out;
  const compiler::SourceLocation& loc = d.location;
  if (!loc.file.empty()) {
    absl::StrAppend(&out, loc.file, ":");
    if (loc.line > 0) absl::StrAppend(&out, loc.line, ":", loc.column > 0 ? loc.column : 1, ":");
    out += " ";
  }
  absl::StrAppend(&out, d.severity == compiler::Severity::kError ? "error: " : "warning: ");
  if (!d.item_type.empty()) absl::StrAppend(&out, d.item_type, " '", d.item_name, "': ");
  absl::StrAppend(&out, d.message, " [", d.code, "]\n");
  if (loc.line > 0) {
    std::string source = sources.Line(loc.file, loc.line);
    if (!source.empty()) {
      absl::StrAppend(&out, "  ", source, "\n  ");
      // Keep tabs so the caret lines up under tab-indented source.
      for (int i = 1; i < loc.column && i - 1 < static_cast<int>(source.size()); ++i) {
        out.push_back(source[i - 1] == '\t' ? '\t' : ' ');
      }
      out += "^\n";
    }
  }
  return out;
}

namespace {

void WriteDiagnostic(const compiler::Diagnostic& d, JsonWriter& w) {
  w.BeginObject();
  w.Key("code").String(d.code);
  w.Key("message").String(d.message);
  w.Key("file").String(d.location.file);
  w.Key("line").Int(d.location.line);
  w.Key("column").Int(d.location.column);
  w.Key("item_type").String(d.item_type);
  w.Key("item_name").String(d.item_name);
  w.EndObject();
}

}  // namespace

std::string FormatDiagnosticsJson(const std::vector<compiler::Diagnostic>& diagnostics,
                                  const LintStats& stats) {
  JsonWriter w;
  w.BeginObject();
  for (compiler::Severity severity : {compiler::Severity::kError, compiler::Severity::kWarning}) {
    w.Key(severity == compiler::Severity::kError ? "errors" : "warnings").BeginArray();
    for (const compiler::Diagnostic& d : diagnostics) {
      if (d.severity == severity) WriteDiagnostic(d, w);
    }
    w.EndArray();
  }
  w.Key("stats").BeginObject();
  w.Key("rules").Int(stats.rules);
  w.Key("macros").Int(stats.macros);
  w.Key("lists").Int(stats.lists);
  w.Key("enabled_rules").Int(stats.enabled_rules);
  w.EndObject();
  w.EndObject();
  return w.str();
}

}  // namespace peregrine::rulec
