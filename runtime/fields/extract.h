// Field extraction: the value of any catalog field for an event and the state it was applied to.
//
// Usage:
//   PEREGRINE_ASSIGN_OR_RETURN(catalog::ResolvedField f, catalog::ResolveField("proc.aname", "2"));
//   FieldValue v;
//   if (Extract(f, event, state_view, &v)) Use(v);  // false ⇒ unavailable (<NA>)
//
// Extractors are pure functions of (event, state view) and write into the caller's FieldValue.
// Thread-safe as long as the event and the state are not being modified.
#ifndef PEREGRINE_RUNTIME_FIELDS_EXTRACT_H_
#define PEREGRINE_RUNTIME_FIELDS_EXTRACT_H_

#include <optional>

#include "runtime/catalog/field_catalog.h"
#include "runtime/events/event.h"
#include "runtime/fields/field_value.h"
#include "runtime/state/state_view.h"

namespace peregrine::runtime {

// Extracts `field`. Returns false and leaves out->kind == kNone when the field is unavailable for
// this event (falco-rule-language.md §4.6). The value kind follows the field's type: strings →
// kString, signed integers → kInt, unsigned/PORT/RELTIME/ABSTIME → kUint, BOOL → kBool, IP
// addresses and networks → kIp (the address to test), DOUBLE → kDouble, BYTEBUF → kBytes, list
// fields → kStringList. Fields without an extractor (IsFieldImplemented() false) are always
// unavailable.
bool Extract(const catalog::ResolvedField& field, const Event& event, const StateView& state,
             FieldValue* out);

// Whether Extract() has an implementation for `id` (as opposed to always answering unavailable).
bool IsFieldImplemented(catalog::FieldId id);

// Whether `id` is one of the "any ancestor" fields (proc.aname, proc.aexe, proc.aexepath,
// proc.acmdline, proc.apid, proc.aenv, proc.aargs), which without an index quantify over the
// strict ancestors (§4.5).
bool IsAncestorField(catalog::FieldId id);

// Iterates the values of an ancestor field over the strict ancestors of the event's thread
// (parent first). Usage: AncestorValues a(f, state); while (a.Next(&v)) { if (Matches(v)) … }
// Borrows the state; thread-compatible.
class AncestorValues {
 public:
  AncestorValues(const catalog::ResolvedField& field, const StateView& state);
  // The next ancestor's value; false at the end of the chain.
  bool Next(FieldValue* out);

 private:
  const catalog::ResolvedField& field_;
  const StateView& state_;
  std::optional<AncestorIterator> it_;
};

// fd.ip / fd.port / fd.proto / fd.net (filter-only fields compared against both endpoints,
// §4.5): the client and server side values. False when the event's fd is not an IP socket.
bool ExtractEndpoints(const catalog::ResolvedField& field, const Event& event,
                      const StateView& state, FieldValue* client, FieldValue* server);

}  // namespace peregrine::runtime

#endif  // PEREGRINE_RUNTIME_FIELDS_EXTRACT_H_
