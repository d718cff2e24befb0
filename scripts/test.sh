#!/usr/bin/env bash
# Command 2: installs what is missing, builds, and runs every test tier:
#   unit + ui (also under ASan + UBSan), api (real sandbox over HTTP),
#   e2e (flowkit-harness and headless Chromium against a real sandbox).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
bash scripts/build.sh --asan
echo; echo "== tests (native-debug: unit, ui, api, e2e)"
status=0
ctest --preset native-debug -j2 || status=1
echo; echo "== tests under ASan + UBSan (unit, ui)"
ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 ctest --preset native-asan || status=1
exit $status
