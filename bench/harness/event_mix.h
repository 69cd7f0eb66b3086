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

#include "bench/workload/program_field_reader.h"
#include "bench/workload/random_events.h"
#include "compiler/ir/field_reader.h"
#include "compiler/ir/ir.h"

namespace peregrine::bench {

class MixFieldReader;

// Owns the events and the strings they borrow. Each event's scalar values sit densely (one
// CompactValue and one availability byte per field, events back to back), as a runtime event's
// fields sit in one record: a field read is one or two cache lines, not a pointer chase through a
// per-event heap vector. Thread-compatible; the program must outlive it.
class EventMix {
 public:
  EventMix(const compiler::ir::Program& program, int distinct_events, uint64_t seed);

  int size() const { return static_cast<int>(codes_.size()); }
  uint16_t code(int i) const { return codes_[i]; }
  // Points `reader` (one made over this mix) at event `i`.
  void Load(int i, MixFieldReader& reader) const;
  // "openat:28 close:14 ..." — the event types and weights used.
  const std::string& description() const { return description_; }

 private:
  friend class MixFieldReader;

  std::unique_ptr<ProgramFieldReader> scratch_;  // also maps fields to field slots
  std::unique_ptr<RandomEvents> generator_;      // owns the strings
  std::vector<uint16_t> codes_;
  int num_fields_ = 0;
  std::vector<compiler::ir::CompactValue> compact_;  // event-major, num_fields_ per event
  std::vector<uint8_t> available_;                   // same layout
  // Full values for what has no compact form (doubles, IPs, lists, ancestors, endpoints).
  std::vector<std::vector<ProgramFieldReader::Field>> events_;
  std::string description_;
};

// Serves one event of an EventMix at a time. Read() rebuilds the FieldValue of a compact value
// (the interpreter's interface); the compact path copies it. Owned by one thread; the mix must
// outlive it.
class MixFieldReader final : public compiler::ir::FieldReader {
 public:
  explicit MixFieldReader(const EventMix& mix);

  bool Read(const catalog::ResolvedField& field, compiler::eval::FieldValue* out) override;
  void ForEachAncestor(const catalog::ResolvedField& field,
                       absl::FunctionRef<bool(const compiler::eval::FieldValue&)> visit) override;
  bool ReadEndpoints(const catalog::ResolvedField& field, compiler::eval::FieldValue* client,
                     compiler::eval::FieldValue* server) override;

 private:
  friend class EventMix;
  static bool ReadCompactDense(compiler::ir::FieldReader& base, const catalog::ResolvedField& field,
                               compiler::ir::CompactValue* out, compiler::eval::FieldValue* full);

  const EventMix& mix_;
  const compiler::ir::CompactValue* compact_ = nullptr;
  const uint8_t* available_ = nullptr;
  const std::vector<ProgramFieldReader::Field>* full_ = nullptr;
};

// Inline, as the runtime's EventFieldReader::Reset is: moving to the next event is a few stores.
inline void EventMix::Load(int i, MixFieldReader& reader) const {
  const size_t base = static_cast<size_t>(i) * num_fields_;
  reader.compact_ = compact_.data() + base;
  reader.available_ = available_.data() + base;
  reader.full_ = &events_[i];
}

}  // namespace peregrine::bench

#endif  // PEREGRINE_BENCH_HARNESS_EVENT_MIX_H_
