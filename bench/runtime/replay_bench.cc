// Replay throughput of shared/corpus/captures/dev-mixed.scap through the whole pipeline
// (decode → state → matcher → formatter → sink), in events per second (Release).
//
//   BM_ReadGzip               — the .scap reader alone on the gzip file (inflate + framing)
//   BM_ReadPlain              — the reader alone on the inflated bytes in memory
//   BM_ReplayPlain/no_rules   — decode + state, no ruleset published
//   BM_ReplayPlain/never      — decode + state + a rule that never matches (Falco's 1.1 M/s case)
//   BM_ReplayPlain/stock      — decode + state + the upstream falco_rules.yaml, interpreter
//                               (Falco's 0.87 M/s case)
//   BM_ReplayGzip/stock       — the same from the gzip file, as `peregrine --replay` runs it
//   BM_Replay*/stock_jit      — the stock rules on the tiered JIT back end (the daemon's default)
//                               once its optimised tier serves: the compile's CPU time is spent
//                               before the timed iterations and not counted
//   BM_ReplayGzip/never       — decode + state + a never-matching rule from the gzip file
//
// The replays measure the process's CPU time (all threads), so the rates are events per
// CPU-second. After the table, a "Falco comparison" section prints the gzip replays' rates
// against Falco 0.44.1 replaying the same file on this kind of machine (issue 9): 0.87 M
// events per CPU-second with the stock rules and 1.1 M with a never-matching rule.
//
// The plain variants copy the 33 MB inflated image before each iteration with the timer paused.
// `allocs_per_event` counts heap allocations during the timed replay (operator new is replaced
// in this binary only).
#include <benchmark/benchmark.h>

#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <new>
#include <string>
#include <vector>

#include "probe/capture/scap/input_stream.h"
#include "probe/capture/scap/scap_reader.h"
#include "runtime/engine/capture_source.h"
#include "runtime/engine/engine_config.h"
#include "runtime/engine/event_pipeline.h"
#include "runtime/engine/ruleset_loader.h"
#include "runtime/matcher/jit_backend.h"
#include "runtime/matcher/live_ruleset.h"

namespace {
std::atomic<uint64_t> g_allocations{0};
}  // namespace

// Counting allocator for this benchmark binary (allocs_per_event). GCC cannot see that these
// replace the global operators as a set and warns about malloc/free pairing.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wmismatched-new-delete"
void* operator new(size_t n) {
  g_allocations.fetch_add(1, std::memory_order_relaxed);
  if (void* p = std::malloc(n == 0 ? 1 : n)) return p;
  throw std::bad_alloc();
}
void operator delete(void* p) noexcept { std::free(p); }
void operator delete(void* p, size_t) noexcept { std::free(p); }
#pragma GCC diagnostic pop

namespace peregrine::runtime {
namespace {

const std::string kShared = PEREGRINE_SHARED_DIR;
const std::string kCapture = kShared + "/corpus/captures/dev-mixed.scap";
const std::string kStockRules = kShared + "/corpus/falco-rules/falco_rules.yaml";
const std::string kNeverRules = PEREGRINE_BENCH_DIR "/never_match_rules.yaml";

enum class Rules { kNone, kNever, kStock, kStockJit };

const std::string& InflatedCapture() {
  static const std::string* const bytes = [] {
    auto* out = new std::string();
    auto in = probe::scap::OpenCaptureFile(kCapture);
    if (!in.ok()) return out;
    std::vector<uint8_t> chunk(1 << 20);
    while (true) {
      auto got = (*in)->Read(chunk.data(), chunk.size());
      if (!got.ok() || *got == 0) break;
      out->append(reinterpret_cast<const char*>(chunk.data()), *got);
    }
    return out;
  }();
  return *bytes;
}

// Loads the ruleset once per benchmark run.
std::unique_ptr<Ruleset> LoadRules(Rules rules, benchmark::State& state) {
  if (rules == Rules::kNone) return nullptr;
  EngineConfig config;
  config.ruleset.format.json_output = true;
  config.ruleset.format.hostname = "bench";
  config.ruleset.backend =
      rules == Rules::kStockJit ? BackendKind::kTiered : BackendKind::kInterpreter;
  absl::StatusOr<std::unique_ptr<Ruleset>> rs = LoadRuleset(
      {rules == Rules::kNever ? kNeverRules : kStockRules}, config, /*diagnostics=*/nullptr);
  if (!rs.ok()) {
    state.SkipWithError(std::string(rs.status().message()).c_str());
    return nullptr;
  }
  if (const auto* jit = dynamic_cast<const JitBackend*>(&(*rs)->backend())) {
    // Time native code, not the background compile.
    if (!jit->tiered().WaitForTier(compiler::jit::TieredMatcher::Tier::kOptimized,
                                   absl::Seconds(120))) {
      state.SkipWithError("the JIT's optimised tier did not come up");
      return nullptr;
    }
  }
  return *std::move(rs);
}

void Report(benchmark::State& state, uint64_t events, uint64_t alerts, uint64_t allocations) {
  state.SetItemsProcessed(static_cast<int64_t>(events));
  state.counters["events_per_s"] =
      benchmark::Counter(static_cast<double>(events), benchmark::Counter::kIsRate);
  state.counters["alerts"] = static_cast<double>(alerts) / static_cast<double>(state.iterations());
  state.counters["allocs_per_event"] =
      events == 0 ? 0.0 : static_cast<double>(allocations) / static_cast<double>(events);
}

void Replay(benchmark::State& state, Rules rules, bool gzip) {
  LiveRuleset live;
  if (rules != Rules::kNone) {
    std::unique_ptr<Ruleset> rs = LoadRules(rules, state);
    if (rs == nullptr) return;
    live.Publish(std::move(rs));
  }
  uint64_t events = 0, alerts = 0, allocations = 0;
  for (auto _ : state) {
    state.PauseTiming();
    absl::StatusOr<std::unique_ptr<EventSource>> source =
        gzip ? OpenCaptureSource(kCapture) : OpenCaptureBytes(InflatedCapture());
    if (!source.ok()) {
      state.SkipWithError(std::string(source.status().message()).c_str());
      return;
    }
    CallbackAlertSink sink([](const Alert& a) { benchmark::DoNotOptimize(a.text.data()); });
    auto pipeline = std::make_unique<EventPipeline>(live, sink, PipelineOptions{});
    const uint64_t before = g_allocations.load();
    state.ResumeTiming();
    const absl::Status status = pipeline->Run(**source);
    state.PauseTiming();
    allocations += g_allocations.load() - before;
    if (!status.ok()) {
      state.SkipWithError(std::string(status.message()).c_str());
      return;
    }
    events += pipeline->counters().events;
    alerts += pipeline->counters().alerts;
    pipeline.reset();
    source->reset();
    state.ResumeTiming();
  }
  Report(state, events, alerts, allocations);
}

void Read(benchmark::State& state, bool gzip) {
  uint64_t events = 0;
  for (auto _ : state) {
    state.PauseTiming();
    auto reader = gzip ? probe::scap::ScapReader::Open(kCapture)
                       : probe::scap::ScapReader::OpenBytes(InflatedCapture());
    state.ResumeTiming();
    if (!reader.ok()) {
      state.SkipWithError(std::string(reader.status().message()).c_str());
      return;
    }
    probe::scap::ScapEvent ev;
    while (true) {
      auto more = (*reader)->Next(&ev);
      if (!more.ok() || !*more) break;
      benchmark::DoNotOptimize(ev.record.ts());
      ++events;
    }
  }
  Report(state, events, 0, 0);
}

void BM_ReadGzip(benchmark::State& state) { Read(state, /*gzip=*/true); }
void BM_ReadPlain(benchmark::State& state) { Read(state, /*gzip=*/false); }
void BM_ReplayPlain(benchmark::State& state) {
  Replay(state, static_cast<Rules>(state.range(0)), /*gzip=*/false);
}
void BM_ReplayGzip(benchmark::State& state) {
  Replay(state, static_cast<Rules>(state.range(0)), /*gzip=*/true);
}

BENCHMARK(BM_ReadGzip)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_ReadPlain)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_ReplayPlain)
    ->ArgName("rules")
    ->Arg(static_cast<int>(Rules::kNone))
    ->Arg(static_cast<int>(Rules::kNever))
    ->Arg(static_cast<int>(Rules::kStock))
    ->Arg(static_cast<int>(Rules::kStockJit))
    ->MeasureProcessCPUTime()
    ->Unit(benchmark::kMillisecond);
BENCHMARK(BM_ReplayGzip)
    ->ArgName("rules")
    ->Arg(static_cast<int>(Rules::kStock))
    ->Arg(static_cast<int>(Rules::kNever))
    ->Arg(static_cast<int>(Rules::kStockJit))
    ->MeasureProcessCPUTime()
    ->Unit(benchmark::kMillisecond);

// Falco 0.44.1 replaying dev-mixed.scap on this kind of machine, events per CPU-second
// (issue 9).
constexpr double kFalcoStock = 0.87e6;
constexpr double kFalcoNever = 1.1e6;

// The console reporter, also keeping each benchmark's events/s (the median when there are
// repetitions) for the Falco comparison.
class ComparisonReporter : public benchmark::ConsoleReporter {
 public:
  void ReportRuns(const std::vector<Run>& runs) override {
    ConsoleReporter::ReportRuns(runs);
    for (const Run& run : runs) {
      if (run.error_occurred) continue;
      const bool median = run.run_type == Run::RT_Aggregate && run.aggregate_name == "median";
      if (run.run_type == Run::RT_Aggregate && !median) continue;
      auto it = run.counters.find("events_per_s");
      if (it == run.counters.end()) continue;
      const std::string name = run.run_name.function_name + "/" + run.run_name.args;
      Seen& seen = rates_[name];
      if (median || !seen.median) seen = Seen{it->second.value, median};
    }
  }

  // Prints one line per comparable case that ran.
  void PrintComparison() const {
    std::printf("\nFalco comparison (dev-mixed.scap, gzip file, events per CPU-second):\n");
    PrintLine("BM_ReplayGzip/rules:2", "stock rules, interpreter", kFalcoStock);
    PrintLine("BM_ReplayGzip/rules:3", "stock rules, JIT (O2)   ", kFalcoStock);
    PrintLine("BM_ReplayGzip/rules:1", "never-matching rule     ", kFalcoNever);
  }

 private:
  struct Seen {
    double rate = 0;
    bool median = false;
  };
  void PrintLine(const std::string& name, const char* what, double falco) const {
    auto it = rates_.find(name);
    if (it == rates_.end()) return;
    const double rate = it->second.rate;
    std::printf("  %s: %6.2f M/s  vs Falco 0.44.1 %.2f M/s = %5.1fx (goal >= 10x)\n", what,
                rate / 1e6, falco / 1e6, rate / falco);
  }

  std::map<std::string, Seen> rates_;
};

}  // namespace
}  // namespace peregrine::runtime

int main(int argc, char** argv) {
  // Load the capture image before any timing.
  peregrine::runtime::InflatedCapture();
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  peregrine::runtime::ComparisonReporter reporter;
  benchmark::RunSpecifiedBenchmarks(&reporter);
  reporter.PrintComparison();
  benchmark::Shutdown();
  return 0;
}
