# wasi.cmake — toolchain file: clang-14 targeting wasm32-wasi against Debian's wasi-libc.
set(CMAKE_SYSTEM_NAME Generic)  # CMake has no WASI platform module; Generic plus the target triple suffices
set(CMAKE_SYSTEM_PROCESSOR wasm32)
set(CMAKE_C_COMPILER clang-14)
set(CMAKE_C_COMPILER_TARGET wasm32-wasi)
set(CMAKE_SYSROOT /usr)
set(CMAKE_TRY_COMPILE_TARGET_TYPE STATIC_LIBRARY)
set(HUB_WASI ON)
