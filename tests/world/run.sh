#!/usr/bin/env bash
# The world suite: real programs from Debian source packages, built
# unmodified by their own build systems with CC=runikraft-cc, run in qemu and
# compared with the same package built for Linux (tests/world/oracle-cc,
# stock musl) and run under qemu-riscv64.
#
#   make test-world [WORLD="lua5.4 zlib"]   every recipe, or those named
#
# Each tests/world/<name>.sh is a recipe, sourced in a subshell. It sets
#   PACKAGE        the Debian source package (fetched once with apt-get
#                  source into $BUILD/world/sources, then reused)
#   PATCHES        "debian" to build the source as Debian ships it, or
#                  "upstream" for the upstream release inside the source
#                  package (dpkg-source --skip-patches) where Debian's patches
#                  change the build system for Debian's own packaging
#   PROGRAMS       the programs the build leaves, relative to the source tree
# and defines
#   prepare        (optional) run once in the unpacked tree before it is
#                  copied for the two builds, e.g. autoreconf
#   build          run in a copy of the tree with CC and HOST set, and
#                  FLAVOR (rk or linux) for what only one system has, such
#                  as Runikraft's CMake toolchain file ($RK_CMAKE_TOOLCHAIN)
#   cases          calls `world_case LABEL [--stdin FILE] [--expect FILE]
#                  PROGRAM [ARG...]` once per check; a relative FILE is in
#                  the source tree. A case passes when both systems print
#                  the same bytes and exit with the same status, and, given
#                  --expect, when the output is the package's expected output.
set -euo pipefail
# shellcheck source=tests/lib.sh
source "$(dirname "$0")/../lib.sh"
# shellcheck source=tests/world/sources.sh
source "$(dirname "$0")/sources.sh"

WORLD_DIR=$ROOT/tests/world
OUT=$BUILD/world
SOURCES=$OUT/sources
TRIPLE=riscv64-unknown-linux-musl
export ORACLE_SYSROOT=${ORACLE_SYSROOT:-$BUILD/linux-musl}
RK_CMAKE_TOOLCHAIN=$ROOT/sysroot/riscv64/runikraft.cmake

# world_case LABEL [--stdin FILE] [--expect FILE] PROGRAM [ARG...]
world_case() {
  local label="$PACKAGE: $1" stdin=/dev/null expect=''
  shift
  while :; do
    case $1 in
      --stdin) stdin=$2; shift 2 ;;
      --expect) expect=$2; shift 2 ;;
      *) break ;;
    esac
  done
  local program=$1
  shift
  local dir=$OUT/$PACKAGE/cases/$((++case_number))
  mkdir -p "$dir"
  case $stdin in /*) ;; *) stdin=$OUT/$PACKAGE/prepared/$stdin ;; esac

  local linux_status=0 rk_status=0
  (cd "$dir" && run_linux "$OUT/$PACKAGE/linux/bin/$(basename "$program")" \
    "$(basename "$program")" "$stdin" "$dir/linux.out" -- "$@") || linux_status=$?
  run_rk "$OUT/$PACKAGE/rk/bin/$(basename "$program")" "$stdin" "$dir/rk.console" \
    "$dir/rk.err" -- "$@" || rk_status=$?
  drop_notices "$dir/rk.console" "$dir/rk.out"

  PROBLEMS=()
  if [ "$linux_status" = 124 ]; then PROBLEMS+=("Linux run timed out"); fi
  if [ "$linux_status" != "$rk_status" ]; then
    PROBLEMS+=("exit status: Linux $linux_status, Runikraft $rk_status")
  fi
  if ! cmp -s "$dir/linux.out" "$dir/rk.out"; then
    PROBLEMS+=("output differs")
    diff -u --label linux --label runikraft <(od -An -c "$dir/linux.out") \
      <(od -An -c "$dir/rk.out") | head -40 >"$dir/diff" || true
  fi
  if [ -n "$expect" ] && ! diff -u --label expected --label runikraft \
    "$OUT/$PACKAGE/prepared/$expect" "$dir/rk.out" >"$dir/expected.diff"; then
    PROBLEMS+=("output is not the package's expected output")
  fi
  judge "$label" "$dir/diff" "$dir/expected.diff" "$dir/rk.err"
}

# build_flavor FLAVOR CC: copies the prepared tree and builds it with CC.
build_flavor() {
  local flavor=$1 dir=$OUT/$PACKAGE/$1
  rm -rf "$dir"
  mkdir -p "$dir/bin"
  cp -a "$OUT/$PACKAGE/prepared" "$dir/src"
  if ! (cd "$dir/src" && CC=$2 HOST=$TRIPLE FLAVOR=$flavor build) >"$dir/build.log" 2>&1; then
    tail -30 "$dir/build.log" >"$dir/build.tail"
    return 1
  fi
  local program
  for program in "${PROGRAMS[@]}"; do
    cp "$dir/src/$program" "$dir/bin/" 2>>"$dir/build.tail" || return 1
  done
}

# test_recipe NAME
test_recipe() {
  local name=$1 recipe=$WORLD_DIR/$1.sh
  if [ ! -f "$recipe" ]; then
    fail "$name" "no such recipe: tests/world/$name.sh"
    return
  fi
  # shellcheck source=/dev/null
  source "$recipe"
  mkdir -p "$OUT/$PACKAGE"
  local log=$OUT/$PACKAGE/prepare.log dsc
  if ! dsc=$(fetch_source "$PACKAGE" "$SOURCES/$PACKAGE" 2>"$log") || [ -z "$dsc" ]; then
    fail "$PACKAGE" "apt-get source failed" "$log"
    return
  fi
  if ! unpack_source "$dsc" "$OUT/$PACKAGE/prepared" "$PATCHES" >>"$log" 2>&1; then
    fail "$PACKAGE" "dpkg-source failed" "$log"
    return
  fi
  if declare -F prepare >/dev/null && ! (cd "$OUT/$PACKAGE/prepared" && prepare) >>"$log" 2>&1; then
    fail "$PACKAGE" "prepare failed" "$log"
    return
  fi
  if ! build_flavor linux "$WORLD_DIR/oracle-cc"; then
    fail "$PACKAGE" "Linux build failed" "$OUT/$PACKAGE/linux/build.tail"
    return
  fi
  if ! build_flavor rk "$CC_RK"; then
    fail "$PACKAGE" "Runikraft build failed" "$OUT/$PACKAGE/rk/build.tail"
    return
  fi
  echo "built $PACKAGE"
  case_number=0
  cases
}

main() {
  local names=("$@") recipe
  if [ ${#names[@]} -eq 0 ]; then
    for recipe in "$WORLD_DIR"/*.sh; do
      case $(basename "$recipe") in
        run.sh | sources.sh) ;;
        *) names+=("$(basename "$recipe" .sh)") ;;
      esac
    done
  fi
  local name
  for name in "${names[@]}"; do
    (test_recipe "$name" && summary "world: $name") || failed_recipes+=("$name")
  done
  if [ ${#failed_recipes[@]} -gt 0 ]; then
    echo "world suite: failures in ${failed_recipes[*]}"
    return 1
  fi
  echo "world suite: all recipes passed"
}

failed_recipes=()
main "$@"
