// Rule evaluation: the interpreter vs the JIT (O0 and O2 tiers), ns/event on the upstream Falco
// rules over the synthetic host mix; JIT compile time of the default rules; and scaling with
// 25..1000 generated rule variations (ns/event and compile time).
#include <filesystem>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "bench/harness/eval_benchmark.h"
#include "bench/harness/event_mix.h"
#include "benchmark/benchmark.h"

namespace peregrine::bench {
namespace {

constexpr const char* kUpstream = PEREGRINE_SHARED_DIR "/corpus/falco-rules/falco_rules.yaml";

// A compiled ruleset with its event mix and JIT tiers; built once per ruleset (benchmark
// fixtures run many times).
struct Workload {
  std::shared_ptr<const compiler::CompiledRuleset> ruleset;
  std::unique_ptr<EventMix> mix;
  std::unique_ptr<compiler::jit::JitProgram> o0, o2;
};

Workload* Load(const std::string& key, const std::vector<std::string>& paths,
               const std::string& text) {
  static auto* cache = new std::map<std::string, std::unique_ptr<Workload>>();
  auto& slot = (*cache)[key];
  if (slot) return slot.get();
  auto w = std::make_unique<Workload>();
  if (paths.empty()) {
    compiler::CompileOutput out =
        compiler::CompileRulesContent(key, text, compiler::CompileOptions{});
    w->ruleset = out.ruleset;
  } else {
    auto ruleset = LoadRules(paths, nullptr);
    if (ruleset.ok()) w->ruleset = *ruleset;
  }
  if (w->ruleset == nullptr) return nullptr;
  w->mix = std::make_unique<EventMix>(w->ruleset->program, 1024, 42);
  compiler::jit::JitOptions options;
  w->o0 = std::move(compiler::jit::JitProgram::Compile(w->ruleset->program, options).value());
  options.opt_level = 2;
  w->o2 = std::move(compiler::jit::JitProgram::Compile(w->ruleset->program, options).value());
  slot = std::move(w);
  return slot.get();
}

Workload* Upstream() { return Load("upstream", {kUpstream}, ""); }
Workload* Generated(int n) {
  return Load(absl::StrCat("generated", n), {}, GenerateRuleVariations(n));
}

std::vector<std::string> DefaultRules() {
  std::vector<std::string> paths = {kUpstream};
  const std::string own = std::string(PEREGRINE_SOURCE_DIR) + "/rules";
  if (std::filesystem::is_directory(own)) paths.push_back(own);
  return paths;
}

// Runs `events_per_iteration` events per benchmark iteration; reports ns/event.
template <typename Fn>
void RunEvents(benchmark::State& state, Workload* w, Fn&& per_batch) {
  if (w == nullptr) {
    state.SkipWithError("rules do not compile");
    return;
  }
  constexpr int64_t kBatch = 8192;
  for (auto _ : state) benchmark::DoNotOptimize(per_batch(kBatch));
  state.SetItemsProcessed(state.iterations() * kBatch);
  state.counters["ns_per_event"] =
      benchmark::Counter(static_cast<double>(state.iterations() * kBatch),
                         benchmark::Counter::kIsRate | benchmark::Counter::kInvert);
  state.counters["rules"] = static_cast<double>(w->ruleset->program.rules.size());
}

void BM_Interpreter_Upstream(benchmark::State& state) {
  Workload* w = Upstream();
  RunEvents(state, w,
            [&](int64_t n) { return InterpreterNsPerEvent(w->ruleset->program, *w->mix, n); });
}
void BM_JitO0_Upstream(benchmark::State& state) {
  Workload* w = Upstream();
  RunEvents(state, w, [&](int64_t n) { return JitNsPerEvent(*w->o0, *w->mix, n); });
}
void BM_JitO2_Upstream(benchmark::State& state) {
  Workload* w = Upstream();
  RunEvents(state, w, [&](int64_t n) { return JitNsPerEvent(*w->o2, *w->mix, n); });
}
BENCHMARK(BM_Interpreter_Upstream)
    ->Unit(benchmark::kMicrosecond)
    ->Repetitions(5)
    ->ReportAggregatesOnly(true);
BENCHMARK(BM_JitO0_Upstream)
    ->Unit(benchmark::kMicrosecond)
    ->Repetitions(5)
    ->ReportAggregatesOnly(true);
BENCHMARK(BM_JitO2_Upstream)
    ->Unit(benchmark::kMicrosecond)
    ->Repetitions(5)
    ->ReportAggregatesOnly(true);

// Compile time of the default rules (front end excluded: it is the same for both back ends).
void BM_CompileDefaultRules(benchmark::State& state) {
  auto ruleset = LoadRules(DefaultRules(), nullptr);
  if (!ruleset.ok()) {
    state.SkipWithError("rules do not compile");
    return;
  }
  compiler::jit::JitOptions options;
  options.opt_level = static_cast<int>(state.range(0));
  for (auto _ : state) {
    auto code = compiler::jit::JitProgram::Compile((*ruleset)->program, options);
    benchmark::DoNotOptimize(code.ok());
  }
}
BENCHMARK(BM_CompileDefaultRules)
    ->Arg(0)
    ->Arg(2)
    ->Unit(benchmark::kMillisecond)
    ->Iterations(5)
    ->Repetitions(3)
    ->ReportAggregatesOnly(true);

// Scaling: generated variations, 25 to 1000 rules.
void BM_Interpreter_Generated(benchmark::State& state) {
  Workload* w = Generated(static_cast<int>(state.range(0)));
  RunEvents(state, w,
            [&](int64_t n) { return InterpreterNsPerEvent(w->ruleset->program, *w->mix, n); });
}
void BM_JitO2_Generated(benchmark::State& state) {
  Workload* w = Generated(static_cast<int>(state.range(0)));
  RunEvents(state, w, [&](int64_t n) { return JitNsPerEvent(*w->o2, *w->mix, n); });
}
void BM_Compile_Generated(benchmark::State& state) {
  Workload* w = Generated(static_cast<int>(state.range(0)));
  if (w == nullptr) {
    state.SkipWithError("rules do not compile");
    return;
  }
  compiler::jit::JitOptions options;
  options.opt_level = static_cast<int>(state.range(1));
  for (auto _ : state) {
    auto code = compiler::jit::JitProgram::Compile(w->ruleset->program, options);
    benchmark::DoNotOptimize(code.ok());
  }
}
BENCHMARK(BM_Interpreter_Generated)
    ->Arg(25)
    ->Arg(100)
    ->Arg(500)
    ->Arg(1000)
    ->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_JitO2_Generated)
    ->Arg(25)
    ->Arg(100)
    ->Arg(500)
    ->Arg(1000)
    ->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_Compile_Generated)
    ->ArgsProduct({{25, 100, 500, 1000}, {0, 2}})
    ->Unit(benchmark::kMillisecond)
    ->Iterations(3);

}  // namespace
}  // namespace peregrine::bench

BENCHMARK_MAIN();
