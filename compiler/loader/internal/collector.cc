#include "compiler/loader/internal/collector.h"

#include <utility>

namespace peregrine::compiler::loader_internal {
namespace {

constexpr char kValidate[] = "LOAD_ERR_VALIDATE";

[[noreturn]] void Fail(std::string message, const SourceLocation& location) {
  throw ReadError{kValidate, std::move(message), location};
}

// text += " " + appended, with the source map following.
void AppendText(std::string& text, SourceMap& map, const std::string& appended,
                const SourceMap& appended_map, const SourceLocation& joint) {
  text += " ";
  map.AddSynthetic(1, joint);
  text += appended;
  map.Append(appended_map);
}

void ValidateAll(std::vector<ExceptionDef>& exceptions) {
  for (ExceptionDef& ex : exceptions) {
    if (std::optional<std::string> error = ValidateException(ex)) Fail(*error, ex.location);
  }
}

}  // namespace

void Collector::DefineEngineVersion(const SemVer& version, const SourceLocation& location) {
  if (!kEngineVersion.CompatibleWith(version)) {
    Fail("Rules require engine version " + version.ToString() + ", but engine version is " +
             kEngineVersion.ToString(),
         location);
  }
  if (!engine_version_.has_value() || *engine_version_ < version) engine_version_ = version;
}

void Collector::DefinePluginRequirement(PluginRequirement requirement) {
  std::set<std::string> names;
  for (const PluginRequirement::Alternative& alternative : requirement.alternatives) {
    if (!ParseSemVer(alternative.version).has_value()) {
      Fail("Invalid required version '" + alternative.version + "' for plugin '" +
               alternative.name + "'",
           requirement.location);
    }
    if (!names.insert(alternative.name).second) {
      Fail(
          "Defined multiple alternative version requirements for plugin '" + alternative.name + "'",
          requirement.location);
    }
  }
  plugin_requirements_.push_back(std::move(requirement));
}

void Collector::DefineList(ListDef list) {
  auto it = list_index_.find(list.name);
  if (it == list_index_.end()) {
    list.order = NewOrder();
    list_index_.emplace(list.name, lists_.size());
    lists_.push_back(std::move(list));
    return;
  }
  ListDef& previous = lists_[it->second];
  list.order = previous.order;
  Touch(list.order);
  previous = std::move(list);
}

void Collector::AppendList(const ListDef& list) {
  auto it = list_index_.find(list.name);
  if (it == list_index_.end()) {
    Fail("List uses 'append' or 'override.items: append' but no list by that name already exists",
         list.location);
  }
  ListDef& previous = lists_[it->second];
  previous.items.insert(previous.items.end(), list.items.begin(), list.items.end());
  Touch(previous.order);
}

void Collector::DefineMacro(MacroDef macro) {
  auto it = macro_index_.find(macro.name);
  if (it == macro_index_.end()) {
    macro.order = NewOrder();
    macro_index_.emplace(macro.name, macros_.size());
    macros_.push_back(std::move(macro));
    return;
  }
  MacroDef& previous = macros_[it->second];
  macro.order = previous.order;
  Touch(macro.order);
  previous = std::move(macro);
}

void Collector::AppendMacro(const MacroDef& macro) {
  auto it = macro_index_.find(macro.name);
  if (it == macro_index_.end()) {
    Fail(
        "Macro uses 'append' or 'override.condition: append' but no macro by that name already "
        "exists",
        macro.location);
  }
  MacroDef& previous = macros_[it->second];
  AppendText(previous.condition, previous.condition_map, macro.condition, macro.condition_map,
             macro.condition_location);
  previous.condition_location = macro.condition_location;
  Touch(previous.order);
}

RuleDef* Collector::FindRule(const std::string& name) {
  auto it = rule_index_.find(name);
  return it == rule_index_.end() ? nullptr : &rules_[it->second];
}

void Collector::CheckSource(const RuleDef& previous, const std::optional<std::string>& source,
                            const SourceLocation& location) const {
  if (source.has_value() && !source->empty() && !previous.source.empty() &&
      *source != previous.source) {
    Fail("Rule has been re-defined with a different source", location);
  }
}

void Collector::DefineRule(RuleDef rule, bool supported_source, DiagnosticSink& sink) {
  RuleDef* previous = FindRule(rule.name);
  if (previous != nullptr) CheckSource(*previous, rule.source, rule.location);
  ValidateAll(rule.exceptions);
  if (!supported_source) {
    sink.Warning("LOAD_UNKNOWN_SOURCE", "Unknown source " + rule.source + ", skipping",
                 rule.location, "rule", rule.name);
  }
  if (previous == nullptr) {
    rule.order = NewOrder();
    rule_index_.emplace(rule.name, rules_.size());
    rules_.push_back(std::move(rule));
    rule_supported_.push_back(supported_source);
    return;
  }
  rule.order = previous->order;
  Touch(rule.order);
  rule_supported_[rule_index_[rule.name]] = supported_source;
  *previous = std::move(rule);
}

void Collector::AppendRule(RuleUpdate update) {
  RuleDef* previous = FindRule(update.name);
  if (previous == nullptr) {
    Fail("Rule uses 'append' or 'override.<key>: append' but no rule by that name already exists",
         update.location);
  }
  CheckSource(*previous, update.source, update.location);
  RuleDef rule = *previous;
  if (update.condition.has_value() && !update.condition->empty()) {
    AppendText(rule.condition, rule.condition_map, *update.condition, update.condition_map,
               update.condition_location);
    rule.condition_location = update.condition_location;
  }
  if (update.output.has_value() && !update.output->empty()) {
    AppendText(rule.output, rule.output_map, *update.output, update.output_map,
               update.output_location);
    rule.output_location = update.output_location;
  }
  if (update.desc.has_value() && !update.desc->empty()) rule.desc += " " + *update.desc;
  if (update.tags.has_value()) rule.tags.insert(update.tags->begin(), update.tags->end());
  if (update.exceptions.has_value()) {
    for (ExceptionDef& ex : *update.exceptions) {
      ExceptionDef* existing = nullptr;
      for (ExceptionDef& candidate : rule.exceptions) {
        if (candidate.name == ex.name) {
          existing = &candidate;
          break;
        }
      }
      if (existing == nullptr) {
        if (!ex.fields.has_value()) {
          Fail("Rule exception new item " + ex.name +
                   ": must have fields property with a list of fields",
               ex.location);
        }
        if (ex.values.empty()) {
          Fail("Rule exception new item " + ex.name +
                   ": must have fields property with a list of values",
               ex.location);
        }
        if (std::optional<std::string> error = ValidateException(ex)) Fail(*error, ex.location);
        rule.exceptions.push_back(std::move(ex));
        continue;
      }
      if (ex.fields.has_value()) {
        Fail("Can not append exception fields to existing exception, only values", ex.location);
      }
      if (ex.comps.has_value()) {
        Fail("Can not append exception comps to existing exception, only values", ex.location);
      }
      existing->values.insert(existing->values.end(), ex.values.begin(), ex.values.end());
    }
  }
  Touch(rule.order);
  *previous = std::move(rule);
}

void Collector::ReplaceRule(RuleUpdate update) {
  RuleDef* previous = FindRule(update.name);
  if (previous == nullptr) {
    Fail(
        "An 'override.<key>: replace' to a rule was requested but no rule by that name already "
        "exists",
        update.location);
  }
  CheckSource(*previous, update.source, update.location);
  RuleDef rule = *previous;
  if (update.condition.has_value()) {
    rule.condition = std::move(*update.condition);
    rule.condition_map = std::move(update.condition_map);
    rule.condition_location = update.condition_location;
  }
  if (update.output.has_value()) {
    rule.output = std::move(*update.output);
    rule.output_map = std::move(update.output_map);
    rule.output_location = update.output_location;
  }
  if (update.desc.has_value()) rule.desc = std::move(*update.desc);
  if (update.priority.has_value()) rule.priority = *update.priority;
  if (update.tags.has_value()) rule.tags = std::move(*update.tags);
  if (update.exceptions.has_value()) {
    ValidateAll(*update.exceptions);
    rule.exceptions = std::move(*update.exceptions);
  }
  if (update.enabled.has_value()) rule.enabled = *update.enabled;
  if (update.warn_evttypes.has_value()) rule.warn_evttypes = *update.warn_evttypes;
  if (update.skip_if_unknown_filter.has_value()) {
    rule.skip_if_unknown_filter = *update.skip_if_unknown_filter;
  }
  if (update.capture.has_value()) rule.capture = *update.capture;
  if (update.capture_duration.has_value()) rule.capture_duration = *update.capture_duration;
  Touch(rule.order);
  *previous = std::move(rule);
}

void Collector::EnableRule(const std::string& name, bool enabled, const SourceLocation& location) {
  RuleDef* previous = FindRule(name);
  if (previous == nullptr) {
    Fail("Rule has 'enabled' key but no rule by that name already exists", location);
  }
  previous->enabled = enabled;
}

}  // namespace peregrine::compiler::loader_internal
