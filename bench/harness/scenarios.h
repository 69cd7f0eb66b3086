// The scenarios of peregrine-bench, one file each; main.cc dispatches on the subcommand.
#ifndef PEREGRINE_BENCH_HARNESS_SCENARIOS_H_
#define PEREGRINE_BENCH_HARNESS_SCENARIOS_H_

namespace peregrine::bench {

// `peregrine-bench eval --rules PATH... [--events N] [--json]`: interpreter vs JIT ns/event on
// the synthetic mix, their ratio and the compile times. `args` excludes the subcommand.
int RunEval(int argc, char** argv);

// `peregrine-bench probe [--json] [--rounds N] [--calls N] [--kernel-split] …`: ns per syscall
// bare, with an empty program, with the probe uninteresting and emitting; ring drain rate
// (bench/probe/probe_measure.h). Needs root.
int RunProbe(int argc, char** argv);

}  // namespace peregrine::bench

#endif  // PEREGRINE_BENCH_HARNESS_SCENARIOS_H_
