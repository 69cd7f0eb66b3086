// Diagnostics: rule authors' mistakes (errors and warnings) with their place in the source.
#ifndef PEREGRINE_COMPILER_DIAGNOSTICS_DIAGNOSTIC_H_
#define PEREGRINE_COMPILER_DIAGNOSTICS_DIAGNOSTIC_H_

#include <string>
#include <vector>

namespace peregrine::compiler {

// A position in a rules file. Lines and columns count from 1; 0 means "unknown".
struct SourceLocation {
  std::string file;
  int line = 0;
  int column = 0;
};

enum class Severity { kError, kWarning };

// One error or warning. `code` is Falco's (LOAD_ERR_YAML_VALIDATE, LOAD_UNUSED_MACRO, ...), so
// that tooling written for Falco's load results keeps working.
struct Diagnostic {
  Severity severity = Severity::kError;
  std::string code;
  std::string message;
  SourceLocation location;
  std::string item_type;  // "rule", "macro", "list", "required_engine_version", ... or empty
  std::string item_name;
};

// Collects diagnostics in the order they are found. Thread-compatible.
class DiagnosticSink {
 public:
  void Error(std::string code, std::string message, SourceLocation location,
             std::string item_type = {}, std::string item_name = {}) {
    Add(Severity::kError, std::move(code), std::move(message), std::move(location),
        std::move(item_type), std::move(item_name));
  }
  void Warning(std::string code, std::string message, SourceLocation location,
               std::string item_type = {}, std::string item_name = {}) {
    Add(Severity::kWarning, std::move(code), std::move(message), std::move(location),
        std::move(item_type), std::move(item_name));
  }
  void Add(Severity severity, std::string code, std::string message, SourceLocation location,
           std::string item_type, std::string item_name) {
    diagnostics_.push_back(Diagnostic{severity, std::move(code), std::move(message),
                                      std::move(location), std::move(item_type),
                                      std::move(item_name)});
  }

  bool HasErrors() const {
    for (const Diagnostic& d : diagnostics_) {
      if (d.severity == Severity::kError) return true;
    }
    return false;
  }
  const std::vector<Diagnostic>& diagnostics() const { return diagnostics_; }

 private:
  std::vector<Diagnostic> diagnostics_;
};

}  // namespace peregrine::compiler

#endif  // PEREGRINE_COMPILER_DIAGNOSTICS_DIAGNOSTIC_H_
