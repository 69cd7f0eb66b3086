// A FieldReader over values precomputed per field of one ir::Program: fast enough for millions
// of differential events and for benchmarks that isolate evaluation cost.
#ifndef PEREGRINE_TESTS_COMPILER_TESTING_PROGRAM_FIELD_READER_H_
#define PEREGRINE_TESTS_COMPILER_TESTING_PROGRAM_FIELD_READER_H_

#include <string>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "compiler/ir/field_reader.h"
#include "compiler/ir/ir.h"

namespace peregrine::compiler::testing {

// Fields are numbered ("field slots") by their display name: operands that wrap the same field
// in different transformers share a slot and so read the same raw value. Values borrow strings
// the caller keeps alive. Owned by one thread; the program must outlive it.
class ProgramFieldReader : public ir::FieldReader {
 public:
  explicit ProgramFieldReader(const ir::Program& program) {
    absl::flat_hash_map<std::string, int> by_name;
    for (const ir::Operand& operand : program.operands) {
      const std::string name = operand.field.DisplayName();
      auto [it, inserted] = by_name.try_emplace(name, static_cast<int>(fields_.size()));
      if (inserted) {
        fields_.push_back(Field{name, &operand.field, operand.multiplicity, {}, false, {}, {}});
      }
      slot_of_[&operand.field] = it->second;
    }
  }

  struct Field {
    std::string name;
    const catalog::ResolvedField* resolved;  // one of the operands' fields
    ir::Multiplicity multiplicity;
    eval::FieldValue value;
    bool available;
    std::vector<eval::FieldValue> ancestors;  // kAnyAncestor, parent first
    std::vector<eval::FieldValue> endpoints;  // kEitherEndpoint: {} or {client, server}
  };

  int num_fields() const { return static_cast<int>(fields_.size()); }
  Field& field(int slot) { return fields_[slot]; }
  const Field& field(int slot) const { return fields_[slot]; }
  // The slot of `name` ("evt.type"), or -1.
  int Find(const std::string& name) const {
    for (size_t i = 0; i < fields_.size(); ++i) {
      if (fields_[i].name == name) return static_cast<int>(i);
    }
    return -1;
  }
  // Makes every field unavailable.
  void Clear() {
    for (Field& f : fields_) {
      f.available = false;
      f.ancestors.clear();
      f.endpoints.clear();
    }
  }

  bool Read(const catalog::ResolvedField& field, eval::FieldValue* out) override {
    const Field& f = fields_[Slot(field)];
    if (!f.available) return false;
    *out = f.value;
    return true;
  }
  void ForEachAncestor(const catalog::ResolvedField& field,
                       absl::FunctionRef<bool(const eval::FieldValue&)> visit) override {
    for (const eval::FieldValue& v : fields_[Slot(field)].ancestors) {
      if (visit(v)) return;
    }
  }
  bool ReadEndpoints(const catalog::ResolvedField& field, eval::FieldValue* client,
                     eval::FieldValue* server) override {
    const Field& f = fields_[Slot(field)];
    if (f.endpoints.size() != 2) return false;
    *client = f.endpoints[0];
    *server = f.endpoints[1];
    return true;
  }

 private:
  int Slot(const catalog::ResolvedField& field) const {
    auto it = slot_of_.find(&field);
    return it == slot_of_.end() ? -1 : it->second;
  }

  std::vector<Field> fields_;
  absl::flat_hash_map<const catalog::ResolvedField*, int> slot_of_;
};

}  // namespace peregrine::compiler::testing

#endif  // PEREGRINE_TESTS_COMPILER_TESTING_PROGRAM_FIELD_READER_H_
