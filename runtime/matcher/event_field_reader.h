// EventFieldReader: the compiler's ir::FieldReader over one runtime event and its state view.
#ifndef PEREGRINE_RUNTIME_MATCHER_EVENT_FIELD_READER_H_
#define PEREGRINE_RUNTIME_MATCHER_EVENT_FIELD_READER_H_

#include <cstddef>
#include <deque>

#include "compiler/eval/field_value.h"
#include "compiler/ir/field_reader.h"
#include "runtime/events/event.h"
#include "runtime/fields/field_value.h"
#include "runtime/state/state_view.h"

namespace peregrine::runtime {

// Converts an extracted runtime value into the compiler's value type. String, byte and list
// values keep borrowing `in` (its views and its list), so `in` must outlive `out`. Returns false
// for an unavailable value.
bool ToEvalValue(const FieldValue& in, compiler::eval::FieldValue* out);

// Serves the fields of the current event to a back end (interpreter or JIT) by calling
// runtime::Extract and friends.
//
// Each Read() of an event gets its own scratch slot (a runtime::FieldValue kept from event to
// event), so values handed out stay valid until Reset() moves to the next event, and steady-state
// reads do not allocate: the slots and their string buffers are reused. Borrows the event and the
// state view given to Reset(), which must stay alive and unchanged until the next Reset().
// Owned by one thread (thread-compatible).
//
// Its compact path (used by the JIT) extracts into the same slots and converts the runtime value
// straight to its compact form, without building a compiler FieldValue.
class EventFieldReader final : public compiler::ir::FieldReader {
 public:
  EventFieldReader() : compiler::ir::FieldReader(&EventFieldReader::ReadCompactDirect) {}
  EventFieldReader(const EventFieldReader&) = delete;
  EventFieldReader& operator=(const EventFieldReader&) = delete;

  // Moves to `event`, evaluated against `state`; invalidates every value handed out before.
  void Reset(const Event& event, const StateView& state) {
    event_ = &event;
    state_ = &state;
    next_slot_ = 0;
  }

  bool Read(const catalog::ResolvedField& field, compiler::eval::FieldValue* out) override;
  void ForEachAncestor(const catalog::ResolvedField& field,
                       absl::FunctionRef<bool(const compiler::eval::FieldValue&)> visit) override;
  bool ReadEndpoints(const catalog::ResolvedField& field, compiler::eval::FieldValue* client,
                     compiler::eval::FieldValue* server) override;

  // Scratch slots created so far (the most Read() calls one event needed, plus two).
  size_t slots() const { return slots_.size(); }

 private:
  static bool ReadCompactDirect(compiler::ir::FieldReader& base,
                                const catalog::ResolvedField& field,
                                compiler::ir::CompactValue* out, compiler::eval::FieldValue* full);
  FieldValue& NextSlot();

  const Event* event_ = nullptr;
  const StateView* state_ = nullptr;
  // A deque: growing it keeps the addresses of the slots already handed out.
  std::deque<FieldValue> slots_;
  size_t next_slot_ = 0;
  FieldValue ancestor_scratch_;
};

}  // namespace peregrine::runtime

#endif  // PEREGRINE_RUNTIME_MATCHER_EVENT_FIELD_READER_H_
