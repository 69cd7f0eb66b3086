#!/usr/bin/env bash
# Runs the standard benchmark set on a Release build and prints one table: the Google Benchmark
# micro-benchmarks (medians of 3 repetitions) and every peregrine-bench scenario (`all`).
# Results, with the machine's facts, go to bench-results/<UTC timestamp>.json, or to $RESULTS.
# The live scenarios (probe, throughput, prefilter, reload) need root.
#   tools/run_bench.sh [BUILD_DIR]        RESULTS=out.json tools/run_bench.sh build
set -euo pipefail
build_dir=${1:-build}
results=${RESULTS:-bench-results/$(date -u +%Y%m%d-%H%M%S).json}
harness="$build_dir/bench/harness/peregrine-bench"
if [[ ! -x "$harness" ]]; then
  echo "run_bench.sh: $harness is missing (build with -DPEREGRINE_BUILD_BENCH=ON)" >&2
  exit 1
fi
gbench_dir=$(mktemp -d)
trap 'rm -rf "$gbench_dir"' EXIT

# Every Google Benchmark executable (*_bench) of the build; probe_bench and live_bench are not
# Google Benchmarks (their measurements are the probe and throughput scenarios below).
mapfile -t benches < <(find "$build_dir/bench" -type f -name '*_bench' -perm -u+x | sort)
for exe in "${benches[@]}"; do
  name=$(basename "$exe")
  [[ "$name" == probe_bench || "$name" == live_bench ]] && continue
  # The standard set leaves out jit_eval_bench's 500- and 1000-rule cases (O2 compiles of
  # minutes on a small machine); `peregrine-bench compile` covers that scaling. Run the binary
  # by hand for them.
  filter=.
  [[ "$name" == jit_eval_bench ]] && filter='-/(500|1000)'
  echo "run_bench.sh: $name ..." >&2
  if ! "$exe" --benchmark_filter="$filter" --benchmark_repetitions=3 --benchmark_report_aggregates_only=true \
      --benchmark_min_time=0.2 \
      --benchmark_out="$gbench_dir/$name.json" --benchmark_out_format=json \
      >"$gbench_dir/$name.out" 2>"$gbench_dir/$name.err"; then
    echo "run_bench.sh: $name FAILED:" >&2
    cat "$gbench_dir/$name.err" >&2
  fi
done

"$harness" all --gbench-dir "$gbench_dir" --results "$results"
