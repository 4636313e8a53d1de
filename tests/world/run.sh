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
#                  Storage cases add `--storage tmpfs|9p|disk`, `--seed PATH`
#                  (repeatable) or `--continue`, and `--check FUNCTION`; see
#                  world_case.
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

# The umask the Runikraft kernel starts programs with, for the Linux runs and
# for qemu's 9p server creating files on the host, so created files' modes
# compare.
umask 022

# The guest path of a storage case's folder, and what both systems' paths to
# it become in the compared output.
GUEST_DATA=/data
DATA_PLACEHOLDER=@DIR@

# world_case LABEL [--stdin FILE] [--expect FILE] [STORAGE...] PROGRAM [ARG...]
#
# Storage options run the program on a folder of files, @DIR@ in its
# arguments standing for the folder's path:
#   --storage KIND   tmpfs: the folder is /data inside the --rootfs tree;
#                    9p: a host folder shared at /data (--share);
#                    disk: an ext2 image made by `runikraft mkfs`, at /data
#                    (--disk). On Linux the folder is a host folder.
#   --seed PATH      a file or folder copied into the fresh folder
#                    (repeatable; a relative PATH is in the source tree)
#   --continue       start from the folders the previous case left (its
#                    Linux folder, and its 9p folder or disk image), to check
#                    that what one boot wrote is read back by the next
#   --check FUNCTION called as `FUNCTION FOLDER OUTPUT` for each system after
#                    the run, in the source tree; a failure fails the case.
#                    FOLDER is empty for tmpfs, which ends with the VM.
# The folder paths in the output read @DIR@ on both systems. After the run
# the folders themselves must hold the same names, types, permissions and
# bytes: the 9p folder directly, the disk after `e2fsck -fn` through
# `debugfs rdump` (without lost+found); tmpfs only through what the program
# prints.
world_case() {
  local label="$PACKAGE: $1" stdin=/dev/null expect='' storage='' continue=0 check=''
  local seeds=()
  shift
  while :; do
    case $1 in
      --stdin) stdin=$2; shift 2 ;;
      --expect) expect=$2; shift 2 ;;
      --storage) storage=$2; shift 2 ;;
      --seed) seeds+=("$2"); shift 2 ;;
      --continue) continue=1; shift ;;
      --check) check=$2; shift 2 ;;
      *) break ;;
    esac
  done
  local program=$1
  shift
  local previous=$OUT/$PACKAGE/cases/$case_number
  local dir=$OUT/$PACKAGE/cases/$((++case_number))
  rm -rf "$dir"
  mkdir -p "$dir"
  case $stdin in /*) ;; *) stdin=$OUT/$PACKAGE/prepared/$stdin ;; esac

  local linux_args=("$@") rk_args=("$@") RK_OPTIONS=() rk_data='' setup_problem=''
  if [ -n "$storage" ]; then
    linux_args=("${@//$DATA_PLACEHOLDER/$dir/linux.data}")
    rk_args=("${@//$DATA_PLACEHOLDER/$GUEST_DATA}")
    setup_problem=$(prepare_storage "$storage" "$dir" "$previous" "$continue" \
      "${seeds[@]}" 2>&1) || true
    case $storage in
      tmpfs) RK_OPTIONS=(--rootfs "$dir/rk.root") ;;
      9p) RK_OPTIONS=(--share "$dir/rk.data:$GUEST_DATA") rk_data=$dir/rk.data ;;
      disk) RK_OPTIONS=(--disk "$dir/rk.img:$GUEST_DATA") rk_data=$dir/rk.data ;;
    esac
  fi

  local linux_status=0 rk_status=0
  (cd "$dir" && run_linux "$OUT/$PACKAGE/linux/bin/$(basename "$program")" \
    "$(basename "$program")" "$stdin" "$dir/linux.out" -- "${linux_args[@]}") || linux_status=$?
  run_rk "$OUT/$PACKAGE/rk/bin/$(basename "$program")" "$stdin" "$dir/rk.console" \
    "$dir/rk.err" -- "${rk_args[@]}" || rk_status=$?
  drop_notices "$dir/rk.console" "$dir/rk.out"

  PROBLEMS=()
  if [ -n "$setup_problem" ]; then PROBLEMS+=("storage setup: $setup_problem"); fi
  if [ -n "$storage" ]; then
    placehold "$dir/linux.out" "$dir/linux.data"
    placehold "$dir/rk.out" "$GUEST_DATA"
    if [ "$storage" = disk ]; then
      if ! e2fsck -fn "$dir/rk.img" >"$dir/e2fsck.log" 2>&1; then
        PROBLEMS+=("e2fsck finds the disk inconsistent (e2fsck.log)")
      fi
      mkdir -p "$rk_data"
      debugfs -R "rdump / $rk_data" "$dir/rk.img" >"$dir/debugfs.log" 2>&1 || true
    fi
  fi
  if [ "$linux_status" = 124 ]; then PROBLEMS+=("Linux run timed out"); fi
  if [ "$linux_status" != "$rk_status" ]; then
    PROBLEMS+=("exit status: Linux $linux_status, Runikraft $rk_status")
  fi
  if ! cmp -s "$dir/linux.out" "$dir/rk.out"; then
    PROBLEMS+=("output differs")
    diff -u --label linux --label runikraft <(od -An -c "$dir/linux.out") \
      <(od -An -c "$dir/rk.out") | head -40 >"$dir/diff" || true
  fi
  if [ -n "$rk_data" ] && ! { diff -r -x lost+found "$dir/linux.data" "$rk_data" &&
    diff -u --label linux --label runikraft <(folder_listing "$dir/linux.data") \
      <(folder_listing "$rk_data"); } >"$dir/folder.diff" 2>&1; then
    PROBLEMS+=("the folders differ after the run")
  fi
  if [ -n "$check" ]; then
    if ! (cd "$OUT/$PACKAGE/prepared" && "$check" "$dir/linux.data" "$dir/linux.out"); then
      PROBLEMS+=("check $check fails on Linux")
    fi
    if ! (cd "$OUT/$PACKAGE/prepared" && "$check" "$rk_data" "$dir/rk.out"); then
      PROBLEMS+=("check $check fails on Runikraft")
    fi
  fi
  if [ -n "$expect" ] && ! diff -u --label expected --label runikraft \
    "$OUT/$PACKAGE/prepared/$expect" "$dir/rk.out" >"$dir/expected.diff"; then
    PROBLEMS+=("output is not the package's expected output")
  fi
  judge "$label" "$dir/diff" "$dir/folder.diff" "$dir/expected.diff" "$dir/rk.err"
}

# prepare_storage KIND DIR PREVIOUS CONTINUE [SEED...]: makes the case's
# folders in DIR: linux.data, and rk.root/data (tmpfs), rk.data (9p) or
# rk.img (disk), fresh from the seeds or copied from the case dir PREVIOUS.
prepare_storage() {
  local kind=$1 dir=$2 previous=$3 continue=$4 seed
  shift 4
  if [ "$continue" = 1 ]; then
    cp -a "$previous/linux.data" "$dir/linux.data"
    case $kind in
      tmpfs) echo "tmpfs ends with the VM: nothing to continue from"; return 1 ;;
      9p) cp -a "$previous/rk.data" "$dir/rk.data" ;;
      disk) cp "$previous/rk.img" "$dir/rk.img" ;;
    esac
    return
  fi
  mkdir -p "$dir/seed"
  for seed in "$@"; do
    case $seed in /*) ;; *) seed=$OUT/$PACKAGE/prepared/$seed ;; esac
    cp -a "$seed" "$dir/seed/"
  done
  cp -a "$dir/seed" "$dir/linux.data"
  case $kind in
    tmpfs) mkdir -p "$dir/rk.root" && cp -a "$dir/seed" "$dir/rk.root${GUEST_DATA}" ;;
    9p) cp -a "$dir/seed" "$dir/rk.data" ;;
    disk) "$RUN_RK" mkfs "$dir/rk.img" "$dir/seed" >"$dir/mkfs.log" 2>&1 ;;
    *) echo "unknown storage kind $kind"; return 1 ;;
  esac
}

# folder_listing DIR: each entry's path, type and permissions, sorted,
# without ext2's lost+found.
folder_listing() {
  (cd "$1" && find . -path ./lost+found -prune -o -printf '%P %M\n' | LC_ALL=C sort)
}

# placehold FILE PATH: writes @DIR@ for each PATH in FILE.
placehold() {
  local pattern
  pattern=$(printf '%s' "$2" | sed 's/[]\/$*.^[]/\\&/g')
  LC_ALL=C sed -i "s/$pattern/$DATA_PLACEHOLDER/g" "$1"
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
