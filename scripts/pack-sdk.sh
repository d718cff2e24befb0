#!/usr/bin/env bash
# Packs the host packages with `npm pack` (nothing is published): web/sdk (@flowkit/embed) and
# web/react (@flowkit/react) into OUT_DIR (default build/npm), as
# flowkit-embed-<version>.tgz and flowkit-react-<version>.tgz. Prints one tarball path a line.
# Also checks that web/sdk/flowkit-embed.d.ts (the older name the sandbox serves) still equals
# flowkit-embed.d.mts. Used by tests/e2e/react_sdk.spec.mjs; needs only node and npm.
#
#   bash scripts/pack-sdk.sh [OUT_DIR]
set -euo pipefail
REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
OUT=${1:-$REPO/build/npm}
mkdir -p "$OUT"
OUT=$(cd "$OUT" && pwd)

if ! cmp -s "$REPO/web/sdk/flowkit-embed.d.ts" "$REPO/web/sdk/flowkit-embed.d.mts"; then
  echo "pack-sdk: web/sdk/flowkit-embed.d.ts differs from flowkit-embed.d.mts (keep them the same file:" \
    "cp web/sdk/flowkit-embed.d.mts web/sdk/flowkit-embed.d.ts)" >&2
  exit 1
fi

for pkg in sdk react; do
  # --json: the file name npm chose (a scoped name becomes flowkit-<name>-<version>.tgz).
  name=$(cd "$REPO/web/$pkg" && npm pack --json --silent --pack-destination "$OUT" \
    | node -e 'let s="";process.stdin.on("data",(d)=>s+=d).on("end",()=>console.log(JSON.parse(s)[0].filename))')
  echo "$OUT/$name"
done
