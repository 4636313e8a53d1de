#!/usr/bin/env bash
# Cost of memory protection on bulk anonymous memory: bench/memory.c maps,
# touches and unmaps 256 MiB in 4 MiB mappings, booted under qemu -icount
# shift=0 (deterministic guest instruction counts) twice — with paging (the
# default) and with the kernel option rk.paging=off — and the two figures
# and their ratio are printed.
#
#   scripts/bench-memory.sh IMAGE
set -euo pipefail
image=$1
timeout_seconds=${BENCH_TIMEOUT:-120}
# shellcheck source=scripts/bench-lib.sh
source "$(dirname "$0")/bench-lib.sh"

# run OPTIONS: the program's "bench: memory N" figure, or the failure.
run() {
  local output
  output=$(guest_run "$image" 512M "$timeout_seconds" "$1 -- memory" || true)
  sed -n 's/^bench: memory \([0-9.]*\)$/\1/p' <<<"$output" | grep . ||
    { echo "bench-memory: no figure with '$1':" >&2; tail -5 <<<"$output" >&2; exit 1; }
}

on=$(run "")
off=$(run "rk.paging=off")
printf 'bench-memory: 256 MiB mapped, touched and unmapped in 4 MiB mappings, 3 rounds\n'
printf '  guest instructions per 4 KiB page\n'
printf '  paging on  (default)        %8s\n' "$on"
printf '  paging off (rk.paging=off)  %8s\n' "$off"
printf '  on / off                    %8s\n' "$(awk -v a="$on" -v b="$off" 'BEGIN { printf "%.3f", a / b }')"
