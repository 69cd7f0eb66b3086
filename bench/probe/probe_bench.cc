// probe_bench: the probe cost measurements of bench/probe/probe_measure.h as a stand-alone
// program (the same figures as `peregrine-bench probe`).
//
// Usage: probe_bench [--json] [--rounds N] [--calls N] [--no-context] [--wakeup-every N]
//                    [--ring-bytes N] [--kernel-split]   (needs root)
#include <cstdio>

#include "bench/probe/probe_measure.h"

int main(int argc, char** argv) {
  peregrine::bench::ProbeBenchOptions options;
  if (!peregrine::bench::ParseProbeBenchArgs(argc - 1, argv + 1, "probe_bench", &options)) {
    return 2;
  }
  auto result = peregrine::bench::MeasureProbe(options);
  if (!result.ok()) {
    std::fprintf(stderr, "probe_bench: %s\n", result.status().ToString().c_str());
    return 1;
  }
  peregrine::bench::PrintProbeResult(*result, options, stdout);
  return 0;
}
