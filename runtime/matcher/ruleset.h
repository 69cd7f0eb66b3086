// Ruleset: one immutable, ready-to-run ruleset — compiled rules, their alert formatters and the
// evaluation back end. The live ruleset (live_ruleset.h) swaps whole Rulesets.
#ifndef PEREGRINE_RUNTIME_MATCHER_RULESET_H_
#define PEREGRINE_RUNTIME_MATCHER_RULESET_H_

#include <cstdint>
#include <memory>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "compiler/semantic/ruleset_compiler.h"
#include "runtime/format/alert_formatter.h"
#include "runtime/matcher/matcher.h"

namespace peregrine::runtime {

// How a Ruleset evaluates events (runtime/matcher/jit_backend.h for the native ones).
enum class BackendKind : uint8_t {
  kInterpreter,  // the reference interpreter only
  kJit,          // native code: Create() waits for the fast tier (O0), O2 follows in background
  kTiered,       // the interpreter at once, native code (O0, then O2) swapped in when compiled
};

struct RulesetOptions {
  AlertFormatOptions format;
  std::vector<AppendOutputEntry> append_output;
  // Tiered by default (the daemon and replay): loading never waits for LLVM.
  BackendKind backend = BackendKind::kTiered;
};

// Built once by Create(), then immutable and thread-safe; shared as
// std::shared_ptr<const Ruleset>. Shares ownership of the compiled ruleset. Rules are addressed
// by their index in the program (`ir rule`), which is the definition order.
class Ruleset {
 public:
  // Builds the formatters of every compiled rule and the back end. Errors: an output template
  // that does not compile (Falco's LOAD_ERR_COMPILE_OUTPUT), or (kJit) native compilation
  // failing. With kTiered, Create() returns before native code exists; a native compile error
  // then leaves the interpreter serving (see JitBackend::tiered().status()).
  static absl::StatusOr<std::unique_ptr<Ruleset>> Create(
      std::shared_ptr<const compiler::CompiledRuleset> compiled, const RulesetOptions& options);

  Ruleset(const Ruleset&) = delete;
  Ruleset& operator=(const Ruleset&) = delete;

  const compiler::CompiledRuleset& compiled() const { return *compiled_; }
  const std::shared_ptr<const compiler::CompiledRuleset>& compiled_ptr() const { return compiled_; }
  const compiler::ir::Program& program() const { return compiled_->program; }
  // Rules in the program (compiled rules, enabled or not).
  size_t num_rules() const { return formatters_.size(); }
  // The loader's definition of program rule `ir_rule`.
  const compiler::RuleDef& rule(uint32_t ir_rule) const {
    return compiled_->loaded.rules[loaded_index_[ir_rule]];
  }
  const AlertFormatter& formatter(uint32_t ir_rule) const { return formatters_[ir_rule]; }
  Priority priority(uint32_t ir_rule) const { return formatters_[ir_rule].rule().priority; }

  const MatcherBackend& backend() const { return *backend_; }
  // A matcher for the calling thread.
  std::unique_ptr<Matcher> CreateMatcher() const { return backend_->CreateMatcher(); }

  const RulesetOptions& options() const { return options_; }
  // Set by LiveRuleset::Publish (0 for a ruleset never published): 1, 2, … per publication.
  uint64_t generation() const { return generation_; }
  // FNV-1a over what decides behaviour (each rule's name, expanded condition, output, priority,
  // tags, enabled/loaded flags, source; the format options and the back end): equal rulesets
  // have equal hashes across runs and processes.
  uint64_t hash() const { return hash_; }

 private:
  friend class LiveRuleset;
  Ruleset() = default;

  std::shared_ptr<const compiler::CompiledRuleset> compiled_;
  RulesetOptions options_;
  std::vector<uint32_t> loaded_index_;      // by ir rule: index in compiled_->loaded.rules
  std::vector<AlertFormatter> formatters_;  // by ir rule
  std::unique_ptr<MatcherBackend> backend_;
  uint64_t generation_ = 0;
  uint64_t hash_ = 0;
};

}  // namespace peregrine::runtime

#endif  // PEREGRINE_RUNTIME_MATCHER_RULESET_H_
