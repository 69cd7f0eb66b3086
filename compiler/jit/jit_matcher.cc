#include "compiler/jit/jit_matcher.h"

#include <cassert>

#include "compiler/jit/internal/jit_abi.h"

namespace peregrine::compiler::jit {

JitMatcher::JitMatcher(const JitProgram& program)
    : program_(&program),
      functions_(program.function_table().data()),
      num_functions_(program.function_table().size()),
      slots_(program.program().operands.size()),
      values_(program.program().operands.size()),
      scratch_(program.program().operands.size()),
      fields_(program.program().operands.size()),
      out_(std::max<uint32_t>(program.max_matches(), 1)),
      context_(std::make_unique<internal::JitContext>()) {
  const std::vector<ir::Operand>& operands = program.program().operands;
  for (size_t i = 0; i < operands.size(); ++i) fields_[i] = &operands[i].field;
  context_->slots = slots_.data();
  context_->read_compact = nullptr;
  context_->fields = fields_.data();
  context_->program = &program.program();
  context_->reader = nullptr;
  context_->values = values_.data();
  context_->scratch = scratch_.data();
}

JitMatcher::~JitMatcher() = default;

void JitMatcher::Rebind(const JitProgram& program) {
  assert(&program.program() == &program_->program() && "a tier of the same program");
  program_ = &program;
  functions_ = program.function_table().data();
  num_functions_ = program.function_table().size();
  if (out_.size() < program.max_matches()) out_.resize(program.max_matches());
}

// Clang's -fsanitize=function (part of `undefined`) reads the 8 bytes before an indirect
// callee, looking for a type signature; generated code has none, and a matcher at the start of
// the JIT's code pages has an unmapped page there. The call's type is right by construction.
#if defined(__clang__)
#define PEREGRINE_CALLS_GENERATED_CODE __attribute__((no_sanitize("function")))
#else
#define PEREGRINE_CALLS_GENERATED_CODE
#endif

PEREGRINE_CALLS_GENERATED_CODE
void JitMatcher::Match(uint16_t code, ir::FieldReader& reader, interp::RuleMatching matching,
                       std::vector<uint32_t>* matches) {
  if (code >= num_functions_ || functions_[code] == nullptr) return;
  auto function = reinterpret_cast<internal::MatchFunction>(functions_[code]);
  context_->reader = &reader;
  context_->read_compact = reader.read_compact();
  const uint32_t n =
      function(context_.get(), out_.data(), matching == interp::RuleMatching::kFirst ? 1 : 0);
  // Most events match no rule: the insert stays off the common path (out of line, so the
  // common path needs no callee-saved registers either).
  if (n != 0) [[unlikely]]
    AppendMatches(n, matches);
}

void JitMatcher::AppendMatches(uint32_t n, std::vector<uint32_t>* matches) const {
  matches->insert(matches->end(), out_.begin(), out_.begin() + n);
}

}  // namespace peregrine::compiler::jit
