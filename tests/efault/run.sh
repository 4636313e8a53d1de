#!/usr/bin/env bash
# The EFAULT differential test: tests/efault/generate.py writes one C program
# from the kernel's syscall table into $BUILD/tests/efault/src (never into
# the source tree), and the differential harness (tests/diff/run.sh) builds
# it for Runikraft and for Linux, runs both and compares what they print.
#
#   make test-efault
#
# What is called, with which bad pointers, and what is left out and why:
# tests/efault/generate.py.
set -euo pipefail
# shellcheck source=tests/lib.sh
source "$(dirname "$0")/../lib.sh"

src=$BUILD/tests/efault/src
python3 "$ROOT/tests/efault/generate.py" "$src/efault.c"
DIFF_DIR=$src DIFF_OUT=$BUILD/tests/efault exec "$ROOT/tests/diff/run.sh" efault
