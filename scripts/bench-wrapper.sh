#!/usr/bin/env bash
# Wrapper overhead: Lua 5.4 (Debian's lua5.4 source package, upstream
# Makefile as in the world suite) built with CC=runikraft-cc and with the
# same clang and ld.lld command lines given directly, alternately, RUNS
# times each. Prints the fastest wall and CPU (user + system) times and
# their ratios: the fastest run is the one least disturbed by whatever else
# the machine was doing, and a build's own time varies by several percent. The direct command lines are read off `runikraft-cc -###`, so they
# stay what the wrapper runs.
#
#   scripts/bench-wrapper.sh [RUNS]
set -euo pipefail

runs=${1:-3}
root=$(cd "$(dirname "$0")/.." && pwd)
build=$root/build/bench/wrapper
cc_rk=$root/wrappers/runikraft-cc
# shellcheck source=tests/world/sources.sh
source "$root/tests/world/sources.sh"
export PATH=/opt/swift/usr/bin:$PATH

mkdir -p "$build"
dsc=$(fetch_source lua5.4 "$root/build/world/sources/lua5.4")
unpack_source "$dsc" "$build/lua" upstream 2>/dev/null

# The wrapper's compile line for `-c x.c -o x.o`, and its link line for
# `x.o -o x`, split around the object into flags before and libraries after.
probe=$build/probe
mkdir -p "$probe"
echo 'int main(void) { return 0; }' >"$probe/x.c"
read -ra compile < <("$cc_rk" -### -c "$probe/x.c" -o "$probe/x.o" 2>&1 | grep -E '^ .*clang ')
read -ra link < <("$cc_rk" -### "$probe/x.o" -o "$probe/x" 2>&1 | grep -E '^ .*ld\.lld ')
direct_cc="${compile[*]:0:${#compile[@]}-4}"
before=() after=() seen=no
for word in "${link[@]:1}"; do
  case $word in
    "$probe/x.o") seen=yes ;;
    -o) break ;;
    *) if [ $seen = no ]; then before+=("$word"); else after+=("$word"); fi ;;
  esac
done
comma() { local IFS=,; echo "$*"; }
direct_ldflags="-fuse-ld=lld -nostdlib -static -no-pie -Wl,$(comma "${before[@]}")"
direct_libs="-Wl,$(comma "${after[@]}")"

# build_lua KIND: a clean build of lua and luac; prints "wall cpu" seconds.
build_lua() {
  make -s -C "$build/lua" clean >/dev/null
  local args=(linux CC="$cc_rk")
  if [ "$1" = direct ]; then
    args=(linux CC="$direct_cc" MYLDFLAGS="$direct_ldflags" MYLIBS="$direct_libs")
  fi
  local TIMEFORMAT='%R %U %S'
  { time make -C "$build/lua" "${args[@]}" >"$build/$1.log" 2>&1; } 2>&1 |
    awk '{ printf "%.3f %.3f\n", $1, $2 + $3 }'
}

check_lua() {
  local out
  out=$("$root/wrappers/runikraft" run "$build/lua/src/lua" --timeout 60 -- -e 'print(6 * 7)' 2>&1 </dev/null)
  [ "$out" = 42 ] || { echo "bench-wrapper: the $1 build of lua does not run: $out" >&2; exit 1; }
}

fastest() { sort -n | head -n 1; }

: >"$build/wrapper.times"
: >"$build/direct.times"
for ((i = 0; i < runs; i++)); do
  build_lua direct >>"$build/direct.times"
  check_lua direct
  build_lua wrapper >>"$build/wrapper.times"
  check_lua wrapper
done

wall_w=$(cut -d' ' -f1 "$build/wrapper.times" | fastest)
wall_d=$(cut -d' ' -f1 "$build/direct.times" | fastest)
cpu_w=$(cut -d' ' -f2 "$build/wrapper.times" | fastest)
cpu_d=$(cut -d' ' -f2 "$build/direct.times" | fastest)
echo "Lua 5.4 build (make linux, -j1), fastest of $runs each:"
printf '  %-22s %8s %8s\n' "" "wall s" "cpu s"
printf '  %-22s %8.2f %8.2f\n' "CC=runikraft-cc" "$wall_w" "$cpu_w" "direct clang + ld.lld" "$wall_d" "$cpu_d"
awk -v ww="$wall_w" -v wd="$wall_d" -v cw="$cpu_w" -v cd="$cpu_d" \
  'BEGIN { printf "  wrapper / direct:      %7.3fx %7.3fx\n", ww / wd, cw / cd }'
