# shellcheck shell=bash
# Helpers shared by the test scripts (sourced, not run).
#
# Environment (the Makefile sets these; the defaults suit a run from the
# repository root):
#   BUILD    directory for test outputs' parent (default <root>/build)
#   CC_RK    the Runikraft compiler wrapper
#   RUN_RK   the Runikraft launcher
#   TIMEOUT  seconds one program may run (default 60)

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BUILD=$(cd "$ROOT" && mkdir -p "${BUILD:-build}" && cd "${BUILD:-build}" && pwd)
CC_RK=${CC_RK:-$ROOT/wrappers/runikraft-cc}
RUN_RK=${RUN_RK:-$ROOT/wrappers/runikraft}
TIMEOUT=${TIMEOUT:-60}
# Extra `runikraft run` options for the next run_rk (e.g. --rootfs DIR).
RK_OPTIONS=()
export PATH=/opt/swift/usr/bin:$PATH

passed=0
failed=0
failures=()

pass() {
  passed=$((passed + 1))
  echo "PASS $1"
}

# fail LABEL REASON [FILE...]: reports a failure and shows the files given.
fail() {
  local label=$1 reason=$2
  shift 2
  failed=$((failed + 1))
  failures+=("$label")
  echo "FAIL $label: $reason"
  local f
  for f in "$@"; do
    [ -s "$f" ] || continue
    echo "---- $f"
    sed 's/^/    /' "$f"
  done
}

# judge LABEL [FILE...]: passes LABEL when the array PROBLEMS is empty,
# otherwise fails it with the problems and shows the files.
judge() {
  local label=$1
  shift
  if [ ${#PROBLEMS[@]} -eq 0 ]; then
    pass "$label"
    return
  fi
  local reason
  reason=$(printf '%s; ' "${PROBLEMS[@]}")
  fail "$label" "${reason%; }" "$@"
}

# summary SUITE: prints the totals; returns non-zero when anything failed.
summary() {
  echo "$1: $passed passed, $failed failed"
  if [ "$failed" -gt 0 ]; then
    printf '  failed: %s\n' "${failures[@]}"
    return 1
  fi
}

# split_words LINE: sets the array WORDS to the words of LINE. Words are
# separated by blanks; "..." groups a word in which \" and \\ stand for " and \
# (the kernel command line's own quoting); '...' groups a word taken literally;
# outside quotes a backslash takes the next character literally. Nothing is
# expanded, so a line can hold any text.
split_words() {
  local LC_ALL=C line=$1 word='' have=0 quote='' c i
  WORDS=()
  for ((i = 0; i < ${#line}; i++)); do
    c=${line:i:1}
    if [ "$quote" = "'" ]; then
      if [ "$c" = "'" ]; then quote=''; else word+=$c; fi
    elif [ "$quote" = '"' ]; then
      if [ "$c" = '"' ]; then
        quote=''
      elif [ "$c" = "\\" ] && [[ "${line:i+1:1}" == [\"\\] ]]; then
        word+=${line:i+1:1}; i=$((i + 1))
      else
        word+=$c
      fi
    elif [[ "$c" == [[:blank:]] ]]; then
      if [ $have = 1 ]; then WORDS+=("$word"); fi
      word='' have=0
    elif [ "$c" = "'" ] || [ "$c" = '"' ]; then
      quote=$c have=1
    elif [ "$c" = "\\" ]; then
      word+=${line:i+1:1} have=1; i=$((i + 1))
    else
      word+=$c have=1
    fi
  done
  if [ -n "$quote" ]; then
    echo "unterminated $quote in: $line" >&2
    return 1
  fi
  if [ $have = 1 ]; then WORDS+=("$word"); fi
}

# read_env FILE: sets the array ENV_VARS to the NAME=VALUE lines of FILE
# (the value is the rest of the line, taken literally; blank lines and lines
# starting with # are skipped). A missing file gives no variables.
read_env() {
  ENV_VARS=()
  [ -f "$1" ] || return 0
  local line
  while IFS= read -r line || [ -n "$line" ]; do
    [[ -z "$line" || "$line" == \#* ]] && continue
    ENV_VARS+=("$line")
  done <"$1"
}

# header_values SOURCE KEY: prints the text after each "// KEY: " line of SOURCE.
header_values() {
  sed -n "s|^// $2: ||p" "$1"
}

# drop_notices IN OUT: copies IN to OUT without the kernel's "runikraft: "
# lines, byte for byte otherwise (sed keeps a missing final newline missing).
drop_notices() {
  LC_ALL=C sed '/^runikraft: /d' "$1" >"$2"
}

# build_rk SOURCE IMAGE: compiles one C file into a Runikraft image.
build_rk() {
  mkdir -p "$(dirname "$2")"
  "$CC_RK" -O2 -Wall -o "$2" "$1"
}

# run_rk IMAGE STDIN OUT ERR [NAME=VALUE...] -- [ARG...]: boots IMAGE with the
# environment and arguments given, stdin from the file STDIN, console output
# to OUT and the launcher's own messages to ERR. Returns the program's status.
run_rk() {
  local image=$1 stdin=$2 out=$3 err=$4
  shift 4
  local env_opts=()
  while [ $# -gt 0 ] && [ "$1" != -- ]; do
    env_opts+=(--env "$1")
    shift
  done
  shift
  "$RUN_RK" run "$image" --timeout "$TIMEOUT" "${RK_OPTIONS[@]}" "${env_opts[@]}" -- "$@" \
    <"$stdin" >"$out" 2>"$err"
}

# run_linux BINARY ARGV0 STDIN OUT [NAME=VALUE...] -- [ARG...]: runs BINARY
# under qemu-riscv64 with exactly the environment given.
run_linux() {
  local bin=$1 argv0=$2 stdin=$3 out=$4
  shift 4
  local vars=()
  while [ "$1" != -- ]; do
    vars+=("$1")
    shift
  done
  shift
  timeout "$TIMEOUT" env -i "${vars[@]}" qemu-riscv64 -0 "$argv0" "$bin" "$@" \
    <"$stdin" >"$out" 2>&1
}

# match_lines PATTERNS CONSOLE: each console line must match, as a whole,
# the extended regular expression on the same line of PATTERNS, and there
# must be as many lines as patterns; prints the first mismatch.
match_lines() {
  local -a patterns lines
  mapfile -t patterns <"$1"
  mapfile -t lines <"$2"
  local i
  for i in "${!patterns[@]}"; do
    if [ "$i" -ge ${#lines[@]} ]; then
      printf 'line %d: missing, expected /%s/\n' $((i + 1)) "${patterns[$i]}"
      return 1
    fi
    if ! grep -Eqx -- "${patterns[$i]}" <<<"${lines[$i]}"; then
      printf 'line %d: %s\n  expected /%s/\n' $((i + 1)) "${lines[$i]}" "${patterns[$i]}"
      return 1
    fi
  done
  if [ ${#lines[@]} -gt ${#patterns[@]} ]; then
    printf 'line %d: unexpected: %s\n' $((${#patterns[@]} + 1)) "${lines[${#patterns[@]}]}"
    return 1
  fi
}
