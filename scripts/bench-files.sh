#!/usr/bin/env bash
# File-system costs on Runikraft's tmpfs root next to the Linux VM's
# in-memory root: bench/files.c, built once for each, boots under the same
# qemu machine with -icount shift=0 (see the program's header). Linux is
# the minimal kernel of scripts/linux-vm.sh.
#
#   scripts/bench-files.sh RUNIKRAFT_IMAGE LINUX_PROGRAM
#
# Under -icount the counts are deterministic, so one run of each suffices.
# Each run is killed after BENCH_TIMEOUT seconds (default 300).
set -euo pipefail

rk_image=$1 linux_program=$2
root=$(cd "$(dirname "$0")/.." && pwd)
# shellcheck source=scripts/bench-lib.sh
source "$root/scripts/bench-lib.sh"
timeout_seconds=${BENCH_TIMEOUT:-300}

# Measures in the order the program prints them: label, unit, and whether
# a larger value is better (throughput) or a smaller one (cost).
measures=(seq-write seq-read rand-write rand-read create stat unlink)
declare -A label=(
  [seq-write]="sequential write, 64 KiB writes" [seq-read]="sequential read, 64 KiB reads"
  [rand-write]="random 4 KiB pwrite" [rand-read]="random 4 KiB pread"
  [create]="small file create (open+write 100 B+close)" [stat]="stat" [unlink]="unlink"
)
declare -A unit=(
  [seq-write]="MiB/s" [seq-read]="MiB/s" [rand-write]=instr [rand-read]=instr
  [create]=instr [stat]=instr [unlink]=instr
)

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

run_runikraft() { program_output "$rk_image" files "$timeout_seconds"; }

run_linux() {
  "$root/scripts/linux-vm.sh" run --icount --timeout "$timeout_seconds" "$linux_program"
}

value() { sed -n "s/^bench: $2 //p" "$work/$1.out" | head -n 1; }
is_number() { [[ $1 =~ ^[0-9]+(\.[0-9]+)?$ ]]; }

"$root/scripts/linux-vm.sh" kernel >/dev/null
run_runikraft >"$work/runikraft.out" 2>&1 || true
run_linux >"$work/linux.out" 2>&1 || true

echo "bench-files: in-memory root file system (qemu -icount shift=0, one hart)"
{
  printf 'measure\tunit\tRunikraft\tLinux\tRunikraft advantage\n'
  for name in "${measures[@]}"; do
    rk=$(value runikraft "$name") linux=$(value linux "$name")
    advantage=-
    if is_number "$rk" && is_number "$linux"; then
      if [ "${unit[$name]}" = instr ]; then
        advantage=$(awk -v a="$linux" -v b="$rk" 'BEGIN { printf "%.2fx", a / b }')
      else
        advantage=$(awk -v a="$rk" -v b="$linux" 'BEGIN { printf "%.2fx", a / b }')
      fi
    fi
    printf '%s\t%s\t%s\t%s\t%s\n' "${label[$name]}" "${unit[$name]}" "${rk:-n/a}" "${linux:-n/a}" "$advantage"
  done
} | column -t -s $'\t' | sed 's/^/  /'
