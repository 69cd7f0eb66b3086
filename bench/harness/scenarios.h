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

// The scenarios below take --json, --results PATH and --no-results (scenario_report.h).
// `peregrine-bench compile`: compile time per stage, upstream rules and rules/, and scaling.
int RunCompile(int argc, char** argv);
// `peregrine-bench eval-capture`: interpreter vs JIT ns/event on a recorded capture.
int RunEvalCapture(int argc, char** argv);
// `peregrine-bench throughput`: highest zero-drop event rate of the live daemon (root).
int RunThroughput(int argc, char** argv);
// `peregrine-bench prefilter`: share of events resolved in the kernel, approvers on vs off
// (root).
int RunPrefilter(int argc, char** argv);
// `peregrine-bench reload`: hot-reload latency and events lost (root).
int RunReload(int argc, char** argv);
// `peregrine-bench all`: the standard set, one table, one results file.
int RunAll(int argc, char** argv);

}  // namespace peregrine::bench

#endif  // PEREGRINE_BENCH_HARNESS_SCENARIOS_H_
