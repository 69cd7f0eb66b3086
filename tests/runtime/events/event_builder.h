// Test helper: builds scap-layout event records parameter by parameter.
#ifndef PEREGRINE_TESTS_RUNTIME_EVENTS_EVENT_BUILDER_H_
#define PEREGRINE_TESTS_RUNTIME_EVENTS_EVENT_BUILDER_H_

#include <cstdint>
#include <cstring>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "probe/abi/record_view.h"
#include "runtime/events/event.h"

namespace peregrine::runtime::testing {

// An owned record plus its view and an Event over it. Not copyable (the views point inside).
struct OwnedEvent {
  std::vector<uint8_t> bytes;
  probe::RecordView view;
  Event event;
};

class EventBuilder {
 public:
  EventBuilder(uint16_t type, int64_t tid, uint64_t ts = 1'000'000'000)
      : type_(type), tid_(tid), ts_(ts) {}

  EventBuilder& Raw(std::string_view bytes) {
    params_.emplace_back(bytes);
    return *this;
  }
  EventBuilder& Empty() { return Raw({}); }
  template <typename T>
  EventBuilder& Fixed(T v) {
    std::string b(sizeof(T), '\0');
    std::memcpy(b.data(), &v, sizeof(T));
    return Raw(b);
  }
  EventBuilder& I64(int64_t v) { return Fixed(v); }
  EventBuilder& U64(uint64_t v) { return Fixed(v); }
  EventBuilder& U32(uint32_t v) { return Fixed(v); }
  EventBuilder& U16(uint16_t v) { return Fixed(v); }
  EventBuilder& U8(uint8_t v) { return Fixed(v); }
  EventBuilder& Str(std::string_view s) {
    std::string b(s);
    b.push_back('\0');
    return Raw(b);
  }
  // A NUL-separated list with a final NUL.
  EventBuilder& List(const std::vector<std::string>& items) {
    std::string b;
    for (const auto& i : items) {
      b += i;
      b.push_back('\0');
    }
    return Raw(b);
  }
  EventBuilder& Inet4Tuple(const uint8_t sip[4], uint16_t sport, const uint8_t dip[4],
                           uint16_t dport) {
    std::string b(1, '\x02');
    b.append(reinterpret_cast<const char*>(sip), 4);
    b.append(reinterpret_cast<const char*>(&sport), 2);
    b.append(reinterpret_cast<const char*>(dip), 4);
    b.append(reinterpret_cast<const char*>(&dport), 2);
    return Raw(b);
  }
  EventBuilder& Inet4Addr(const uint8_t ip[4], uint16_t port) {
    std::string b(1, '\x02');
    b.append(reinterpret_cast<const char*>(ip), 4);
    b.append(reinterpret_cast<const char*>(&port), 2);
    return Raw(b);
  }

  std::unique_ptr<OwnedEvent> Build(uint64_t num = 1) const {
    auto out = std::make_unique<OwnedEvent>();
    const bool large = probe::IsLargePayloadEvent(type_);
    const uint32_t width = large ? 4 : 2;
    uint32_t len = 26 + width * params_.size();
    for (const auto& p : params_) len += p.size();
    out->bytes.resize(len);
    uint8_t* d = out->bytes.data();
    const uint64_t tid = static_cast<uint64_t>(tid_);
    const uint32_t nparams = params_.size();
    std::memcpy(d, &ts_, 8);
    std::memcpy(d + 8, &tid, 8);
    std::memcpy(d + 16, &len, 4);
    std::memcpy(d + 20, &type_, 2);
    std::memcpy(d + 22, &nparams, 4);
    size_t off = 26;
    for (const auto& p : params_) {
      if (large) {
        uint32_t l = p.size();
        std::memcpy(d + off, &l, 4);
      } else {
        uint16_t l = p.size();
        std::memcpy(d + off, &l, 2);
      }
      off += width;
    }
    for (const auto& p : params_) {
      std::memcpy(d + off, p.data(), p.size());
      off += p.size();
    }
    if (!out->view.Parse(out->bytes.data(), out->bytes.size())) return nullptr;
    out->event = Event(&out->view, /*cpu=*/0, /*dump_flags=*/0, num);
    return out;
  }

 private:
  uint16_t type_;
  int64_t tid_;
  uint64_t ts_;
  std::vector<std::string> params_;
};

}  // namespace peregrine::runtime::testing

#endif  // PEREGRINE_TESTS_RUNTIME_EVENTS_EVENT_BUILDER_H_
