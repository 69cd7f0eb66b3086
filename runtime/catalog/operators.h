// Comparison operators and modifiers of the rule language, and their compatibility with field
// types (falco-rule-language.md §2.6, §4.2). Stateless; thread-safe.
#ifndef PEREGRINE_RUNTIME_CATALOG_OPERATORS_H_
#define PEREGRINE_RUNTIME_CATALOG_OPERATORS_H_

#include <optional>
#include <string_view>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "runtime/catalog/field_types.h"

namespace peregrine::catalog {

enum class Op : uint8_t {
  kEq,           // =
  kEqEq,         // ==
  kNe,           // !=
  kLt,           // <
  kLe,           // <=
  kGt,           // >
  kGe,           // >=
  kContains,     // contains
  kIContains,    // icontains
  kBContains,    // bcontains
  kStartsWith,   // startswith
  kBStartsWith,  // bstartswith
  kEndsWith,     // endswith
  kGlob,         // glob
  kIGlob,        // iglob
  kRegex,        // regex
  kPmatch,       // pmatch
  kIn,           // in
  kIntersects,   // intersects
  kExists,       // exists (unary)
};

enum class Modifier : uint8_t { kNone, kOneOf, kAnyOf, kAllOf };

// The operator's spelling in conditions ("=", "startswith", ...).
std::string_view OpName(Op op);
// The operator spelled `text`, if any.
std::optional<Op> ParseOp(absl::string_view text);
// "oneof"/"anyof"/"allof"; "" for kNone.
std::string_view ModifierName(Modifier modifier);
std::optional<Modifier> ParseModifier(absl::string_view text);

// Whether the RHS of `op` is a list (in, intersects, pmatch).
bool IsListOp(Op op);
// Whether `op` may carry a modifier at all (the parser's rule, §2.6): =, ==, != and the word
// operators other than in/intersects/pmatch/exists.
bool OpAcceptsModifier(Op op);

// Checks `op` (with `modifier`) against a field of `type` (a list field if `is_list`), per the
// §4.2 matrix, with Falco's error texts, e.g. "'contains' operator not supported for numeric
// filters". `exists` is always allowed.
absl::Status CheckOperator(FieldType type, Op op, Modifier modifier = Modifier::kNone,
                           bool is_list = false);

}  // namespace peregrine::catalog

#endif  // PEREGRINE_RUNTIME_CATALOG_OPERATORS_H_
