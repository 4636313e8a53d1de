#!/usr/bin/env bash
# The syscall fuzzer (tests/fuzz/syscalls.c) against the kernel, booted
# with rk.selfcheck so that each run ends with the kernel's check of its
# own invariants. A boot passes when the fuzzer reaches its last call
# ("fuzz: ... done"), the self-check says "selfcheck: ok", the status is 0
# and nothing faulted or hung (TIMEOUT).
#
#   tests/fuzz/run.sh                 the fixed seeds below, CALLS calls each
#   tests/fuzz/run.sh --seconds N     fresh seeds, boot after boot, for N
#                                     seconds; stops at the first failure
#
# Environment: CALLS (calls per fixed seed, default 30000), POINTERS (the
# fuzzer's --bad-pointers: all, reads or none; default all),
# BOOT_SECONDS (guest
# seconds per boot with --seconds, default 30). A failure prints the seed
# and the command that replays it, printing each call from the last
# progress line on.
set -euo pipefail
# shellcheck source=tests/lib.sh
source "$(dirname "$0")/../lib.sh"

SEEDS=(0x1 0x2a 0xfeedface)
CALLS=${CALLS:-30000}
POINTERS=${POINTERS:-all}
BOOT_SECONDS=${BOOT_SECONDS:-30}
OUT=$BUILD/tests/fuzz
IMAGE=$OUT/syscalls
# A bounded root file system: filling memory is the exhaustion tests' part.
KERNEL_OPTIONS=(--kernel-option rk.selfcheck --kernel-option rk.root.size=16M)

# boot LABEL ARGS...: one boot; passes or fails LABEL, and sets SUMMARY to
# the fuzzer's closing line.
boot() {
  local label=$1 console=$OUT/$1.console status=0
  shift
  "$RUN_RK" run "$IMAGE" --timeout "$TIMEOUT" "${KERNEL_OPTIONS[@]}" -- --bad-pointers "$POINTERS" "$@" \
    </dev/null >"$console" 2>"$OUT/$label.err" || status=$?
  SUMMARY=$(grep -ao 'fuzz: [0-9]* calls in .*: done' "$console" || true)
  PROBLEMS=()
  case $status in
    0) ;;
    124) PROBLEMS+=("hung: killed after $TIMEOUT s") ;;
    *) PROBLEMS+=("exit status $status") ;;
  esac
  [ -n "$SUMMARY" ] || PROBLEMS+=("the fuzzer did not finish")
  grep -aq 'runikraft: selfcheck: ok' "$console" || PROBLEMS+=("the self-check did not pass")
  if grep -aq 'runikraft: crash' "$console"; then PROBLEMS+=("the kernel faulted"); fi
  if [ ${#PROBLEMS[@]} -gt 0 ]; then
    local seed progress
    seed=$(grep -ao 'fuzz: seed 0x[0-9a-f]*' "$console" | head -1 | sed 's/.* //' || true)
    progress=$(grep -ao 'fuzz: [0-9]* calls$' "$console" | tail -1 | sed 's/fuzz: \([0-9]*\).*/\1/' || true)
    grep -ao 'runikraft: \(crash\|selfcheck\|  #0\).*' "$console" | cut -c1-400 >"$OUT/$label.findings" || true
    local arguments="$*"
    [[ $arguments == *--seed* ]] || arguments="--seed ${seed:-?} $arguments"
    # A time limit would stop earlier once each call is printed: replay a
    # count instead, past the last progress line.
    if [[ $arguments == *--seconds* ]]; then
      arguments="${arguments%--seconds*}--calls $((${progress:-0} + 200000))"
    fi
    echo "replay: $RUN_RK run $IMAGE ${KERNEL_OPTIONS[*]} -- --bad-pointers $POINTERS $arguments --replay ${progress:-0}" \
      >>"$OUT/$label.findings"
  fi
  judge "$label" "$OUT/$label.findings"
}

mkdir -p "$OUT"
if ! build_rk "$ROOT/tests/fuzz/syscalls.c" "$IMAGE" >"$OUT/build.log" 2>&1; then
  fail fuzz "build failed" "$OUT/build.log"
  summary "fuzz"
  exit 1
fi

if [ "${1:-}" = --seconds ]; then
  # Long runs: fresh seeds (from the guest's entropy) until time is up.
  total_seconds=${2:?--seconds N}
  TIMEOUT=$((BOOT_SECONDS * 4 + 60))
  end=$(($(date +%s) + total_seconds))
  calls=0 boots=0 wall_start=$(date +%s%N)
  while [ "$(date +%s)" -lt "$end" ]; do
    boots=$((boots + 1))
    boot "boot-$boots" --seconds "$BOOT_SECONDS"
    echo "  $SUMMARY"
    if [ "$failed" -gt 0 ]; then break; fi
    calls=$((calls + $(sed 's/fuzz: \([0-9]*\).*/\1/' <<<"$SUMMARY")))
  done
  wall_ms=$((($(date +%s%N) - wall_start) / 1000000))
  echo "fuzz-syscalls: $calls calls in $boots boots without a kernel fault, $((calls * 1000 / (wall_ms > 0 ? wall_ms : 1))) calls/s wall (boots included)"
else
  for seed in "${SEEDS[@]}"; do
    boot "seed-$seed" --seed "$seed" --calls "$CALLS"
    echo "  $SUMMARY"
  done
fi
summary "fuzz"
