# Lua 5.4: a plain Makefile (src/Makefile, `make linux`). Debian's patches
# turn that Makefile into a libtool build of shared libraries and a C++
# variant for Debian's own packaging, so the upstream release in the source
# package is built, as a user of the Lua tarball would build it.
# shellcheck shell=bash disable=SC2034
PACKAGE=lua5.4
PATCHES=upstream
PROGRAMS=(src/lua src/luac)

build() {
  make linux CC="$CC"
}

cases() {
  world_case "language and libraries" --stdin "$WORLD_DIR/lua5.4.lua" src/lua -
  world_case "script arguments" src/lua -e 'print(#arg, arg[0], ...)' x 'y z'
  world_case "runtime error" src/lua -e 'local t = nil; return t.x'
  world_case "os.exit status" src/lua -e 'os.exit(7)'
  world_case "luac syntax check" --stdin "$WORLD_DIR/lua5.4.lua" src/luac -p -
  world_case "luac syntax error" --stdin "$WORLD_DIR/lua5.4.bad" src/luac -p -

  # tests/world/lua5.4-files.lua, read from stdin, works in a folder seeded
  # with README and doc/ on each storage kind; the harness compares its
  # output and the files it leaves (but on tmpfs, gone with the VM).
  local kind
  for kind in tmpfs 9p disk; do
    world_case "files on $kind" --stdin "$WORLD_DIR/lua5.4-files.lua" \
      --storage $kind --seed README --seed doc src/lua - @DIR@
  done
}
