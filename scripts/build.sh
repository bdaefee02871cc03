#!/usr/bin/env bash
# build.sh — builds the core for the given targets (default: all) from the one CMakeLists:
#   native  gcc, Release: C tests and the native CLI        (build/native)
#   asan    gcc, ASan+UBSan: the same tests, sanitized     (build/asan)
#   fuzz    clang-14, libFuzzer targets                    (build/fuzz)
#   wasm    emscripten: web/dist/embedhub-core.{mjs,wasm}  (build/wasm)
#   wasi    clang-14 wasm32-wasi: web/dist/embedhub-cli.wasm (build/wasi)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"

targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(native asan fuzz wasm wasi)
jobs=$(nproc 2>/dev/null || echo 2)

configure() { # dir, then cmake arguments
    local dir=$1; shift
    [ -f "$dir/CMakeCache.txt" ] || "$@" -S . -B "$dir" >"$dir.configure.log" 2>&1 || {
        cat "$dir.configure.log" >&2; rm -rf "$dir"; exit 1; }
}

mkdir -p build
for t in "${targets[@]}"; do
    case "$t" in
    native) configure build/native cmake -DCMAKE_BUILD_TYPE=Release ;;
    asan)   configure build/asan cmake -DCMAKE_BUILD_TYPE=Debug -DHUB_SANITIZE=ON ;;
    fuzz)   configure build/fuzz cmake -DCMAKE_BUILD_TYPE=Debug -DCMAKE_C_COMPILER=clang-14 -DHUB_FUZZ=ON ;;
    # Debian's emscripten needs Node to find acorn for its optimiser (toolchain notes, pitfall 1).
    wasm)   export NODE_PATH=/usr/share/nodejs
            configure build/wasm emcmake cmake -DCMAKE_BUILD_TYPE=Release ;;
    wasi)   configure build/wasi cmake -DCMAKE_TOOLCHAIN_FILE=cmake/wasi.cmake -DCMAKE_BUILD_TYPE=MinSizeRel ;;
    *) echo "build.sh: unknown target '$t' (native asan fuzz wasm wasi)" >&2; exit 2 ;;
    esac
    cmake --build "build/$t" -j "$jobs" >"build/$t.build.log" 2>&1 || { cat "build/$t.build.log" >&2; exit 1; }
    if [ "$t" = wasm ]; then node scripts/bundle.mjs >/dev/null; fi  # the single-file embed beside the core (issue 14)
done
