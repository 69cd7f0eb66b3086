#include "runtime/matcher/interp_matcher.h"

#include <utility>

#include "compiler/interp/interpreter.h"

namespace peregrine::runtime {
namespace {

// Owned by one thread (the Interpreter keeps per-event memo tables).
class InterpMatcher final : public Matcher {
 public:
  explicit InterpMatcher(const compiler::ir::Program& program) : interpreter_(program) {}

  void Match(uint16_t code, compiler::ir::FieldReader& reader, RuleMatching matching,
             std::vector<uint32_t>* matches) override {
    interpreter_.Match(code, reader,
                       matching == RuleMatching::kAll ? compiler::interp::RuleMatching::kAll
                                                      : compiler::interp::RuleMatching::kFirst,
                       matches);
  }

 private:
  compiler::interp::Interpreter interpreter_;
};

class InterpreterBackend final : public MatcherBackend {
 public:
  explicit InterpreterBackend(std::shared_ptr<const compiler::CompiledRuleset> compiled)
      : compiled_(std::move(compiled)) {}

  std::string_view name() const override { return "interpreter"; }
  std::unique_ptr<Matcher> CreateMatcher() const override {
    return std::make_unique<InterpMatcher>(compiled_->program);
  }

 private:
  std::shared_ptr<const compiler::CompiledRuleset> compiled_;
};

}  // namespace

std::unique_ptr<MatcherBackend> CreateInterpreterBackend(
    std::shared_ptr<const compiler::CompiledRuleset> compiled) {
  return std::make_unique<InterpreterBackend>(std::move(compiled));
}

}  // namespace peregrine::runtime
