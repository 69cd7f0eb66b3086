// Test helper: builds scap-layout event records parameter by parameter (probe::RecordWriter)
// and decodes them into an Event.
#ifndef PEREGRINE_TESTS_RUNTIME_EVENTS_EVENT_BUILDER_H_
#define PEREGRINE_TESTS_RUNTIME_EVENTS_EVENT_BUILDER_H_

#include <cstdint>
#include <cstring>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "probe/abi/record_view.h"
#include "probe/abi/record_writer.h"
#include "runtime/events/event.h"

namespace peregrine::runtime::testing {

// An owned record plus its view and an Event over it. Not copyable (the views point inside).
struct OwnedEvent {
  std::vector<uint8_t> bytes;
  probe::RecordView view;
  Event event;
};

// The bytes come from probe::RecordWriter; this adds an owned RecordView and Event over them.
class EventBuilder {
 public:
  EventBuilder(uint16_t type, int64_t tid, uint64_t ts = 1'000'000'000)
      : writer_(type, static_cast<uint64_t>(tid), ts) {}

  EventBuilder& Raw(std::string_view bytes) {
    writer_.Raw(bytes);
    return *this;
  }
  EventBuilder& Empty() { return Raw({}); }
  template <typename T>
  EventBuilder& Fixed(T v) {
    writer_.Fixed(v);
    return *this;
  }
  EventBuilder& I64(int64_t v) { return Fixed(v); }
  EventBuilder& U64(uint64_t v) { return Fixed(v); }
  EventBuilder& U32(uint32_t v) { return Fixed(v); }
  EventBuilder& U16(uint16_t v) { return Fixed(v); }
  EventBuilder& U8(uint8_t v) { return Fixed(v); }
  EventBuilder& Str(std::string_view s) {
    writer_.Str(s);
    return *this;
  }
  // A NUL-separated list with a final NUL.
  EventBuilder& List(const std::vector<std::string>& items) {
    writer_.List(items);
    return *this;
  }
  EventBuilder& Inet4Tuple(const uint8_t sip[4], uint16_t sport, const uint8_t dip[4],
                           uint16_t dport) {
    writer_.Inet4Tuple(sip, sport, dip, dport);
    return *this;
  }
  EventBuilder& Inet4Addr(const uint8_t ip[4], uint16_t port) {
    writer_.Inet4Addr(ip, port);
    return *this;
  }

  std::unique_ptr<OwnedEvent> Build(uint64_t num = 1) const {
    auto out = std::make_unique<OwnedEvent>();
    writer_.Finish(&out->bytes);
    if (!out->view.Parse(out->bytes.data(), out->bytes.size())) return nullptr;
    out->event = Event(&out->view, /*cpu=*/0, /*dump_flags=*/0, num);
    return out;
  }

 private:
  probe::RecordWriter writer_;
};

}  // namespace peregrine::runtime::testing

#endif  // PEREGRINE_TESTS_RUNTIME_EVENTS_EVENT_BUILDER_H_
