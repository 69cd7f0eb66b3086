#include "compiler/semantic/ruleset_compiler.h"

#include <set>
#include <utility>

#include "absl/strings/str_cat.h"
#include "compiler/ast/printer.h"
#include "compiler/ir/program_builder.h"
#include "compiler/loader/list_substitution.h"
#include "compiler/loader/plugin_requirements.h"
#include "compiler/loader/rule_loader.h"
#include "compiler/parser/parser.h"
#include "compiler/semantic/condition_checker.h"
#include "compiler/semantic/event_type_analysis.h"
#include "compiler/semantic/macro_expander.h"
#include "compiler/semantic/output_checker.h"

namespace peregrine::compiler {

int CompiledRuleset::enabled_rules() const {
  int count = 0;
  for (size_t i = 0; i < rules.size(); ++i) {
    if (rules[i].loaded && loaded.rules[i].enabled) ++count;
  }
  return count;
}

namespace {

constexpr char kItemRule[] = "rule";
constexpr char kItemMacro[] = "macro";

// Compiles LoadedRules; owns the sink for the semantic stage. Single use.
class RulesetCompiler {
 public:
  RulesetCompiler(LoadedRules loaded, std::vector<Diagnostic> diagnostics,
                  const CompileOptions& options)
      : options_(options) {
    ruleset_ = std::make_unique<CompiledRuleset>();
    ruleset_->loaded = std::move(loaded);
    ruleset_->options = options;
    for (Diagnostic& d : diagnostics)
      sink_.Add(d.severity, std::move(d.code), std::move(d.message), std::move(d.location),
                std::move(d.item_type), std::move(d.item_name));
  }

  CompileOutput Run() {
    const LoadedRules& loaded = ruleset_->loaded;
    if (!sink_.HasErrors()) {
      // Falco checks plugin requirements after loading every file (§1.4).
      CheckPluginRequirements(loaded.required_plugin_versions, BuiltinPlugins(), sink_);
    }
    if (!sink_.HasErrors()) {
      ParseMacros();
      ruleset_->rules.resize(loaded.rules.size());
      if (!sink_.HasErrors()) {
        semantic::MacroExpander expander(loaded, parsed_macros_);
        for (size_t i = 0; i < loaded.macros.size(); ++i) {
          if (parsed_macros_[i] == nullptr) continue;
          if (std::optional<ExpansionErrorCopy> e = ToCopy(expander.CheckMacro(i))) {
            // A macro's error surfaces again when a rule or macro using it is expanded; report
            // each problem once (§1.12: only the first problem is reported).
            if (reported_.insert({e->in_macro, e->range.offset}).second) {
              ReportExpansion(*e, kItemMacro, loaded.macros[i].name, nullptr);
            }
          }
        }
        for (size_t i = 0; i < loaded.rules.size(); ++i) CompileRule(i, expander);
        if (!options_.parse_only) {
          std::set<std::string> used = used_macros_;
          used.insert(expander.referenced_by_macros().begin(),
                      expander.referenced_by_macros().end());
          ReportUnusedMacros(loaded, used, sink_);
        }
      }
    }
    CompileOutput out;
    out.diagnostics = sink_.diagnostics();
    out.stats.rules = static_cast<int>(loaded.rules.size());
    out.stats.macros = static_cast<int>(loaded.macros.size());
    out.stats.lists = static_cast<int>(loaded.lists.size());
    if (!sink_.HasErrors()) {
      for (size_t i = 0; i < loaded.rules.size(); ++i) {
        CompiledRuleInfo& info = ruleset_->rules[i];
        if (!info.compiled) continue;
        info.ir_rule = static_cast<uint32_t>(builder_.program().rules.size());
        ir::Rule rule;
        rule.name = loaded.rules[i].name;
        rule.root = roots_[i];
        rule.codes = info.codes;
        rule.priority = static_cast<int>(loaded.rules[i].priority);
        rule.enabled = info.loaded && loaded.rules[i].enabled;
        builder_.AddRule(std::move(rule));
      }
      ruleset_->program = std::move(builder_).Build();
      out.stats.enabled_rules = ruleset_->enabled_rules();
      out.ruleset = std::move(ruleset_);
    }
    return out;
  }

 private:
  struct ExpansionErrorCopy {
    std::string message;
    const MacroDef* in_macro;
    ast::SourceRange range;
  };
  static std::optional<ExpansionErrorCopy> ToCopy(
      const std::optional<semantic::ExpansionError>& e) {
    if (!e) return std::nullopt;
    return ExpansionErrorCopy{e->message, e->in_macro, e->range};
  }

  void ParseMacros() {
    const LoadedRules& loaded = ruleset_->loaded;
    parsed_macros_.resize(loaded.macros.size());
    for (size_t i = 0; i < loaded.macros.size(); ++i) {
      const MacroDef& macro = loaded.macros[i];
      ParseResult parsed = ParseCondition(macro.substituted.text);
      if (!parsed.ok()) {
        sink_.Error("LOAD_ERR_COMPILE_CONDITION", parsed.error->message,
                    macro.LocateInSubstituted(parsed.error->offset), kItemMacro, macro.name);
        continue;
      }
      parsed_macros_[i] = std::move(parsed.expr);
    }
  }

  SourceLocation Locate(const MacroDef* in_macro, const RuleDef* rule, ast::SourceRange range) {
    if (in_macro != nullptr) return in_macro->LocateInSubstituted(range.offset);
    if (rule != nullptr) return rule->LocateInSubstituted(range.offset);
    return {};
  }

  void ReportExpansion(const ExpansionErrorCopy& e, const char* item_type,
                       const std::string& item_name, const RuleDef* rule) {
    sink_.Error("LOAD_ERR_VALIDATE", e.message, Locate(e.in_macro, rule, e.range), item_type,
                item_name);
  }

  void CompileRule(size_t index, semantic::MacroExpander& expander) {
    const RuleDef& rule = ruleset_->loaded.rules[index];
    CompiledRuleInfo& info = ruleset_->rules[index];
    ParseResult parsed = ParseCondition(rule.substituted.text);
    if (!parsed.ok()) {
      sink_.Error("LOAD_ERR_COMPILE_CONDITION", parsed.error->message,
                  rule.LocateInSubstituted(parsed.error->offset), kItemRule, rule.name);
      return;
    }
    semantic::OriginMap origins;
    if (auto e = ToCopy(expander.ExpandRule(parsed.expr, rule.order.last_file_ordinal, origins,
                                            used_macros_))) {
      if (e->in_macro == nullptr || reported_.insert({e->in_macro, e->range.offset}).second) {
        ReportExpansion(*e, kItemRule, rule.name, &rule);
      }
      return;
    }
    info.expanded_condition = ast::PrintExpr(*parsed.expr);
    if (options_.parse_only) return;

    absl::StatusOr<EventCodeSet> codes = semantic::AnalyzeEventTypes(*parsed.expr);
    if (!codes.ok()) {
      sink_.Error("LOAD_ERR_COMPILE_CONDITION", std::string(codes.status().message()),
                  rule.condition_location, kItemRule, rule.name);
      return;
    }
    semantic::CheckedCondition checked = semantic::CheckCondition(*parsed.expr, origins, builder_);
    for (const semantic::ConditionProblem& w : checked.warnings) {
      sink_.Warning(w.code, w.message, Locate(w.in_macro, &rule, w.range), kItemRule, rule.name);
    }
    if (checked.error) {
      const semantic::ConditionProblem& e = *checked.error;
      if (rule.skip_if_unknown_filter && semantic::IsUnknownFilterError(e.message)) {
        sink_.Warning("LOAD_UNKNOWN_FILTER",
                      absl::StrCat("rule skipped (skip-if-unknown-filter): ", e.message),
                      Locate(e.in_macro, &rule, e.range), kItemRule, rule.name);
        return;
      }
      sink_.Error(e.code, e.message, Locate(e.in_macro, &rule, e.range), kItemRule, rule.name);
      return;
    }
    semantic::OutputCheck output = semantic::CheckOutputTemplate(rule.output);
    for (const semantic::OutputProblem& d : output.deprecations) {
      sink_.Warning("LOAD_DEPRECATED_ITEM", d.message, rule.LocateInOutput(d.offset), kItemRule,
                    rule.name);
    }
    if (output.error) {
      if (rule.skip_if_unknown_filter && semantic::IsUnknownFilterError(output.error->message)) {
        sink_.Warning(
            "LOAD_UNKNOWN_FILTER",
            absl::StrCat("rule skipped (skip-if-unknown-filter): ", output.error->message),
            rule.LocateInOutput(output.error->offset), kItemRule, rule.name);
        return;
      }
      sink_.Error("LOAD_ERR_COMPILE_OUTPUT", output.error->message,
                  rule.LocateInOutput(output.error->offset), kItemRule, rule.name);
      return;
    }
    if (rule.source == "syscall" && rule.warn_evttypes &&
        codes->count() > semantic::kTooManyEventCodes) {
      sink_.Warning("LOAD_NO_EVTTYPE",
                    "Rule matches too many evt.type values. This has a significant performance "
                    "penalty.",
                    rule.condition_location, kItemRule, rule.name);
    }
    info.compiled = true;
    info.loaded = static_cast<int>(rule.priority) <= options_.min_priority;
    info.codes = *codes;
    info.output_fields = std::move(output.fields);
    roots_[index] = *checked.root;
  }

  CompileOptions options_;
  std::unique_ptr<CompiledRuleset> ruleset_;
  DiagnosticSink sink_;
  std::vector<std::unique_ptr<ast::Expr>> parsed_macros_;
  std::set<std::string> used_macros_;
  ir::ProgramBuilder builder_;
  absl::flat_hash_map<size_t, ir::NodeId> roots_;
  // Expansion errors already reported, by the text and offset they point at.
  std::set<std::pair<const MacroDef*, uint32_t>> reported_;
};

CompileOutput CompileLoader(RuleLoader& loader, const CompileOptions& options) {
  LoadedRules loaded = loader.Finish();
  return RulesetCompiler(std::move(loaded), loader.diagnostics().diagnostics(), options).Run();
}

}  // namespace

CompileOutput CompileRulesFiles(const std::vector<std::string>& paths,
                                const CompileOptions& options) {
  RuleLoader loader;
  for (const std::string& path : paths) {
    if (!loader.AddFile(path).ok()) break;
  }
  return CompileLoader(loader, options);
}

CompileOutput CompileRulesContent(const std::string& name, const std::string& content,
                                  const CompileOptions& options) {
  RuleLoader loader;
  loader.AddContent(name, content);
  return CompileLoader(loader, options);
}

std::vector<Diagnostic> CheckStandaloneCondition(const std::string& condition,
                                                 const std::vector<std::string>& context_paths,
                                                 const CompileOptions& options) {
  RuleLoader loader;
  for (const std::string& path : context_paths) {
    if (!loader.AddFile(path).ok()) break;
  }
  // The condition becomes a rule of its own, appended after the context, so that it sees every
  // list and macro the context defines, exactly like a rule in a later file.
  std::string quoted;
  for (char c : condition) {
    if (c == '\'')
      quoted += "''";
    else
      quoted.push_back(c);
  }
  loader.AddContent("-e", absl::StrCat("- rule: \"-e\"\n  desc: -e\n  condition: '", quoted,
                                       "'\n  output: -e\n  priority: DEBUG\n"));
  CompileOutput out = CompileLoader(loader, options);
  // Unused-item warnings are about the context files, not about the condition: drop them.
  // Positions inside the condition are reported relative to it: line 1, its own columns.
  constexpr int kConditionLine = 3;
  constexpr int kConditionColumn = 15;  // first byte after "  condition: '"
  std::vector<Diagnostic> diagnostics;
  for (Diagnostic& d : out.diagnostics) {
    if (d.code == "LOAD_UNUSED_MACRO" || d.code == "LOAD_UNUSED_LIST") continue;
    if (d.location.file == "-e") {
      if (d.location.line == kConditionLine && d.location.column >= kConditionColumn) {
        // Undo the doubling of single quotes before the reported column.
        int raw = d.location.column - kConditionColumn;
        int column = 1;
        for (int i = 0, consumed = 0; consumed < raw && i < static_cast<int>(condition.size());
             ++i, ++column) {
          consumed += condition[i] == '\'' ? 2 : 1;
        }
        d.location.line = 1;
        d.location.column = column;
      } else {
        d.location.line = 0;
        d.location.column = 0;
      }
    }
    diagnostics.push_back(std::move(d));
  }
  return diagnostics;
}

}  // namespace peregrine::compiler
