# shellcheck shell=bash
# What the benchmark scripts share (sourced).

# guest_run IMAGE MEMORY TIMEOUT APPEND [QEMU_ARGUMENT...]: boots IMAGE as
# `runikraft run` would, plus -icount shift=0 (one guest instruction is one
# nanosecond of guest time, so counts are deterministic; the runner has no
# option for it, and a benchmark should not need one), with the kernel
# command line APPEND and any further qemu arguments (storage_arguments).
# Prints the console without carriage returns; returns qemu's status (124
# when TIMEOUT seconds ran out).
guest_run() {
  local image=$1 memory=$2 timeout_seconds=$3 append=$4
  shift 4
  timeout --foreground -k 5 "$timeout_seconds" \
    qemu-system-riscv64 -machine virt -m "$memory" -smp 1 -bios default -kernel "$image" \
      -display none -monitor none -serial stdio -nic none -no-reboot -icount shift=0 \
      "$@" -append "$append" </dev/null | tr -d '\r'
  return "${PIPESTATUS[0]}"
}

# storage_arguments share|disk INDEX PATH: appends to the array STORAGE the
# qemu arguments `runikraft run --share PATH:... / --disk PATH:...` gives
# its INDEXth share or disk (Sources/RunikraftTool/VirtualMachine.swift),
# so that Runikraft and the Linux VM boot with the same devices: a share's
# 9p mount tag is share<INDEX>, a disk's virtio-blk serial disk<INDEX>, and
# qemu's block cache mode its default (writeback, flushed when the guest
# asks).
storage_arguments() {
  local kind=$1 index=$2 path=${3//,/,,}   # qemu doubles commas in a value
  case $kind in
    share)
      STORAGE+=(-fsdev "local,id=share$index,path=$path,security_model=none"
        -device "virtio-9p-device,fsdev=share$index,mount_tag=share$index") ;;
    disk)
      STORAGE+=(-drive "file=$path,if=none,format=raw,id=disk$index"
        -device "virtio-blk-device,drive=disk$index,serial=disk$index") ;;
  esac
}

# after_marker: the program's part of a console read on stdin, which is what
# follows the kernel's start marker (rk.marker), or all of it when the
# marker never came.
after_marker() {
  local marker=$'\x01runikraft\x02' console
  console=$(cat)
  if grep -aq "$marker" <<<"$console"; then
    sed -n "/$marker/,\$p" <<<"$console" | sed "1s/.*$marker//"
  else
    printf '%s\n' "$console"
  fi
}

# program_output IMAGE ARGUMENTS TIMEOUT [OPTIONS [QEMU_ARGUMENT...]]: boots
# IMAGE with the start marker, 128 MiB, the kernel options OPTIONS and the
# program's command line ARGUMENTS (argv[0] first, words as the kernel
# command line takes them), and any further qemu arguments; prints the
# program's output and returns qemu's status.
program_output() {
  local image=$1 arguments=$2 timeout_seconds=$3 options=${4:-} console status=0
  shift $(($# < 4 ? $# : 4))
  console=$(guest_run "$image" 128M "$timeout_seconds" "rk.marker${options:+ $options} -- $arguments" "$@") || status=$?
  after_marker <<<"$console"
  return "$status"
}
