// `peregrine-bench probe`: the probe cost measurements (bench/probe/probe_measure.h), printed as
// a table or one JSON object.
#include <cstdio>

#include "bench/harness/scenarios.h"
#include "bench/probe/probe_measure.h"

namespace peregrine::bench {

int RunProbe(int argc, char** argv) {
  ProbeBenchOptions options;
  if (!ParseProbeBenchArgs(argc, argv, "peregrine-bench probe", &options)) return 2;
  auto result = MeasureProbe(options);
  if (!result.ok()) {
    std::fprintf(stderr, "peregrine-bench probe: %s\n", result.status().ToString().c_str());
    return 1;
  }
  PrintProbeResult(*result, options, stdout);
  return 0;
}

}  // namespace peregrine::bench
