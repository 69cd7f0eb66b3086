#include "compiler/loader/internal/item_reader.h"

#include <yaml-cpp/yaml.h>

#include <exception>
#include <memory>
#include <set>
#include <utility>
#include <vector>

#include "compiler/loader/internal/scalar_scanner.h"

namespace peregrine::compiler::loader_internal {
namespace {

constexpr char kYamlValidate[] = "LOAD_ERR_YAML_VALIDATE";
constexpr char kYamlParse[] = "LOAD_ERR_YAML_PARSE";

// Keys accepted per item kind (§1.2); others get LOAD_UNKNOWN_KEY.
constexpr std::string_view kListKeys[] = {"list", "items", "append", "override"};
constexpr std::string_view kMacroKeys[] = {"macro", "condition", "append", "override"};
constexpr std::string_view kRuleKeys[] = {"rule",
                                          "condition",
                                          "output",
                                          "desc",
                                          "priority",
                                          "source",
                                          "enabled",
                                          "capture",
                                          "capture_duration",
                                          "warn_evttypes",
                                          "skip-if-unknown-filter",
                                          "tags",
                                          "exceptions",
                                          "override",
                                          "append"};

// Rule keys that `override` can name, in Falco's order, and those that accept `append`.
constexpr std::string_view kRuleOverridable[] = {"desc",
                                                 "condition",
                                                 "output",
                                                 "priority",
                                                 "tags",
                                                 "exceptions",
                                                 "enabled",
                                                 "warn_evttypes",
                                                 "skip-if-unknown-filter",
                                                 "capture",
                                                 "capture_duration"};
constexpr std::string_view kRuleAppendable[] = {"condition", "output", "desc", "tags",
                                                "exceptions"};
constexpr std::string_view kItems[] = {"items"};
constexpr std::string_view kCondition[] = {"condition"};

template <size_t N>
bool Contains(const std::string_view (&words)[N], std::string_view word) {
  for (std::string_view w : words) {
    if (w == word) return true;
  }
  return false;
}

bool IsAllowedKey(std::string_view kind, std::string_view key) {
  if (kind == "list") return Contains(kListKeys, key);
  if (kind == "macro") return Contains(kMacroKeys, key);
  if (kind == "rule") return Contains(kRuleKeys, key);
  return key == kind;  // required_engine_version, required_plugin_versions
}

bool IsSpaceClass(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r';
}

// Full match of [^()"'[:space:]=,]+ (the condition grammar's bare string).
bool IsValidListName(std::string_view name) {
  if (name.empty()) return false;
  for (char c : name) {
    if (IsSpaceClass(c) || c == '(' || c == ')' || c == '"' || c == '\'' || c == '=' || c == ',') {
      return false;
    }
  }
  return true;
}

bool IsAlpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool IsDigit(char c) { return c >= '0' && c <= '9'; }

// Full match of [a-zA-Z]+[a-zA-Z0-9_]*.
bool IsValidMacroName(std::string_view name) {
  if (name.empty() || !IsAlpha(name[0])) return false;
  for (char c : name) {
    if (!IsAlpha(c) && !IsDigit(c) && c != '_') return false;
  }
  return true;
}

std::string TrimSpace(std::string_view text, size_t* leading) {
  size_t begin = 0;
  size_t end = text.size();
  while (begin < end && IsSpaceClass(text[begin])) ++begin;
  while (end > begin && IsSpaceClass(text[end - 1])) --end;
  *leading = begin;
  return std::string(text.substr(begin, end - begin));
}

// A string value with where it came from.
struct Text {
  std::string value;
  SourceLocation location;
  SourceMap map;  // filled only when positions were asked for
};

class ItemReader {
 public:
  ItemReader(const std::string& file, std::string_view source, Collector& collector,
             DiagnosticSink& sink)
      : file_(file), source_(source), collector_(collector), sink_(sink) {}

  // Returns false at the first error.
  bool ReadDocument(const YAML::Node& document) {
    if (!document.IsDefined() || document.IsNull()) return true;
    item_type_.clear();
    item_name_.clear();
    if (document.IsScalar())
      return Error(kYamlValidate, "Rules content is not yaml", Loc(document));
    if (!document.IsSequence()) {
      return Error(kYamlValidate, "Rules content is not yaml array of objects", Loc(document));
    }
    for (const YAML::Node& item : document) {
      item_type_.clear();
      item_name_.clear();
      item_location_ = Loc(item);
      if (!item.IsDefined() || item.IsNull()) continue;
      if (!item.IsMap()) {
        return Error(kYamlValidate,
                     "Unexpected element type. Each element should be a yaml associative array.",
                     Loc(item));
      }
      try {
        ReadItem(item);
      } catch (const ReadError& error) {
        return Error(error.code, error.message, error.location);
      } catch (const YAML::Exception& error) {
        return Error(kYamlParse, error.msg,
                     error.mark.is_null() ? item_location_ : Loc(error.mark));
      } catch (const std::exception& error) {
        return Error(kYamlParse, error.what(), item_location_);
      }
    }
    return true;
  }

  // yaml-cpp marks are relative to the document being read, which starts at byte `pos` and
  // 0-based line `line` of the file.
  void SetDocumentStart(size_t pos, int line) {
    base_pos_ = pos;
    base_line_ = line;
  }

  SourceLocation Loc(const YAML::Mark& mark) const {
    if (mark.is_null() || mark.pos < 0) {
      return item_location_.line > 0 ? item_location_ : SourceLocation{file_, 0, 0};
    }
    const size_t pos = base_pos_ + static_cast<size_t>(mark.pos);
    size_t line_start = 0;
    if (pos > 0 && pos <= source_.size()) {
      const size_t newline = source_.rfind('\n', pos - 1);
      if (newline != std::string_view::npos) line_start = newline + 1;
    }
    const int column =
        pos <= source_.size() ? static_cast<int>(pos - line_start) + 1 : mark.column + 1;
    return SourceLocation{file_, base_line_ + mark.line + 1, column};
  }
  SourceLocation Loc(const YAML::Node& node) const { return Loc(node.Mark()); }

 private:
  bool Error(const std::string& code, const std::string& message, const SourceLocation& location) {
    sink_.Error(code, message, location, item_type_, item_name_);
    return false;
  }
  void Warn(const std::string& code, const std::string& message, const SourceLocation& location) {
    sink_.Warning(code, message, location, item_type_, item_name_);
  }
  [[noreturn]] void Fail(const std::string& message, const SourceLocation& location) const {
    throw ReadError{kYamlValidate, message, location};
  }

  // ---- Falco's decode_val family (§1.2) ----

  // The value node of `key`, or nullopt when absent or null and optional.
  std::optional<YAML::Node> Value(const YAML::Node& item, const std::string& key,
                                  bool required) const {
    YAML::Node value = item[key];
    if (!value.IsDefined()) {
      if (required) Fail("Item has no mapping for key '" + key + "'", Loc(item));
      return std::nullopt;
    }
    if (value.IsNull()) {
      if (required) Fail("Mapping for key '" + key + "' is empty", Loc(item));
      return std::nullopt;
    }
    return value;
  }

  // A non-empty scalar. With `positions`, the Text carries a map of its value's bytes.
  std::optional<Text> String(const YAML::Node& item, const std::string& key, bool required,
                             bool positions = false) const {
    std::optional<YAML::Node> value = Value(item, key, required);
    if (!value.has_value()) return std::nullopt;
    if (!value->IsScalar()) Fail("Value is not a scalar value", Loc(*value));
    if (value->Scalar().empty()) Fail("Value must be non-empty", Loc(*value));
    Text text{value->Scalar(), Loc(*value), {}};
    if (positions) {
      const YAML::Mark mark = value->Mark();
      auto scalar = std::make_shared<ScalarPositions>(BuildScalarPositions(
          file_, source_, mark.pos < 0 ? source_.size() : base_pos_ + static_cast<size_t>(mark.pos),
          base_line_ + mark.line + 1, text.value));
      text.map.AddScalar(text.value.size(), std::move(scalar));
    }
    return text;
  }

  template <typename T>
  std::optional<T> Decode(const YAML::Node& item, const std::string& key, bool required) const {
    std::optional<YAML::Node> value = Value(item, key, required);
    if (!value.has_value()) return std::nullopt;
    if (!value->IsScalar()) Fail("Value is not a scalar value", Loc(*value));
    if (value->Scalar().empty()) Fail("Value must be non-empty", Loc(*value));
    T out{};
    if (!YAML::convert<T>::decode(*value, out)) Fail("Can't decode YAML scalar value", Loc(*value));
    return out;
  }

  // A sequence of scalars (list items, tags).
  std::optional<std::vector<std::string>> Sequence(const YAML::Node& item, const std::string& key,
                                                   bool required) const {
    std::optional<YAML::Node> value = Value(item, key, required);
    if (!value.has_value()) return std::nullopt;
    if (!value->IsSequence()) Fail("Value is not a sequence", Loc(*value));
    std::vector<std::string> out;
    for (const YAML::Node& element : *value) {
      if (!element.IsScalar()) Fail("sequence value is not scalar", Loc(element));
      out.push_back(element.Scalar());
    }
    return out;
  }

  // ---- items ----

  void ReadItem(const YAML::Node& item) {
    std::string kind;
    for (const char* candidate :
         {"required_engine_version", "required_plugin_versions", "list", "macro", "rule"}) {
      if (item[candidate].IsDefined()) {
        kind = candidate;
        break;
      }
    }
    if (kind.empty()) {
      Warn("LOAD_UNKNOWN_ITEM", "Unknown top level item", item_location_);
      return;
    }
    item_type_ = kind;
    if (kind == "list" || kind == "macro" || kind == "rule") {
      // The name goes into every later diagnostic of this item.
      item_name_ = String(item, kind, /*required=*/true)->value;
    }
    for (const auto& entry : item) {
      const std::string key = entry.first.IsScalar() ? entry.first.Scalar() : std::string();
      if (!IsAllowedKey(kind, key)) {
        Warn("LOAD_UNKNOWN_KEY", "Unknown key '" + key + "'. The key will be ignored.",
             Loc(entry.first));
      }
    }
    if (kind == "required_engine_version") {
      ReadEngineVersion(item);
    } else if (kind == "required_plugin_versions") {
      ReadPluginVersions(item);
    } else if (kind == "list") {
      ReadList(item);
    } else if (kind == "macro") {
      ReadMacro(item);
    } else {
      ReadRule(item);
    }
  }

  void ReadEngineVersion(const YAML::Node& item) {
    const std::string key = "required_engine_version";
    const YAML::Node value = item[key];
    SemVer version;
    unsigned int legacy = 0;
    if (value.IsScalar() && !value.Scalar().empty() &&
        YAML::convert<unsigned int>::decode(value, legacy)) {
      version = SemVer{0, legacy, 0};  // pre-0.18 integer form
    } else {
      const std::string text = String(item, key, /*required=*/true)->value;
      std::optional<SemVer> parsed = ParseSemVer(text);
      if (!parsed.has_value()) {
        Fail("Unable to parse engine version '" + text +
                 "' as a semver string. Expected \"x.y.z\" semver format.",
             Loc(value));
      }
      version = *parsed;
    }
    collector_.DefineEngineVersion(version, Loc(value));
  }

  PluginRequirement::Alternative ReadAlternative(const YAML::Node& node) const {
    return PluginRequirement::Alternative{String(node, "name", /*required=*/true)->value,
                                          String(node, "version", /*required=*/true)->value};
  }

  void ReadPluginVersions(const YAML::Node& item) {
    const YAML::Node value = item["required_plugin_versions"];
    if (!value.IsSequence())
      Fail("Value of required_plugin_versions must be a sequence", Loc(item));
    for (const YAML::Node& plugin : value) {
      if (!plugin.IsMap()) Fail("Plugin version must be a mapping", Loc(plugin));
      PluginRequirement requirement;
      requirement.location = Loc(plugin);
      requirement.alternatives.push_back(ReadAlternative(plugin));
      const YAML::Node alternatives = plugin["alternatives"];
      if (alternatives.IsDefined()) {
        if (!alternatives.IsSequence()) {
          Fail("Value of plugin version alternatives must be a sequence", Loc(alternatives));
        }
        for (const YAML::Node& alternative : alternatives) {
          if (!alternative.IsMap()) {
            Fail("Plugin version alternative must be a mapping", Loc(alternative));
          }
          requirement.alternatives.push_back(ReadAlternative(alternative));
        }
      }
      collector_.DefinePluginRequirement(std::move(requirement));
    }
  }

  // The deprecated `append: true` flag (§1.10).
  bool ReadAppendFlag(const YAML::Node& item) {
    const bool append = Decode<bool>(item, "append", /*required=*/false).value_or(false);
    if (append) {
      Warn("LOAD_DEPRECATED_ITEM",
           "The 'append' key is deprecated. Add an 'append' entry (e.g. 'condition: append') "
           "under 'override' instead.",
           item_location_);
    }
    return append;
  }

  // `override: {key: append|replace}`.
  template <size_t A, size_t R>
  void ReadOverrides(const YAML::Node& item, const std::string_view (&appendable)[A],
                     const std::string_view (&replaceable)[R], std::set<std::string>& append,
                     std::set<std::string>& replace) const {
    const YAML::Node value = item["override"];
    if (!value.IsDefined() || value.IsNull()) return;
    if (!value.IsMap()) Fail("Value of override must be a mapping", Loc(value));
    for (const auto& entry : value) {
      if (!entry.first.IsScalar() || !entry.second.IsScalar()) {
        Fail("Value is not a scalar value", Loc(entry.first));
      }
      const std::string key = entry.first.Scalar();
      const std::string operation = entry.second.Scalar();
      if (operation == "append") {
        if (!Contains(appendable, key)) {
          Fail("Key '" + key + "' cannot be appended to, use 'replace' instead", Loc(entry.first));
        }
        append.insert(key);
      } else if (operation == "replace") {
        if (!Contains(replaceable, key))
          Fail("Key '" + key + "' cannot be replaced", Loc(entry.first));
        replace.insert(key);
      } else {
        Fail("Invalid override operation for key '" + key + "': '" + operation +
                 "'. Allowed values are: append, replace",
             Loc(entry.second));
      }
    }
  }

  void CheckOverrideWithAppend(bool append_flag, const std::set<std::string>& append,
                               const std::set<std::string>& replace) const {
    if (append_flag && (!append.empty() || !replace.empty())) {
      Fail(
          "Keys 'override' and 'append: true' cannot be used together. Add an 'append' entry "
          "(e.g. 'condition: append') under 'override' instead.",
          item_location_);
    }
  }

  void ReadList(const YAML::Node& item) {
    ListDef list;
    list.name = item_name_;
    list.location = item_location_;
    if (!IsValidListName(list.name)) {
      Warn("LOAD_INVALID_LIST_NAME",
           "List has an invalid name. List names should match a regular expression: "
           "[^()\"'[:space:]=,]+",
           item_location_);
    }
    list.items = *Sequence(item, "items", /*required=*/true);
    bool append = ReadAppendFlag(item);
    std::set<std::string> override_append, override_replace;
    ReadOverrides(item, kItems, kItems, override_append, override_replace);
    CheckOverrideWithAppend(append, override_append, override_replace);
    append = append || override_append.count("items") > 0;
    if (append) {
      collector_.AppendList(list);
    } else {
      collector_.DefineList(std::move(list));
    }
  }

  void ReadMacro(const YAML::Node& item) {
    MacroDef macro;
    macro.name = item_name_;
    macro.location = item_location_;
    if (!IsValidMacroName(macro.name)) {
      Warn("LOAD_INVALID_MACRO_NAME",
           "Macro has an invalid name. Macro names should match a regular expression: "
           "[a-zA-Z]+[a-zA-Z0-9_]*",
           item_location_);
    }
    Text condition = *String(item, "condition", /*required=*/true, /*positions=*/true);
    macro.condition = std::move(condition.value);
    macro.condition_map = std::move(condition.map);
    macro.condition_location = condition.location;
    bool append = ReadAppendFlag(item);
    std::set<std::string> override_append, override_replace;
    ReadOverrides(item, kCondition, kCondition, override_append, override_replace);
    CheckOverrideWithAppend(append, override_append, override_replace);
    append = append || override_append.count("condition") > 0;
    if (append) {
      collector_.AppendMacro(macro);
    } else {
      collector_.DefineMacro(std::move(macro));
    }
  }

  // ---- exceptions (§1.9) ----

  ExceptionEntry ReadEntry(const YAML::Node& node, int depth) const {
    ExceptionEntry entry;
    entry.location = Loc(node);
    if (node.IsScalar()) {
      if (node.Scalar().empty()) Fail("Value must be non-empty", entry.location);
      entry.item = node.Scalar();
      return entry;
    }
    if (!node.IsSequence()) Fail("Value is not a sequence", entry.location);
    // Falco reads nested lists recursively; real exceptions nest two levels.
    if (depth >= 8) Fail("Rule exception value is nested too deeply", entry.location);
    entry.is_list = true;
    for (const YAML::Node& element : node) entry.items.push_back(ReadEntry(element, depth + 1));
    return entry;
  }

  std::optional<ExceptionEntry> ReadEntryKey(const YAML::Node& ex, const std::string& key,
                                             bool required) const {
    std::optional<YAML::Node> value = Value(ex, key, required);
    if (!value.has_value()) return std::nullopt;
    return ReadEntry(*value, 0);
  }

  std::vector<ExceptionDef> ReadExceptions(const YAML::Node& item, bool append) {
    const YAML::Node node = item["exceptions"];
    std::vector<ExceptionDef> out;
    if (!node.IsDefined()) return out;
    if (!node.IsSequence()) Fail("Rule exceptions must be a sequence", Loc(node));
    for (const YAML::Node& ex : node) {
      if (!ex.IsMap()) Fail("Rule exception must be a mapping", Loc(ex));
      ExceptionDef def;
      def.location = Loc(ex);
      def.name = String(ex, "name", /*required=*/true)->value;
      for (const ExceptionDef& previous : out) {
        if (previous.name == def.name) {
          Warn("LOAD_EXCEPTION_NAME_NOT_UNIQUE",
               "Multiple definitions of exception '" + def.name + "' in the same rule",
               def.location);
          break;
        }
      }
      def.fields = ReadEntryKey(ex, "fields", /*required=*/!append);
      def.comps = ReadEntryKey(ex, "comps", /*required=*/false);
      const YAML::Node values = ex["values"];
      if (values.IsDefined()) {
        if (!values.IsSequence()) Fail("Rule exception values must be a sequence", Loc(values));
        for (const YAML::Node& value : values) def.values.push_back(ReadEntry(value, 1));
      } else if (append) {
        Warn("LOAD_APPEND_NO_VALUES", "Overriding/appending exception with no values",
             def.location);
      }
      out.push_back(std::move(def));
    }
    return out;
  }

  // ---- rules (§1.7, §1.10) ----

  std::set<std::string> Tags(const YAML::Node& item, bool required) const {
    std::optional<std::vector<std::string>> tags = Sequence(item, "tags", required);
    return tags.has_value() ? std::set<std::string>(tags->begin(), tags->end())
                            : std::set<std::string>();
  }

  RuleUpdate NewUpdate() const {
    RuleUpdate update;
    update.name = item_name_;
    update.location = item_location_;
    return update;
  }

  void ReadRuleKey(const YAML::Node& item, const std::string& key, bool append,
                   RuleUpdate& update) {
    if (key == "condition") {
      Text text = *String(item, key, true, /*positions=*/true);
      update.condition = std::move(text.value);
      update.condition_map = std::move(text.map);
      update.condition_location = text.location;
    } else if (key == "output") {
      Text text = *String(item, key, true, /*positions=*/true);
      size_t leading = 0;
      update.output = TrimSpace(text.value, &leading);
      update.output_map = text.map.Slice(leading, update.output->size());
      update.output_location = text.location;
    } else if (key == "desc") {
      update.desc = String(item, key, true)->value;
    } else if (key == "priority") {
      update.priority = ReadPriority(item);
    } else if (key == "tags") {
      update.tags = Tags(item, true);
    } else if (key == "exceptions") {
      update.exceptions = ReadExceptions(item, append);
    } else if (key == "enabled") {
      update.enabled = Decode<bool>(item, key, true);
    } else if (key == "warn_evttypes") {
      update.warn_evttypes = Decode<bool>(item, key, true);
    } else if (key == "skip-if-unknown-filter") {
      update.skip_if_unknown_filter = Decode<bool>(item, key, true);
    } else if (key == "capture") {
      update.capture = Decode<bool>(item, key, true);
    } else if (key == "capture_duration") {
      update.capture_duration = Decode<uint64_t>(item, key, true);
    }
  }

  Priority ReadPriority(const YAML::Node& item) const {
    Text text = *String(item, "priority", /*required=*/true);
    std::optional<Priority> priority = ParsePriority(text.value);
    if (!priority.has_value()) Fail("Invalid priority", text.location);
    return *priority;
  }

  void ReadRule(const YAML::Node& item) {
    const bool append_flag = ReadAppendFlag(item);
    std::set<std::string> override_append, override_replace;
    ReadOverrides(item, kRuleAppendable, kRuleOverridable, override_append, override_replace);
    CheckOverrideWithAppend(append_flag, override_append, override_replace);
    std::optional<std::string> source;
    if (std::optional<Text> text = String(item, "source", /*required=*/false)) {
      source = text->value;
    }

    if (!override_append.empty() || !override_replace.empty()) {
      for (const std::string& key : override_append) {
        if (!item[key].IsDefined()) {
          Fail(
              "An append override for '" + key + "' was specified but '" + key + "' is not defined",
              item_location_);
        }
      }
      for (const std::string& key : override_replace) {
        if (!item[key].IsDefined()) {
          Fail(
              "A replace override for '" + key + "' was specified but '" + key + "' is not defined",
              item_location_);
        }
      }
      for (std::string_view key_view : kRuleOverridable) {
        const std::string key(key_view);
        if (item[key].IsDefined() && override_append.count(key) == 0 &&
            override_replace.count(key) == 0) {
          Fail("Unexpected key '" + key + "': no corresponding entry under 'override' is defined.",
               item_location_);
        }
      }
      RuleUpdate append = NewUpdate();
      RuleUpdate replace = NewUpdate();
      append.source = replace.source = source;
      for (const std::string& key : override_append) ReadRuleKey(item, key, true, append);
      for (const std::string& key : override_replace) ReadRuleKey(item, key, false, replace);
      // Appends first, then replaces (§1.10).
      if (!override_append.empty()) collector_.AppendRule(std::move(append));
      if (!override_replace.empty()) collector_.ReplaceRule(std::move(replace));
      return;
    }

    if (append_flag) {
      // Legacy append: only condition and exceptions count.
      RuleUpdate update = NewUpdate();
      update.source = source;
      if (item["condition"].IsDefined()) ReadRuleKey(item, "condition", true, update);
      if (item["exceptions"].IsDefined()) ReadRuleKey(item, "exceptions", true, update);
      if (!update.condition.has_value() && !update.exceptions.has_value()) {
        Fail("Appended rule must have exceptions or condition property", item_location_);
      }
      collector_.AppendRule(std::move(update));
      return;
    }

    if (!item["condition"].IsDefined() && !item["output"].IsDefined() &&
        !item["desc"].IsDefined() && !item["priority"].IsDefined()) {
      const bool enabled = *Decode<bool>(item, "enabled", /*required=*/true);
      Warn("LOAD_DEPRECATED_ITEM",
           "The standalone 'enabled' key usage is deprecated. The correct approach requires also "
           "a 'replace' entry under the 'override' key (i.e. 'enabled: replace').",
           item_location_);
      collector_.EnableRule(item_name_, enabled, item_location_);
      return;
    }

    RuleDef rule;
    rule.name = item_name_;
    rule.location = item_location_;
    RuleUpdate fields = NewUpdate();
    for (const char* key : {"condition", "output", "desc"}) ReadRuleKey(item, key, false, fields);
    rule.condition = std::move(*fields.condition);
    rule.condition_map = std::move(fields.condition_map);
    rule.condition_location = fields.condition_location;
    rule.output = std::move(*fields.output);
    rule.output_map = std::move(fields.output_map);
    rule.output_location = fields.output_location;
    rule.desc = std::move(*fields.desc);
    rule.priority = ReadPriority(item);
    rule.source = source.value_or("syscall");
    rule.enabled = Decode<bool>(item, "enabled", false).value_or(true);
    rule.warn_evttypes = Decode<bool>(item, "warn_evttypes", false).value_or(true);
    rule.skip_if_unknown_filter =
        Decode<bool>(item, "skip-if-unknown-filter", false).value_or(false);
    rule.tags = Tags(item, /*required=*/false);
    rule.exceptions = ReadExceptions(item, /*append=*/false);
    rule.capture = Decode<bool>(item, "capture", false).value_or(false);
    rule.capture_duration = Decode<uint64_t>(item, "capture_duration", false).value_or(0);
    // Only the syscall source exists in Peregrine (§1.14).
    const bool supported = rule.source == "syscall";
    collector_.DefineRule(std::move(rule), supported, sink_);
  }

  const std::string& file_;
  std::string_view source_;
  Collector& collector_;
  DiagnosticSink& sink_;
  std::string item_type_;
  std::string item_name_;
  SourceLocation item_location_;
  size_t base_pos_ = 0;
  int base_line_ = 0;
};

// One YAML document of a file: bytes [begin, end), starting on 0-based line `line`.
struct DocumentText {
  size_t begin = 0;
  size_t end = 0;
  int line = 0;
};

// True if a document marker ("---" or "...") starts the line at `pos`.
bool IsMarker(std::string_view source, size_t pos, std::string_view marker) {
  if (source.substr(pos, 3) != marker) return false;
  if (pos + 3 == source.size()) return true;
  const char next = source[pos + 3];
  return next == ' ' || next == '\t' || next == '\r' || next == '\n';
}

// Splits a YAML stream at its document markers: a "---" line starts a document, a "..." line
// ends one. yaml-cpp 0.7's LoadAll() can loop forever on some malformed streams (",]" makes it
// produce empty documents without consuming input), so each document is handed to YAML::Load()
// on its own instead.
std::vector<DocumentText> SplitDocuments(std::string_view source) {
  std::vector<DocumentText> documents;
  DocumentText current;
  int line = 0;
  for (size_t pos = 0; pos < source.size();) {
    size_t line_end = source.find('\n', pos);
    line_end = line_end == std::string_view::npos ? source.size() : line_end + 1;
    if (pos > current.begin && IsMarker(source, pos, "---")) {
      current.end = pos;
      documents.push_back(current);
      current = DocumentText{pos, 0, line};
    } else if (IsMarker(source, pos, "...")) {
      current.end = line_end;
      documents.push_back(current);
      current = DocumentText{line_end, 0, line + 1};
    }
    pos = line_end;
    ++line;
  }
  current.end = source.size();
  if (current.begin < current.end || documents.empty()) documents.push_back(current);
  return documents;
}

}  // namespace

bool ReadRulesFile(const std::string& file, std::string_view source, Collector& collector,
                   DiagnosticSink& sink) {
  ItemReader reader(file, source, collector, sink);
  // As Falco, parse every document before reading any item: a syntax error anywhere in the
  // file means no item of it is read.
  const std::vector<DocumentText> texts = SplitDocuments(source);
  std::vector<YAML::Node> documents;
  for (const DocumentText& text : texts) {
    reader.SetDocumentStart(text.begin, text.line);
    try {
      documents.push_back(
          YAML::Load(std::string(source.substr(text.begin, text.end - text.begin))));
    } catch (const YAML::Exception& error) {
      sink.Error(kYamlParse, error.msg, reader.Loc(error.mark));
      return false;
    } catch (const std::exception& error) {
      sink.Error(kYamlParse, error.what(), SourceLocation{file, text.line + 1, 1});
      return false;
    }
  }
  for (size_t i = 0; i < documents.size(); ++i) {
    reader.SetDocumentStart(texts[i].begin, texts[i].line);
    try {
      if (!reader.ReadDocument(documents[i])) return false;
    } catch (const std::exception& error) {  // yaml-cpp outside an item (iteration)
      sink.Error(kYamlParse, error.what(), SourceLocation{file, texts[i].line + 1, 1});
      return false;
    }
  }
  return true;
}

}  // namespace peregrine::compiler::loader_internal
