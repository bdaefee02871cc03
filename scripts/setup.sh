#!/usr/bin/env bash
# setup.sh — brings a Debian bookworm machine to a working state for embedhub; idempotent, quiet
# when nothing is missing. Installs only Debian and npm packages (nothing else is downloaded).
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"

say() { printf 'setup: %s\n' "$*" >&2; }
die() { printf 'setup: error: %s\n' "$*" >&2; exit 1; }

# Reads `key = "value"` (or a bare number) from section [sec] of emsdk.toml.
pin() {
    awk -v sec="[$1]" -v key="$2" '
        /^\[/ { in_sec = ($0 == sec) }
        in_sec && $1 == key { sub(/^[^=]*=[ \t]*/, ""); sub(/[ \t]*#.*$/, ""); gsub(/"/, ""); print; exit }
    ' emsdk.toml
}

as_root() {
    if [ "$(id -u)" = 0 ]; then "$@"
    elif command -v sudo >/dev/null; then sudo "$@"
    else die "need root to run: $*  (run this script as root, or install sudo)"; fi
}

clang_v=$(pin clang version)
packages=(
    cmake make gcc patch "clang-$clang_v" "libclang-rt-$clang_v-dev"
    "$(pin emscripten package)" "$(pin binaryen package)" libcjson-dev
    wasi-libc "libclang-rt-$clang_v-dev-wasm32" unicode-data
    chromium fonts-dejavu-core
    # The hub server's second engine (issue 11): scripts/pg.sh runs throwaway clusters from it.
    # Debian's package may create its own cluster 15/main on port 5432; nothing here uses it.
    postgresql-15
)

# ---- Debian packages ---------------------------------------------------------------------------
missing=()
for p in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
    say "installing Debian packages: ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    as_root apt-get update -qq
    # Chromium with recommends pulls in systemd upgrades: never install recommends.
    as_root apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# ---- versions against the pins ------------------------------------------------------------------
want_em=$(pin emscripten version)
have_em=$(emcc --version 2>/dev/null | head -n1 | grep -oE '[0-9]+\.[0-9]+\.[0-9]+' | head -n1 || true)
[ "$have_em" = "$want_em" ] || die "emscripten $want_em is pinned in emsdk.toml, but emcc reports '${have_em:-nothing}'.
  Debian bookworm ships $want_em as the 'emscripten' package: apt-get install --reinstall emscripten"
want_bin=$(pin binaryen version)
have_bin=$(wasm-opt --version 2>/dev/null | grep -oE '[0-9]+' | head -n1 || true)
[ "$have_bin" = "$want_bin" ] || die "binaryen $want_bin is pinned in emsdk.toml, but wasm-opt reports '${have_bin:-nothing}'"
want_node=$(pin node major)
have_node=$(node -p 'process.versions.node.split(".")[0]')
[ "$have_node" = "$want_node" ] || die "Node $want_node is required, found Node $(node --version)"

# ---- cJSON's Debian source package (never committed; CMake unpacks and patches it) -------------
want_cj=$(pin cjson version)
cj_dir="$root/.deps/cjson"
if ! ls "$cj_dir"/cjson_"$want_cj".orig.tar.gz >/dev/null 2>&1 || ! ls "$cj_dir"/cjson_"$want_cj"-*.debian.tar.xz >/dev/null 2>&1; then
    say "fetching cJSON $want_cj source package (Debian)"
    # A deb-src twin of the Debian entries, present only for this call.
    if [ -f /etc/apt/sources.list.d/debian.sources ]; then
        list=/etc/apt/sources.list.d/embedhub-deb-src.sources
        as_root sh -c "sed 's/^Types: deb\$/Types: deb-src/' /etc/apt/sources.list.d/debian.sources > $list"
    else
        list=/etc/apt/sources.list.d/embedhub-deb-src.list
        as_root sh -c "sed -n 's/^deb /deb-src /p' /etc/apt/sources.list > $list"
    fi
    trap 'as_root rm -f '"$list" EXIT
    as_root apt-get update -qq
    mkdir -p "$cj_dir"
    src_pkg=$(pin cjson source-package)
    (cd "$cj_dir" && rm -f cjson_* && apt-get source --download-only -qq "$src_pkg" >/dev/null 2>&1) ||
        die "apt-get source $src_pkg failed (is Debian's deb-src archive reachable?)"
    as_root rm -f "$list"
    trap - EXIT
    ls "$cj_dir"/cjson_"$want_cj".orig.tar.gz >/dev/null 2>&1 ||
        die "Debian's cjson source is not version $want_cj (pinned in emsdk.toml): $(ls "$cj_dir")"
fi

# ---- npm dependencies -----------------------------------------------------------------------------
# better-sqlite3 builds from source: point node-gyp at the installed headers so it downloads nothing.
export npm_config_nodedir=/usr
if [ ! -f node_modules/.package-lock.json ] || [ package.json -nt node_modules/.package-lock.json ] ||
   { [ -f package-lock.json ] && [ package-lock.json -nt node_modules/.package-lock.json ]; }; then
    say "installing npm dependencies"
    if [ -f package-lock.json ]; then npm ci --no-audit --no-fund --loglevel=error >/dev/null
    else npm install --no-audit --no-fund --loglevel=error >/dev/null; fi
fi
