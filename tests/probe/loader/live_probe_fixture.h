// Shared fixture for the live probe tests: one attached Probe per test process, helpers that run
// an action with one syscall marked interesting and return the records of given threads, and
// by-hand decoders for the scap parameter encodings (scap-format §12).
#ifndef PEREGRINE_TESTS_PROBE_LOADER_LIVE_PROBE_FIXTURE_H_
#define PEREGRINE_TESTS_PROBE_LOADER_LIVE_PROBE_FIXTURE_H_

#include <sys/syscall.h>
#include <unistd.h>

#include <cstdint>
#include <cstdio>
#include <cstring>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "probe/abi/record_view.h"
#include "probe/loader/probe.h"
#include "runtime/catalog/event_table.h"

namespace peregrine::probe::testing {

// One record copied out of the ring.
struct Captured {
  bool has_ctx = false;
  pg_proc_ctx ctx{};
  std::vector<uint8_t> bytes;  // the scap event record
  RecordView view;             // over `bytes`; re-parsed after copies

  Captured() = default;
  Captured(const Captured& o) : has_ctx(o.has_ctx), ctx(o.ctx), bytes(o.bytes) { Reparse(); }
  Captured& operator=(const Captured& o) {
    has_ctx = o.has_ctx;
    ctx = o.ctx;
    bytes = o.bytes;
    Reparse();
    return *this;
  }
  void Reparse() { view.Parse(bytes.data(), bytes.size()); }

  ParamBytes P(uint32_t i) const { return view.param(i); }
  int64_t I64(uint32_t i) const { return Fixed<int64_t>(i); }
  uint64_t U64(uint32_t i) const { return Fixed<uint64_t>(i); }
  uint32_t U32(uint32_t i) const { return Fixed<uint32_t>(i); }
  int32_t I32(uint32_t i) const { return Fixed<int32_t>(i); }
  uint16_t U16(uint32_t i) const { return Fixed<uint16_t>(i); }
  uint8_t U8(uint32_t i) const { return Fixed<uint8_t>(i); }
  // A CHARBUF/FSPATH value without its NUL; fails the test when the NUL is missing.
  std::string Str(uint32_t i) const {
    ParamBytes p = view.param(i);
    if (p.empty()) return "<empty>";
    EXPECT_EQ(p.data[p.size - 1], 0) << "param " << i << " is not NUL-terminated";
    return std::string(reinterpret_cast<const char*>(p.data), p.size - 1);
  }
  std::string Raw(uint32_t i) const { return std::string(view.param(i).AsStringView()); }

  template <typename T>
  T Fixed(uint32_t i) const {
    ParamBytes p = view.param(i);
    EXPECT_EQ(p.size, sizeof(T)) << "param " << i << " of event " << view.type();
    T v{};
    if (p.size == sizeof(T)) std::memcpy(&v, p.data, sizeof(T));
    return v;
  }
};

class LiveProbeTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    ProbeOptions options;
    options.ring_bytes_per_cpu = 1u << 20;
    auto probe = Probe::Create(options);
    if (!probe.ok()) {
      create_error_ = new std::string(probe.status().ToString());
      std::fprintf(stderr,
                   "\n*** LIVE PROBE TESTS SKIPPED: the kernel refused the probe ***\n*** %s "
                   "***\n\n",
                   create_error_->c_str());
      return;
    }
    probe_ = probe->release();
  }
  static void TearDownTestSuite() {
    delete probe_;
    probe_ = nullptr;
    delete create_error_;
    create_error_ = nullptr;
  }
  void SetUp() override {
    if (probe_ == nullptr) {
      // Only a refusal by the kernel (no privilege, lockdown) skips; anything else is a failure.
      ASSERT_TRUE(create_error_ != nullptr);
      if (create_error_->find("PERMISSION_DENIED") == std::string::npos) {
        FAIL() << "probe creation failed: " << *create_error_;
      }
      GTEST_SKIP() << "kernel refused the probe: " << *create_error_;
    }
    Drain();  // start from empty rings
  }

  // Runs `action` with `syscalls` (and procexit when asked) marked interesting, then returns
  // every record of the threads whose ids are in `tids` (the calling thread when empty, plus
  // whatever ids `action` appends).
  std::vector<Captured> Capture(std::vector<int> syscalls, const std::function<void()>& action,
                                bool procexit = false, std::vector<int>* extra_tids = nullptr) {
    EXPECT_TRUE(probe_->SetInterest(syscalls, procexit).ok());
    action();
    EXPECT_TRUE(probe_->SetInterest({}, false).ok());
    std::vector<int> tids = {static_cast<int>(gettid())};
    if (extra_tids != nullptr) tids.insert(tids.end(), extra_tids->begin(), extra_tids->end());
    std::vector<Captured> out;
    auto n = probe_->DrainAll([&](const RingRecord& record) {
      RecordView view;
      if (!view.Parse(record.event, record.event_size)) {
        ADD_FAILURE() << "record does not parse as a scap event";
        return;
      }
      bool ours = false;
      for (int tid : tids) ours |= view.tid() == static_cast<uint64_t>(tid);
      if (!ours) return;
      ExpectMatchesCatalog(view);
      Captured c;
      c.has_ctx = record.ctx != nullptr;
      if (record.ctx != nullptr) c.ctx = *record.ctx;
      c.bytes.assign(record.event, record.event + record.event_size);
      c.Reparse();
      out.push_back(c);
    });
    EXPECT_TRUE(n.ok()) << n.status();
    EXPECT_EQ(probe_->malformed_records(), 0u);
    return out;
  }

  // Every record the probe makes has the current layout of its code: the table's parameter
  // count, and fixed-width parameters either empty or exactly their type's width (§11.4, §12).
  static void ExpectMatchesCatalog(const RecordView& view) {
    const catalog::EventInfo& info = catalog::GetEventInfo(view.type());
    ASSERT_EQ(view.nparams(), info.params.size()) << "event " << info.name;
    for (uint32_t i = 0; i < view.nparams(); ++i) {
      const int width = catalog::FixedWidth(info.params[i].type);
      if (width == 0 || view.param(i).empty()) continue;
      EXPECT_EQ(view.param(i).size, static_cast<uint32_t>(width))
          << "event " << info.name << " param " << i << " (" << info.params[i].name << ")";
    }
  }

  // The single record of event `type` in `records`; fails the test unless there is exactly one.
  static Captured One(const std::vector<Captured>& records, uint16_t type) {
    std::vector<Captured> match;
    for (const Captured& c : records) {
      if (c.view.type() == type) match.push_back(c);
    }
    EXPECT_EQ(match.size(), 1u) << "records of type " << type << " among " << records.size();
    if (match.empty()) return Captured();
    return match.front();
  }

  void Drain() {
    auto n = probe_->DrainAll([](const RingRecord&) {});
    ASSERT_TRUE(n.ok()) << n.status();
  }

  static Probe* probe_;
  static std::string* create_error_;
};

inline Probe* LiveProbeTest::probe_ = nullptr;
inline std::string* LiveProbeTest::create_error_ = nullptr;

}  // namespace peregrine::probe::testing

#endif  // PEREGRINE_TESTS_PROBE_LOADER_LIVE_PROBE_FIXTURE_H_
