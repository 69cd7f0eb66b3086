// StageLatency: sampled timing of the event path's stages into
// peregrine_stage_latency_seconds{stage} (PeregrineMetrics::ForStage).
//
// Usage (one event):
//   StageLaps laps(latency, latency.SampleEvent());   // inactive for 63 events of 64
//   Decode(...);  laps.Lap(Stage::kDecode);
//   state.Process(...);  laps.Lap(Stage::kState);
#ifndef PEREGRINE_RUNTIME_METRICS_STAGE_LATENCY_H_
#define PEREGRINE_RUNTIME_METRICS_STAGE_LATENCY_H_

#include <array>
#include <chrono>
#include <cstdint>
#include <string_view>

namespace peregrine::runtime::metrics {

class Histogram;
class PeregrineMetrics;

// The stages of one event: decoding the record (reading it from a capture, parsing it), the
// state update (with the kernel-context enrichment), matching the rules, and output (formatting
// one alert and handing it to the sink).
enum class Stage { kDecode, kState, kMatch, kOutput };
inline constexpr int kNumStages = 4;

// "decode", "state", "match", "output": the `stage` label values.
std::string_view StageName(Stage stage);

// Decides which events and alerts are timed — the first and then every `sample_every`-th of
// each (a counter and a mask test; no clock read otherwise) — and records the durations. With
// no metrics nothing is ever sampled. Reads std::chrono::steady_clock (vDSO clock_gettime, no
// system call on hosts with a TSC clock source).
//
// Owned by one thread (a pipeline or a worker); the histograms it records into are shared and
// thread-safe. Borrows `metrics`, which must outlive it.
class StageLatency {
 public:
  using Clock = std::chrono::steady_clock;

  // `sample_every` is a power of two. `metrics` may be null (disabled).
  explicit StageLatency(PeregrineMetrics* metrics, uint32_t sample_every = 64);

  bool enabled() const { return enabled_; }
  bool SampleEvent() { return enabled_ && (events_++ & mask_) == 0; }
  bool SampleAlert() { return enabled_ && (alerts_++ & mask_) == 0; }

  void Record(Stage stage, Clock::time_point begin, Clock::time_point end);

 private:
  std::array<Histogram*, kNumStages> histograms_{};
  uint64_t mask_;
  bool enabled_;
  uint64_t events_ = 0;
  uint64_t alerts_ = 0;
};

// A lap timer over one sampled event: each Lap() records the time since the previous lap (or
// since construction) as that stage. Inactive ones do nothing. Lives on the stack of one event.
class StageLaps {
 public:
  StageLaps(StageLatency& latency, bool active) : latency_(latency), active_(active) {
    if (active_) last_ = StageLatency::Clock::now();
  }

  bool active() const { return active_; }
  void Lap(Stage stage) {
    if (!active_) return;
    const StageLatency::Clock::time_point now = StageLatency::Clock::now();
    latency_.Record(stage, last_, now);
    last_ = now;
  }

 private:
  StageLatency& latency_;
  bool active_;
  StageLatency::Clock::time_point last_;
};

}  // namespace peregrine::runtime::metrics

#endif  // PEREGRINE_RUNTIME_METRICS_STAGE_LATENCY_H_
