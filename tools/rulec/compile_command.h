// `rulec compile`: compiles rules files to native code and reports the time of every stage.
#ifndef PEREGRINE_TOOLS_RULEC_COMPILE_COMMAND_H_
#define PEREGRINE_TOOLS_RULEC_COMPILE_COMMAND_H_

#include <string>
#include <vector>

namespace peregrine::rulec {

// Exit status: 0 compiled, 1 the rules have errors or the JIT failed (printed), 2 usage.
int RunCompile(const std::vector<std::string>& args);

}  // namespace peregrine::rulec

#endif  // PEREGRINE_TOOLS_RULEC_COMPILE_COMMAND_H_
