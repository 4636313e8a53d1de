# json-c: a CMake project (built with its own DISABLE_WERROR option: clang
# 21 warns about old-style prototypes that the gcc json-c was made with
# does not). Its tests print their results, and the source
# holds the expected output of each (tests/NAME.expected).
# shellcheck shell=bash disable=SC2034
PACKAGE=json-c
PATCHES=debian
# Left out: test_set_value and test_visit write to stderr between lines of
# stdout, and one console carries both, so the interleaving differs from a
# run with stdout to a pipe; test_util_file reads its inputs from a folder
# named on its command line, which differs between the two systems.
OUTPUT_TESTS=(test1 test2 test4 testReplaceExisting test_cast test_charcase test_compare
  test_deep_copy test_double_serializer test_float test_int_add test_locale test_null
  test_parse test_parse_int64 test_printbuf test_set_serializer test_object_iterator
  test_json_pointer)
PROGRAMS=("${OUTPUT_TESTS[@]/#/build/tests/}" build/tests/test1Formatted build/tests/test_strerror)

# On Runikraft, the sysroot's toolchain file, as a user would build; the
# Linux oracle names the same target by hand.
build() {
  local target=(-DCMAKE_SYSTEM_NAME=Linux -DCMAKE_SYSTEM_PROCESSOR=riscv64 -DCMAKE_C_COMPILER="$CC")
  if [ "$FLAVOR" = rk ]; then target=(-DCMAKE_TOOLCHAIN_FILE="$RK_CMAKE_TOOLCHAIN"); fi
  cmake -S . -B build "${target[@]}" -DBUILD_SHARED_LIBS=OFF -DBUILD_TESTING=ON -DDISABLE_WERROR=ON
  make -C build -j2
}

cases() {
  local test
  for test in "${OUTPUT_TESTS[@]}"; do
    world_case "$test" --expect "tests/$test.expected" "$test"
  done
  world_case "test1Formatted pretty" --expect tests/test1Formatted_pretty.expected \
    test1Formatted pretty
  # The expected output holds glibc's message for an unknown errno; musl's
  # differs, so this one is compared with Linux only.
  world_case test_strerror test_strerror
}
