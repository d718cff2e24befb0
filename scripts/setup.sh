#!/usr/bin/env bash
# Installs what flowkit needs on a Debian bookworm machine and fetches third-party sources
# into the cache (~/.cache/flowkit). Idempotent and quick the second time.
# Used by scripts/demo.sh and scripts/test.sh; safe to run alone.
set -euo pipefail
CACHE=${FLOWKIT_CACHE:-$HOME/.cache/flowkit}
mkdir -p "$CACHE"

APT_PKGS=(build-essential cmake ninja-build pkg-config git patch xz-utils dpkg-dev
  libcpp-httplib-dev nlohmann-json3-dev libsqlite3-dev sqlite3 libsodium-dev
  libphonenumber-dev libabsl-dev libprotobuf-dev libgtest-dev libglfw3-dev libgl-dev
  emscripten binaryen chromium fonts-inter python3-fonttools brotli
  protobuf-compiler unicode-data python3-six perl curl iso-codes)

missing=()
for p in "${APT_PKGS[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -q
  apt-get install -y -q --no-install-recommends "${missing[@]}"
fi

# Debian source packages (Dear ImGui; the libphonenumber chain for wasm) need a deb-src entry.
if ! grep -rqs '^Types: deb-src' /etc/apt/sources.list.d/ 2>/dev/null; then
  cat > /etc/apt/sources.list.d/flowkit-src.sources <<SRC
Types: deb-src
URIs: http://deb.debian.org/debian
Suites: bookworm
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
SRC
  apt-get update -q
fi

SRC="$CACHE/src"; mkdir -p "$SRC"
fetch_src() { # fetch_src PACKAGE DIR: apt-get source unpacked into $SRC/DIR
  local pkg=$1 dir=$2
  [ -d "$SRC/$dir" ] && return 0
  (cd "$SRC" && apt-get source -q "$pkg" >/dev/null)
  [ -d "$SRC/$dir" ] || { echo "setup: apt-get source $pkg did not give $SRC/$dir" >&2; exit 1; }
}
fetch_src imgui imgui-1.86+ds
fetch_src libphonenumber libphonenumber-8.12.57+ds
fetch_src protobuf protobuf-3.21.12
fetch_src re2 re2-20220601+dfsg
fetch_src abseil abseil-20220623.1
fetch_src icu icu-72.1

# npm tools (browser tests, closure compiler for the release JS, Dots' Node SDK + esbuild for the
# SDK compatibility test) live in the cache too.
NPM="$CACHE/npm"
if [ ! -f "$NPM/.installed-v3" ]; then
  mkdir -p "$NPM"
  (cd "$NPM" && [ -f package.json ] || echo '{"name":"flowkit-tools","private":true}' > "$NPM/package.json")
  (cd "$NPM" && npm install --no-audit --no-fund --loglevel=error playwright-core@1.65.1 google-closure-compiler@20220104.0.0 \
    dots-v2-node@1.0.4 axios@1.21.1 esbuild@0.28.2 axe-core@4.14.1 >/dev/null)
  touch "$NPM/.installed-v3"
fi
echo "setup: ok (cache $CACHE)"
