// Rule event tables: hand-built events (field values, event code) and whether a given rule of a
// ruleset fires on them. The tables live in tests/data/conditions/*_events.yaml so that every
// back end (interpreter, JIT) runs the same cases.
//
// Table format (a YAML sequence):
//   - rule: Read sensitive file untrusted     # rule name in the ruleset
//     event: openat                           # event name: evt.type, and the code of its
//                                             # current exit event (or `code: N`)
//     fields: {proc.name: cat, fd.name: /etc/shadow, proc.aname[2]: sshd, evt.is_open_read: true}
//     ancestors: {proc.aname: [bash, sshd]}   # any-ancestor fields, parent first
//     endpoints: {fd.ip: [10.0.0.1, 1.2.3.4]} # client/server values of fd.ip/port/proto/net
//     fires: true
//     note: cat reads /etc/shadow              # optional, shown on failure
// Field values are typed through the field catalog (strings, signed/unsigned integers, booleans,
// IP addresses, lists as YAML sequences). evt.num defaults to 1.
#ifndef PEREGRINE_TESTS_COMPILER_RULES_RULE_CASES_H_
#define PEREGRINE_TESTS_COMPILER_RULES_RULE_CASES_H_

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "runtime/catalog/event_table.h"
#include "runtime/catalog/field_catalog.h"
#include "tests/compiler/testing/fake_field_reader.h"
#include "yaml-cpp/yaml.h"

namespace peregrine::compiler::testing {

struct RuleCase {
  std::string rule;
  std::string event;
  uint16_t code = 0;
  // Scalar fields ("proc.aname[2]" → "sshd") and list fields, as written.
  std::vector<std::pair<std::string, std::string>> fields;
  std::vector<std::pair<std::string, std::vector<std::string>>> list_fields;
  std::vector<std::pair<std::string, std::vector<std::string>>> ancestors;
  std::vector<std::pair<std::string, std::pair<std::string, std::string>>> endpoints;
  bool fires = false;
  std::string note;
  int line = 0;  // 1-based line of the case in its file

  std::string Describe() const {
    return absl::StrCat(rule, " / ", event, " (line ", line, ")", note.empty() ? "" : ": ", note);
  }
};

// The code the tables use for an event name: its newest exit code (highest odd code not tagged
// old), else its highest code; nullopt for names without events.
inline std::optional<uint16_t> CurrentCodeForName(const std::string& name) {
  absl::Span<const uint16_t> codes = catalog::CodesForName(name);
  std::optional<uint16_t> best;
  for (uint16_t code : codes) {
    const catalog::EventInfo& info = catalog::GetEventInfo(code);
    if (info.is_exit && !info.HasTag(catalog::kTagOld)) best = code;
  }
  if (!best && !codes.empty()) best = codes.back();
  return best;
}

namespace internal {

// "proc.aname[2]" → ("proc.aname", "2").
inline absl::StatusOr<catalog::ResolvedField> ResolveWritten(const std::string& written) {
  const size_t bracket = written.find('[');
  if (bracket != std::string::npos && written.back() == ']') {
    return catalog::ResolveField(written.substr(0, bracket),
                                 written.substr(bracket + 1, written.size() - bracket - 2));
  }
  return catalog::ResolveField(written);
}

}  // namespace internal

// Parses a table. Errors (bad YAML, unknown event, unknown field) come back as a Status.
inline absl::StatusOr<std::vector<RuleCase>> ParseRuleCases(const std::string& path) {
  std::vector<RuleCase> cases;
  try {
    const YAML::Node root = YAML::LoadFile(path);
    if (!root.IsSequence()) return absl::InvalidArgumentError(path + ": not a sequence");
    for (const YAML::Node& item : root) {
      RuleCase c;
      c.line = item.Mark().line + 1;
      c.rule = item["rule"].as<std::string>();
      c.event = item["event"].as<std::string>();
      c.fires = item["fires"].as<bool>();
      if (item["note"]) c.note = item["note"].as<std::string>();
      if (item["code"]) {
        c.code = item["code"].as<uint16_t>();
      } else {
        std::optional<uint16_t> code = CurrentCodeForName(c.event);
        if (!code) return absl::InvalidArgumentError(c.Describe() + ": unknown event " + c.event);
        c.code = *code;
      }
      if (const YAML::Node fields = item["fields"]) {
        for (const auto& kv : fields) {
          const std::string name = kv.first.as<std::string>();
          if (!internal::ResolveWritten(name).ok()) {
            return absl::InvalidArgumentError(c.Describe() + ": unknown field " + name);
          }
          if (kv.second.IsSequence()) {
            c.list_fields.emplace_back(name, kv.second.as<std::vector<std::string>>());
          } else {
            c.fields.emplace_back(name, kv.second.as<std::string>());
          }
        }
      }
      if (const YAML::Node ancestors = item["ancestors"]) {
        for (const auto& kv : ancestors) {
          c.ancestors.emplace_back(kv.first.as<std::string>(),
                                   kv.second.as<std::vector<std::string>>());
        }
      }
      if (const YAML::Node endpoints = item["endpoints"]) {
        for (const auto& kv : endpoints) {
          auto both = kv.second.as<std::vector<std::string>>();
          if (both.size() != 2) {
            return absl::InvalidArgumentError(c.Describe() + ": endpoints need [client, server]");
          }
          c.endpoints.emplace_back(kv.first.as<std::string>(), std::make_pair(both[0], both[1]));
        }
      }
      cases.push_back(std::move(c));
    }
  } catch (const YAML::Exception& e) {
    return absl::InvalidArgumentError(absl::StrCat(path, ": ", e.what()));
  }
  return cases;
}

// The reader serving the case's event: evt.type from the event name, evt.num 1 unless given,
// every field typed by the catalog.
inline absl::StatusOr<std::unique_ptr<FakeFieldReader>> BuildReader(const RuleCase& c) {
  auto reader = std::make_unique<FakeFieldReader>();
  reader->Str("evt.type", c.event).Uint("evt.num", 1);
  for (const auto& [name, text] : c.fields) {
    absl::StatusOr<catalog::ResolvedField> field = internal::ResolveWritten(name);
    if (!field.ok()) return field.status();
    const catalog::FieldType type = field->type;
    const auto bad = [&] {
      return absl::InvalidArgumentError(
          absl::StrCat(c.Describe(), ": bad value '", text, "' for ", name));
    };
    switch (catalog::ClassifyType(type)) {
      case catalog::TypeClass::kBool:
        if (text != "true" && text != "false") return bad();
        reader->Bool(name, text == "true");
        break;
      case catalog::TypeClass::kIp:
        reader->Ip(name, text);
        break;
      case catalog::TypeClass::kNumeric:
      case catalog::TypeClass::kOther:
        if (catalog::IsSignedIntType(type)) {
          int64_t v;
          if (!absl::SimpleAtoi(text, &v)) return bad();
          reader->Int(name, v);
        } else if (catalog::IsUnsignedIntType(type) || type == catalog::FieldType::kUid ||
                   type == catalog::FieldType::kGid || type == catalog::FieldType::kPort) {
          uint64_t v;
          if (!absl::SimpleAtoi(text, &v)) return bad();
          reader->Uint(name, v);
        } else {
          return bad();
        }
        break;
      case catalog::TypeClass::kString:
        reader->Str(name, text);
        break;
      case catalog::TypeClass::kBuffer:
        reader->Bytes(name, text);
        break;
    }
  }
  for (const auto& [name, items] : c.list_fields) reader->List(name, items);
  for (const auto& [name, values] : c.ancestors) reader->Ancestors(name, values);
  for (const auto& [name, both] : c.endpoints) {
    if (name == "fd.port" || name == "fd.proto") {
      uint64_t client, server;
      if (!absl::SimpleAtoi(both.first, &client) || !absl::SimpleAtoi(both.second, &server)) {
        return absl::InvalidArgumentError(c.Describe() + ": bad ports for " + name);
      }
      reader->PortEndpoints(name, client, server);
    } else {
      reader->Endpoints(name, both.first, both.second);
    }
  }
  return reader;
}

}  // namespace peregrine::compiler::testing

#endif  // PEREGRINE_TESTS_COMPILER_RULES_RULE_CASES_H_
