#!/usr/bin/env bash
# Thread and system call costs on Runikraft next to Linux: bench/threads.c,
# built once for each, boots under the same qemu machine with -icount
# shift=0 and prints guest instructions per operation (see the program's
# header). Linux is the minimal kernel of scripts/linux-vm.sh.
#
#   scripts/bench-threads.sh RUNIKRAFT_IMAGE LINUX_PROGRAM
#
# Under -icount the counts are deterministic, so one run of each suffices.
# A measure a system cannot run shows as "n/a (failed: <first error line>)".
# Each run is killed after BENCH_TIMEOUT seconds (default 120).
set -euo pipefail

rk_image=$1 linux_program=$2
root=$(cd "$(dirname "$0")/.." && pwd)
# shellcheck source=scripts/bench-lib.sh
source "$root/scripts/bench-lib.sh"
timeout_seconds=${BENCH_TIMEOUT:-120}

# Measures in the order the program prints them, with their table labels.
measures=(getpid mutex create-join wake-to-run switch)
declare -A label=(
  [getpid]="getpid round trip"
  [mutex]="mutex lock+unlock, uncontended"
  [create-join]="thread create + join"
  [wake-to-run]="futex wake to run"
  [switch]="context switch (sched_yield)"
)

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

run_runikraft() { program_output "$rk_image" threads "$timeout_seconds"; }

run_linux() {
  "$root/scripts/linux-vm.sh" run --icount --timeout "$timeout_seconds" "$linux_program"
}

# measure SYSTEM NAME: the figure, or "n/a (failed: ...)" with the program's
# own reason, else a timeout, else the first line of output that is not a
# figure (a kernel notice, a crash report), else the exit status.
measure() {
  local output=$work/$1.out status value why
  status=$(cat "$work/$1.status")
  value=$(sed -n "s/^bench: $2 //p" "$output" | head -n 1)
  case $value in
    '') ;;
    failed:*) echo "n/a (${value})"; return ;;
    *) echo "$value"; return ;;
  esac
  if [ "$status" = 124 ]; then
    why="timed out after $timeout_seconds s"
  else
    why=$(grep -v '^bench: ' "$output" | grep -m 1 . || echo "exit status $status")
  fi
  echo "n/a (failed: $why)"
}

# run SYSTEM COMMAND: the program's output in $work/SYSTEM.out, status next to it.
run() {
  local system=$1 status=0
  shift
  "$@" >"$work/$system.out" 2>&1 || status=$?
  echo "$status" >"$work/$system.status"
}

is_number() { [[ $1 =~ ^[0-9]+(\.[0-9]+)?$ ]]; }

# Whole instructions, or one decimal below 100 where a tick's rounding shows.
instructions() {
  if is_number "$1"; then awk -v v="$1" 'BEGIN { printf (v < 100 ? "%.1f" : "%.0f"), v }'; else echo "$1"; fi
}

# How many times fewer instructions Runikraft needs than Linux.
ratio() {
  if is_number "$1" && is_number "$2"; then
    awk -v rk="$1" -v linux="$2" 'BEGIN { if (rk > 0) printf "%.2fx", linux / rk; else print "-" }'
  else
    echo "-"
  fi
}

# The first use builds the Linux VM (minutes); do it in view, and stop here
# if it cannot be built.
"$root/scripts/linux-vm.sh" kernel >/dev/null

run runikraft run_runikraft
run linux run_linux

# The table: columns as wide as their widest cell, since a failure's reason
# can be long.
{
  printf 'measure\tRunikraft\tLinux\tLinux/Runikraft\n'
  for name in "${measures[@]}"; do
    rk=$(measure runikraft "$name")
    linux=$(measure linux "$name")
    printf '%s\t%s\t%s\t%s\n' "${label[$name]}" "$(instructions "$rk")" "$(instructions "$linux")" "$(ratio "$rk" "$linux")"
  done
} >"$work/table"
echo "bench-threads: guest instructions per operation (qemu -icount shift=0, one hart)"
awk -F '\t' '
  { for (i = 1; i <= NF; i++) { cell[NR, i] = $i; if (length($i) > width[i]) width[i] = length($i) } }
  END {
    for (r = 1; r <= NR; r++) {
      line = sprintf("  %-" width[1] "s", cell[r, 1])
      for (i = 2; i <= 4; i++) line = line sprintf("  %" width[i] "s", cell[r, i])
      print line
    }
  }' "$work/table"
