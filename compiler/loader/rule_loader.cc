#include "compiler/loader/rule_loader.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <system_error>

#include "absl/container/flat_hash_map.h"
#include "compiler/loader/internal/collector.h"
#include "compiler/loader/internal/item_reader.h"

namespace peregrine::compiler {
namespace {

bool HasRulesExtension(const std::filesystem::path& path) {
  const std::string extension = path.extension().string();
  return extension == ".yaml" || extension == ".yml";
}

}  // namespace

RuleLoader::RuleLoader() : collector_(std::make_unique<loader_internal::Collector>()) {}
RuleLoader::~RuleLoader() = default;

absl::Status RuleLoader::AddFile(const std::string& path) {
  namespace fs = std::filesystem;
  std::error_code error;
  std::vector<std::string> paths;
  if (fs::is_directory(path, error)) {
    for (const fs::directory_entry& entry : fs::directory_iterator(path, error)) {
      std::error_code entry_error;
      if (entry.is_regular_file(entry_error) && HasRulesExtension(entry.path())) {
        paths.push_back(entry.path().string());
      }
    }
    if (error) {
      sink_.Error("LOAD_ERR_FILE_READ", "cannot list directory: " + error.message(),
                  SourceLocation{path, 0, 0});
      return absl::NotFoundError("cannot list rules directory " + path + ": " + error.message());
    }
    std::sort(paths.begin(), paths.end());
  } else if (HasRulesExtension(path)) {
    paths.push_back(path);
  }
  for (const std::string& file : paths) {
    std::ifstream in(file, std::ios::binary);
    if (!in.is_open()) {
      sink_.Error("LOAD_ERR_FILE_READ", "cannot open rules file", SourceLocation{file, 0, 0});
      return absl::NotFoundError("cannot open rules file " + file);
    }
    std::ostringstream content;
    content << in.rdbuf();
    if (in.bad()) {
      sink_.Error("LOAD_ERR_FILE_READ", "cannot read rules file", SourceLocation{file, 0, 0});
      return absl::DataLossError("cannot read rules file " + file);
    }
    AddContent(file, content.str());
  }
  return absl::OkStatus();
}

void RuleLoader::AddContent(const std::string& name, std::string_view content) {
  if (stopped_) return;
  collector_->SetFile(static_cast<int>(files_.size()));
  files_.push_back(name);
  if (!loader_internal::ReadRulesFile(name, content, *collector_, sink_)) stopped_ = true;
}

LoadedRules RuleLoader::Finish() {
  LoadedRules out;
  out.files = files_;
  out.required_engine_version = collector_->required_engine_version();
  out.required_plugin_versions = std::move(collector_->plugin_requirements());
  out.lists = std::move(collector_->lists());
  // Compile-time diagnostics only for a collection that read without errors, as Falco never
  // compiles a file that failed to read; the first one stops the compilation.
  bool report = !sink_.HasErrors();

  // One level of nested lists, honouring visibility (§3.9 compile_list_infos).
  absl::flat_hash_map<std::string, size_t> list_by_name;
  for (size_t i = 0; i < out.lists.size(); ++i) list_by_name.emplace(out.lists[i].name, i);
  std::vector<bool> used(out.lists.size(), false);
  for (ListDef& list : out.lists) {
    list.expanded_items.clear();
    for (const std::string& item : list.items) {
      auto it = list_by_name.find(item);
      if (it != list_by_name.end() && out.lists[it->second].order.index < list.order.visibility) {
        const ListDef& nested = out.lists[it->second];
        list.expanded_items.insert(list.expanded_items.end(), nested.items.begin(),
                                   nested.items.end());
        used[it->second] = true;
      } else {
        list.expanded_items.push_back(item);
      }
    }
  }
  std::vector<ListRef> refs;
  refs.reserve(out.lists.size());
  for (const ListDef& list : out.lists) refs.push_back(ListRef{list.name, &list.expanded_items});

  out.macros = std::move(collector_->macros());
  for (MacroDef& macro : out.macros) {
    macro.substituted = SubstituteLists(macro.condition, refs, &used);
  }

  std::vector<RuleDef>& rules = collector_->rules();
  const std::vector<bool>& supported = collector_->rule_supported();
  for (size_t i = 0; i < rules.size(); ++i) {
    RuleDef& rule = rules[i];
    if (!supported[i]) {
      out.skipped_rules.push_back(rule.name);
      continue;
    }
    rule.condition_with_exceptions = rule.condition;
    SourceMap map = rule.condition_map;
    if (std::optional<ExceptionError> error = AppendExceptions(
            rule.exceptions, &rule.condition_with_exceptions, &map, &rule.exception_fields)) {
      if (report) {
        sink_.Error("LOAD_ERR_VALIDATE", error->message, error->location, "rule", rule.name);
        report = false;
      }
    }
    rule.condition_map = std::move(map);
    rule.substituted = SubstituteLists(rule.condition_with_exceptions, refs, &used);
    out.rules.push_back(std::move(rule));
  }

  for (size_t i = 0; i < out.lists.size(); ++i) {
    out.lists[i].used = used[i];
    if (report && !used[i]) {
      sink_.Warning("LOAD_UNUSED_LIST", "List not referred to by any other rule/macro",
                    out.lists[i].location, "list", out.lists[i].name);
    }
  }
  return out;
}

}  // namespace peregrine::compiler
