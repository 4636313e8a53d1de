#!/usr/bin/env bash
# Builds each example as a user would, `make CC=runikraft-cc` in a clean copy
# of its directory, boots the image and checks its whole console output and
# its exit status.
#
#   tests/examples.sh
set -euo pipefail
# shellcheck source=tests/lib.sh
source "$(dirname "$0")/lib.sh"

OUT=$BUILD/tests/examples

# build_example NAME: builds a fresh copy of examples/NAME under $OUT.
build_example() {
  local name=$1 dir=$OUT/$1
  rm -rf "$dir"
  mkdir -p "$OUT"
  cp -R "$ROOT/examples/$name" "$dir"
  # The copy may carry a build made in the source tree: start from make clean.
  if make -C "$dir" clean >"$dir.build.log" 2>&1 &&
    make -C "$dir" CC="$CC_RK" >>"$dir.build.log" 2>&1; then
    pass "build $name"
  else
    fail "build $name" "make failed" "$dir.build.log"
    return 1
  fi
}

# expect LABEL IMAGE STATUS [NAME=VALUE...] -- [ARG...] <<<EXPECTED_OUTPUT
# Boots IMAGE with the environment and arguments given; its console output
# must equal the text on stdin and its exit status STATUS.
expect() {
  local label=$1 image=$2 expected_status=$3
  shift 3
  local dir
  dir=$OUT/run.$(printf '%s' "$label" | tr -c 'A-Za-z0-9' '_')
  mkdir -p "$dir"
  cat >"$dir/expected"

  local status=0
  run_rk "$image" /dev/null "$dir/console" "$dir/rk.err" "$@" || status=$?

  PROBLEMS=()
  if [ "$status" != "$expected_status" ]; then
    PROBLEMS+=("exit status $status, expected $expected_status")
  fi
  if ! diff -u --label expected --label runikraft "$dir/expected" "$dir/console" >"$dir/diff"; then
    PROBLEMS+=("console output differs")
  fi
  judge "$label" "$dir/diff" "$dir/rk.err"
}

test_hello() {
  build_example hello || return 0
  expect "hello" "$OUT/hello/hello" 0 -- <<'EOF'
Hello from Runikraft!
EOF
}

test_multi() {
  build_example multi || return 0
  local image=$OUT/multi/multi

  expect 'multi a "b c"' "$image" 2 -- a "b c" <<'EOF'
hello, stranger
argc = 3
argv[0] = "multi"
argv[1] = "a"
argv[2] = "b c"
MULTI_NAME is not set
MULTI_STATUS is not set
HOME is not set
exit status 2
EOF

  expect 'multi with MULTI_STATUS=7' "$image" 7 \
    MULTI_NAME=Runikraft MULTI_STATUS=7 HOME=/ -- x <<'EOF'
hello, Runikraft
argc = 2
argv[0] = "multi"
argv[1] = "x"
MULTI_NAME = "Runikraft"
MULTI_STATUS = "7"
HOME = "/"
environ[0] = "MULTI_NAME=Runikraft"
environ[1] = "MULTI_STATUS=7"
environ[2] = "HOME=/"
exit status 7
EOF

  expect 'multi with quoting' "$image" 3 'GREETING=say "hi"' -- "" 'say "hi"' 'back\slash' <<'EOF'
hello, stranger
argc = 4
argv[0] = "multi"
argv[1] = ""
argv[2] = "say \"hi\""
argv[3] = "back\\slash"
MULTI_NAME is not set
MULTI_STATUS is not set
HOME is not set
environ[0] = "GREETING=say \"hi\""
exit status 3
EOF

  expect 'multi with a bad MULTI_STATUS' "$image" 1 MULTI_STATUS=300 -- <<'EOF'
hello, stranger
argc = 1
argv[0] = "multi"
MULTI_NAME is not set
MULTI_STATUS = "300"
HOME is not set
environ[0] = "MULTI_STATUS=300"
MULTI_STATUS is not a number from 0 to 255
EOF
}

test_hello
test_multi
summary "example tests"
