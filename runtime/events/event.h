// Event: a decoded, non-owning view of one event record plus where it came from.
#ifndef PEREGRINE_RUNTIME_EVENTS_EVENT_H_
#define PEREGRINE_RUNTIME_EVENTS_EVENT_H_

#include <cstdint>
#include <string_view>

#include "probe/abi/record_view.h"
#include "runtime/catalog/event_table.h"
#include "runtime/events/kernel_context.h"
#include "runtime/events/param_decode.h"

namespace peregrine::runtime {

// Dump flag bit 0 of .scap event blocks (scap-format §11.1): apply to state, never run rules.
inline constexpr uint32_t kEventFlagStateOnly = 1;

// Header tid of events that are not tied to a thread (meta events).
inline constexpr uint64_t kNoThreadTid = ~uint64_t{0};

// One event as seen by the state tracker, the field extractors and the output formatter.
//
// Borrows the record (a probe::RecordView that has already been validated) and the optional
// kernel context; both must outlive the Event. Assigning a new record is a few stores: no
// allocation per event. Parameter accessors never read outside the record. Thread-compatible.
class Event {
 public:
  Event() = default;
  Event(const probe::RecordView* record, uint16_t cpu, uint32_t dump_flags, uint64_t num,
        const KernelContext* kernel = nullptr)
      : record_(record), kernel_(kernel), num_(num), dump_flags_(dump_flags), cpu_(cpu) {}

  const probe::RecordView& record() const { return *record_; }
  bool valid() const { return record_ != nullptr; }

  uint16_t type() const { return record_->type(); }
  uint64_t ts() const { return record_->ts(); }
  // The header tid as a signed host tid (-1 for meta events).
  int64_t tid() const { return static_cast<int64_t>(record_->tid()); }
  uint16_t cpu() const { return cpu_; }
  uint32_t dump_flags() const { return dump_flags_; }
  bool state_only() const { return (dump_flags_ & kEventFlagStateOnly) != 0; }
  // Sequence number (evt.num), counted from 1 by whoever feeds the events.
  uint64_t num() const { return num_; }
  // Even codes are enter events, odd codes exit events (scap-format §11.2).
  bool is_exit() const { return (type() & 1) != 0; }
  // The event table row of this event, or nullptr for codes outside the table (§11.4).
  const catalog::EventInfo* info() const {
    return type() < catalog::kNumEventCodes ? &catalog::GetEventInfo(type()) : nullptr;
  }
  // Kernel-provided process context (live probe), or nullptr (.scap replay).
  const KernelContext* kernel() const { return kernel_; }

  uint32_t nparams() const { return record_->nparams(); }
  probe::ParamBytes param(uint32_t i) const { return record_->param(i); }

  // Typed accessors by parameter index. All return false / an empty value when the parameter is
  // absent (empty) or has a width that does not fit its type (scap-format §11.4).
  bool GetInt(uint32_t i, int64_t* out) const { return DecodeSigned(param(i), out); }
  bool GetUint(uint32_t i, uint64_t* out) const { return DecodeUnsigned(param(i), out); }
  // A CHARBUF/FSPATH parameter without its terminating NUL ("" when absent).
  std::string_view GetString(uint32_t i) const { return DecodeCharBuf(param(i)); }
  // A NUL-separated string list (args, env, cgroups).
  StrList GetStrList(uint32_t i) const { return StrList(param(i)); }
  bool GetSockAddr(uint32_t i, SockAddr* out) const { return DecodeSockAddr(param(i), out); }
  bool GetSockTuple(uint32_t i, SockTuple* out) const { return DecodeSockTuple(param(i), out); }

 private:
  const probe::RecordView* record_ = nullptr;
  const KernelContext* kernel_ = nullptr;
  uint64_t num_ = 0;
  uint32_t dump_flags_ = 0;
  uint16_t cpu_ = 0;
};

}  // namespace peregrine::runtime

#endif  // PEREGRINE_RUNTIME_EVENTS_EVENT_H_
