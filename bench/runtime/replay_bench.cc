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
//
// The plain variants copy the 33 MB inflated image before each iteration with the timer paused.
// `allocs_per_event` counts heap allocations during the timed replay (operator new is replaced
// in this binary only).
#include <benchmark/benchmark.h>

#include <atomic>
#include <cstdlib>
#include <new>
#include <string>
#include <vector>

#include "probe/capture/scap/input_stream.h"
#include "probe/capture/scap/scap_reader.h"
#include "runtime/engine/capture_source.h"
#include "runtime/engine/engine_config.h"
#include "runtime/engine/event_pipeline.h"
#include "runtime/engine/ruleset_loader.h"
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

enum class Rules { kNone, kNever, kStock };

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
  absl::StatusOr<std::unique_ptr<Ruleset>> rs = LoadRuleset(
      {rules == Rules::kStock ? kStockRules : kNeverRules}, config, /*diagnostics=*/nullptr);
  if (!rs.ok()) {
    state.SkipWithError(std::string(rs.status().message()).c_str());
    return nullptr;
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
    ->Unit(benchmark::kMillisecond);
BENCHMARK(BM_ReplayGzip)
    ->ArgName("rules")
    ->Arg(static_cast<int>(Rules::kStock))
    ->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace peregrine::runtime

int main(int argc, char** argv) {
  // Load the capture image before any timing.
  peregrine::runtime::InflatedCapture();
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
