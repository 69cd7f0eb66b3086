#include "tools/rulec/explain_command.h"

#include <cstdio>
#include <iostream>
#include <optional>
#include <set>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "compiler/ir/ir_printer.h"
#include "compiler/jit/jit_program.h"
#include "compiler/loader/priority.h"
#include "compiler/prefilter/kernel_prefilter.h"
#include "compiler/semantic/ruleset_compiler.h"
#include "tools/rulec/diagnostic_printer.h"

namespace peregrine::rulec {
namespace {

constexpr char kUsage[] =
    "usage: rulec explain [--rule NAME] [--llvm-ir [--opt 0|2]] PATH...\n"
    "  For each rule (or the one named): the condition as written and after list substitution\n"
    "  and macro expansion, the event types it can match, the IR evaluated per event (#N marks a\n"
    "  predicate shared with other rules), the kernel plan, and the rule's warnings.\n"
    "  --llvm-ir: instead, the LLVM IR the JIT generates (one function per group of event codes;\n"
    "  with --rule, those evaluating that rule, restricted to it), before optimisation unless\n"
    "  --opt 2.\n";

// `rulec explain --llvm-ir`: prints the JIT's LLVM IR for the whole program or one rule.
int PrintLlvmIr(const compiler::CompiledRuleset& ruleset, const std::optional<std::string>& rule,
                int opt_level) {
  compiler::jit::JitOptions options;
  options.opt_level = opt_level;
  absl::StatusOr<std::string> text;
  if (rule) {
    std::optional<uint32_t> ir_rule;
    bool named = false;
    for (size_t i = 0; i < ruleset.loaded.rules.size(); ++i) {
      if (ruleset.loaded.rules[i].name != *rule) continue;
      named = true;
      if (ruleset.rules[i].ir_rule) ir_rule = ruleset.rules[i].ir_rule;
    }
    if (!ir_rule) {
      std::fprintf(stderr, "rulec explain: %s '%s'\n",
                   named ? "no compiled code for rule" : "no rule named", rule->c_str());
      return 1;
    }
    text = compiler::jit::DumpLlvmIr(ruleset.program, options, *ir_rule);
  } else {
    text = compiler::jit::DumpLlvmIr(ruleset.program, options);
  }
  if (!text.ok()) {
    std::fprintf(stderr, "rulec explain: %s\n", std::string(text.status().message()).c_str());
    return 1;
  }
  std::fwrite(text->data(), 1, text->size(), stdout);
  return 0;
}

// How many rules use each predicate, to show what is shared.
std::vector<int> PredicateUseCounts(const compiler::ir::Program& program) {
  std::vector<int> uses(program.predicates.size(), 0);
  for (const compiler::ir::Rule& rule : program.rules) {
    std::set<compiler::ir::PredicateId> seen;
    std::vector<compiler::ir::NodeId> stack{rule.root};
    while (!stack.empty()) {
      const compiler::ir::Node& node = program.nodes[stack.back()];
      stack.pop_back();
      if (node.kind == compiler::ir::NodeKind::kPredicate) seen.insert(node.predicate);
      for (compiler::ir::NodeId child : node.children) stack.push_back(child);
    }
    for (compiler::ir::PredicateId p : seen) ++uses[p];
  }
  return uses;
}

}  // namespace

int RunExplain(const std::vector<std::string>& args) {
  std::optional<std::string> only_rule;
  std::vector<std::string> paths;
  bool llvm_ir = false;
  int opt_level = 0;
  for (size_t i = 0; i < args.size(); ++i) {
    if (args[i] == "--rule" && i + 1 < args.size()) {
      only_rule = args[++i];
    } else if (args[i] == "--llvm-ir") {
      llvm_ir = true;
    } else if (args[i] == "--opt" && i + 1 < args.size() &&
               (args[i + 1] == "0" || args[i + 1] == "2")) {
      opt_level = args[++i] == "2" ? 2 : 0;
    } else if (!args[i].empty() && args[i][0] == '-') {
      std::fputs(kUsage, stderr);
      return 2;
    } else {
      paths.push_back(args[i]);
    }
  }
  if (paths.empty()) {
    std::fputs(kUsage, stderr);
    return 2;
  }
  compiler::CompileOutput out = compiler::CompileRulesFiles(paths, compiler::CompileOptions{});
  SourceCache sources;
  if (out.ruleset == nullptr) {
    for (const compiler::Diagnostic& d : out.diagnostics) {
      std::cerr << FormatDiagnosticText(d, sources);
    }
    return 1;
  }
  const compiler::CompiledRuleset& ruleset = *out.ruleset;
  if (llvm_ir) return PrintLlvmIr(ruleset, only_rule, opt_level);
  const compiler::ir::Program& program = ruleset.program;
  const std::vector<int> uses = PredicateUseCounts(program);
  const compiler::prefilter::KernelPrefilter prefilter =
      compiler::prefilter::BuildKernelPrefilter(ruleset);
  bool found = false;
  for (size_t i = 0; i < ruleset.loaded.rules.size(); ++i) {
    const compiler::RuleDef& rule = ruleset.loaded.rules[i];
    const compiler::CompiledRuleInfo& info = ruleset.rules[i];
    if (only_rule && rule.name != *only_rule) continue;
    found = true;
    std::cout << "rule: " << rule.name << "\n";
    std::cout << "  defined at: " << rule.location.file << ":" << rule.location.line << "\n";
    std::cout << "  priority: " << compiler::PriorityName(rule.priority)
              << "   enabled: " << (rule.enabled ? "true" : "false")
              << "   loaded: " << (info.loaded ? "true" : "false") << "   source: " << rule.source
              << "\n";
    std::cout << "  tags: [" << absl::StrJoin(rule.tags, ", ") << "]\n";
    std::cout << "  condition: " << rule.condition_with_exceptions << "\n";
    std::cout << "  expanded: " << info.expanded_condition << "\n";
    if (!info.compiled) {
      std::cout << "  not compiled (skipped: skip-if-unknown-filter)\n\n";
      continue;
    }
    std::vector<std::string> names = compiler::EventNames(info.codes);
    std::cout << "  event types: "
              << (info.codes.all() ? std::string("all") : absl::StrJoin(names, ", ")) << " ("
              << info.codes.count() << " event codes)\n";
    const compiler::ir::Rule& ir_rule = program.rules[*info.ir_rule];
    std::cout << "  ir: " << compiler::ir::PrintNode(program, ir_rule.root, /*with_ids=*/true)
              << "\n";
    std::vector<std::string> shared;
    std::set<compiler::ir::PredicateId> listed;
    std::vector<compiler::ir::NodeId> stack{ir_rule.root};
    while (!stack.empty()) {
      const compiler::ir::Node& node = program.nodes[stack.back()];
      stack.pop_back();
      if (node.kind == compiler::ir::NodeKind::kPredicate && uses[node.predicate] > 1 &&
          listed.insert(node.predicate).second) {
        shared.push_back(absl::StrCat("#", node.predicate, " (", uses[node.predicate], " rules)"));
      }
      for (compiler::ir::NodeId child : node.children) stack.push_back(child);
    }
    std::cout << "  shared predicates: " << (shared.empty() ? "none" : absl::StrJoin(shared, ", "))
              << "\n";
    std::cout << "  kernel plan: " << compiler::prefilter::KernelPlan(ruleset, prefilter, i)
              << "\n";
    int warnings = 0;
    for (const compiler::Diagnostic& d : out.diagnostics) {
      if (d.item_type == "rule" && d.item_name == rule.name) {
        std::cout << "  " << FormatDiagnosticText(d, sources);
        ++warnings;
      }
    }
    if (warnings == 0) std::cout << "  warnings: none\n";
    std::cout << "\n";
  }
  if (only_rule && !found) {
    std::cerr << "rulec explain: no rule named '" << *only_rule << "'\n";
    return 1;
  }
  return 0;
}

}  // namespace peregrine::rulec
