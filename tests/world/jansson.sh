# Jansson: an autoconf/automake/libtool package. The source package holds
# configure.ac, not a generated configure, so it is generated first, as from
# a checkout. The checks are its own API test programs (`make check`'s
# check_PROGRAMS), built without running them, since they run in qemu.
# shellcheck shell=bash disable=SC2034
PACKAGE=jansson
PATCHES=debian
API_TESTS=(array chaos copy dump dump_callback equal fixed_size load load_callback
  loadb memory_funcs number object pack simple sprintf unpack version)
PROGRAMS=("${API_TESTS[@]/#/test/suites/api/test_}")

prepare() {
  autoreconf -fi
}

build() {
  ./configure --host="$HOST" CC="$CC" --disable-shared
  make
  make -C test/suites/api check TESTS=
}

cases() {
  local test
  for test in "${API_TESTS[@]}"; do
    world_case "$test" "test_$test"
  done
}
