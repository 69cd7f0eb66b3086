// Histogram: Prometheus-style cumulative buckets with lock-free Observe().
#ifndef PEREGRINE_RUNTIME_METRICS_HISTOGRAM_H_
#define PEREGRINE_RUNTIME_METRICS_HISTOGRAM_H_

#include <atomic>
#include <cstdint>
#include <memory>
#include <vector>

namespace peregrine::runtime::metrics {

// Counts observations into buckets with the given upper bounds (ascending; +Inf is implicit).
// Observe() is lock-free: a binary search, one relaxed fetch_add and a CAS loop on the sum.
// Snapshot() may see an observation in the count but not yet in the sum (scrapes are not
// atomic, as in every Prometheus client). Thread-safe.
class Histogram {
 public:
  explicit Histogram(std::vector<double> upper_bounds);

  void Observe(double value);

  struct Snapshot {
    std::vector<double> upper_bounds;  // without +Inf
    std::vector<uint64_t> cumulative;  // one per bound, then the +Inf bucket (= count)
    double sum = 0;
    uint64_t count = 0;
  };
  Snapshot Take() const;

  // Exponential bounds start, start*factor, … (count of them), e.g. latencies in seconds.
  static std::vector<double> ExponentialBounds(double start, double factor, int count);

 private:
  std::vector<double> bounds_;
  std::unique_ptr<std::atomic<uint64_t>[]> buckets_;  // bounds_.size() + 1 (the last is +Inf)
  std::atomic<double> sum_{0};
};

}  // namespace peregrine::runtime::metrics

#endif  // PEREGRINE_RUNTIME_METRICS_HISTOGRAM_H_
