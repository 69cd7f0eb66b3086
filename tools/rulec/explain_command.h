// `rulec explain`: shows what each rule compiles to — the resolved condition, its event types,
// the IR the back ends run, what the kernel will filter, and the warnings.
#ifndef PEREGRINE_TOOLS_RULEC_EXPLAIN_COMMAND_H_
#define PEREGRINE_TOOLS_RULEC_EXPLAIN_COMMAND_H_

#include <string>
#include <vector>

namespace peregrine::rulec {

// Exit status: 0 explained, 1 the rules have errors (they are printed), 2 usage.
int RunExplain(const std::vector<std::string>& args);

}  // namespace peregrine::rulec

#endif  // PEREGRINE_TOOLS_RULEC_EXPLAIN_COMMAND_H_
