// A FieldReader over values set by a test, keyed by the field as written ("proc.aname[2]").
#ifndef PEREGRINE_TESTS_COMPILER_TESTING_FAKE_FIELD_READER_H_
#define PEREGRINE_TESTS_COMPILER_TESTING_FAKE_FIELD_READER_H_

#include <deque>
#include <map>
#include <string>
#include <vector>

#include "compiler/ir/field_reader.h"

namespace peregrine::compiler::testing {

// Thread-compatible. Owns every string it hands out.
class FakeFieldReader : public ir::FieldReader {
 public:
  FakeFieldReader& Str(const std::string& field, const std::string& value) {
    values_[field] = eval::FieldValue::String(Own(value));
    return *this;
  }
  FakeFieldReader& Int(const std::string& field, int64_t value) {
    values_[field] = eval::FieldValue::Int(value);
    return *this;
  }
  FakeFieldReader& Uint(const std::string& field, uint64_t value) {
    values_[field] = eval::FieldValue::Uint(value);
    return *this;
  }
  FakeFieldReader& Bool(const std::string& field, bool value) {
    values_[field] = eval::FieldValue::Bool(value);
    return *this;
  }
  FakeFieldReader& Bytes(const std::string& field, const std::string& value) {
    values_[field] = eval::FieldValue::Bytes(Own(value));
    return *this;
  }
  FakeFieldReader& Ip(const std::string& field, const std::string& text) {
    catalog::IpAddress ip;
    catalog::ParseIpAddress(text, text.find(':') != std::string::npos, &ip);
    values_[field] = eval::FieldValue::Ip(ip);
    return *this;
  }
  FakeFieldReader& List(const std::string& field, const std::vector<std::string>& items) {
    auto& views = lists_.emplace_back();
    for (const std::string& item : items) views.push_back(Own(item));
    eval::FieldValue v;
    v.kind = eval::FieldValue::Kind::kList;
    v.list = &views;
    values_[field] = v;
    return *this;
  }
  // Values of an any-ancestor field, parent first ("proc.aname" → {"bash", "init"}).
  FakeFieldReader& Ancestors(const std::string& field, const std::vector<std::string>& names) {
    auto& values = ancestors_[field];
    for (const std::string& n : names) values.push_back(eval::FieldValue::String(Own(n)));
    return *this;
  }
  FakeFieldReader& Endpoints(const std::string& field, const std::string& client,
                             const std::string& server) {
    catalog::IpAddress c, s;
    catalog::ParseIpAddress(client, client.find(':') != std::string::npos, &c);
    catalog::ParseIpAddress(server, server.find(':') != std::string::npos, &s);
    endpoints_[field] = {eval::FieldValue::Ip(c), eval::FieldValue::Ip(s)};
    return *this;
  }
  FakeFieldReader& PortEndpoints(const std::string& field, uint64_t client, uint64_t server) {
    endpoints_[field] = {eval::FieldValue::Uint(client), eval::FieldValue::Uint(server)};
    return *this;
  }

  // The value set for `field` with one of the scalar setters, or null.
  const eval::FieldValue* Get(const std::string& field) const {
    auto it = values_.find(field);
    return it == values_.end() ? nullptr : &it->second;
  }

  bool Read(const catalog::ResolvedField& field, eval::FieldValue* out) override {
    auto it = values_.find(field.DisplayName());
    if (it == values_.end()) return false;
    *out = it->second;
    return true;
  }
  void ForEachAncestor(const catalog::ResolvedField& field,
                       absl::FunctionRef<bool(const eval::FieldValue&)> visit) override {
    auto it = ancestors_.find(field.DisplayName());
    if (it == ancestors_.end()) return;
    for (const eval::FieldValue& v : it->second) {
      if (visit(v)) return;
    }
  }
  bool ReadEndpoints(const catalog::ResolvedField& field, eval::FieldValue* client,
                     eval::FieldValue* server) override {
    auto it = endpoints_.find(field.DisplayName());
    if (it == endpoints_.end()) return false;
    *client = it->second.first;
    *server = it->second.second;
    return true;
  }

 private:
  std::string_view Own(const std::string& s) { return storage_.emplace_back(s); }

  std::deque<std::string> storage_;
  std::deque<std::vector<std::string_view>> lists_;
  std::map<std::string, eval::FieldValue> values_;
  std::map<std::string, std::vector<eval::FieldValue>> ancestors_;
  std::map<std::string, std::pair<eval::FieldValue, eval::FieldValue>> endpoints_;
};

}  // namespace peregrine::compiler::testing

#endif  // PEREGRINE_TESTS_COMPILER_TESTING_FAKE_FIELD_READER_H_
