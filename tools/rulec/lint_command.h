// `rulec lint`: loads and checks rules files like Falco does, and reports errors and warnings.
#ifndef PEREGRINE_TOOLS_RULEC_LINT_COMMAND_H_
#define PEREGRINE_TOOLS_RULEC_LINT_COMMAND_H_

#include <string>
#include <vector>

namespace peregrine::rulec {

// Exit status: 0 valid (warnings allowed), 1 errors, 2 usage.
int RunLint(const std::vector<std::string>& args);

}  // namespace peregrine::rulec

#endif  // PEREGRINE_TOOLS_RULEC_LINT_COMMAND_H_
