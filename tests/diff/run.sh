#!/usr/bin/env bash
# Differential tests: each tests/diff/<name>.c is built twice, as a Runikraft
# image and as a static Linux binary against stock musl (build/linux-musl),
# and the Linux one runs under qemu-riscv64. Both runs must print the same
# stdout and exit with the same status.
#
#   make test-diff [TESTS="NAME..."]    all programs, or only those named
#   tests/diff/run.sh [NAME...]          the same, with LINUX_CC, LINUX_LDFLAGS
#                                        and LINUX_LDLIBS set as make sets them
#
# Per program, all optional:
#   <name>.args   one line: the arguments (words as in tests/lib.sh split_words)
#   <name>.cases  one line of arguments per case; the program runs once per line
#   <name>.env    NAME=VALUE lines: the whole environment of the program
#   <name>.stdin  fed to the program as stdin (otherwise /dev/null)
#   <name>.rootfs/  a folder: Runikraft boots with it as the root file
#                 system (--rootfs), Linux runs with a copy of it as the
#                 current directory; the program uses relative paths;
#                 every file's modification time is 1000000000
# and in the source, lines of the form
#   // expect-kernel-notice: <text>
# for a "runikraft: <text>" line the Runikraft console must show. Other
# "runikraft: " lines are kernel notices and are not compared.
#
# Programs print to stdout only: the Runikraft console merges stdout and
# stderr, so their interleaving could not be compared.
set -euo pipefail
# shellcheck source=tests/lib.sh
source "$(dirname "$0")/../lib.sh"

# DIFF_DIR and DIFF_OUT let a generated program run through this harness
# (tests/efault/run.sh).
DIFF_DIR=${DIFF_DIR:-$ROOT/tests/diff}
# DIFF_TMP=share|disk puts the program's /tmp on a 9p share or an ext2
# disk (tests/devices runs the file-system programs so).
OUT=${DIFF_OUT:-$BUILD/tests/diff${DIFF_TMP:+-$DIFF_TMP}}
CFLAGS=(-O2 -Wall)

# The Linux oracle's commands, from mk/sysroot.mk (mk/tests.mk passes them):
# compile with LINUX_CC, link with LINUX_CC LINUX_LDFLAGS <objects> LINUX_LDLIBS.
for var in LINUX_CC LINUX_LDFLAGS LINUX_LDLIBS; do
  if [ -z "${!var:-}" ]; then
    echo "$0: $var is not set; run this through 'make test-diff [TESTS=\"name ...\"]'" >&2
    exit 2
  fi
done
read -ra oracle_cc <<<"$LINUX_CC"
read -ra oracle_ldflags <<<"$LINUX_LDFLAGS"
read -ra oracle_ldlibs <<<"$LINUX_LDLIBS"

# build_linux SOURCE BINARY
build_linux() {
  local src=$1 bin=$2
  mkdir -p "$(dirname "$bin")"
  "${oracle_cc[@]}" "${CFLAGS[@]}" -c -o "$bin.o" "$src"
  "${oracle_cc[@]}" "${oracle_ldflags[@]}" "$bin.o" "${oracle_ldlibs[@]}" -o "$bin"
}

# cases_of NAME: sets CASES to the argument lines NAME runs with.
cases_of() {
  local name=$1 line
  CASES=()
  if [ -f "$DIFF_DIR/$name.cases" ]; then
    while IFS= read -r line || [ -n "$line" ]; do
      [[ "$line" =~ ^[[:blank:]]*(#|$) ]] && continue
      CASES+=("$line")
    done <"$DIFF_DIR/$name.cases"
  elif [ -f "$DIFF_DIR/$name.args" ]; then
    IFS= read -r line <"$DIFF_DIR/$name.args" || true
    CASES=("$line")
  else
    CASES=("")
  fi
}

# check_notices SOURCE RAW_OUTPUT: every declared kernel notice must be a line
# of the Runikraft console output. Prints the missing ones.
check_notices() {
  local notice missing=0
  while IFS= read -r notice; do
    if ! grep -qxF "runikraft: $notice" "$2"; then
      echo "missing kernel notice: runikraft: $notice"
      missing=1
    fi
  done < <(header_values "$1" expect-kernel-notice)
  return $missing
}

# run_case NAME LABEL DIR ARGS_LINE
run_case() {
  local name=$1 label=$2 dir=$3 line=$4
  local src=$DIFF_DIR/$name.c stdin=$DIFF_DIR/$name.stdin
  [ -f "$stdin" ] || stdin=/dev/null
  if ! split_words "$line" 2>"$dir/args.err"; then
    fail "$label" "bad argument line" "$dir/args.err"
    return
  fi
  read_env "$DIFF_DIR/$name.env"

  local linux_status=0 rk_status=0 workdir=.
  RK_OPTIONS=()
  if [ -d "$DIFF_DIR/$name.rootfs" ]; then
    # Each side gets its own copy (times kept), since the program may write.
    rm -rf "$dir/linux-root" "$dir/rk-root"
    cp -a "$DIFF_DIR/$name.rootfs" "$dir/linux-root"
    cp -a "$DIFF_DIR/$name.rootfs" "$dir/rk-root"
    # A fixed time on every file, so programs may print modification times.
    find "$dir/linux-root" "$dir/rk-root" -exec touch -h -d @1000000000 {} +
    workdir=$dir/linux-root
    RK_OPTIONS=(--rootfs "$dir/rk-root")
  fi
  case ${DIFF_TMP:-} in
    share)
      rm -rf "$dir/tmp-share" && mkdir -p "$dir/tmp-share"
      RK_OPTIONS+=(--share "$dir/tmp-share:/tmp") ;;
    disk)
      rm -rf "$dir/tmp-root" "$dir/tmp.img" && mkdir -p "$dir/tmp-root"
      "$RUN_RK" mkfs "$dir/tmp.img" "$dir/tmp-root" --size 32M >/dev/null
      RK_OPTIONS+=(--disk "$dir/tmp.img:/tmp") ;;
  esac
  (cd "$workdir" && run_linux "$OUT/$name/linux/$name" "$name" "$stdin" "$dir/linux.out" \
    "${ENV_VARS[@]}" -- "${WORDS[@]}") || linux_status=$?
  run_rk "$OUT/$name/rk/$name" "$stdin" "$dir/rk.console" "$dir/rk.err" \
    "${ENV_VARS[@]}" -- "${WORDS[@]}" || rk_status=$?
  RK_OPTIONS=()
  drop_notices "$dir/rk.console" "$dir/rk.out"

  PROBLEMS=()
  if [ "$linux_status" = 124 ]; then PROBLEMS+=("Linux run timed out"); fi
  if [ "$linux_status" != "$rk_status" ]; then
    PROBLEMS+=("exit status: Linux $linux_status, Runikraft $rk_status")
  fi
  if ! diff -u --label linux --label runikraft "$dir/linux.out" "$dir/rk.out" >"$dir/diff"; then
    PROBLEMS+=("stdout differs")
  fi
  if ! check_notices "$src" "$dir/rk.console" >"$dir/notices"; then
    PROBLEMS+=("kernel notice missing")
  fi

  judge "$label" "$dir/diff" "$dir/notices" "$dir/rk.err"
}

# test_program NAME: builds NAME both ways and runs each of its cases.
test_program() {
  local name=$1 log=$OUT/$1/build.log
  if [ ! -f "$DIFF_DIR/$name.c" ]; then
    fail "$name" "no such program: tests/diff/$name.c"
    return
  fi
  rm -rf "${OUT:?}/$name"
  mkdir -p "$OUT/$name"
  if ! build_linux "$DIFF_DIR/$name.c" "$OUT/$name/linux/$name" >"$log" 2>&1; then
    fail "$name" "Linux build failed" "$log"
    return
  fi
  if ! build_rk "$DIFF_DIR/$name.c" "$OUT/$name/rk/$name" >>"$log" 2>&1; then
    fail "$name" "Runikraft build failed" "$log"
    return
  fi

  cases_of "$name"
  local i label
  for i in "${!CASES[@]}"; do
    label=$name
    if [ ${#CASES[@]} -gt 1 ]; then label="$name [${CASES[i]}]"; fi
    mkdir -p "$OUT/$name/case$i"
    run_case "$name" "$label" "$OUT/$name/case$i" "${CASES[i]}"
  done
}

main() {
  local names=("$@") src
  if [ ${#names[@]} -eq 0 ]; then
    for src in "$DIFF_DIR"/*.c; do names+=("$(basename "$src" .c)"); done
  fi
  local name
  for name in "${names[@]}"; do test_program "$name"; done
  summary "differential tests"
}

main "$@"
