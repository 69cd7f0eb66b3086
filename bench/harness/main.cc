// peregrine-bench: the benchmark harness. One subcommand per scenario (scenarios.h).
#include <cstdio>
#include <cstring>

#include "bench/harness/scenarios.h"

namespace {

struct Scenario {
  const char* name;
  int (*run)(int argc, char** argv);
  const char* usage;
};

constexpr Scenario kScenarios[] = {
    {"eval", peregrine::bench::RunEval,
     "eval --rules PATH... [--events N] [--json]   rule evaluation: interpreter vs JIT"},
    {"probe", peregrine::bench::RunProbe,
     "probe [--json] [--rounds N] [--calls N] [--kernel-split]   probe cost per syscall (root)"},
    {"compile", peregrine::bench::RunCompile,
     "compile [--runs N] [--scale 25,100,500,1000]   compile time per stage and scaling"},
    {"eval-capture", peregrine::bench::RunEvalCapture,
     "eval-capture [--capture FILE] [--rules PATH]...   interpreter vs JIT on a capture"},
    {"throughput", peregrine::bench::RunThroughput,
     "throughput [--mix open=1] [--procs N]   highest zero-drop event rate (root)"},
    {"prefilter", peregrine::bench::RunPrefilter,
     "prefilter [--mix openfail=3,open=1] [--ops N]   events resolved in the kernel (root)"},
    {"reload", peregrine::bench::RunReload,
     "reload [--reloads N] [--interval-ms MS]   hot-reload latency, events lost (root)"},
    {"all", peregrine::bench::RunAll,
     "all [--quick] [--only NAME]... [--gbench-dir DIR] [--results PATH]   the standard set"},
};

void Usage() {
  std::fprintf(stderr, "usage: peregrine-bench SCENARIO [options]\nscenarios:\n");
  for (const Scenario& s : kScenarios) std::fprintf(stderr, "  %s\n", s.usage);
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2 || std::strcmp(argv[1], "--help") == 0 || std::strcmp(argv[1], "-h") == 0) {
    Usage();
    return argc < 2 ? 2 : 0;
  }
  for (const Scenario& s : kScenarios) {
    if (std::strcmp(argv[1], s.name) == 0) return s.run(argc - 2, argv + 2);
  }
  std::fprintf(stderr, "peregrine-bench: unknown scenario '%s'\n", argv[1]);
  Usage();
  return 2;
}
