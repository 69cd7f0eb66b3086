// Reading and decoding shared/corpus/captures/dev-mixed.scap: events per second (Release).
//
//   BM_ScapReadGzip        — inflate + framing + record validation (ScapReader::Next)
//   BM_ScapReadDecodeGzip  — the same plus DecodeEventParams on every event
//   BM_ScapReadDecodePlain — read + decode from the already-inflated bytes in memory
//                             (isolates zlib's share; the per-iteration copy of the buffer
//                             is included in the time)
#include <benchmark/benchmark.h>

#include <string>
#include <vector>

#include "probe/capture/scap/param_decoder.h"
#include "probe/capture/scap/scap_reader.h"

namespace peregrine::probe::scap {
namespace {

const std::string kCapture = std::string(PEREGRINE_SHARED_DIR) + "/corpus/captures/dev-mixed.scap";

// Reads every event; decodes parameters when `decode`. Returns the event count (0 on error).
uint64_t ReadAll(ScapReader& reader, bool decode) {
  std::vector<ParamValue> params(RecordView::kMaxParams);
  ScapEvent ev;
  uint64_t n = 0;
  while (true) {
    auto more = reader.Next(&ev);
    if (!more.ok() || !*more) break;
    if (decode) {
      DecodeEventParams(ev.record, params.data());
      benchmark::DoNotOptimize(params[0].u);
    }
    benchmark::DoNotOptimize(ev.record.ts());
    ++n;
  }
  return n;
}

void ReadGzip(benchmark::State& state, bool decode) {
  uint64_t events = 0;
  for (auto _ : state) {
    auto reader = ScapReader::Open(kCapture);
    if (!reader.ok()) {
      state.SkipWithError(std::string(reader.status().message()).c_str());
      return;
    }
    events += ReadAll(**reader, decode);
  }
  state.SetItemsProcessed(static_cast<int64_t>(events));
  state.counters["events_per_s"] =
      benchmark::Counter(static_cast<double>(events), benchmark::Counter::kIsRate);
}

void BM_ScapReadGzip(benchmark::State& state) { ReadGzip(state, /*decode=*/false); }
void BM_ScapReadDecodeGzip(benchmark::State& state) { ReadGzip(state, /*decode=*/true); }

// The inflated capture as one plain (uncompressed) file image.
std::string InflatedCapture() {
  CaptureEncoding enc;
  auto in = OpenCaptureFile(kCapture, &enc);
  if (!in.ok()) return {};
  std::string out;
  std::vector<uint8_t> chunk(1 << 20);
  while (true) {
    auto got = (*in)->Read(chunk.data(), chunk.size());
    if (!got.ok() || *got == 0) break;
    out.append(reinterpret_cast<const char*>(chunk.data()), *got);
  }
  return out;
}

void BM_ScapReadDecodePlain(benchmark::State& state) {
  const std::string plain = InflatedCapture();
  uint64_t events = 0;
  for (auto _ : state) {
    auto reader = ScapReader::OpenBytes(plain);
    if (!reader.ok()) {
      state.SkipWithError(std::string(reader.status().message()).c_str());
      return;
    }
    events += ReadAll(**reader, /*decode=*/true);
  }
  state.SetItemsProcessed(static_cast<int64_t>(events));
  state.counters["events_per_s"] =
      benchmark::Counter(static_cast<double>(events), benchmark::Counter::kIsRate);
}

BENCHMARK(BM_ScapReadGzip)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_ScapReadDecodeGzip)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_ScapReadDecodePlain)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace peregrine::probe::scap

BENCHMARK_MAIN();
