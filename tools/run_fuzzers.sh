#!/usr/bin/env bash
# Runs every libFuzzer target found in a fuzz build tree for a bounded time each.
# A crash, leak or timeout fails the run. Seeds come from tests/fuzz/corpus/<target>/ when present.
set -euo pipefail
build_dir=$(cd "$1" && pwd)
seconds=${2:-60}
root=$(cd "$(dirname "$0")/.." && pwd)

mapfile -t fuzzers < <(find "$build_dir" -type f -name '*_fuzzer' -perm -u+x | sort)
if ((${#fuzzers[@]} == 0)); then
  echo "fuzz: no fuzz targets built"
  exit 0
fi

passed=0
for fuzzer in "${fuzzers[@]}"; do
  name=$(basename "$fuzzer")
  work=$(mktemp -d)
  seeds=()
  [[ -d "$root/tests/fuzz/corpus/$name" ]] && seeds=("$root/tests/fuzz/corpus/$name")
  echo "fuzz: $name for ${seconds}s"
  if ! (cd "$work" && "$fuzzer" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
          -print_final_stats=0 "$work" "${seeds[@]}" >"$work/log" 2>&1); then
    echo "fuzz: $name FAILED"; tail -40 "$work/log"; exit 1
  fi
  grep -E '^#[0-9]+.*DONE' "$work/log" | tail -1 || true
  rm -rf "$work"
  passed=$((passed + 1))
done
echo "fuzz: ${passed} passed, 0 failed"
