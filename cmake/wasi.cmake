# wasi.cmake — toolchain file: clang-14 targeting wasm32-wasi against Debian's wasi-libc.
set(CMAKE_SYSTEM_NAME Generic)  # CMake has no WASI platform module; Generic plus the target triple suffices
set(CMAKE_SYSTEM_PROCESSOR wasm32)
set(CMAKE_C_COMPILER clang-14)
set(CMAKE_C_COMPILER_TARGET wasm32-wasi)
set(CMAKE_SYSROOT /usr)
set(CMAKE_TRY_COMPILE_TARGET_TYPE STATIC_LIBRARY)
set(HUB_WASI ON)
# wasm-ld's default stack is 64 KiB: too little for the evaluator's nesting limit (the emscripten
# build has 1 MiB too). The stack goes first, so that an overflow traps instead of silently
# overwriting static data.
set(CMAKE_EXE_LINKER_FLAGS_INIT "-Wl,-z,stack-size=1048576 -Wl,--stack-first")
