#!/usr/bin/env bash
# ASLR across boots: tests/kernel/aslr_addresses.c boots BOOTS times (20 by
# default); qemu puts fresh host entropy into the device tree's rng-seed on
# every boot, so the image's virtual base (text, data, GOT: one offset, 16
# bits) and the kernel's CSPRNG — and with it the heap, brk, mmap and stack
# placement and musl's stack canary — differ each time. Checks that each
# value takes at least MIN_DISTINCT different values (16 of 20: the
# smallest range, brk's, has 11 bits, so a few collisions are possible but
# more would mean the randomisation is broken) and prints the spread, then
# that rk.aslr=off keeps the image where it is linked.
#
#   tests/aslr.sh [BOOTS]
set -euo pipefail
# shellcheck source=tests/lib.sh
source "$(dirname "$0")/lib.sh"

boots=${1:-20}
min_distinct=$(( boots * 4 / 5 ))
dir=$BUILD/tests/aslr
mkdir -p "$dir"
if ! build_rk "$ROOT/tests/kernel/aslr_addresses.c" "$dir/aslr_addresses" >"$dir/build.log" 2>&1; then
  fail aslr "build failed" "$dir/build.log"
  summary "aslr"
  exit 1
fi

: >"$dir/values"
for _ in $(seq "$boots"); do
  "$RUN_RK" run "$dir/aslr_addresses" --timeout "$TIMEOUT" --env SHOW_CANARY=1 </dev/null |
    tr '\n' ' ' >>"$dir/values"
  echo >>"$dir/values"
done

PROBLEMS=()
: >"$dir/diff"
printf 'aslr: %d boots\n' "$boots"
printf '  %-7s %8s  %-18s %-18s %s\n' what distinct lowest highest "spread (steps of the alignment seen, bits)"
for what in text data got heap brk mmap stack canary; do
  values=$(sed -n "s/.*\\b$what \\(0x[0-9a-f]*\\).*/\\1/p" "$dir/values")
  count=$(grep -c . <<<"$values" || true)
  distinct=$(sort -u <<<"$values" | grep -c . || true)
  if [ "$count" -ne "$boots" ]; then
    PROBLEMS+=("$what: printed by $count of $boots boots")
    continue
  fi
  if [ "$distinct" -lt "$min_distinct" ]; then
    PROBLEMS+=("$what: only $distinct different values in $boots boots")
  fi
  if [ "$what" = canary ]; then
    printf '  %-7s %8d\n' "$what" "$distinct"
    continue
  fi
  read -r low high < <(printf '%d\n' $values | sort -n | awk 'NR == 1 { l = $1 } { h = $1 } END { print l, h }')
  # The step: the largest power of two dividing every distance from the
  # lowest value (a page for the heap, 2 MiB for the image).
  step=$(( 1 << 40 ))
  for value in $values; do
    while [ $(( (value - low) % step )) -ne 0 ]; do step=$(( step / 2 )); done
  done
  steps=$(( (high - low) / step ))
  printf '  %-7s %8d  %#-18x %#-18x %d steps of %#x bytes, %s bits\n' "$what" "$distinct" "$low" "$high" \
    "$steps" "$step" "$(awk -v p="$steps" 'BEGIN { printf "%.1f", (p > 0) ? log(p) / log(2) : 0 }')"
done

# rk.aslr=off: the image stays where it is linked, at the addresses of its file.
linked=$(llvm-nm "$dir/aslr_addresses" | awk '$3 == "main" { print "0x" $1 }' | sed 's/0x0*/0x/')
unmoved=$("$RUN_RK" run "$dir/aslr_addresses" --timeout "$TIMEOUT" --kernel-option rk.aslr=off </dev/null |
  sed -n 's/.*\btext \(0x[0-9a-f]*\).*/\1/p')
if [ "$unmoved" != "$linked" ]; then
  PROBLEMS+=("with rk.aslr=off main is at ${unmoved:-nothing printed}, not at its link address $linked")
fi
if grep -q 'canary-nonzero 0' "$dir/values"; then PROBLEMS+=("a boot had a zero canary"); fi
judge aslr "$dir/diff" /dev/null
summary "aslr"
