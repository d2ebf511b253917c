# cmake/macos.cmake - cross-build the suite for macOS with `zig cc`, which
# carries Apple's libc headers, so the Apple branches of CMakeLists.txt and
# of the programs (#ifdef TCP_KEEPALIVE...) are compiled and linked into
# Mach-O binaries on a Linux machine. Nothing built here runs on Linux.
#
#   cmake -S . -B build-macos-aarch64 --toolchain cmake/macos.cmake \
#         -DSOCK_MACOS_ARCH=aarch64 -DZIG=/path/to/zig -DSOCK_WERROR=ON
#
# SOCK_MACOS_ARCH: aarch64 (Apple silicon, the default) or x86_64 (Intel).
# ZIG: the zig binary (default: $ZIG, else zig on PATH); scripts/test --macos
# installs the pinned one from tools/zig/package-lock.json.
set(CMAKE_SYSTEM_NAME Darwin)
if(NOT SOCK_MACOS_ARCH)
  set(SOCK_MACOS_ARCH aarch64)
endif()
if(SOCK_MACOS_ARCH STREQUAL "aarch64")
  set(CMAKE_SYSTEM_PROCESSOR arm64)
elseif(SOCK_MACOS_ARCH STREQUAL "x86_64")
  set(CMAKE_SYSTEM_PROCESSOR x86_64)
else()
  message(FATAL_ERROR "SOCK_MACOS_ARCH must be aarch64 or x86_64, not '${SOCK_MACOS_ARCH}'")
endif()
if(NOT ZIG AND DEFINED ENV{ZIG})
  set(ZIG "$ENV{ZIG}")
endif()
find_program(ZIG zig)
if(NOT ZIG)
  message(FATAL_ERROR "cmake/macos.cmake needs zig: -DZIG=/path/to/zig, or run scripts/test --macos")
endif()
# The same values in CMake's own trial builds (try_compile).
list(APPEND CMAKE_TRY_COMPILE_PLATFORM_VARIABLES SOCK_MACOS_ARCH ZIG)

# The compiler: a two-line wrapper around `zig cc -target ARCH-macos`, written
# into the build directory (CMake wants one program as the compiler). `zig ar`
# and `zig ranlib` archive lib/ for the Mach-O linker.
set(_zig_cc "${CMAKE_BINARY_DIR}/zig-cc-${SOCK_MACOS_ARCH}-macos")
file(CONFIGURE OUTPUT "${_zig_cc}" @ONLY CONTENT
"#!/bin/sh\nexec '@ZIG@' cc -target @SOCK_MACOS_ARCH@-macos \"$@\"\n")
file(CHMOD "${_zig_cc}" PERMISSIONS OWNER_READ OWNER_WRITE OWNER_EXECUTE
     GROUP_READ GROUP_EXECUTE WORLD_READ WORLD_EXECUTE)
set(CMAKE_C_COMPILER "${_zig_cc}")
foreach(tool ar ranlib)
  set(_zig_tool "${CMAKE_BINARY_DIR}/zig-${tool}")
  file(CONFIGURE OUTPUT "${_zig_tool}" @ONLY CONTENT
  "#!/bin/sh\nexec '@ZIG@' @tool@ \"$@\"\n")
  file(CHMOD "${_zig_tool}" PERMISSIONS OWNER_READ OWNER_WRITE OWNER_EXECUTE
       GROUP_READ GROUP_EXECUTE WORLD_READ WORLD_EXECUTE)
endforeach()
set(CMAKE_AR "${CMAKE_BINARY_DIR}/zig-ar" CACHE FILEPATH "archiver")
set(CMAKE_RANLIB "${CMAKE_BINARY_DIR}/zig-ranlib" CACHE FILEPATH "ranlib")
# Search the target's (zig's) headers and libraries, but the host's programs.
set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)
