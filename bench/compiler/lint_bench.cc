// Time to load and check a rules file the way `rulec lint` does (budget: ≤ 100 ms for the
// upstream falco_rules.yaml, DESIGN.md), and the compile of Peregrine's default rules.
#include <string>

#include "benchmark/benchmark.h"
#include "compiler/semantic/ruleset_compiler.h"

namespace peregrine::compiler {
namespace {

void LintRules(benchmark::State& state, const std::string& path) {
  for (auto _ : state) {
    CompileOutput out = CompileRulesFiles({path}, CompileOptions{});
    if (out.ruleset == nullptr) {
      state.SkipWithError(("rules do not compile: " + path).c_str());
      return;
    }
    benchmark::DoNotOptimize(out.ruleset);
  }
  state.SetLabel(path);
}

void BM_LintUpstreamFalcoRules(benchmark::State& state) {
  LintRules(state, std::string(PEREGRINE_SHARED_DIR) + "/corpus/falco-rules/falco_rules.yaml");
}
BENCHMARK(BM_LintUpstreamFalcoRules)->Unit(benchmark::kMillisecond);

void BM_LintPeregrineDefaultRules(benchmark::State& state) {
  LintRules(state, std::string(PEREGRINE_SOURCE_DIR) + "/rules");
}
BENCHMARK(BM_LintPeregrineDefaultRules)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace peregrine::compiler

BENCHMARK_MAIN();
