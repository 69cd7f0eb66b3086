// The extraction interface between compiled rules and the runtime: back ends ask a FieldReader
// for field values of the current event; the runtime implements it over its event and state.
#ifndef PEREGRINE_COMPILER_IR_FIELD_READER_H_
#define PEREGRINE_COMPILER_IR_FIELD_READER_H_

#include "absl/functional/function_ref.h"
#include "compiler/eval/field_value.h"
#include "runtime/catalog/field_catalog.h"

namespace peregrine::compiler::ir {

// Reads fields of one event at a time. Values it hands out stay valid until the reader moves to
// the next event. Implementations are owned by one thread.
class FieldReader {
 public:
  virtual ~FieldReader() = default;

  // The field's value (no transformers applied), or false when it is unavailable (§4.6).
  virtual bool Read(const catalog::ResolvedField& field, eval::FieldValue* out) = 0;

  // For the any-ancestor fields (proc.aname & co. without index): calls `visit` with the value
  // of each strict ancestor, parent first, until it returns true.
  virtual void ForEachAncestor(const catalog::ResolvedField& field,
                               absl::FunctionRef<bool(const eval::FieldValue&)> visit) = 0;

  // For fd.ip / fd.port / fd.proto / fd.net: the client and the server side values. False when
  // the event's fd is not an IP socket.
  virtual bool ReadEndpoints(const catalog::ResolvedField& field, eval::FieldValue* client,
                             eval::FieldValue* server) = 0;
};

}  // namespace peregrine::compiler::ir

#endif  // PEREGRINE_COMPILER_IR_FIELD_READER_H_
