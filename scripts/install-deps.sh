#!/usr/bin/env bash
# Installs the Debian packages Runikraft needs, and a deb-src entry so that
# `apt-get source musl` works. Idempotent: does nothing when all are present.
set -euo pipefail

packages=(
  qemu-system-misc          # qemu-system-riscv64, the machine images boot on
  opensbi                   # firmware qemu's `-bios default` loads
  qemu-user                 # qemu-riscv64, runs the Linux oracle binaries
  libgcc-12-dev-riscv64-cross   # libgcc.a: the compiler runtime (128-bit ops)
  linux-libc-dev-riscv64-cross  # Linux UAPI headers for riscv64
  dpkg-dev                  # apt-get source unpacks with dpkg-source
  device-tree-compiler      # dtc, to read the FDT qemu generates
  gdb-multiarch             # runikraft run --gdb attaches it; tests/tooling drives it
  autotools-dev             # config.sub/config.guess that know riscv64-unknown-linux-musl
  pkgconf                   # runikraft-pkg-config runs it
  e2fsprogs                 # mke2fs -d for `runikraft mkfs`; e2fsck/debugfs check disk images
  make
  # The world suite builds Debian source packages with their own build
  # systems; tests/tooling builds a small autoconf and a small CMake project.
  autoconf automake libtool # autoreconf, for packages shipped without configure
  cmake                     # CMake projects
  gzip                      # test input for zlib
  python3                   # the host fuzzers' seeds (Fuzz/*.py, Fuzz/seeds.sh)
)

asroot() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

have_debsrc() {
  grep -qsE '^[[:space:]]*deb-src[[:space:]]' /etc/apt/sources.list /etc/apt/sources.list.d/*.list ||
  grep -qsiE '^Types:.*deb-src' /etc/apt/sources.list.d/*.sources
}

missing=()
for p in "${packages[@]}"; do
  [ "$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)" = "install ok installed" ] || missing+=("$p")
done

updated=0
if ! have_debsrc; then
  suite=$(. /etc/os-release && echo "${VERSION_CODENAME:-bookworm}")
  echo "runikraft: adding a deb-src entry for $suite main" >&2
  asroot tee /etc/apt/sources.list.d/runikraft-src.sources >/dev/null <<SRC
Types: deb-src
URIs: http://deb.debian.org/debian
Suites: $suite
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
SRC
  asroot apt-get update -q; updated=1
fi

if [ ${#missing[@]} -gt 0 ]; then
  echo "runikraft: installing ${missing[*]}" >&2
  [ $updated = 1 ] || asroot apt-get update -q
  DEBIAN_FRONTEND=noninteractive asroot apt-get install -y -q --no-install-recommends "${missing[@]}"
fi
