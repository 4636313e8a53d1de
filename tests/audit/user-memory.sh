#!/usr/bin/env bash
# The user-memory audit: no kernel source reaches memory through a pointer
# it made from an integer, except the files and modules listed below, whose
# job that is. A syscall's arguments are integers, so a handler can touch
# the program's memory only by making a pointer from one; with that confined
# to Sources/KernelPosix/UserMemory.swift, every program pointer is checked
# there, readable for what a call reads and writable for what it writes
# (docs/architecture.md, decision 47).
#
#   make test-audit                 the tree, then the audit's own check
#   tests/audit/user-memory.sh [--self-test] [SOURCES]
#
# What counts as making a pointer from an integer, in Swift:
#   <Pointer type>(bitPattern: ...)     UnsafeRawPointer(bitPattern:), UnsafeMutablePointer<T>(bitPattern:), ...
#   unsafeBitCast(...)                  may turn an integer into any pointer
# C and assembly can do it anywhere, so they may live only in the modules
# allowed to (.c, .h, .S files elsewhere fail the audit).
#
# The kernel's modules are those mk/kernel.mk compiles (KERNEL_MODULES) and
# the C modules (CMMIO); host-only code (the tool) is not audited.
#
# --self-test plants one violation (a handler reading a program address
# itself) in a copy of the sources and fails unless the audit catches it.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/../.." && pwd)

# Allowed: a module (directory) or one file, and why.
ALLOWED=(
  "KernelPosix/UserMemory.swift|the program's memory: every pointer a syscall passes, checked readable or writable"
  "KernelArch|the arch layer: trap frames and trap stacks at the addresses CSRs hold, linker-script symbols, code addresses"
  "CMMIO|MMIO: device registers at the addresses the device tree names"
  "PageTables|page tables: table frames at the physical addresses entries hold"
  "KernelMemory|physical pages, the address space, demand-zero memory and the system allocator: they hand memory out, so they make it from addresses"
  "Allocators|the malloc policy: chunk headers at computed addresses inside the pages it manages"
  "KernelBoot/Boot.swift|boot: the device tree and the initrd, left by the firmware at physical addresses"
  "KernelBoot/ProgramStart.swift|program start: the program's main, called through its linker symbol"
  "LinuxABI/InitialStack.swift|the initial stack (argv, envp, auxv), laid out in the pages boot reserved before the program runs"
)
# Not allowed, though they deal in device memory: the virtio drivers
# (KernelVirtio, Virtio) and the board (KernelPlatform) get their rings and
# buffers from the allocator as pointers and reach registers through CMMIO.

PATTERN='Pointer(<[^>]*>)?\(bitPattern:|unsafeBitCast\('

allowed() {
  local relative=$1 entry path
  for entry in "${ALLOWED[@]}"; do
    path=${entry%%|*}
    if [ "$relative" = "$path" ] || [[ "$relative" == "$path"/* ]]; then return 0; fi
  done
  return 1
}

# audit SOURCES: prints each violation; fails when there is one.
audit() {
  local sources=$1 modules module file relative found=0
  modules=$(sed -n '/^KERNEL_MODULES *:=/,/[^\\]$/p' "$ROOT/mk/kernel.mk" | sed 's/^KERNEL_MODULES *:=//; s/\\//g')
  [ -n "$modules" ] || { echo "user-memory audit: no KERNEL_MODULES in mk/kernel.mk" >&2; return 2; }
  for module in $modules CMMIO; do
    [ -d "$sources/$module" ] || { echo "user-memory audit: no module $module in $sources" >&2; return 2; }
    while IFS= read -r file; do
      relative=${file#"$sources"/}
      allowed "$relative" && continue
      case $file in
        *.swift)
          # Comment lines do not count.
          if grep -nE "$PATTERN" "$file" | grep -vE '^[0-9]+:[[:space:]]*//' >"$file.audit.$$"; then
            sed "s|^|$relative:|; s|\$|   <- a pointer made from an integer|" "$file.audit.$$"
            found=1
          fi
          rm -f "$file.audit.$$" ;;
        *.c | *.h | *.S)
          echo "$relative: C or assembly outside the modules allowed to make pointers from integers"
          found=1 ;;
      esac
    done < <(find "$sources/$module" -type f \( -name '*.swift' -o -name '*.c' -o -name '*.h' -o -name '*.S' \) | sort)
  done
  return $found
}

if [ "${1:-}" = --self-test ]; then
  copy=$(mktemp -d)
  trap 'rm -rf "$copy"' EXIT
  cp -a "$ROOT/Sources/." "$copy/"
  # A handler that reads the program's buffer itself, as fstat once did.
  printf '\nfunc plantedViolation(_ address: Int) -> UInt8 { UnsafePointer<UInt8>(bitPattern: address)!.pointee }\n' \
    >>"$copy/KernelPosix/FileSyscalls.swift"
  if audit "$copy" >"$copy/report"; then
    echo "FAIL user-memory audit self-test: a planted violation went unnoticed"
    exit 1
  fi
  if ! grep -q '^KernelPosix/FileSyscalls.swift:.*plantedViolation' "$copy/report"; then
    echo "FAIL user-memory audit self-test: the report does not name the planted line"
    cat "$copy/report"
    exit 1
  fi
  echo "ok   user-memory audit self-test (a planted violation is reported)"
  exit 0
fi

if audit "${1:-$ROOT/Sources}"; then
  echo "ok   user-memory audit: no pointer made from an integer outside UserMemory.swift and the ${#ALLOWED[@]} places listed"
else
  echo "FAIL user-memory audit: program memory only through UserMemory (tests/audit/user-memory.sh lists what is allowed)"
  exit 1
fi
