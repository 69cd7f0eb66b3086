#include "runtime/metrics/registry.h"

#include "absl/strings/str_cat.h"
#include "base/string_view_compat.h"
#include "runtime/metrics/prometheus_text.h"

namespace peregrine::runtime::metrics {
namespace {

bool IsNameChar(char c, bool first, bool allow_colon) {
  if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_') return true;
  if (c == ':') return allow_colon;
  return !first && c >= '0' && c <= '9';
}

bool IsValidName(std::string_view name, bool allow_colon) {
  if (name.empty()) return false;
  for (size_t i = 0; i < name.size(); ++i) {
    if (!IsNameChar(name[i], i == 0, allow_colon)) return false;
  }
  return true;
}

std::string_view TypeName(MetricType type) {
  switch (type) {
    case MetricType::kCounter:
      return "counter";
    case MetricType::kGauge:
      return "gauge";
    case MetricType::kHistogram:
      return "histogram";
  }
  return "untyped";
}

// One family as rendered: registered metrics and collector samples merged.
struct RenderFamily {
  MetricType type = MetricType::kGauge;
  std::string help;
  std::vector<std::pair<Labels, double>> samples;
  std::vector<std::pair<Labels, Histogram::Snapshot>> histograms;
};

class MapWriter final : public SampleWriter {
 public:
  explicit MapWriter(std::map<std::string, RenderFamily>* out) : out_(out) {}
  void Write(MetricType type, std::string_view name, std::string_view help, const Labels& labels,
             double value) override {
    if (!IsValidMetricName(name) || type == MetricType::kHistogram) return;
    auto [it, inserted] = out_->try_emplace(std::string(name));
    if (inserted) {
      it->second.type = type;
      it->second.help = std::string(help);
    } else if (it->second.type != type) {
      return;  // a collector contradicting a registered type: keep the registered one
    }
    it->second.samples.emplace_back(labels, value);
  }

 private:
  std::map<std::string, RenderFamily>* out_;
};

}  // namespace

bool IsValidMetricName(std::string_view name) { return IsValidName(name, /*allow_colon=*/true); }
bool IsValidLabelName(std::string_view name) {
  return IsValidName(name, /*allow_colon=*/false) && name.substr(0, 2) != "__";
}

absl::StatusOr<Registry::Family*> Registry::FamilyFor(std::string_view name, std::string_view help,
                                                      MetricType type, const Labels& labels) {
  if (!IsValidMetricName(name)) {
    return absl::InvalidArgumentError(absl::StrCat("invalid metric name '", Sv(name), "'"));
  }
  for (const auto& [k, v] : labels) {
    if (!IsValidLabelName(k) || (type == MetricType::kHistogram && k == "le")) {
      return absl::InvalidArgumentError(
          absl::StrCat("invalid label name '", k, "' for metric ", Sv(name)));
    }
  }
  auto it = families_.find(name);
  if (it == families_.end()) {
    it = families_.emplace(std::string(name), Family{type, std::string(help), {}, {}, {}}).first;
  } else if (it->second.type != type) {
    return absl::AlreadyExistsError(absl::StrCat(
        "metric ", Sv(name), " is already registered as a ", Sv(TypeName(it->second.type))));
  }
  return &it->second;
}

absl::StatusOr<Counter*> Registry::GetCounter(std::string_view name, std::string_view help,
                                              const Labels& labels) {
  absl::MutexLock lock(&mu_);
  auto family = FamilyFor(name, help, MetricType::kCounter, labels);
  if (!family.ok()) return family.status();
  auto& slot = (*family)->counters[labels];
  if (slot == nullptr) slot = std::make_unique<Counter>();
  return slot.get();
}

absl::StatusOr<Gauge*> Registry::GetGauge(std::string_view name, std::string_view help,
                                          const Labels& labels) {
  absl::MutexLock lock(&mu_);
  auto family = FamilyFor(name, help, MetricType::kGauge, labels);
  if (!family.ok()) return family.status();
  auto& slot = (*family)->gauges[labels];
  if (slot == nullptr) slot = std::make_unique<Gauge>();
  return slot.get();
}

absl::StatusOr<Histogram*> Registry::GetHistogram(std::string_view name, std::string_view help,
                                                  std::vector<double> upper_bounds,
                                                  const Labels& labels) {
  for (size_t i = 1; i < upper_bounds.size(); ++i) {
    if (!(upper_bounds[i - 1] < upper_bounds[i])) {
      return absl::InvalidArgumentError(
          absl::StrCat("histogram ", Sv(name), ": bucket bounds must be strictly ascending"));
    }
  }
  absl::MutexLock lock(&mu_);
  auto family = FamilyFor(name, help, MetricType::kHistogram, labels);
  if (!family.ok()) return family.status();
  auto& slot = (*family)->histograms[labels];
  if (slot == nullptr) slot = std::make_unique<Histogram>(std::move(upper_bounds));
  return slot.get();
}

int Registry::AddCollector(Collector collector) {
  absl::MutexLock lock(&collectors_mu_);
  const int id = next_collector_id_++;
  collectors_.emplace(id, std::move(collector));
  return id;
}

void Registry::RemoveCollector(int id) {
  absl::MutexLock lock(&collectors_mu_);
  collectors_.erase(id);
}

std::string Registry::RenderPrometheus() const {
  std::map<std::string, RenderFamily> families;
  {
    absl::MutexLock lock(&mu_);
    for (const auto& [name, family] : families_) {
      RenderFamily& out = families[name];
      out.type = family.type;
      out.help = family.help;
      for (const auto& [labels, c] : family.counters) {
        out.samples.emplace_back(labels, static_cast<double>(c->Value()));
      }
      for (const auto& [labels, g] : family.gauges) out.samples.emplace_back(labels, g->Value());
      for (const auto& [labels, h] : family.histograms)
        out.histograms.emplace_back(labels, h->Take());
    }
  }
  {
    absl::MutexLock lock(&collectors_mu_);
    MapWriter writer(&families);
    for (const auto& [id, collector] : collectors_) collector(writer);
  }

  std::string out;
  for (const auto& [name, family] : families) {
    if (!family.help.empty()) {
      absl::StrAppend(&out, "# HELP ", name, " ");
      AppendHelp(family.help, &out);
      out.push_back('\n');
    }
    absl::StrAppend(&out, "# TYPE ", name, " ", Sv(TypeName(family.type)), "\n");
    for (const auto& [labels, value] : family.samples) {
      out.append(name);
      AppendLabels(labels, "", "", &out);
      out.push_back(' ');
      AppendValue(value, &out);
      out.push_back('\n');
    }
    for (const auto& [labels, snap] : family.histograms) {
      for (size_t i = 0; i < snap.cumulative.size(); ++i) {
        std::string le;
        if (i < snap.upper_bounds.size()) {
          AppendValue(snap.upper_bounds[i], &le);
        } else {
          le = "+Inf";
        }
        absl::StrAppend(&out, name, "_bucket");
        AppendLabels(labels, "le", le, &out);
        out.push_back(' ');
        AppendValue(static_cast<double>(snap.cumulative[i]), &out);
        out.push_back('\n');
      }
      absl::StrAppend(&out, name, "_sum");
      AppendLabels(labels, "", "", &out);
      out.push_back(' ');
      AppendValue(snap.sum, &out);
      absl::StrAppend(&out, "\n", name, "_count");
      AppendLabels(labels, "", "", &out);
      out.push_back(' ');
      AppendValue(static_cast<double>(snap.count), &out);
      out.push_back('\n');
    }
  }
  return out;
}

}  // namespace peregrine::runtime::metrics
