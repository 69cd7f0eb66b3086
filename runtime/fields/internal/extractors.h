// Private to runtime/fields: the per-family extractors Extract() dispatches to.
#ifndef PEREGRINE_RUNTIME_FIELDS_INTERNAL_EXTRACTORS_H_
#define PEREGRINE_RUNTIME_FIELDS_INTERNAL_EXTRACTORS_H_

#include <cstdint>
#include <string>

#include "runtime/catalog/field_catalog.h"
#include "runtime/events/event.h"
#include "runtime/fields/field_value.h"
#include "runtime/state/state_view.h"

namespace peregrine::runtime::internal {

// Each returns whether the value is available; `*implemented` is set to false for fields the
// family does not implement (only when `implemented` is not null).
bool ExtractEvt(const catalog::ResolvedField& f, const Event& e, const StateView& s,
                FieldValue* out);
bool ExtractProc(const catalog::ResolvedField& f, const Event& e, const StateView& s,
                 FieldValue* out);
bool ExtractUserGroup(const catalog::ResolvedField& f, const StateView& s, FieldValue* out);
bool ExtractFd(const catalog::ResolvedField& f, const Event& e, const StateView& s,
               FieldValue* out);
bool ExtractContainer(const catalog::ResolvedField& f, const StateView& s, FieldValue* out);

// The value of a proc.* field that reads one process (used for the process itself, its parent
// and its ancestors): `id` is the base field (kProcAname reads the comm of `t`, …).
bool ProcValueOf(catalog::FieldId id, const catalog::ResolvedField& f, const ThreadTable& table,
                 const ThreadEntry& t, FieldValue* out);

// Renders parameter `idx` as libsinsp does (§12.2): `main` is the plain text (number, raw path),
// `resolved` the symbolic or resolved form when there is one (flag names, errno name, absolute
// path, <f>/path for fds, user name for uids); empty if none. False if the parameter is absent.
bool RenderParam(const Event& e, const StateView& s, uint32_t idx, std::string* main,
                 std::string* resolved);

// Whether the event's type carries an fd (Appendix A fd+, fd-, fd tags).
bool EventHasFd(const Event& e);

}  // namespace peregrine::runtime::internal

#endif  // PEREGRINE_RUNTIME_FIELDS_INTERNAL_EXTRACTORS_H_
