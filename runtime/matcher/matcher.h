// Matcher: the evaluation back-end interface the runtime drives (interpreter today, JIT later).
#ifndef PEREGRINE_RUNTIME_MATCHER_MATCHER_H_
#define PEREGRINE_RUNTIME_MATCHER_MATCHER_H_

#include <cstdint>
#include <memory>
#include <string_view>
#include <vector>

#include "compiler/ir/field_reader.h"

namespace peregrine::runtime {

// Falco's `rule_matching` (falco-rule-language.md §5.4).
enum class RuleMatching : uint8_t {
  kFirst,  // stop at the first matching rule of the event's bucket (Falco's default)
  kAll,    // every matching rule, in bucket (definition) order
};

// Evaluates one compiled program over events. It keeps per-event scratch, so each thread that
// evaluates events owns its own Matcher (created by MatcherBackend::CreateMatcher()). Borrows the
// program of the backend that created it: the backend must outlive it.
class Matcher {
 public:
  virtual ~Matcher() = default;

  // Appends to `matches` the indices (into the program's rules) of the rules matching the current
  // event of code `code`, in definition order; with kFirst at most one. `reader` serves the event.
  virtual void Match(uint16_t code, compiler::ir::FieldReader& reader, RuleMatching matching,
                     std::vector<uint32_t>* matches) = 0;
};

// One back end compiled for one program: immutable and thread-safe; hands out per-thread
// Matchers.
class MatcherBackend {
 public:
  virtual ~MatcherBackend() = default;

  // "interpreter", "jit".
  virtual std::string_view name() const = 0;
  virtual std::unique_ptr<Matcher> CreateMatcher() const = 0;
};

}  // namespace peregrine::runtime

#endif  // PEREGRINE_RUNTIME_MATCHER_MATCHER_H_
