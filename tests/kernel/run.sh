#!/usr/bin/env bash
# In-qemu kernel tests: each tests/kernel/<name>.c is built as a Runikraft
# image and booted; its whole console output, kernel notices included, must
# equal <name>.expected — or, where the output holds addresses (crash
# reports), match <name>.pattern line for line, each line an extended
# regular expression for the whole console line — and its exit status the
# source's
#   // expect-status: N
# line (0 when there is none), booted with the `runikraft run` options of its
#   // run-options: --mem 32M
# line if it has one. A crash test may also name the functions its
# backtrace must begin with, innermost first, which the runner names for the
# reported addresses (llvm-symbolizer):
#   // expect-backtrace: g f main <name>.args, <name>.env and <name>.stdin work
# as for the differential tests (tests/diff/run.sh).
#
#   tests/kernel/run.sh [NAME...]    all tests, or only those named
set -euo pipefail
# shellcheck source=tests/lib.sh
source "$(dirname "$0")/../lib.sh"

KERNEL_DIR=$ROOT/tests/kernel
OUT=$BUILD/tests/kernel

# test_program NAME
test_program() {
  local name=$1 dir=$OUT/$1
  local src=$KERNEL_DIR/$name.c stdin=$KERNEL_DIR/$name.stdin line=''
  if [ ! -f "$src" ]; then
    fail "$name" "no such program: tests/kernel/$name.c"
    return
  fi
  rm -rf "$dir"
  mkdir -p "$dir"
  if ! build_rk "$src" "$dir/$name" >"$dir/build.log" 2>&1; then
    fail "$name" "build failed" "$dir/build.log"
    return
  fi

  [ -f "$stdin" ] || stdin=/dev/null
  if [ -f "$KERNEL_DIR/$name.args" ]; then IFS= read -r line <"$KERNEL_DIR/$name.args" || true; fi
  if ! split_words "$line" 2>"$dir/args.err"; then
    fail "$name" "bad argument line" "$dir/args.err"
    return
  fi
  read_env "$KERNEL_DIR/$name.env"
  local expected_status
  expected_status=$(header_values "$src" expect-status)

  local options
  options=$(header_values "$src" run-options)
  read -r -a RK_OPTIONS <<<"$options"

  local status=0
  run_rk "$dir/$name" "$stdin" "$dir/console" "$dir/rk.err" \
    "${ENV_VARS[@]}" -- "${WORDS[@]}" || status=$?

  PROBLEMS=()
  if [ "$status" != "${expected_status:-0}" ]; then
    PROBLEMS+=("exit status $status, expected ${expected_status:-0}")
  fi
  if [ -f "$KERNEL_DIR/$name.pattern" ]; then
    if ! match_lines "$KERNEL_DIR/$name.pattern" "$dir/console" >"$dir/diff"; then
      PROBLEMS+=("console output does not match the patterns")
    fi
  elif ! diff -u --label expected --label runikraft "$KERNEL_DIR/$name.expected" "$dir/console" >"$dir/diff"; then
    PROBLEMS+=("console output differs")
  fi

  local backtrace
  backtrace=$(header_values "$src" expect-backtrace)
  if [ -n "$backtrace" ]; then
    local found
    found=$(symbolized_backtrace "$dir/$name" "$dir/console")
    if [ "${found#"$backtrace"}" = "$found" ]; then
      PROBLEMS+=("backtrace is '$found', expected it to begin with '$backtrace'")
    fi
  fi

  judge "$name" "$dir/diff" "$dir/rk.err"
}

# symbolized_backtrace IMAGE CONSOLE: the function names of the crash
# report's backtrace frames, innermost first, on one line, as the runner
# added them (llvm-symbolizer on the image).
symbolized_backtrace() {
  sed -n 's/^runikraft:   #[0-9]* 0x[0-9a-f]* in \([^ ]*\).*/\1/p' "$2" | paste -sd ' ' -
}

main() {
  local names=("$@") src name
  if [ ${#names[@]} -eq 0 ]; then
    for src in "$KERNEL_DIR"/*.c; do names+=("$(basename "$src" .c)"); done
  fi
  for name in "${names[@]}"; do test_program "$name"; done
  summary "kernel tests"
}

main "$@"
