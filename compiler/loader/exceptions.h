// Rule exceptions: their validation and their expansion into condition text (§1.9).
#ifndef PEREGRINE_COMPILER_LOADER_EXCEPTIONS_H_
#define PEREGRINE_COMPILER_LOADER_EXCEPTIONS_H_

#include <optional>
#include <set>
#include <string>
#include <vector>

#include "compiler/diagnostics/diagnostic.h"
#include "compiler/loader/source_map.h"

namespace peregrine::compiler {

// One `fields`/`comps` entry or one value of an exception: a scalar, or a list of entries
// (Falco's rule_exception_info::entry). Value type.
struct ExceptionEntry {
  bool is_list = false;
  std::string item;                   // the scalar text when !is_list
  std::vector<ExceptionEntry> items;  // the elements when is_list
  SourceLocation location;            // where the YAML node starts
};

// One exception of a rule. Value type.
struct ExceptionDef {
  std::string name;
  std::optional<ExceptionEntry> fields;  // absent only in an appended exception
  std::optional<ExceptionEntry> comps;   // absent until ValidateException supplies the default
  std::vector<ExceptionEntry> values;    // one entry per `values` element
  SourceLocation location;               // the exception's mapping
};

// Checks `exception` as Falco does when a rule is defined or an exception added, and fills the
// default `comps` ("=" for each field of a list, "in" for a single field). Each comp is
// trimmed of ASCII white space. Returns the error message (LOAD_ERR_VALIDATE) or nullopt.
// Field names are not checked here: that needs the field catalog (semantic stage).
std::optional<std::string> ValidateException(ExceptionDef& exception);

// True for "in", "intersects", "pmatch" and "<string op> oneof|anyof|allof".
bool IsListComparison(const std::string& comp);

// Appends the exceptions to a condition exactly as Falco's compiler does, on text:
// condition := "(" condition ")" then " and not <clause>" per exception that has values.
// `map` (if not null) follows the text: the original condition keeps its positions, generated
// bytes map to the exception entries they come from. Every field name goes to
// `exception_fields` (if not null). Exceptions must have been validated. On a malformed value
// (wrong tuple length, list where a scalar is expected) nothing is changed and the error is
// returned (LOAD_ERR_VALIDATE, located at the exception).
struct ExceptionError {
  std::string message;
  SourceLocation location;
};
std::optional<ExceptionError> AppendExceptions(const std::vector<ExceptionDef>& exceptions,
                                               std::string* condition, SourceMap* map,
                                               std::set<std::string>* exception_fields);

}  // namespace peregrine::compiler

#endif  // PEREGRINE_COMPILER_LOADER_EXCEPTIONS_H_
