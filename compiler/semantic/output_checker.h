// Validation of rule output templates (falco-rule-language.md §6.1) at compile time, so that a
// bad `output` fails the load with LOAD_ERR_COMPILE_OUTPUT like Falco.
#ifndef PEREGRINE_COMPILER_SEMANTIC_OUTPUT_CHECKER_H_
#define PEREGRINE_COMPILER_SEMANTIC_OUTPUT_CHECKER_H_

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace peregrine::compiler::semantic {

struct OutputProblem {
  std::string message;
  size_t offset = 0;  // byte offset in the output text
};

struct OutputCheck {
  std::optional<OutputProblem> error;
  std::vector<OutputProblem> deprecations;  // %container.info, deprecated fields
  std::vector<std::string> fields;          // field tokens as written, in order
};

// Checks every `%` token: `%field`, `%field[arg]`, `%Nfield`, `%transformer(field)`. A `%` must
// start a valid token (there is no escape), the longest prefix naming a field wins.
OutputCheck CheckOutputTemplate(std::string_view output);

}  // namespace peregrine::compiler::semantic

#endif  // PEREGRINE_COMPILER_SEMANTIC_OUTPUT_CHECKER_H_
