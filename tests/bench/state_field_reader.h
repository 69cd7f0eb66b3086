// A compiler::ir::FieldReader over a runtime Event and the StateView it was applied to: runs the
// interpreter on generated (or replayed) records in tests.
//
// (A test helper: the replay engine has its own adapter; this one only converts values.)
#ifndef PEREGRINE_TESTS_BENCH_STATE_FIELD_READER_H_
#define PEREGRINE_TESTS_BENCH_STATE_FIELD_READER_H_

#include <deque>

#include "compiler/ir/field_reader.h"
#include "runtime/fields/extract.h"

namespace peregrine::testing {

// Borrows the event and the view given to Reset(); values stay valid until the next Reset().
// Thread-compatible.
class StateFieldReader : public compiler::ir::FieldReader {
 public:
  void Reset(const runtime::Event& event, const runtime::StateView& view) {
    event_ = &event;
    view_ = &view;
    used_ = 0;
  }

  bool Read(const catalog::ResolvedField& field, compiler::eval::FieldValue* out) override {
    runtime::FieldValue& v = Slot();
    if (!runtime::Extract(field, *event_, *view_, &v)) return false;
    return Convert(v, out);
  }

  void ForEachAncestor(const catalog::ResolvedField& field,
                       absl::FunctionRef<bool(const compiler::eval::FieldValue&)> visit) override {
    runtime::AncestorValues ancestors(field, *view_);
    runtime::FieldValue& v = Slot();
    compiler::eval::FieldValue converted;
    while (ancestors.Next(&v)) {
      if (Convert(v, &converted) && visit(converted)) return;
    }
  }

  bool ReadEndpoints(const catalog::ResolvedField& field, compiler::eval::FieldValue* client,
                     compiler::eval::FieldValue* server) override {
    runtime::FieldValue& c = Slot();
    runtime::FieldValue& s = Slot();
    if (!runtime::ExtractEndpoints(field, *event_, *view_, &c, &s)) return false;
    return Convert(c, client) && Convert(s, server);
  }

 private:
  runtime::FieldValue& Slot() {
    if (used_ == slots_.size()) slots_.emplace_back();
    runtime::FieldValue& v = slots_[used_++];
    v.Clear();
    return v;
  }

  static bool Convert(const runtime::FieldValue& v, compiler::eval::FieldValue* out) {
    using compiler::eval::FieldValue;
    switch (v.kind) {
      case runtime::ValueKind::kNone:
        return false;
      case runtime::ValueKind::kString:
        *out = FieldValue::String(v.str);
        return true;
      case runtime::ValueKind::kBytes:
        *out = FieldValue::Bytes(v.str);
        return true;
      case runtime::ValueKind::kInt:
        *out = FieldValue::Int(v.i);
        return true;
      case runtime::ValueKind::kUint:
        *out = FieldValue::Uint(v.u);
        return true;
      case runtime::ValueKind::kBool:
        *out = FieldValue::Bool(v.b);
        return true;
      case runtime::ValueKind::kDouble:
        *out = FieldValue::Double(v.d);
        return true;
      case runtime::ValueKind::kIp: {
        catalog::IpAddress ip;
        ip.is_v6 = v.ip.v6;
        for (int i = 0; i < 16; ++i) ip.bytes[i] = v.ip.bytes[i];
        *out = FieldValue::Ip(ip);
        return true;
      }
      case runtime::ValueKind::kStringList:
        out->kind = FieldValue::Kind::kList;
        out->list = &v.list;
        return true;
    }
    return false;
  }

  const runtime::Event* event_ = nullptr;
  const runtime::StateView* view_ = nullptr;
  std::deque<runtime::FieldValue> slots_;
  size_t used_ = 0;
};

}  // namespace peregrine::testing

#endif  // PEREGRINE_TESTS_BENCH_STATE_FIELD_READER_H_
