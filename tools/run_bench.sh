#!/usr/bin/env bash
# Runs the standard benchmark set on a Release build and prints the results.
set -euo pipefail
build_dir=$1
mapfile -t benches < <(find "$build_dir/bench" -type f -name '*_bench' -perm -u+x | sort)
for b in "${benches[@]}"; do
  echo "== $(basename "$b")"
  "$b" --benchmark_repetitions=5 --benchmark_report_aggregates_only=true
done
