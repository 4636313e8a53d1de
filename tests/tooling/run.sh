#!/usr/bin/env bash
# Tests of the porting aids and of the toolchain as build systems use it.
# Each test is a function below; by default all run.
#
#   tests/tooling/run.sh [NAME...]    all tests, or only those named
#
#   gdb       a batch gdb session on `runikraft run --gdb`: break at main,
#             step, print a local, and a backtrace from a kernel syscall
#             handler back into the program
#   trace     `runikraft run --trace=...` on trace_program.c against
#             trace_program.pattern; linked with RUNIKRAFT_SYSCALL_TRACE=off,
#             the image has no tracer and says so
#   timeline  rk.timing: the boot steps and the program's phases in guest ns
#   archives  a plain Makefile whose library is made by the host's ar and
#             ranlib, by runikraft-ar and runikraft-ranlib, and with no
#             index at all, links and runs (archive_project/)
#   install   `make install PREFIX=...`: the wrappers work from PATH in
#             another directory
#   cmake     cmake_project/ configured with the sysroot's toolchain file
#             (its checks are try_compile), built and booted
#   autoconf  autoconf_project/: configure generated with Debian's autoconf,
#             run with --host=riscv64-unknown-linux-musl CC=runikraft-cc,
#             built and booted; the answers are musl's, the run check cross
#   pkgconfig runikraft-pkg-config finds a sysroot's .pc files and not the
#             build machine's
#   inspect   `runikraft inspect` on an image: entry, segments with their
#             permissions, size by component, the kernel command line
#   symbolize a crash in a program built with -g: the runner names g, f and
#             main with file and line (tests/kernel/null_write.c)
set -euo pipefail
# shellcheck source=tests/lib.sh
source "$(dirname "$0")/../lib.sh"

HERE=$ROOT/tests/tooling
OUT=$BUILD/tests/tooling

# wait_for_port PORT: up to 10 s for a listener on 127.0.0.1:PORT.
wait_for_port() {
  local i
  for ((i = 0; i < 100; i++)); do
    ss -ltnH "sport = :$1" 2>/dev/null | grep -q . && return 0
    sleep 0.1
  done
  return 1
}

# build_test NAME SOURCE [CC-FLAGS...]: starts test NAME — PROBLEMS empty,
# $OUT/NAME made — and builds SOURCE into $OUT/NAME/program (with -O2 -Wall
# unless flags are given); on failure reports it and returns 1.
build_test() {
  local name=$1 source=$2 dir=$OUT/$1
  shift 2
  PROBLEMS=()
  mkdir -p "$dir"
  [ $# -gt 0 ] || set -- -O2 -Wall
  if ! "$CC_RK" "$@" -o "$dir/program" "$source" >"$dir/build.log" 2>&1; then
    fail "$name" "build failed" "$dir/build.log"
    return 1
  fi
}

test_gdb() {
  local dir=$OUT/gdb
  build_test gdb "$HERE/gdb_program.c" -g -O0 || return 0
  local port=$((20000 + $$ % 20000))
  "$RUN_RK" run "$dir/program" --gdb="$port" --timeout "$TIMEOUT" \
    </dev/null >"$dir/console" 2>"$dir/rk.err" &
  local vm=$!
  if ! wait_for_port "$port"; then
    kill "$vm" 2>/dev/null || true
    wait "$vm" || true
    fail gdb "qemu's gdb stub did not listen on port $port" "$dir/rk.err"
    return
  fi
  # The handler's name is Swift-mangled; rbreak finds it by a pattern.
  timeout "$TIMEOUT" gdb-multiarch -batch -nx \
    -ex 'set pagination off' -ex 'set confirm off' \
    -ex "target remote :$port" \
    -ex 'break main' -ex 'continue' -ex 'next' -ex 'print answer' \
    -ex 'rbreak 12rk_sys_writey.*tF$' -ex 'continue' -ex 'bt' \
    -ex 'continue' \
    "$dir/program" >"$dir/gdb.out" 2>&1 || true
  local status=0
  wait "$vm" || status=$?

  grep -q "waiting for gdb; attach with: gdb-multiarch .*program -ex 'target remote :$port'" "$dir/rk.err" ||
    PROBLEMS+=("the runner did not print the attach command")
  grep -Eq '^Breakpoint 1, main \(\) at .*gdb_program\.c:12' "$dir/gdb.out" ||
    PROBLEMS+=("no stop at main")
  grep -Eq '^\$1 = 42$' "$dir/gdb.out" || PROBLEMS+=("print answer after a step did not give 42")
  # The backtrace: the kernel handler, the entry, libc, then the program.
  local frames
  frames=$(sed -n 's/^#[0-9]*  *\(0x[0-9a-f]* in \)\{0,1\}\([^ ]*\) .*/\2/p' "$dir/gdb.out" | paste -sd ' ' -)
  if ! grep -Eq '^\$e[^ ]*12rk_sys_writey[^ ]*( [^ ]+)* __rk_syscall write greet main$' <<<"$frames"; then
    PROBLEMS+=("backtrace is '$frames', expected rk_sys_write __rk_syscall write greet main")
  fi
  grep -qx 'hello from gdb' "$dir/console" || PROBLEMS+=("the program's output is missing")
  [ "$status" = 0 ] || PROBLEMS+=("exit status $status, expected 0")
  judge gdb "$dir/gdb.out" "$dir/rk.err"
}

test_trace() {
  local dir=$OUT/trace
  build_test trace "$HERE/trace_program.c" || return 0
  local status=0
  "$RUN_RK" run "$dir/program" --trace=file,memory,time,signal,exit_group --timeout "$TIMEOUT" \
    </dev/null >"$dir/console" 2>"$dir/rk.err" || status=$?
  [ "$status" = 3 ] || PROBLEMS+=("exit status $status, expected 3")
  match_lines "$HERE/trace_program.pattern" "$dir/console" >"$dir/diff" ||
    PROBLEMS+=("the trace does not match trace_program.pattern")
  # Linked without the tracer: none of its code, and --trace says so.
  if ! RUNIKRAFT_SYSCALL_TRACE=off build_rk "$HERE/trace_program.c" "$dir/untraced" >>"$dir/build.log" 2>&1; then
    PROBLEMS+=("build with RUNIKRAFT_SYSCALL_TRACE=off failed")
  else
    ! llvm-nm --defined-only "$dir/untraced" | grep -q rk_syscall_traced || PROBLEMS+=("the untraced image has the tracer")
    "$RUN_RK" run "$dir/untraced" --trace --timeout "$TIMEOUT" </dev/null >"$dir/untraced.console" 2>&1 || true
    grep -qx 'runikraft: rk.trace: this image was linked without the syscall tracer (RUNIKRAFT_SYSCALL_TRACE=off)' \
      "$dir/untraced.console" || PROBLEMS+=("no notice that the tracer is missing")
  fi
  judge trace "$dir/diff" "$dir/rk.err"
}

test_timeline() {
  local dir=$OUT/timeline
  build_test timeline "$HERE/gdb_program.c" || return 0
  local status=0
  "$RUN_RK" run "$dir/program" --kernel-option rk.timing --timeout "$TIMEOUT" \
    </dev/null >"$dir/console" 2>"$dir/rk.err" || status=$?
  [ "$status" = 0 ] || PROBLEMS+=("exit status $status, expected 0")
  local n='[1-9][0-9]*'
  grep -Eqx "runikraft: timing: ns since kernel entry: libc $n, main $n, exit $n \(status 0\)" "$dir/console" ||
    PROBLEMS+=("no totals line")
  grep -Eqx "runikraft: timing: steps in ns: relocation $n, board $n, memory $n, options $n, scheduler $n, files $n, process $n, libc $n, program $n" \
    "$dir/console" || PROBLEMS+=("no steps line, or a step of 0 ns")
  judge timeline "$dir/console" "$dir/rk.err"
}

# build_project DIR SOURCE [MAKE-VARIABLE...]: copies the project SOURCE
# to DIR and runs make there with CC=runikraft-cc and the variables.
build_project() {
  local dir=$1 source=$2
  shift 2
  rm -rf "$dir" && mkdir -p "$dir" && cp -R "$source"/. "$dir"/
  make -C "$dir" CC="$CC_RK" "$@" >"$dir/build.log" 2>&1
}

test_archives() {
  local variant dir status
  local -A variables=(
    [host]=""
    [runikraft]="AR=$ROOT/wrappers/runikraft-ar RANLIB=$ROOT/wrappers/runikraft-ranlib"
    [unindexed]="ARFLAGS=rcS RANLIB=true"
  )
  for variant in host runikraft unindexed; do
    dir=$OUT/archives/$variant
    PROBLEMS=()
    # shellcheck disable=SC2086  # the variables are words
    if ! build_project "$dir" "$HERE/archive_project" ${variables[$variant]}; then
      fail "archives ($variant)" "build failed" "$dir/build.log"
      continue
    fi
    status=0
    "$RUN_RK" run "$dir/calc" --timeout "$TIMEOUT" </dev/null >"$dir/console" 2>"$dir/rk.err" || status=$?
    [ "$status" = 0 ] || PROBLEMS+=("exit status $status")
    grep -qx 'scale(7, 6) = 42' "$dir/console" || PROBLEMS+=("wrong output")
    judge "archives ($variant)" "$dir/console" "$dir/rk.err"
  done
}

test_install() {
  local dir=$OUT/install
  PROBLEMS=()
  rm -rf "$dir" && mkdir -p "$dir/work"
  if ! make -C "$ROOT" install PREFIX="$dir/prefix" >"$dir/install.log" 2>&1; then
    fail install "make install failed" "$dir/install.log"
    return
  fi
  cp "$HERE/archive_project"/*.c "$HERE/archive_project/Makefile" "$dir/work/"
  local status=0
  (
    cd "$dir/work" &&
      PATH=$dir/prefix/bin:$PATH make CC=runikraft-cc AR=runikraft-ar RANLIB=runikraft-ranlib &&
      PATH=$dir/prefix/bin:$PATH runikraft run calc --timeout "$TIMEOUT" </dev/null
  ) >"$dir/console" 2>&1 || status=$?
  [ "$status" = 0 ] || PROBLEMS+=("build or run from PATH failed (status $status)")
  grep -qx 'scale(7, 6) = 42' "$dir/console" || PROBLEMS+=("wrong output")
  [ "$(readlink -f "$dir/prefix/bin/runikraft-cc")" = "$dir/prefix/lib/runikraft/wrappers/runikraft-cc" ] ||
    PROBLEMS+=("runikraft-cc in PATH does not lead to the installed tree")
  judge install "$dir/console"
  rm -rf "$dir/prefix"
}

# check_greeter NAME DIR EXPECTED-OUTPUT: boots DIR/greeter and compares
# its output; sets PROBLEMS.
check_greeter() {
  local dir=$2 status=0
  PROBLEMS=()
  "$RUN_RK" run "$dir/greeter" --timeout "$TIMEOUT" </dev/null >"$dir/console" 2>"$dir/rk.err" || status=$?
  [ "$status" = 0 ] || PROBLEMS+=("exit status $status")
  diff -u --label expected --label runikraft <(printf '%s\n' "$3") "$dir/console" >"$dir/diff" ||
    PROBLEMS+=("output differs")
  judge "$1" "$dir/diff" "$dir/rk.err"
}

test_cmake() {
  local dir=$OUT/cmake
  rm -rf "$dir" && mkdir -p "$dir"
  if ! (cd "$dir" && cmake -DCMAKE_TOOLCHAIN_FILE="$ROOT/sysroot/riscv64/runikraft.cmake" "$HERE/cmake_project" &&
    make VERBOSE=1) >"$dir/build.log" 2>&1; then
    fail cmake "configure or build failed" "$dir/build.log"
    return
  fi
  check_greeter cmake "$dir" "hello, cmake
sys/epoll.h 1, gnu/libc-version.h 0, clock_gettime 1, inotify_init1 1, __runikraft__ 1
sqrt(2) = 1.414214"
}

test_autoconf() {
  local dir=$OUT/autoconf
  rm -rf "$dir" && mkdir -p "$dir" && cp -R "$HERE/autoconf_project"/. "$dir"/
  # config.sub and config.guess as Debian's autotools-dev ships them, as a
  # package build refreshes them.
  cp /usr/share/misc/config.sub /usr/share/misc/config.guess "$dir"/
  if ! (cd "$dir" && autoconf && autoheader &&
    ./configure --host=riscv64-unknown-linux-musl CC="$CC_RK" && make) >"$dir/build.log" 2>&1; then
    fail autoconf "configure or build failed" "$dir/build.log" "$dir/config.log"
    return
  fi
  check_greeter autoconf "$dir" "host riscv64-unknown-linux-musl, run check: cross
sys/epoll.h 1, gnu/libc-version.h 0, clock_gettime 1, inotify_init1 1, no_such_function_anywhere 0
sqrt(2) = 1.414214"
}

test_pkgconfig() {
  local dir=$OUT/pkgconfig
  PROBLEMS=()
  rm -rf "$dir" && mkdir -p "$dir/sysroot/lib/pkgconfig"
  cat >"$dir/sysroot/lib/pkgconfig/calc.pc" <<'PC'
prefix=/usr
libdir=${prefix}/lib
includedir=${prefix}/include/calc

Name: calc
Description: a library in the sysroot
Version: 1.0
Cflags: -I${includedir}
Libs: -L${libdir} -lcalc
PC
  local answer
  answer=$(RUNIKRAFT_SYSROOT=$dir/sysroot "$ROOT/wrappers/runikraft-pkg-config" --cflags --libs calc 2>&1) || true
  [ "${answer% }" = "-I$dir/sysroot/usr/include/calc -L$dir/sysroot/usr/lib -lcalc" ] ||
    PROBLEMS+=("--cflags --libs calc gave '$answer'")
  # A package of the build machine stays invisible, even through PKG_CONFIG_PATH.
  local host_package
  host_package=$(pkg-config --list-all 2>/dev/null | awk 'NR == 1 { print $1 }')
  if [ -n "$host_package" ] &&
    PKG_CONFIG_PATH=/usr/lib/x86_64-linux-gnu/pkgconfig "$ROOT/wrappers/runikraft-pkg-config" --exists "$host_package"; then
    PROBLEMS+=("the build machine's $host_package is visible")
  fi
  [ -z "$("$ROOT/wrappers/runikraft-pkg-config" --list-all)" ] || PROBLEMS+=("the sysroot lists packages it does not have")
  judge pkgconfig
}

test_inspect() {
  local dir=$OUT/inspect
  build_test inspect "$HERE/gdb_program.c" || return 0
  if ! "$RUN_RK" inspect "$dir/program" >"$dir/report" 2>"$dir/rk.err"; then
    fail inspect "runikraft inspect failed" "$dir/rk.err"
    return
  fi
  local line expected=(
    '  entry point: 0x80200000 \(_start\)'
    '  LOAD +r-x +0x80200000 +[0-9]+ +[0-9]+ *'
    '  LOAD +r-- +0x[0-9a-f]+ +[0-9]+ +[0-9]+ *'
    '  LOAD +rw- +0x[0-9a-f]+ +[0-9]+ +[0-9]+ *'
    '  \.text +r-x +0x80200000 +[0-9]+ *'
    '  kernel +[1-9][0-9]*'
    '    KernelPosix +[1-9][0-9]*'
    '  libc \(musl\) +[1-9][0-9]*'
    '  application +[1-9][0-9]*'
    '  runikraft run passes: rk\.marker -- program'
  )
  for line in "${expected[@]}"; do
    grep -Eqx -- "$line" "$dir/report" || PROBLEMS+=("no line matching /$line/")
  done
  [ ! -s "$dir/rk.err" ] || PROBLEMS+=("messages on standard error")
  judge inspect "$dir/report" "$dir/rk.err"
}

test_symbolize() {
  local dir=$OUT/symbolize src=$ROOT/tests/kernel/null_write.c
  build_test symbolize "$src" -g -O2 || return 0
  local status=0
  "$RUN_RK" run "$dir/program" --timeout "$TIMEOUT" </dev/null >"$dir/console" 2>"$dir/rk.err" || status=$?
  [ "$status" = 139 ] || PROBLEMS+=("exit status $status, expected 139")
  # The frames, with the lines of the store, the call of g and the call of f.
  local line expected=(
    "#0 0x[0-9a-f]{16} in g at $src:8:[0-9]+"
    "#1 0x[0-9a-f]{16} in f at $src:9:[0-9]+"
    "#2 0x[0-9a-f]{16} in main at $src:15:[0-9]+"
  )
  for line in "${expected[@]}"; do
    grep -Eqx "runikraft:   $line" "$dir/console" || PROBLEMS+=("no frame line matching '$line'")
  done
  judge symbolize "$dir/console" "$dir/rk.err"
}

main() {
  local names=("$@") name
  [ ${#names[@]} -gt 0 ] || names=(gdb trace timeline symbolize archives install cmake autoconf pkgconfig inspect)
  for name in "${names[@]}"; do
    if [ "$(type -t "test_$name")" != function ]; then
      fail "$name" "no such test"
      continue
    fi
    "test_$name"
  done
  summary "tooling tests"
}

main "$@"
