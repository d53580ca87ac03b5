#!/usr/bin/env bash
# The production build of the console: dist/ ready for any static web server (deploy/ has the
# nginx setup). Works on a fresh Debian machine: installs what is missing first, as the other
# scripts do (the pinned Rust toolchain and wasm target, Trunk 0.21, wasm-bindgen-cli of the
# Cargo.lock version, and npm's binaryen for wasm-opt, first on PATH: Debian's binaryen
# miscompiles this bundle, and Trunk must not try to download one).
#
#   scripts/build.sh                 # into dist/
#   DIST_DIR=/tmp/dist scripts/build.sh
#
# Then, without the network, `trunk build --release --offline`: Trunk builds the wasm, the CSS
# and index.html (minified, see Trunk.toml; its JS minifier cannot parse wasm-bindgen's module,
# says so and leaves it) and runs its post_build hook, scripts/trunk-post-build.sh, which makes
# the release bundle: the split into the first load and lazy chunks, content-hashed names,
# integrity digests, chunk stylesheets, precompressed copies. A bare `trunk build --release` gives
# the same bundle when the tools are there.
set -euo pipefail

# shellcheck source=scripts/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$ROOT"

DIST_DIR="${DIST_DIR:-$ROOT/dist}"
case "$DIST_DIR" in /*) ;; *) DIST_DIR="$ROOT/$DIST_DIR" ;; esac

ensure_rust
ensure_wasm_bindgen
ensure_trunk
ensure_wasm_opt # also Node.js, which the post-build hook uses
ensure_terser
ensure_wasm_split
ensure_zopfli

# Trunk's --offline reaches cargo too: fetch the crates of Cargo.lock first when some are missing.
if ! cargo fetch --locked --offline >/dev/null 2>&1; then
  log "fetching crates (cargo fetch --locked)"
  cargo fetch --locked
fi

# rust-src makes rustc write the local path of std's sources into every panic location (0.8 KB
# gzip more in the first load, docs/measurements.md): said, since the bundle then differs from CI's.
if [ -d "$(rustc --print sysroot)/lib/rustlib/src/rust/library" ]; then
  log "warning: rust-src is installed: this bundle names its local std paths and is larger than CI's (rustup component remove rust-src)"
fi

log "trunk build --release into $DIST_DIR (wasm-opt: $(command -v wasm-opt))"
trunk build --release --offline --dist "$DIST_DIR"
[ -f "$DIST_DIR/index.html" ] || die "trunk build left no $DIST_DIR/index.html"

# The hook's work is in dist/: check for it (a Trunk without hooks would leave one module).
ls "$DIST_DIR"/wasm-split-*.js >/dev/null 2>&1 ||
  die "trunk build left no split bundle in $DIST_DIR (did Trunk run the post_build hook of Trunk.toml?)"
log "built $DIST_DIR"
