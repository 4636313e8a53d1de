# CMake toolchain file for Runikraft images:
#
#   cmake -DCMAKE_TOOLCHAIN_FILE=<sysroot>/runikraft.cmake <source>
#
# It lies at the top of the installed sysroot (<tree>/sysroot/riscv64, in a
# checkout or under <prefix>/lib/runikraft), and finds the wrappers from
# there. Executables are Runikraft images; try_compile links one. try_run
# cannot run the result on the build machine, as in any cross build: set
# the answers in the cache, or run images with `runikraft run`.

set(CMAKE_SYSTEM_NAME Linux)
set(CMAKE_SYSTEM_PROCESSOR riscv64)

get_filename_component(RUNIKRAFT_SYSROOT "${CMAKE_CURRENT_LIST_DIR}" ABSOLUTE)
get_filename_component(_runikraft_tree "${RUNIKRAFT_SYSROOT}/../.." ABSOLUTE)
set(_runikraft_wrappers "${_runikraft_tree}/wrappers")

set(CMAKE_C_COMPILER "${_runikraft_wrappers}/runikraft-cc")
# C++ fails at once with one line (no C++ runtime); projects that need it stop there.
set(CMAKE_CXX_COMPILER "${_runikraft_wrappers}/runikraft-c++")
set(CMAKE_ASM_COMPILER "${_runikraft_wrappers}/runikraft-cc")
set(CMAKE_AR "${_runikraft_wrappers}/runikraft-ar" CACHE FILEPATH "Archiver")
set(CMAKE_RANLIB "${_runikraft_wrappers}/runikraft-ranlib" CACHE FILEPATH "Ranlib")
set(CMAKE_STRIP "${_runikraft_wrappers}/runikraft-strip" CACHE FILEPATH "Strip")
set(CMAKE_OBJCOPY "${_runikraft_wrappers}/runikraft-objcopy" CACHE FILEPATH "Objcopy")
set(CMAKE_NM "${_runikraft_wrappers}/runikraft-nm" CACHE FILEPATH "Nm")
set(PKG_CONFIG_EXECUTABLE "${_runikraft_wrappers}/runikraft-pkg-config" CACHE FILEPATH "pkg-config")

# Libraries, headers and packages come from the sysroot only; programs
# (code generators, interpreters) from the build machine.
set(CMAKE_FIND_ROOT_PATH "${RUNIKRAFT_SYSROOT}")
set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)
set(CMAKE_FIND_ROOT_PATH_MODE_LIBRARY ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_INCLUDE ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_PACKAGE ONLY)

# Images are static: there are no shared libraries to build or find.
set_property(GLOBAL PROPERTY TARGET_SUPPORTS_SHARED_LIBS FALSE)
set(CMAKE_FIND_LIBRARY_SUFFIXES .a)
