#!/usr/bin/env bash
# Usage: musl-check-libc.sh LIBC_A LIBGCC_A
#
# Checks Runikraft's musl archive before it is installed:
#  - no `ecall`: from S-mode it traps to the SBI firmware, not to our kernel,
#    so every system call must go through __rk_syscall;
#  - no allocator: the kernel archive defines malloc and friends, and a second
#    definition in libc.a would either clash or silently win;
#  - nothing else imported: every symbol libc.a needs and does not define
#    comes from libgcc.a or is part of the kernel contract below.
# Prints nothing when all hold; otherwise names the offenders and fails.
set -euo pipefail

lib=$1
libgcc=$2
status=0

allocator=(malloc calloc realloc free aligned_alloc posix_memalign memalign malloc_usable_size)
kernel=(__rk_syscall __rk_clone __rk_unmapself "${allocator[@]}")

fail() { echo "musl-check-libc: $lib $1" >&2; sed 's/^/  /' >&2; status=1; }
defined() { llvm-nm -g --defined-only -j "$1" 2>/dev/null | grep -v -e ':$' -e '^$' | sort -u; }
lines() { printf '%s\n' "$@" | sort -u; }

# The disassembly names each member ("<path>(member.o):  file format ...")
# and then lists one instruction per line ("<offset>:  <mnemonic> ...").
ecalls=$(llvm-objdump -d --no-show-raw-insn "$lib" | awk '
  /file format/   { member = $1; sub(/:$/, "", member) }
  $2 == "ecall"   { print member }' | sort -u)
[ -z "$ecalls" ] || fail "still issues ecall in:" <<<"$ecalls"

libc_defs=$(defined "$lib")
own_allocator=$(comm -12 <(lines "${allocator[@]}") <(echo "$libc_defs"))
[ -z "$own_allocator" ] || fail "defines allocator functions the kernel provides:" <<<"$own_allocator"

# Weak references (w) may stay undefined; strong ones (U) must resolve.
imports=$(llvm-nm "$lib" | awk '$1 == "U" { print $2 }' | sort -u |
  comm -23 - <(echo "$libc_defs") | comm -23 - <(defined "$libgcc") |
  comm -23 - <(lines "${kernel[@]}"))
[ -z "$imports" ] || fail "needs symbols that neither libgcc.a nor the kernel contract defines:" <<<"$imports"

exit $status
