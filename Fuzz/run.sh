#!/usr/bin/env bash
# Runs the host fuzzers (mk/fuzz.mk builds them into BUILD_DIR).
#   Fuzz/run.sh fuzz SECONDS BUILD_DIR NAME...   each harness for SECONDS,
#       growing BUILD_DIR/corpus/NAME from the seeds; prints executions per
#       parser and what was found (inputs in BUILD_DIR/findings/NAME/)
#   Fuzz/run.sh check 0 BUILD_DIR NAME...        each harness over every seed
#       and Fuzz/regressions/NAME input, then 3 seconds of mutations from a
#       fixed seed; fails on any finding
# A finding is a trap (overflow, bounds, force-unwrap), an AddressSanitizer
# report, a leak, or an input that runs longer than 10 seconds.
set -uo pipefail
mode=$1 seconds=$2 build=$3
shift 3
here=$(cd "$(dirname "$0")" && pwd)
# Swift's own crash backtracer would race AddressSanitizer's report.
export SWIFT_BACKTRACE=enable=no
options=(-timeout=10 -rss_limit_mb=2048 -print_final_stats=1)
status=0 total=0

# The first error line of a fuzzer's log: what it found.
finding() { grep -m1 -E 'Fatal error|ERROR: (AddressSanitizer|LeakSanitizer|libFuzzer)|SUMMARY: libFuzzer' "$1"; }

[ "$mode" = fuzz ] && printf '%-18s %8s %12s %10s %8s  %s\n' parser seconds executions exec/s corpus found
for name in "$@"; do
  fuzzer=$build/${name}Fuzzer seeds=$build/seeds/$name regressions=$here/regressions/$name
  log=$build/logs/$name-$mode.log findings=$build/findings/$name
  mkdir -p "$build/logs" "$findings"
  inputs=("$seeds")
  [ -d "$regressions" ] && inputs+=("$regressions")
  if [ "$mode" = fuzz ]; then
    corpus=$build/corpus/$name
    mkdir -p "$corpus"
    start=$(date +%s.%N)
    "$fuzzer" "${options[@]}" -max_total_time="$seconds" -artifact_prefix="$findings/" \
      "$corpus" "${inputs[@]}" >"$log" 2>&1
    result=$?
    elapsed=$(awk -v start="$start" -v end="$(date +%s.%N)" 'BEGIN { print end - start }')
    runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
    runs=${runs:-0}
    total=$((total + runs))
    found=none
    if [ $result -ne 0 ]; then
      found="$(finding "$log") -> $(sed -n 's/.*Test unit written to //p' "$log" | head -1)"
      status=1
    fi
    printf '%-18s %8.1f %12d %10.0f %8d  %s\n' "$name" "$elapsed" "$runs" "$(awk -v runs="$runs" -v elapsed="$elapsed" 'BEGIN { print runs / elapsed }')" \
      "$(ls "$corpus" | wc -l)" "$found"
  else
    # Each seed and regression input once, then a short seeded batch.
    files=()
    for dir in "${inputs[@]}"; do for file in "$dir"/*; do [ -f "$file" ] && files+=("$file"); done; done
    scratch=$(mktemp -d)
    if "$fuzzer" "${options[@]}" "${files[@]}" >"$log" 2>&1 &&
       "$fuzzer" "${options[@]}" -seed=1 -max_total_time=3 -artifact_prefix="$findings/" \
         "$scratch" "${inputs[@]}" >>"$log" 2>&1; then
      runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
      echo "ok   fuzz-host $name (${#files[@]} inputs, ${runs:-0} mutations)"
    else
      echo "FAIL fuzz-host $name: $(finding "$log") (log: $log)"
      status=1
    fi
    rm -rf "$scratch"
  fi
done
[ "$mode" = fuzz ] && echo "total executions: $total"
exit $status
