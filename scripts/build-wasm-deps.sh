#!/usr/bin/env bash
# Builds libphonenumber 8.12.57 and its chain (abseil 20220623.1, protobuf-lite 3.21.12,
# RE2 20220601, 4 files of ICU 72.1) for WebAssembly with Debian's emscripten, from the Debian
# source packages that scripts/setup.sh unpacks into $FLOWKIT_CACHE/src, and installs
#   PREFIX/include  libphonenumber (+ generated phonenumbers/*.pb.h), abseil, protobuf, re2 headers
#   PREFIX/lib      static archives (-Oz -flto: LLVM bitcode, C++17)
#   PREFIX/flowkit-wasm-deps.stamp   written last; when present this script exits at once.
# Our patches (scripts/patches/) are applied to copies, the cached sources stay pristine: they
# fix libphonenumber's RE2 adapter and keep iostreams out of RE2's LOG() and libphonenumber's
# logger (libc++'s stream and locale code was ~50 KB of the widget's wasm).
# cmake/thirdparty.cmake runs it at configure time (EMSCRIPTEN) when the stamp is missing.
#
# Usage: scripts/build-wasm-deps.sh [PREFIX]      (default $FLOWKIT_CACHE/wasm-deps-v2)
# Env:   FLOWKIT_CACHE (default ~/.cache/flowkit), JOBS (default 2)
# Bump the -vN of the prefix (here and in cmake/thirdparty.cmake) when the result changes.
set -euo pipefail

REPO=$(cd "$(dirname "$0")/.." && pwd)
CACHE=${FLOWKIT_CACHE:-$HOME/.cache/flowkit}
PREFIX=${1:-$CACHE/wasm-deps-v2}
STAMP=$PREFIX/flowkit-wasm-deps.stamp
[ -f "$STAMP" ] && exit 0

JOBS=${JOBS:-2}
# -flto: the archives hold LLVM bitcode, optimised together with the widget at its (-Oz -flto)
# link: 26 KB less wasm than plain -Oz objects (wasm-ld does LTO on bitcode even without -flto).
OPT="-Oz -flto"
SRC=$CACHE/src
ABSL=$SRC/abseil-20220623.1
PB=$SRC/protobuf-3.21.12
RE2=$SRC/re2-20220601+dfsg
ICU=$SRC/icu-72.1/source
LPN=$SRC/libphonenumber-8.12.57+ds
PATCHES=$REPO/scripts/patches
RE2_PATCHES="$PATCHES/re2-20220601-logging-no-iostream.patch"
LPN_PATCHES="$PATCHES/libphonenumber-8.12.57-re2-adapter.patch $PATCHES/libphonenumber-8.12.57-no-iostream.patch"
PROTOC=${PROTOC:-/usr/bin/protoc}
PY=/usr/bin/python3                    # Debian's python (python3-six for RE2's table scripts)
UCD=/usr/share/unicode                 # Debian unicode-data
B=$CACHE/build/$(basename "$PREFIX")   # build tree, kept for incremental reruns

die() { echo "build-wasm-deps: $*" >&2; exit 1; }
t0=$(date +%s)
say() { echo "build-wasm-deps: [$(( $(date +%s) - t0 ))s] $*"; }

# One build at a time (two configures of different presets may race for the same prefix).
mkdir -p "$(dirname "$PREFIX")" "$B"
exec 9>"$PREFIX.lock"
flock 9
[ -f "$STAMP" ] && exit 0

# ---- checks ----
for d in "$ABSL" "$PB" "$RE2" "$ICU" "$LPN"; do
  [ -d "$d" ] || die "missing source $d: run scripts/setup.sh first"
done
export NODE_PATH=${NODE_PATH:-/usr/share/nodejs}    # emcc needs Debian's node-acorn
for t in emcmake emcc em++ cmake ninja perl patch; do
  command -v $t >/dev/null || die "'$t' not found: run scripts/setup.sh first"
done
[ -x "$PROTOC" ] || die "$PROTOC not found (Debian protobuf-compiler)"
[ "$("$PROTOC" --version)" = "libprotoc 3.21.12" ] || die "$PROTOC is not libprotoc 3.21.12"
[ -f "$UCD/UnicodeData.txt" ] || die "$UCD/UnicodeData.txt missing (Debian unicode-data)"
"$PY" -c 'import six' 2>/dev/null || die "$PY lacks six (Debian python3-six)"
say "building into $PREFIX (build tree $B, -j$JOBS)"

# newer FILE...: true if any FILE is newer than the marker $1 (or the marker is missing).
newer() { local m=$1 f; shift; [ -f "$m" ] || return 0
  for f in "$@"; do [ "$f" -nt "$m" ] && return 0; done; return 1; }
apply_patches() { # apply_patches DIR PATCH...
  local d=$1 p; shift
  for p in "$@"; do
    [ -f "$p" ] || die "missing patch $p"
    patch -s -p1 -d "$d" < "$p" || die "patch $p failed"
  done
}

# ---- RE2: the +dfsg tarball lacks the generated tables; regenerate them in a patched copy ----
if newer "$B/re2-src/.tables-ok" $RE2_PATCHES; then
  rm -rf "$B/re2-src"
  cp -a "$RE2" "$B/re2-src"
  apply_patches "$B/re2-src" $RE2_PATCHES
  (cd "$B/re2-src/re2"
   sed -i "s#^_UNICODE_DIR = .*#_UNICODE_DIR = \"$UCD\"#" unicode.py
   perl make_perl_groups.pl > perl_groups.cc
   "$PY" make_unicode_casefold.py > unicode_casefold.cc
   "$PY" make_unicode_groups.py > unicode_groups.cc)
  touch "$B/re2-src/.tables-ok"
  say "RE2 patched, unicode tables generated from $UCD"
fi

# ---- libphonenumber: patched copy of cpp/src (3.5 MB; the .proto files are read in place) ----
if newer "$B/lpn-src/.patched-ok" $LPN_PATCHES; then
  rm -rf "$B/lpn-src"
  mkdir -p "$B/lpn-src/cpp"
  cp -a "$LPN/cpp/src" "$B/lpn-src/cpp/src"
  apply_patches "$B/lpn-src" $LPN_PATCHES
  touch "$B/lpn-src/.patched-ok"
  say "libphonenumber patched"
fi

# ---- one CMake build of the whole chain ----
if [ ! -f "$B/cmake/build.ninja" ]; then
  emcmake cmake -S "$REPO/cmake/wasm-deps" -B "$B/cmake" -G Ninja \
    -DCMAKE_BUILD_TYPE=MinSizeRel \
    -DCMAKE_C_FLAGS_MINSIZEREL="$OPT -DNDEBUG" -DCMAKE_CXX_FLAGS_MINSIZEREL="$OPT -DNDEBUG" \
    -DABSL_SRC="$ABSL" -DPROTOBUF_SRC="$PB" -DRE2_SRC="$B/re2-src" -DICU_SRC="$ICU" \
    -DLPN_SRC="$LPN" -DLPN_CPP_SRC="$B/lpn-src/cpp/src" -DPROTOC="$PROTOC" \
    > "$B/configure.log" 2>&1 || { tail -40 "$B/configure.log"; die "configure failed (log: $B/configure.log)"; }
  say "configured"
fi
cmake --build "$B/cmake" -j"$JOBS" || die "build failed (build tree: $B/cmake)"
say "compiled"

# ---- install into a fresh prefix ----
TMP=$PREFIX.tmp
rm -rf "$TMP"; mkdir -p "$TMP/include" "$TMP/lib"
copy_headers() { # copy_headers ROOT DIR...: headers under ROOT/DIR into include/DIR
  local root=$1; shift
  (cd "$root" && find "$@" \( -name '*.h' -o -name '*.inc' \) \
      -not -path '*/testdata/*' -not -path '*/testing/*' -print0) |
    tar -C "$root" --null -T - -cf - | tar -C "$TMP/include" -xf -
}
copy_headers "$ABSL" absl
copy_headers "$PB/src" google
copy_headers "$B/re2-src" re2
copy_headers "$B/lpn-src/cpp/src" phonenumbers
cp "$B/cmake/gen/phonenumbers/"*.pb.h "$TMP/include/phonenumbers/"
find "$B/cmake" -name '*.a' -exec cp {} "$TMP/lib/" \;
rm -rf "$PREFIX"; mv "$TMP" "$PREFIX"
{ echo "built $(date -u +%FT%TZ) in $(( $(date +%s) - t0 ))s by $0"
  echo "emcc $(emcc -dumpversion) flags $OPT -std=c++17"
  ls "$PREFIX/lib"; } > "$STAMP.tmp"
mv "$STAMP.tmp" "$STAMP"
say "done: $(ls "$PREFIX/lib" | wc -l) libraries in $PREFIX/lib"
