// The typed IR every back end consumes: predicates over extracted fields, combined by and/or/not
// nodes, with one root per rule. Operands, predicates and nodes are interned across the whole
// ruleset, so a field is extracted once per event, a check shared by many rules (a macro used by
// 20 rules) is evaluated once per event, and a shared subtree is one node.
//
// A Program is immutable once ProgramBuilder::Build() returns it; it is thread-safe to read.
#ifndef PEREGRINE_COMPILER_IR_IR_H_
#define PEREGRINE_COMPILER_IR_IR_H_

#include <cstdint>
#include <memory>
#include <optional>
#include <regex>
#include <string>
#include <vector>

#include "absl/container/flat_hash_set.h"
#include "compiler/eval/string_match.h"
#include "compiler/semantic/event_codes.h"
#include "runtime/catalog/constants.h"
#include "runtime/catalog/field_catalog.h"
#include "runtime/catalog/operators.h"

namespace peregrine::compiler::ir {

using OperandId = uint32_t;
using PredicateId = uint32_t;
using NodeId = uint32_t;

// Field transformers that can wrap an operand (falco-rule-language.md §2.8), innermost first.
enum class Transform : uint8_t { kToLower, kToUpper, kB64, kBasename, kLen };

// How many values a field yields per event and how a check over them combines (§4.5).
enum class Multiplicity : uint8_t {
  kSingle,          // one value, or unavailable
  kAnyAncestor,     // proc.aname & co. without index: true if any strict ancestor satisfies it
  kEitherEndpoint,  // fd.ip/port/proto/net: `=` if either endpoint, `!=` if neither
};

// What to extract: a resolved field, with transformers applied in order.
struct Operand {
  catalog::ResolvedField field;
  std::vector<Transform> transforms;
  catalog::FieldType type;  // after the transformers
  bool is_list = false;     // after the transformers
  Multiplicity multiplicity = Multiplicity::kSingle;

  // "proc.name", "tolower(proc.name)", "proc.aname[2]".
  std::string Display() const;
};

// Data a predicate needs at run time, precomputed from its constants.
struct Lowered {
  absl::flat_hash_set<std::string> strings;    // `in`/`intersects` on strings: exact bytes
  absl::flat_hash_set<uint64_t> numbers;       // `in` on integers (int64 stored as its bits)
  std::unique_ptr<eval::PathPrefixSet> paths;  // pmatch
  std::vector<std::regex> regexes;             // regex (one per constant)
};

// A leaf check: `lhs op [modifier] rhs`, or `lhs exists`.
struct Predicate {
  OperandId lhs = 0;
  catalog::Op op = catalog::Op::kEq;
  catalog::Modifier modifier = catalog::Modifier::kNone;
  std::vector<catalog::Value> values;      // converted constants (list ops and modifiers: several)
  std::optional<OperandId> rhs;            // field-to-field comparison (val() or a transformer)
  std::shared_ptr<const Lowered> lowered;  // never null after Build()
};

enum class NodeKind : uint8_t { kTrue, kFalse, kAnd, kOr, kNot, kPredicate };

struct Node {
  NodeKind kind = NodeKind::kTrue;
  PredicateId predicate = 0;     // kPredicate
  std::vector<NodeId> children;  // kAnd, kOr (≥ 2), kNot (1)
};

// One rule as the back ends see it.
struct Rule {
  std::string name;
  NodeId root = 0;
  EventCodeSet codes;  // event-type analysis (§5.3)
  int priority = 7;    // 0 = Emergency ... 7 = Debug
  bool enabled = true;
};

struct Program {
  std::vector<Operand> operands;
  std::vector<Predicate> predicates;
  std::vector<Node> nodes;
  std::vector<Rule> rules;  // evaluation (definition) order
  // For each event code, the enabled rules that can match it, in evaluation order. Every rule is
  // also indexed under the asynchronous event code (§5.3: Falco evaluates every syscall rule on
  // async events).
  std::vector<std::vector<uint32_t>> rules_by_code;
  // Parallel to rules_by_code: each rule's root specialised for that event code — checks on
  // evt.type are decided statically and folded away. Back ends evaluate these roots.
  std::vector<std::vector<NodeId>> roots_by_code;
};

}  // namespace peregrine::compiler::ir

#endif  // PEREGRINE_COMPILER_IR_IR_H_
