#include "runtime/engine/event_type_counters.h"

#include <string_view>

#include "runtime/catalog/event_table.h"

namespace peregrine::runtime {

void EventTypeCounters::CountSlow(uint16_t type) {
  const std::string_view name =
      type < catalog::kNumEventCodes ? catalog::GetEventInfo(type).name : std::string_view("NA");
  metrics::Counter* counter = metrics_->ForEventType(name.empty() ? "NA" : name);
  if (counter == nullptr) return;
  if (type >= by_code_.size()) by_code_.resize(static_cast<size_t>(type) + 1, nullptr);
  by_code_[type] = counter;
  counter->Increment();
}

}  // namespace peregrine::runtime
