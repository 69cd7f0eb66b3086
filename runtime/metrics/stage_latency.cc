// StageLatency: sampled per-stage timing into the stage-latency histograms.
#include "runtime/metrics/stage_latency.h"

#include <cassert>

#include "base/status_macros.h"
#include "runtime/metrics/histogram.h"
#include "runtime/metrics/peregrine_metrics.h"

namespace peregrine::runtime::metrics {

std::string_view StageName(Stage stage) {
  switch (stage) {
    case Stage::kDecode:
      return "decode";
    case Stage::kState:
      return "state";
    case Stage::kMatch:
      return "match";
    case Stage::kOutput:
      return "output";
  }
  PEREGRINE_UNREACHABLE("unknown pipeline stage");
}

StageLatency::StageLatency(PeregrineMetrics* metrics, uint32_t sample_every)
    : mask_(sample_every == 0 ? 0 : sample_every - 1), enabled_(metrics != nullptr) {
  assert(sample_every != 0 && (sample_every & (sample_every - 1)) == 0 &&
         "sample_every must be a power of two");
  if (metrics == nullptr) return;
  for (int s = 0; s < kNumStages; ++s) {
    histograms_[s] = metrics->ForStage(StageName(static_cast<Stage>(s)));
  }
}

void StageLatency::Record(Stage stage, Clock::time_point begin, Clock::time_point end) {
  Histogram* h = histograms_[static_cast<int>(stage)];
  if (h != nullptr) h->Observe(std::chrono::duration<double>(end - begin).count());
}

}  // namespace peregrine::runtime::metrics
