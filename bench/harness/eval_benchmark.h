// Rule-evaluation measurements shared by `peregrine-bench eval` and bench/compiler/jit_eval_bench:
// the interpreter and the JIT over one EventMix, and the JIT's compile times.
#ifndef PEREGRINE_BENCH_HARNESS_EVAL_BENCHMARK_H_
#define PEREGRINE_BENCH_HARNESS_EVAL_BENCHMARK_H_

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "bench/harness/event_mix.h"
#include "compiler/interp/interpreter.h"
#include "compiler/jit/jit_matcher.h"
#include "compiler/jit/jit_program.h"
#include "compiler/semantic/ruleset_compiler.h"

namespace peregrine::bench {

// Compiles rules files; an error status carries the first error diagnostic.
absl::StatusOr<std::shared_ptr<const compiler::CompiledRuleset>> LoadRules(
    const std::vector<std::string>& paths, double* frontend_ms);

// ns/event of the interpreter and of a compiled JitProgram over the mix (kAll matching).
double InterpreterNsPerEvent(const compiler::ir::Program& program, const EventMix& mix,
                             int64_t events, uint64_t* matches_out = nullptr);
double JitNsPerEvent(const compiler::jit::JitProgram& code, const EventMix& mix, int64_t events,
                     uint64_t* matches_out = nullptr);

// `count` generated rules: variations of upstream-style rules (process, file, network checks
// with lists and macros-like shared subexpressions) over ~30 event types.
std::string GenerateRuleVariations(int count);

}  // namespace peregrine::bench

#endif  // PEREGRINE_BENCH_HARNESS_EVAL_BENCHMARK_H_
