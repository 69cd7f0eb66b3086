// A FieldReader over values precomputed per field of one compiler::ir::Program: fast enough for
// millions of differential events and for benchmarks that isolate evaluation cost.
#ifndef PEREGRINE_BENCH_WORKLOAD_PROGRAM_FIELD_READER_H_
#define PEREGRINE_BENCH_WORKLOAD_PROGRAM_FIELD_READER_H_

#include <cassert>
#include <string>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "compiler/ir/field_reader.h"
#include "compiler/ir/ir.h"

namespace peregrine::bench {

// Fields are numbered ("field slots") by their display name: operands that wrap the same field
// in different transformers share a slot and so read the same raw value. Values borrow strings
// the caller keeps alive. Owned by one thread; the program must outlive it.
//
// Its compact read path (ReadCompact) serves precomputed compact forms once the values are
// sealed: after Seal(), and for snapshots; any mutable access to a field unseals (reads then go
// through Read(), the default path).
class ProgramFieldReader : public compiler::ir::FieldReader {
 public:
  explicit ProgramFieldReader(const compiler::ir::Program& program)
      : compiler::ir::FieldReader(&ProgramFieldReader::ReadCompactFast),
        operands_(program.operands) {
    absl::flat_hash_map<std::string, int> by_name;
    for (const compiler::ir::Operand& operand : program.operands) {
      const std::string name = operand.field.DisplayName();
      auto [it, inserted] = by_name.try_emplace(name, static_cast<int>(own_.size()));
      if (inserted) {
        own_.push_back(Field{name, &operand.field, operand.multiplicity, {}, false, {}, {}, {}});
      }
      slot_of_operand_.push_back(it->second);
    }
    fields_ = &own_;
  }

  struct Field {
    std::string name;
    const catalog::ResolvedField* resolved;  // one of the operands' fields
    compiler::ir::Multiplicity multiplicity;
    compiler::eval::FieldValue value;
    bool available;
    std::vector<compiler::eval::FieldValue> ancestors;  // kAnyAncestor, parent first
    std::vector<compiler::eval::FieldValue> endpoints;  // kEitherEndpoint: {} or {client, server}
    compiler::ir::CompactValue compact;                 // ToCompact(value), valid when sealed
  };

  int num_fields() const { return static_cast<int>(fields_->size()); }
  Field& field(int slot) {
    sealed_ = false;
    return (*fields_)[slot];
  }
  const Field& field(int slot) const { return (*fields_)[slot]; }

  // Computes the compact forms of the current values; the compact path then serves them until
  // the next mutable access.
  void Seal() {
    for (Field& f : *fields_) {
      if (f.available) compiler::ir::ToCompact(f.value, &f.compact);
    }
    sealed_ = true;
  }
  // The same when only the fields of `changed` changed since the last seal.
  void Seal(const std::vector<int>& changed) {
    auto seal = [this](int slot) {
      Field& f = (*fields_)[slot];
      if (f.available) compiler::ir::ToCompact(f.value, &f.compact);
    };
    for (int slot : changed) seal(slot);
    sealed_ = true;
  }

  // A sealed copy of the current event's fields, and serving a copy made earlier (borrowed; it
  // must outlive its use). Use(nullptr) returns to the reader's own storage (unsealed).
  std::vector<Field> Snapshot() const {
    std::vector<Field> copy = *fields_;
    for (Field& f : copy) {
      if (f.available) compiler::ir::ToCompact(f.value, &f.compact);
    }
    return copy;
  }
  void Use(const std::vector<Field>* snapshot) {
    fields_ = snapshot != nullptr ? const_cast<std::vector<Field>*>(snapshot) : &own_;
    sealed_ = snapshot != nullptr;
  }
  // The slot of `name` ("evt.type"), or -1.
  int Find(const std::string& name) const {
    for (size_t i = 0; i < fields_->size(); ++i) {
      if ((*fields_)[i].name == name) return static_cast<int>(i);
    }
    return -1;
  }
  // Back ends pass the `field` member of one of the program's operands: its address gives the
  // operand's index without a lookup.
  int SlotOf(const catalog::ResolvedField& field) const {
    const auto* base = reinterpret_cast<const char*>(&operands_[0].field);
    const auto offset = reinterpret_cast<const char*>(&field) - base;
    const size_t index = static_cast<size_t>(offset) / sizeof(compiler::ir::Operand);
    assert(offset >= 0 && index < operands_.size() && &operands_[index].field == &field &&
           "a field of the program's operands");
    return slot_of_operand_[index];
  }

  // Makes every field unavailable.
  void Clear() {
    sealed_ = false;
    for (Field& f : *fields_) {
      f.available = false;
      f.ancestors.clear();
      f.endpoints.clear();
    }
  }

  bool Read(const catalog::ResolvedField& field, compiler::eval::FieldValue* out) override {
    const Field& f = (*fields_)[SlotOf(field)];
    if (!f.available) return false;
    *out = f.value;
    return true;
  }
  void ForEachAncestor(const catalog::ResolvedField& field,
                       absl::FunctionRef<bool(const compiler::eval::FieldValue&)> visit) override {
    for (const compiler::eval::FieldValue& v : (*fields_)[SlotOf(field)].ancestors) {
      if (visit(v)) return;
    }
  }
  bool ReadEndpoints(const catalog::ResolvedField& field, compiler::eval::FieldValue* client,
                     compiler::eval::FieldValue* server) override {
    const Field& f = (*fields_)[SlotOf(field)];
    if (f.endpoints.size() != 2) return false;
    *client = f.endpoints[0];
    *server = f.endpoints[1];
    return true;
  }

 private:
  static bool ReadCompactFast(compiler::ir::FieldReader& base, const catalog::ResolvedField& field,
                              compiler::ir::CompactValue* out, compiler::eval::FieldValue* full) {
    auto& self = static_cast<ProgramFieldReader&>(base);
    if (!self.sealed_) return ReadCompactViaRead(base, field, out, full);
    const Field& f = (*self.fields_)[self.SlotOf(field)];
    if (!f.available) return false;
    *out = f.compact;
    if (!compiler::ir::HasCompactForm(f.value.kind)) *full = f.value;
    return true;
  }

  const std::vector<compiler::ir::Operand>& operands_;
  std::vector<Field> own_;
  std::vector<Field>* fields_;
  std::vector<int> slot_of_operand_;
  bool sealed_ = false;
};

}  // namespace peregrine::bench

#endif  // PEREGRINE_BENCH_WORKLOAD_PROGRAM_FIELD_READER_H_
