#include "runtime/matcher/event_field_reader.h"

#include <cassert>
#include <cstring>

#include "runtime/fields/extract.h"

namespace peregrine::runtime {

using EvalValue = compiler::eval::FieldValue;
using EvalKind = compiler::eval::FieldValue::Kind;

bool ToEvalValue(const FieldValue& in, EvalValue* out) {
  switch (in.kind) {
    case ValueKind::kNone:
      return false;
    case ValueKind::kString:
      out->kind = EvalKind::kString;
      out->str = in.str;
      return true;
    case ValueKind::kInt:
      out->kind = EvalKind::kInt;
      out->i = in.i;
      return true;
    case ValueKind::kUint:
      out->kind = EvalKind::kUint;
      out->u = in.u;
      return true;
    case ValueKind::kBool:
      out->kind = EvalKind::kBool;
      out->b = in.b;
      return true;
    case ValueKind::kDouble:
      out->kind = EvalKind::kDouble;
      out->d = in.d;
      return true;
    case ValueKind::kIp:
      out->kind = EvalKind::kIp;
      out->ip.is_v6 = in.ip.v6;
      out->ip.bytes.fill(0);
      std::memcpy(out->ip.bytes.data(), in.ip.bytes, in.ip.v6 ? 16 : 4);
      return true;
    case ValueKind::kBytes:
      out->kind = EvalKind::kBytes;
      out->str = in.str;
      return true;
    case ValueKind::kStringList:
      out->kind = EvalKind::kList;
      out->list = &in.list;
      return true;
  }
  return false;
}

FieldValue& EventFieldReader::NextSlot() {
  if (next_slot_ == slots_.size()) slots_.emplace_back();
  return slots_[next_slot_++];
}

bool EventFieldReader::Read(const catalog::ResolvedField& field, EvalValue* out) {
  assert(event_ != nullptr && "EventFieldReader::Read before Reset");
  FieldValue& slot = NextSlot();
  if (!Extract(field, *event_, *state_, &slot)) return false;
  return ToEvalValue(slot, out);
}

bool EventFieldReader::ReadCompactDirect(compiler::ir::FieldReader& base,
                                         const catalog::ResolvedField& field,
                                         compiler::ir::CompactValue* out, EvalValue* full) {
  auto& self = static_cast<EventFieldReader&>(base);
  assert(self.event_ != nullptr && "EventFieldReader::ReadCompact before Reset");
  FieldValue& slot = self.NextSlot();
  if (!Extract(field, *self.event_, *self.state_, &slot)) return false;
  switch (slot.kind) {
    case ValueKind::kNone:
      return false;
    case ValueKind::kString: {
      // Compared as a C string (§4.4): up to the first NUL.
      const void* nul = std::memchr(slot.str.data(), '\0', slot.str.size());
      out->kind = EvalKind::kString;
      out->ptr = slot.str.data();
      out->len = nul == nullptr
                     ? slot.str.size()
                     : static_cast<uint64_t>(static_cast<const char*>(nul) - slot.str.data());
      return true;
    }
    case ValueKind::kBytes:
      out->kind = EvalKind::kBytes;
      out->ptr = slot.str.data();
      out->len = slot.str.size();
      return true;
    case ValueKind::kInt:
      out->kind = EvalKind::kInt;
      out->num = static_cast<uint64_t>(slot.i);
      return true;
    case ValueKind::kUint:
      out->kind = EvalKind::kUint;
      out->num = slot.u;
      return true;
    case ValueKind::kBool:
      out->kind = EvalKind::kBool;
      out->num = slot.b ? 1 : 0;
      return true;
    case ValueKind::kDouble:
    case ValueKind::kIp:
    case ValueKind::kStringList:
      if (!ToEvalValue(slot, full)) return false;
      out->kind = full->kind;
      return true;
  }
  return false;
}

void EventFieldReader::ForEachAncestor(const catalog::ResolvedField& field,
                                       absl::FunctionRef<bool(const EvalValue&)> visit) {
  assert(event_ != nullptr && "EventFieldReader::ForEachAncestor before Reset");
  AncestorValues ancestors(field, *state_);
  EvalValue value;
  while (ancestors.Next(&ancestor_scratch_)) {
    // An ancestor whose value is unavailable satisfies no check; skip it.
    if (!ToEvalValue(ancestor_scratch_, &value)) continue;
    if (visit(value)) return;
  }
}

bool EventFieldReader::ReadEndpoints(const catalog::ResolvedField& field, EvalValue* client,
                                     EvalValue* server) {
  assert(event_ != nullptr && "EventFieldReader::ReadEndpoints before Reset");
  FieldValue& c = NextSlot();
  FieldValue& s = NextSlot();
  if (!ExtractEndpoints(field, *event_, *state_, &c, &s)) return false;
  // A server (listening) socket has one endpoint only. The caller tests `=` as "either side
  // equals" and `!=` as "neither side equals", so answering that endpoint for both sides gives
  // the single-endpoint comparison.
  const bool has_client = ToEvalValue(c, client);
  const bool has_server = ToEvalValue(s, server);
  if (!has_client && !has_server) return false;
  if (!has_client) *client = *server;
  if (!has_server) *server = *client;
  return true;
}

}  // namespace peregrine::runtime
