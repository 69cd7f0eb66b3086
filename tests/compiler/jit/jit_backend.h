// The JIT as a TestBackend: compiles the program at construction (failing the test on errors).
#ifndef PEREGRINE_TESTS_COMPILER_JIT_JIT_BACKEND_H_
#define PEREGRINE_TESTS_COMPILER_JIT_JIT_BACKEND_H_

#include <memory>
#include <string>

#include "compiler/jit/jit_matcher.h"
#include "compiler/jit/jit_program.h"
#include "gtest/gtest.h"
#include "tests/compiler/testing/backend.h"

namespace peregrine::compiler::testing {

class JitBackend : public TestBackend {
 public:
  JitBackend(const ir::Program& program, int opt_level) {
    jit::JitOptions options;
    options.opt_level = opt_level;
    auto compiled = jit::JitProgram::Compile(program, options);
    EXPECT_TRUE(compiled.ok()) << compiled.status();
    if (!compiled.ok()) return;
    program_ = std::move(*compiled);
    matcher_ = std::make_unique<jit::JitMatcher>(*program_);
  }
  void Match(uint16_t code, ir::FieldReader& reader, interp::RuleMatching matching,
             std::vector<uint32_t>* matches) override {
    if (matcher_ != nullptr) matcher_->Match(code, reader, matching, matches);
  }

 private:
  std::unique_ptr<jit::JitProgram> program_;
  std::unique_ptr<jit::JitMatcher> matcher_;
};

inline BackendFactory JitBackendFactory(int opt_level) {
  return {"JitO" + std::to_string(opt_level),
          [opt_level](const ir::Program& p) { return std::make_unique<JitBackend>(p, opt_level); }};
}

}  // namespace peregrine::compiler::testing

#endif  // PEREGRINE_TESTS_COMPILER_JIT_JIT_BACKEND_H_
