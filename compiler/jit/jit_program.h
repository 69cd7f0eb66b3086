// The JIT back end: compiles an ir::Program to native matcher functions with LLVM ORC LLJIT, one
// function per group of event codes that evaluate the same rules (never one per rule).
//
// Usage:
//   PEREGRINE_ASSIGN_OR_RETURN(auto code, jit::JitProgram::Compile(ruleset->program, {}));
//   jit::JitMatcher matcher(*code);  matcher.Match(code, reader, kAll, &matches);
//
// Contract with the FieldReader: inside the function of an event code the JIT treats `evt.type` as
// that code's table name (except generic and async events, whose name comes from a parameter) and
// `evt.dir` as "<" for exit codes and ">" for enter codes, and folds those checks at compile time.
#ifndef PEREGRINE_COMPILER_JIT_JIT_PROGRAM_H_
#define PEREGRINE_COMPILER_JIT_JIT_PROGRAM_H_

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "compiler/ir/ir.h"

namespace peregrine::compiler::jit {

struct JitOptions {
  // 0: no IR optimisation, fast instruction selection (the first tier); 2: the LLVM O2 pipeline
  // and optimising code generation (the background tier).
  int opt_level = 0;
  // Rules per generated chunk function: bounds function and block sizes so compile time stays
  // linear in the number of rules.
  int rules_per_chunk = 32;
};

// Where compile time goes (rulec compile prints these).
struct CompileTimings {
  double plan_ms = 0;      // grouping codes, folding, memo layout
  double emit_ms = 0;      // building the LLVM IR with IRBuilder
  double optimize_ms = 0;  // the IR pass pipeline (opt_level 2)
  double codegen_ms = 0;   // LLJIT creation, instruction selection, linking, symbol lookup
  double total_ms = 0;
  int functions = 0;           // generated matcher functions (without chunks)
  int event_codes = 0;         // event codes with at least one rule
  size_t ir_instructions = 0;  // before optimisation
};

// Native matchers for one program. Immutable after Compile(); thread-safe: any number of
// JitMatchers on any threads may use it. Borrows `program`, which must outlive it; owns the JIT
// and its code, freed on destruction (which must not race with matchers using it).
class JitProgram {
 public:
  static absl::StatusOr<std::unique_ptr<JitProgram>> Compile(const ir::Program& program,
                                                             const JitOptions& options);
  ~JitProgram();
  JitProgram(const JitProgram&) = delete;
  JitProgram& operator=(const JitProgram&) = delete;

  const ir::Program& program() const { return program_; }
  const CompileTimings& timings() const { return timings_; }
  const JitOptions& options() const { return options_; }

  // The matcher of `code` (an internal::MatchFunction), or null when no rule applies to it.
  void* function(uint16_t code) const {
    return code < functions_.size() ? functions_[code] : nullptr;
  }
  // Per event code below function_table().size(): what function(code) returns.
  const std::vector<void*>& function_table() const { return functions_; }
  // The largest number of rules one function can report.
  uint32_t max_matches() const { return max_matches_; }

 private:
  struct Jit;  // LLVM state, defined in jit_program.cc
  JitProgram(const ir::Program& program, const JitOptions& options);

  const ir::Program& program_;
  JitOptions options_;
  CompileTimings timings_;
  std::unique_ptr<Jit> jit_;
  std::vector<void*> functions_;  // per event code
  uint32_t max_matches_ = 0;
};

// The LLVM IR the JIT generates for `program` (before optimisation unless opt_level is 2), as
// text: `rulec explain --llvm-ir`.
absl::StatusOr<std::string> DumpLlvmIr(const ir::Program& program,
                                       const JitOptions& options = JitOptions{});
// The same, restricted to program rule `only_rule`: the functions of the event codes it can
// match, each evaluating that rule alone (`rulec explain --llvm-ir --rule NAME`).
absl::StatusOr<std::string> DumpLlvmIr(const ir::Program& program, const JitOptions& options,
                                       uint32_t only_rule);

}  // namespace peregrine::compiler::jit

#endif  // PEREGRINE_COMPILER_JIT_JIT_PROGRAM_H_
