// `rulec test`: replays a capture file through rules files and prints the alerts and a summary.
#ifndef PEREGRINE_TOOLS_RULEC_TEST_COMMAND_H_
#define PEREGRINE_TOOLS_RULEC_TEST_COMMAND_H_

#include <string>
#include <vector>

namespace peregrine::rulec {

// rulec test --capture FILE [-o key=value]... PATH...
// Alerts go to stdout (JSON lines with -o json_output=true), then the summary by rule; rule
// diagnostics and errors go to stderr. Returns 0 when the replay ran to the end, 1 when the
// rules do not load or the capture cannot be read, 2 on bad usage.
int RunTest(const std::vector<std::string>& args);

}  // namespace peregrine::rulec

#endif  // PEREGRINE_TOOLS_RULEC_TEST_COMMAND_H_
