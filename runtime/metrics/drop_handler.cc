#include "runtime/metrics/drop_handler.h"

#include <algorithm>

#include "absl/strings/str_cat.h"

namespace peregrine::runtime::metrics {

std::string DropReport::Message() const {
  return absl::StrCat("Falco internal: syscall event drop. ", n_drops,
                      " system calls dropped in last second.");
}

DropHandler::DropHandler(DropPolicy policy, Hooks hooks, uint64_t now_ns)
    : policy_(std::move(policy)),
      hooks_(std::move(hooks)),
      bucket_(policy_.rate, policy_.max_burst, now_ns),
      ignore_(std::find(policy_.actions.begin(), policy_.actions.end(), DropAction::kIgnore) !=
              policy_.actions.end()),
      last_ns_(now_ns) {}

DropHandler::Verdict DropHandler::Check(const DropSample& cumulative, uint64_t now_ns) {
  DropReport report;
  report.n_evts = cumulative.events - std::min(cumulative.events, last_.events);
  for (const auto& [category, total] : cumulative.drops) {
    uint64_t before = 0;
    for (const auto& [c, n] : last_.drops) {
      if (c == category) before = n;
    }
    const uint64_t delta = total - std::min(total, before);
    report.drops.emplace_back(category, delta);
    report.n_drops += delta;
  }
  report.interval_seconds = static_cast<double>(now_ns - std::min(now_ns, last_ns_)) / 1e9;
  last_ = cumulative;
  last_ns_ = now_ns;

  if (report.n_drops == 0 || ignore_) return Verdict::kContinue;
  report.ratio =
      static_cast<double>(report.n_drops) / static_cast<double>(report.n_evts + report.n_drops);
  if (report.ratio <= policy_.threshold) return Verdict::kContinue;
  if (!bucket_.Claim(now_ns)) {
    ++suppressed_;
    return Verdict::kContinue;
  }
  ++notifications_;
  Verdict verdict = Verdict::kContinue;
  for (DropAction action : policy_.actions) {
    switch (action) {
      case DropAction::kIgnore:
        break;
      case DropAction::kLog:
        if (hooks_.log) hooks_.log(report.Message());
        break;
      case DropAction::kAlert:
        if (hooks_.alert) hooks_.alert(report);
        break;
      case DropAction::kExit:
        if (hooks_.log) hooks_.log(report.Message() + " Exiting.");
        verdict = Verdict::kExit;
        break;
    }
  }
  return verdict;
}

}  // namespace peregrine::runtime::metrics
