// Registry: the named, labelled metrics of one daemon, rendered as Prometheus text.
#ifndef PEREGRINE_RUNTIME_METRICS_REGISTRY_H_
#define PEREGRINE_RUNTIME_METRICS_REGISTRY_H_

#include <functional>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "runtime/metrics/counter.h"
#include "runtime/metrics/histogram.h"

namespace peregrine::runtime::metrics {

// Label pairs in the order they are written; ("rule", "Terminal shell in container").
using Labels = std::vector<std::pair<std::string, std::string>>;

enum class MetricType { kCounter, kGauge, kHistogram };

// What a scrape-time collector writes: values computed when /metrics is read (RSS, CPU, queue
// depths, ruleset hash). Only valid during the collector call.
class SampleWriter {
 public:
  virtual ~SampleWriter() = default;
  virtual void Write(MetricType type, std::string_view name, std::string_view help,
                     const Labels& labels, double value) = 0;
};

// Owns every registered metric. Get*() (setup, cold path) create a metric the first time a
// (name, labels) pair is asked for and return the same stable pointer afterwards; callers keep the
// pointer and increment it on the hot path without touching the registry again. Pointers stay
// valid until the registry is destroyed. Thread-safe.
class Registry {
 public:
  Registry() = default;
  Registry(const Registry&) = delete;
  Registry& operator=(const Registry&) = delete;

  // Errors: an invalid metric or label name, or a name already registered with another type.
  absl::StatusOr<Counter*> GetCounter(std::string_view name, std::string_view help,
                                      const Labels& labels = {});
  absl::StatusOr<Gauge*> GetGauge(std::string_view name, std::string_view help,
                                  const Labels& labels = {});
  // `upper_bounds` is used when the histogram is created; later calls get the existing one.
  absl::StatusOr<Histogram*> GetHistogram(std::string_view name, std::string_view help,
                                          std::vector<double> upper_bounds,
                                          const Labels& labels = {});

  using Collector = std::function<void(SampleWriter&)>;
  // Adds a function run at every scrape; returns an id for RemoveCollector(). A collector must not
  // call AddCollector/RemoveCollector. RemoveCollector() waits for a running scrape to finish, so
  // the collector's captures may be destroyed once it returns.
  int AddCollector(Collector collector);
  void RemoveCollector(int id);

  // The Prometheus text exposition format (version 0.0.4), families sorted by name.
  std::string RenderPrometheus() const;

 private:
  struct Family {
    MetricType type;
    std::string help;
    std::map<Labels, std::unique_ptr<Counter>> counters;
    std::map<Labels, std::unique_ptr<Gauge>> gauges;
    std::map<Labels, std::unique_ptr<Histogram>> histograms;
  };
  absl::StatusOr<Family*> FamilyFor(std::string_view name, std::string_view help, MetricType type,
                                    const Labels& labels) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);

  mutable absl::Mutex mu_;
  std::map<std::string, Family, std::less<>> families_ ABSL_GUARDED_BY(mu_);

  mutable absl::Mutex collectors_mu_;  // held while collectors run
  std::map<int, Collector> collectors_ ABSL_GUARDED_BY(collectors_mu_);
  int next_collector_id_ ABSL_GUARDED_BY(collectors_mu_) = 1;
};

// True for [a-zA-Z_:][a-zA-Z0-9_:]* (metric names) — label names exclude ':'.
bool IsValidMetricName(std::string_view name);
bool IsValidLabelName(std::string_view name);

}  // namespace peregrine::runtime::metrics

#endif  // PEREGRINE_RUNTIME_METRICS_REGISTRY_H_
