// RuleLoader: reads rules files (YAML) into LoadedRules — lists, macros, rules, appends and
// overrides, exceptions, list substitution — with Falco's LOAD_* diagnostics (§1, §3.9).
#ifndef PEREGRINE_COMPILER_LOADER_RULE_LOADER_H_
#define PEREGRINE_COMPILER_LOADER_RULE_LOADER_H_

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "compiler/diagnostics/diagnostic.h"
#include "compiler/loader/loaded_rules.h"

namespace peregrine::compiler {

namespace loader_internal {
class Collector;
}

// Builder: add files in order, then Finish() once. All files feed one collection, so a later
// file may append to, override or redefine what an earlier one defines (§1.13). Reading stops
// at the first error of a file and no further file is read (Falco aborts there); diagnostics
// found until then are kept. Condition parsing and macro expansion are not done here: the
// semantic stage parses MacroDef/RuleDef::substituted.text and maps parse-error offsets back
// with LocateInSubstituted(). Single-threaded (thread-compatible).
class RuleLoader {
 public:
  RuleLoader();
  ~RuleLoader();
  RuleLoader(const RuleLoader&) = delete;
  RuleLoader& operator=(const RuleLoader&) = delete;

  // Adds a rules file, or a directory: its regular files named *.yaml / *.yml, sorted
  // lexicographically (not recursive). A file path with another extension is ignored (§1.13).
  // A path that cannot be read gets a LOAD_ERR_FILE_READ diagnostic and a non-OK status.
  absl::Status AddFile(const std::string& path);
  // Adds rules text; `name` is the file name used in diagnostics (no extension check).
  void AddContent(const std::string& name, std::string_view content);

  // Flattens lists, appends exceptions to rule conditions, substitutes lists, and reports the
  // compile-time problems that belong to loading (exception values, LOAD_UNUSED_LIST). Call once.
  LoadedRules Finish();

  const DiagnosticSink& diagnostics() const { return sink_; }
  bool HasErrors() const { return sink_.HasErrors(); }

 private:
  std::unique_ptr<loader_internal::Collector> collector_;
  DiagnosticSink sink_;
  std::vector<std::string> files_;
  bool stopped_ = false;  // a file had an error
};

}  // namespace peregrine::compiler

#endif  // PEREGRINE_COMPILER_LOADER_RULE_LOADER_H_
