#!/usr/bin/env bash
# File-system costs on three kinds of storage, Runikraft next to the Linux
# VM (scripts/linux-vm.sh): bench/files.c, built once for each, boots under
# the same qemu machine with -icount shift=0 and works in
#   - the in-memory root: Runikraft's tmpfs, Linux's initramfs rootfs;
#   - a 9p share of a fresh, empty host folder (virtio-9p; Linux mounts it
#     with its defaults, msize 128 KiB and cache=none);
#   - an ext2 disk: a fresh copy, for every boot, of one empty 64 MiB image
#     that `runikraft mkfs` made (virtio-blk; qemu's default writeback cache
#     on the host file, flushed by the guest's fsync).
# Both systems get the same qemu devices (bench-lib's storage_arguments).
#
#   scripts/bench-files.sh RUNIKRAFT_IMAGE LINUX_PROGRAM
#
# What the rows measure is in bench/files.c's header: the write row ends
# with fsync and the read row starts after POSIX_FADV_DONTNEED, so both
# reach the device on either system.
#
# Time under icount: the guest clock advances one nanosecond per
# instruction while the vCPU runs, so the in-memory rows are deterministic
# (guest instructions; one boot of each suffices). A device request is
# served by qemu's threads (the 9p server, the block layer) in real time,
# in parallel with the guest: what completes before the guest runs out of
# work costs it nothing, and while the vCPU idles in wfi waiting for the
# rest, qemu's default -icount sleep=on advances the guest clock by the
# real time that passes (host I/O, and the wake-ups of qemu's threads on a
# busy host). So the share and disk rows are guest nanoseconds that mix
# instructions with host time, and vary from boot to boot with the host's
# load: they show the fastest of BENCH_RUNS boots (default 5), the one the
# host disturbed least, for each system.
# Each boot is killed after BENCH_TIMEOUT seconds (default 300).
set -euo pipefail

rk_image=$1 linux_program=$2
root=$(cd "$(dirname "$0")/.." && pwd)
# shellcheck source=scripts/bench-lib.sh
source "$root/scripts/bench-lib.sh"
timeout_seconds=${BENCH_TIMEOUT:-300}
device_runs=${BENCH_RUNS:-5}

# Measures in the order the program prints them: label, unit (throughput,
# larger is better, or instructions, smaller is better).
measures=(seq-write seq-read rand-write rand-read create stat unlink)
declare -A label=(
  [seq-write]="sequential write, 64 KiB writes + fsync" [seq-read]="sequential read, 64 KiB reads"
  [rand-write]="random 4 KiB pwrite" [rand-read]="random 4 KiB pread"
  [create]="small file create (open+write 100 B+close)" [stat]="stat" [unlink]="unlink"
)
declare -A unit=(
  [seq-write]="MiB/s" [seq-read]="MiB/s" [rand-write]=instr [rand-read]=instr
  [create]=instr [stat]=instr [unlink]=instr
)
storages=(memory share disk)
declare -A title=(
  [memory]="in-memory root (Runikraft tmpfs, Linux initramfs rootfs)"
  [share]="9p share of a fresh host folder"
  [disk]="ext2 disk, a fresh copy of a 64 MiB runikraft mkfs image"
)
# Where the program works in the guest (the default: its own directory on the root).
declare -A guest=([memory]="" [share]=/share [disk]=/disk)

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# boot SYSTEM STORAGE: one run of the program, on fresh storage.
boot() {
  local system=$1 storage=$2 place=${guest[$2]} linux_options=()
  STORAGE=()
  case $storage in
    share)
      rm -rf "$work/share" && mkdir "$work/share"
      storage_arguments share 0 "$work/share"
      linux_options=(--share "$work/share:$place") ;;
    disk)
      cp "$work/empty.img" "$work/disk.img"
      storage_arguments disk 0 "$work/disk.img"
      linux_options=(--disk "$work/disk.img:$place") ;;
  esac
  if [ "$system" = runikraft ]; then
    local options=
    [ "$storage" = memory ] || options="rk.$storage=${storage}0:$place"
    program_output "$rk_image" "files${place:+ $place}" "$timeout_seconds" "$options" "${STORAGE[@]}"
  else
    "$root/scripts/linux-vm.sh" run --icount --timeout "$timeout_seconds" "${linux_options[@]}" \
      "$linux_program" ${place:+"$place"}
  fi
}

# boots STORAGE: Runikraft and Linux in turn, once each on the in-memory
# root or device_runs times each on a device (alternating, so a busy spell
# of the host hits both); the outputs in $work/SYSTEM-STORAGE.N.out, their
# statuses next to them.
boots() {
  local runs=1 i system status
  [ "$1" = memory ] || runs=$device_runs
  for ((i = 1; i <= runs; i++)); do
    for system in runikraft linux; do
      status=0
      boot "$system" "$1" >"$work/$system-$1.$i.out" 2>&1 || status=$?
      echo "$status" >"$work/$system-$1.$i.status"
    done
  done
}

is_number() { [[ $1 =~ ^[0-9]+(\.[0-9]+)?$ ]]; }

# measure SYSTEM STORAGE NAME UNIT: the best figure of the boots (the
# largest throughput, the smallest cost), or "n/a (failed: ...)" with the
# program's own reason, else a timeout, else the first line of output that
# is not a figure, else the exit status.
measure() {
  local name=$3 output value best= why=
  for output in "$work/$1-$2".*.out; do
    value=$(sed -n "s/^bench: $name //p" "$output" | head -n 1)
    if is_number "$value"; then
      if [ -z "$best" ] || awk -v v="$value" -v b="$best" -v u="$4" \
        'BEGIN { exit !(u == "instr" ? v < b : v > b) }'; then
        best=$value
      fi
    elif [ -z "$why" ]; then
      local status
      status=$(cat "${output%.out}.status")
      case $value in
        failed:*) why=${value#failed: } ;;
        *)
          if [ "$status" = 124 ]; then
            why="timed out after $timeout_seconds s"
          else
            why=$(grep -v '^bench: ' "$output" | grep -m 1 . || echo "exit status $status")
          fi ;;
      esac
    fi
  done
  if [ -n "$best" ]; then echo "$best"; else echo "n/a (failed: $why)"; fi
}

# Runikraft's advantage: Linux/Runikraft for instructions, Runikraft/Linux
# for throughput.
advantage() {
  if is_number "$2" && is_number "$3"; then
    awk -v u="$1" -v rk="$2" -v linux="$3" 'BEGIN {
      a = u == "instr" ? linux / rk : rk / linux
      printf "%.2fx", a
    }'
  else
    echo "-"
  fi
}

# The first use builds the Linux VM (minutes); do it in view, and stop here
# if it cannot be built.
"$root/scripts/linux-vm.sh" kernel >/dev/null
mkdir "$work/empty"
"$root/wrappers/runikraft" mkfs "$work/empty.img" "$work/empty" --size 64M >/dev/null 2>&1

for storage in "${storages[@]}"; do boots "$storage"; done

for storage in "${storages[@]}"; do
  runs=
  [ "$storage" = memory ] || runs=", fastest of $device_runs boots"
  echo "bench-files: ${title[$storage]} (qemu -icount shift=0, one hart$runs)"
  {
    printf 'measure\tunit\tRunikraft\tLinux\tRunikraft advantage'
    # On a device, time includes waiting for the host; the CPU columns
    # are the part the program's thread ran (guest ns per call).
    [ "$storage" = memory ] || printf '\tCPU/call Runikraft\tCPU/call Linux'
    printf '\n'
    for name in "${measures[@]}"; do
      rk=$(measure runikraft "$storage" "$name" "${unit[$name]}")
      linux=$(measure linux "$storage" "$name" "${unit[$name]}")
      shown=${unit[$name]}
      [ "$storage" = memory ] || [ "$shown" != instr ] || shown="guest ns"
      printf '%s\t%s\t%s\t%s\t%s' "${label[$name]}" "$shown" "$rk" "$linux" \
        "$(advantage "${unit[$name]}" "$rk" "$linux")"
      if [ "$storage" != memory ]; then
        printf '\t%s\t%s' "$(measure runikraft "$storage" "$name-cpu" instr)" \
          "$(measure linux "$storage" "$name-cpu" instr)"
      fi
      printf '\n'
    done
  } | column -t -s $'\t' | sed 's/^/  /'
done
