// `rulec bundle`: writes a rules bundle (a .tar.gz of rules files plus manifest.json with the
// version and the sha256 of each file) for `peregrine --bundle`.
#ifndef PEREGRINE_TOOLS_RULEC_BUNDLE_COMMAND_H_
#define PEREGRINE_TOOLS_RULEC_BUNDLE_COMMAND_H_

#include <string>
#include <vector>

namespace peregrine::rulec {

// rulec bundle -o OUT.tar.gz --version V [--no-check] PATH...
// PATHs are rules files or directories (their *.yaml/*.yml files, sorted), in load order. The
// rules are compiled first (as `rulec lint` would) unless --no-check: a bundle that does not
// compile is not written. Prints the manifest summary on stdout. Returns 0 on success, 1 when
// the rules do not compile or a file cannot be read or written, 2 on bad usage.
int RunBundle(const std::vector<std::string>& args);

}  // namespace peregrine::rulec

#endif  // PEREGRINE_TOOLS_RULEC_BUNDLE_COMMAND_H_
