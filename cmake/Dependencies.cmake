# Third-party dependencies, all from Debian's packages (tools/install_deps.sh installs them).
find_package(PkgConfig REQUIRED)
find_package(absl REQUIRED)
find_package(yaml-cpp REQUIRED)
find_package(ZLIB REQUIRED)
find_package(Threads REQUIRED)
pkg_check_modules(LIBBPF REQUIRED IMPORTED_TARGET libbpf)

# LLVM 19's package config refuses "19" (it wants 19.1): point at Debian's directory instead.
find_package(LLVM REQUIRED CONFIG PATHS /usr/lib/llvm-19/lib/cmake/llvm NO_DEFAULT_PATH)

if(PEREGRINE_BUILD_TESTS OR PEREGRINE_FUZZ)
  find_package(GTest REQUIRED)
endif()
if(PEREGRINE_BUILD_BENCH)
  find_package(benchmark REQUIRED)
endif()
