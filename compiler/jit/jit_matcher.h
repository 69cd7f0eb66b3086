// Evaluates events with a JitProgram's native matchers: the per-thread side of the JIT.
#ifndef PEREGRINE_COMPILER_JIT_JIT_MATCHER_H_
#define PEREGRINE_COMPILER_JIT_JIT_MATCHER_H_

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "compiler/interp/interpreter.h"
#include "compiler/ir/field_reader.h"
#include "compiler/jit/jit_program.h"

namespace peregrine::compiler::jit {

namespace internal {
struct JitContext;
}  // namespace internal

// Per-event scratch (operand values) plus the code to run. Owned by one thread; create one per
// worker. Borrows the JitProgram, which must outlive it (or until Rebind()).
class JitMatcher {
 public:
  explicit JitMatcher(const JitProgram& program);
  ~JitMatcher();
  JitMatcher(const JitMatcher&) = delete;
  JitMatcher& operator=(const JitMatcher&) = delete;

  // Same contract as interp::Interpreter::Match: appends the indices of the rules of `code` that
  // match the current event, in evaluation order; with kFirst at most one. Never allocates once
  // `matches` has room.
  void Match(uint16_t code, ir::FieldReader& reader, interp::RuleMatching matching,
             std::vector<uint32_t>* matches);

  // Switches to another compilation (another tier) of the same ir::Program.
  void Rebind(const JitProgram& program);

 private:
  // Appends the first `n` entries of out_ to `matches`.
  [[gnu::noinline]] void AppendMatches(uint32_t n, std::vector<uint32_t>* matches) const;

  const JitProgram* program_;
  // program_->function_table(), kept here: one load less per event.
  void* const* functions_;
  size_t num_functions_;
  std::vector<ir::CompactValue> slots_;
  std::vector<eval::FieldValue> values_;
  std::vector<std::string> scratch_;
  std::vector<const catalog::ResolvedField*> fields_;  // per operand
  std::vector<uint32_t> out_;
  std::unique_ptr<internal::JitContext> context_;
};

}  // namespace peregrine::compiler::jit

#endif  // PEREGRINE_COMPILER_JIT_JIT_MATCHER_H_
