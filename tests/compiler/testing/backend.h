// The back ends under test behind one interface, so the interpreter and the JIT run the same
// evaluation cases (tests/compiler/testing/evaluation_cases.cc).
#ifndef PEREGRINE_TESTS_COMPILER_TESTING_BACKEND_H_
#define PEREGRINE_TESTS_COMPILER_TESTING_BACKEND_H_

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "compiler/interp/interpreter.h"
#include "compiler/ir/field_reader.h"
#include "compiler/ir/ir.h"

namespace peregrine::compiler::testing {

// Matches events of one program. Owned by one thread; borrows the program.
class TestBackend {
 public:
  virtual ~TestBackend() = default;
  virtual void Match(uint16_t code, ir::FieldReader& reader, interp::RuleMatching matching,
                     std::vector<uint32_t>* matches) = 0;
};

struct BackendFactory {
  std::string name;  // a gtest parameter name: letters, digits, underscores
  std::function<std::unique_ptr<TestBackend>(const ir::Program&)> create;
};

class InterpreterBackend : public TestBackend {
 public:
  explicit InterpreterBackend(const ir::Program& program) : interpreter_(program) {}
  void Match(uint16_t code, ir::FieldReader& reader, interp::RuleMatching matching,
             std::vector<uint32_t>* matches) override {
    interpreter_.Match(code, reader, matching, matches);
  }

 private:
  interp::Interpreter interpreter_;
};

inline BackendFactory InterpreterBackendFactory() {
  return {"Interpreter",
          [](const ir::Program& p) { return std::make_unique<InterpreterBackend>(p); }};
}

}  // namespace peregrine::compiler::testing

#endif  // PEREGRINE_TESTS_COMPILER_TESTING_BACKEND_H_
