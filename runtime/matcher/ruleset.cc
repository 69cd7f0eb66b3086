#include "runtime/matcher/ruleset.h"

#include <string>
#include <utility>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "runtime/matcher/interp_matcher.h"
#include "runtime/matcher/jit_backend.h"

namespace peregrine::runtime {
namespace {

// 64-bit FNV-1a: stable across runs (absl::Hash is seeded per process).
class Fnv1a {
 public:
  void Add(std::string_view s) {
    AddInt(s.size());
    for (unsigned char c : s) Byte(c);
  }
  void AddInt(uint64_t v) {
    for (int i = 0; i < 8; ++i) Byte(static_cast<unsigned char>(v >> (8 * i)));
  }
  uint64_t value() const { return h_; }

 private:
  void Byte(unsigned char c) {
    h_ ^= c;
    h_ *= 0x100000001b3ull;
  }
  uint64_t h_ = 0xcbf29ce484222325ull;
};

uint64_t HashRuleset(const compiler::CompiledRuleset& compiled, const RulesetOptions& options) {
  Fnv1a h;
  const auto& rules = compiled.loaded.rules;
  h.AddInt(rules.size());
  for (size_t i = 0; i < rules.size(); ++i) {
    const compiler::RuleDef& r = rules[i];
    const compiler::CompiledRuleInfo& info = compiled.rules[i];
    h.Add(r.name);
    h.Add(r.source);
    h.Add(info.compiled ? info.expanded_condition : r.condition_with_exceptions);
    h.Add(r.output);
    h.AddInt(static_cast<uint64_t>(r.priority));
    h.AddInt((r.enabled ? 1u : 0u) | (info.compiled ? 2u : 0u) | (info.loaded ? 4u : 0u));
    h.AddInt(r.tags.size());
    for (const std::string& t : r.tags) h.Add(t);
  }
  const AlertFormatOptions& f = options.format;
  h.AddInt((f.time_format_iso_8601 ? 1u : 0u) | (f.json_output ? 2u : 0u) |
           (f.json_include_output_property ? 4u : 0u) |
           (f.json_include_message_property ? 8u : 0u) | (f.json_include_tags_property ? 16u : 0u) |
           (f.json_include_output_fields_property ? 32u : 0u));
  h.Add(f.hostname);
  h.AddInt(options.append_output.size());
  for (const AppendOutputEntry& e : options.append_output) {
    h.Add(e.match_rule.value_or("\x01"));
    h.Add(e.match_source.value_or("\x01"));
    for (const std::string& t : e.match_tags) h.Add(t);
    h.Add(e.extra_output);
    for (const auto& [name, tmpl] : e.extra_templates) h.Add(absl::StrCat(name, "=", tmpl));
    for (const std::string& field : e.extra_fields) h.Add(field);
    h.AddInt(e.suggested_output ? 1 : 0);
  }
  h.AddInt(static_cast<uint64_t>(options.backend));
  return h.value();
}

}  // namespace

absl::StatusOr<std::unique_ptr<Ruleset>> Ruleset::Create(
    std::shared_ptr<const compiler::CompiledRuleset> compiled, const RulesetOptions& options) {
  if (compiled == nullptr) return absl::InvalidArgumentError("ruleset: no compiled ruleset");
  std::unique_ptr<Ruleset> rs(new Ruleset());
  rs->options_ = options;
  const compiler::ir::Program& program = compiled->program;
  rs->loaded_index_.assign(program.rules.size(), 0);
  std::vector<bool> seen(program.rules.size(), false);
  for (size_t i = 0; i < compiled->rules.size(); ++i) {
    const auto& ir_rule = compiled->rules[i].ir_rule;
    if (!ir_rule) continue;
    if (*ir_rule >= program.rules.size()) {
      return absl::InternalError(absl::StrCat("ruleset: rule '", compiled->loaded.rules[i].name,
                                              "' points past the program's rules"));
    }
    rs->loaded_index_[*ir_rule] = static_cast<uint32_t>(i);
    seen[*ir_rule] = true;
  }
  rs->formatters_.reserve(program.rules.size());
  for (uint32_t r = 0; r < program.rules.size(); ++r) {
    if (!seen[r]) {
      return absl::InternalError(
          absl::StrCat("ruleset: program rule ", r, " has no rule definition"));
    }
    const compiler::RuleDef& def = compiled->loaded.rules[rs->loaded_index_[r]];
    RuleInfo info;
    info.name = def.name;
    info.source = def.source;
    info.priority = def.priority;
    info.output = def.output;
    info.tags.assign(def.tags.begin(), def.tags.end());
    absl::StatusOr<AlertFormatter> formatter =
        AlertFormatter::Create(std::move(info), options.format, options.append_output);
    if (!formatter.ok()) {
      return absl::InvalidArgumentError(absl::StrCat(
          "rule '", def.name, "': invalid output format: ", formatter.status().message()));
    }
    rs->formatters_.push_back(*std::move(formatter));
  }
  switch (options.backend) {
    case BackendKind::kInterpreter:
      rs->backend_ = CreateInterpreterBackend(compiled);
      break;
    case BackendKind::kJit:
    case BackendKind::kTiered: {
      JitBackendOptions jit_options;
      jit_options.wait_for_native = options.backend == BackendKind::kJit;
      absl::StatusOr<std::unique_ptr<JitBackend>> jit = JitBackend::Create(compiled, jit_options);
      if (!jit.ok()) return jit.status();
      rs->backend_ = *std::move(jit);
      break;
    }
  }
  rs->hash_ = HashRuleset(*compiled, options);
  rs->compiled_ = std::move(compiled);
  return rs;
}

}  // namespace peregrine::runtime
