// A synthetic, seeded event mix for rule-evaluation benchmarks: a host-like distribution of event
// types (open/openat, close, execve, connect, clone, accept, socket, ...) with field values that
// are mostly ordinary (common process names, library paths) and sometimes the rules' own
// constants, precomputed so that a run measures evaluation, not extraction.
#ifndef PEREGRINE_BENCH_HARNESS_EVENT_MIX_H_
#define PEREGRINE_BENCH_HARNESS_EVENT_MIX_H_

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "compiler/ir/ir.h"
#include "tests/compiler/testing/program_field_reader.h"
#include "tests/compiler/testing/random_events.h"

namespace peregrine::bench {

// Owns the events and the strings they borrow. Thread-compatible; the program must outlive it.
class EventMix {
 public:
  EventMix(const compiler::ir::Program& program, int distinct_events, uint64_t seed);

  int size() const { return static_cast<int>(codes_.size()); }
  uint16_t code(int i) const { return codes_[i]; }
  // Points `reader` (one made over the same program) at event `i`.
  void Load(int i, compiler::testing::ProgramFieldReader& reader) const { reader.Use(&events_[i]); }
  // "openat:28 close:14 ..." — the event types and weights used.
  const std::string& description() const { return description_; }

 private:
  std::unique_ptr<compiler::testing::ProgramFieldReader> scratch_;
  std::unique_ptr<compiler::testing::RandomEvents> generator_;  // owns the strings
  std::vector<uint16_t> codes_;
  std::vector<std::vector<compiler::testing::ProgramFieldReader::Field>> events_;
  std::string description_;
};

}  // namespace peregrine::bench

#endif  // PEREGRINE_BENCH_HARNESS_EVENT_MIX_H_
