# shellcheck shell=bash
# What the benchmark scripts share (sourced).

# guest_run IMAGE MEMORY TIMEOUT APPEND: boots IMAGE as `runikraft run`
# would, plus -icount shift=0 (one guest instruction is one nanosecond of
# guest time, so counts are deterministic; the runner has no option for it,
# and a benchmark should not need one), with the kernel command line
# APPEND. Prints the console without carriage returns; returns qemu's
# status (124 when TIMEOUT seconds ran out).
guest_run() {
  local image=$1 memory=$2 timeout_seconds=$3 append=$4
  timeout --foreground -k 5 "$timeout_seconds" \
    qemu-system-riscv64 -machine virt -m "$memory" -smp 1 -bios default -kernel "$image" \
      -display none -monitor none -serial stdio -nic none -no-reboot -icount shift=0 \
      -append "$append" </dev/null | tr -d '\r'
  return "${PIPESTATUS[0]}"
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

# program_output IMAGE NAME TIMEOUT: boots IMAGE as the program NAME with the
# start marker and 128 MiB; prints the program's output and returns qemu's
# status.
program_output() {
  local console status=0
  console=$(guest_run "$1" 128M "$3" "rk.marker -- $2") || status=$?
  after_marker <<<"$console"
  return "$status"
}
