# zlib: its own configure script (not autoconf) and Makefile.
# shellcheck shell=bash disable=SC2034
PACKAGE=zlib
PATCHES=debian
PROGRAMS=(minigzip example)

# Test input for decompression, made by the host's gzip.
prepare() {
  gzip -9nc ChangeLog >ChangeLog.gz
}

build() {
  CC=$CC ./configure --static
  make minigzip example
}

cases() {
  world_case "example (in memory and through a file)" example
  world_case "compress" --stdin ChangeLog minigzip
  world_case "compress -1" --stdin ChangeLog minigzip -1
  world_case "compress -9" --stdin zlib.h minigzip -9
  world_case "decompress gzip's output" --stdin ChangeLog.gz --expect ChangeLog minigzip -d
  world_case "decompress garbage" --stdin README minigzip -d

  # minigzip FILE writes FILE.gz beside FILE and removes FILE; -d undoes it.
  # On each storage kind: compress, decompress that in the next boot (the 9p
  # folder or disk image the first left), decompress gzip's output; the
  # folders are compared with Linux's and checked with the host's gzip. The
  # tmpfs root ends with the VM, so there -c prints what was read and written.
  local kind
  for kind in tmpfs 9p disk; do
    world_case "compress a file on $kind" --storage $kind --seed ChangeLog \
      --check holds_changelog_gz minigzip @DIR@/ChangeLog
    if [ $kind != tmpfs ]; then
      world_case "decompress it in the next boot on $kind" --storage $kind --continue \
        --check holds_changelog minigzip -d @DIR@/ChangeLog.gz
    fi
    world_case "decompress gzip's output on $kind" --storage $kind --seed ChangeLog.gz \
      --check holds_changelog minigzip -d @DIR@/ChangeLog.gz
  done
  world_case "compress a tmpfs file to stdout" --storage tmpfs --seed ChangeLog \
    --check prints_changelog_gz minigzip -c @DIR@/ChangeLog
  world_case "decompress a tmpfs file to stdout" --storage tmpfs --seed ChangeLog.gz \
    --expect ChangeLog minigzip -d -c @DIR@/ChangeLog.gz
}

# Checks for the storage cases: FOLDER (empty for tmpfs) and OUTPUT after the
# run, in the source tree.
holds_changelog_gz() {
  [ -z "$1" ] && return
  [ ! -e "$1/ChangeLog" ] && gzip -dc "$1/ChangeLog.gz" | cmp -s - ChangeLog
}

holds_changelog() {
  [ -z "$1" ] && return
  [ ! -e "$1/ChangeLog.gz" ] && cmp -s "$1/ChangeLog" ChangeLog
}

prints_changelog_gz() {
  gzip -dc "$2" | cmp -s - ChangeLog
}
