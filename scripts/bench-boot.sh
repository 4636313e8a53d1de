#!/usr/bin/env bash
# Boot benchmark: image size, guest instructions to main() and to exit, and
# host wall time of whole runs next to the floor (qemu + OpenSBI booting an
# empty payload that exits at once), measured alternately in the same run.
#
#   scripts/bench-boot.sh IMAGE FLOOR_IMAGE [RUNS]
#
# Instructions: qemu -icount shift=0 makes one guest instruction one
# nanosecond of guest time; the kernel's rk.timing option reports the
# nanoseconds from its first instruction to the handover to musl, to main()
# and to exit, read off the `time` CSR (10 MHz, so to within 100).
set -euo pipefail

image=$1 floor=$2 runs=${3:-20}
root=$(cd "$(dirname "$0")/.." && pwd)
runner=$root/wrappers/runikraft
# shellcheck source=scripts/bench-lib.sh
source "$root/scripts/bench-lib.sh"

median() { sort -n | awk '{ v[NR] = $1 } END { printf "%d\n", (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
milliseconds() { awk -v ns="$1" 'BEGIN { printf "%.1f", ns / 1e6 }'; }

# Size of the image as it would ship: stripped of symbols.
stripped=$(mktemp)
trap 'rm -f "$stripped"' EXIT
llvm-strip -o "$stripped" "$image"
read -r text data bss _ < <(llvm-size "$image" | awk 'NR == 2')

# Guest instructions, deterministic under -icount. The timing line reads
# "ns since kernel entry: libc N, main N, exit N"; a second boot with
# rk.aslr=off gives the cost of moving the image to a random base, a third
# with rk.paging=off (no page tables, the image in place) that of building
# the page tables.
guest_timing() {
    guest_run "$image" 128M 60 "rk.timing $1 -- $(basename "$image")" | grep 'runikraft: timing: ' || true
}
field() { sed -n "s/.*[:,] $1 \([0-9]*\).*/\1/p" | head -1; }
timing=$(guest_timing '')
unmoved=$(guest_timing rk.aslr=off)
unpaged=$(guest_timing rk.paging=off)
[ -n "$timing" ] && [ -n "$unmoved" ] && [ -n "$unpaged" ] ||
    { echo "bench-boot: $image printed no timing line" >&2; exit 1; }
to_libc=$(field libc <<<"$timing")
to_main=$(field main <<<"$timing")
to_exit=$(field exit <<<"$timing")
unmoved_libc=$(field libc <<<"$unmoved")
unpaged_libc=$(field libc <<<"$unpaged")

# Wall time of whole `runikraft run` invocations, program and floor alternating.
program_times=() floor_times=()
for _ in $(seq "$runs"); do
    for which in program floor; do
        target=$image; [ $which = floor ] && target=$floor
        start=$(date +%s%N)
        "$runner" run "$target" </dev/null >/dev/null || true
        elapsed=$(( $(date +%s%N) - start ))
        if [ $which = program ]; then program_times+=("$elapsed"); else floor_times+=("$elapsed"); fi
    done
done
program_wall=$(printf '%s\n' "${program_times[@]}" | median)
floor_wall=$(printf '%s\n' "${floor_times[@]}" | median)

printf 'bench-boot: %s\n' "$image"
printf '  image size, stripped           %8d bytes (text %d, data %d, bss %d)\n' \
    "$(stat -c %s "$stripped")" "$text" "$data" "$bss"
printf '  guest instructions to libc     %8d  (kernel entry -> __libc_start_main)\n' "$to_libc"
printf '    of which image relocation    %8d  (to libc with rk.aslr=off: %d)\n' \
    $((to_libc - unmoved_libc)) "$unmoved_libc"
printf '    of which page tables         %8d  (to libc with rk.paging=off: %d)\n' \
    $((unmoved_libc - unpaged_libc)) "$unpaged_libc"
printf '  guest instructions to main()   %8d\n' "$to_main"
printf '  guest instructions to exit     %8d\n' "$to_exit"
printf '  wall time per run (median/%d)  %8s ms  runikraft run, whole program\n' "$runs" "$(milliseconds "$program_wall")"
printf '  floor (empty payload)          %8s ms  same qemu + OpenSBI, exits at once\n' "$(milliseconds "$floor_wall")"
printf '  added by kernel + program      %8s ms  (%s x the floor)\n' \
    "$(milliseconds $((program_wall - floor_wall)))" "$(awk -v a="$program_wall" -v b="$floor_wall" 'BEGIN { printf "%.2f", a / b }')"
