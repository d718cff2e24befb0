#!/usr/bin/env bash
# Configures and builds what the two commands need: native (debug: sandbox, harness, tests),
# wasm (release: the widget) and, with --asan, the unit and UI tests under ASan + UBSan.
set -euo pipefail
cd "$(dirname "$0")/.."
export NODE_PATH=/usr/share/nodejs   # emcc needs Debian's node modules (acorn)
JOBS=${JOBS:-$(nproc)}
asan=0; [ "${1:-}" = "--asan" ] && asan=1

step() { printf '\n== %s\n' "$*"; }
step "native build (sandbox, harness, tests)"
cmake --preset native-debug >/dev/null
cmake --build --preset native-debug -j"$JOBS"
step "wasm build (the widget)"
cmake --preset wasm-release >/dev/null
cmake --build --preset wasm-release -j"$JOBS"
if [ $asan = 1 ]; then
  step "ASan + UBSan build (unit and UI tests)"
  cmake --preset native-asan >/dev/null
  cmake --build --preset native-asan -j"$JOBS" --target unit_tests ui_tests
fi
