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
}
