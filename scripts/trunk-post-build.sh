#!/usr/bin/env bash
# Trunk's post_build hook (Trunk.toml): what turns `trunk build --release` into the release
# bundle, on Trunk's staging directory before Trunk moves it into dist/. Debug builds (`trunk
# serve`, `trunk build`) are left as Trunk made them: one module, every stylesheet linked.
#
#   1. the wasm is split (wasm-split-cli): the first load and one chunk per split point of
#      src/pages/lazy.rs, each through wasm-bindgen (the first load's unused classes out, its
#      imports and hashed exports renamed short: scripts/slim-module.cjs) and wasm-opt (-Os, -Oz;
#      functions then ordered by size for compression, scripts/order-functions.cjs), the chunk
#      loader out of the first load (a stub there, scripts/loader-stub.mjs), the JavaScript through terser, under
#      content-hashed names
#      (scripts/place-split.mjs) in place of Trunk's one module (index.html asks Trunk for no
#      wasm-opt of its own: data-wasm-opt="0", that module is thrown away here);
#   2. scripts/finish-dist.cjs: the inline loader script into a file with an integrity digest (terser), the
#      chunks' stylesheets out of the first load, precompressed .br and .gz copies.
#
# Trunk sets TRUNK_PROFILE and TRUNK_STAGING_DIR; the tools it needs are installed when missing
# (scripts/lib.sh), as scripts/build.sh does before calling Trunk.
set -euo pipefail

# shellcheck source=scripts/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$ROOT"

[ "${TRUNK_PROFILE:-}" = release ] || exit 0
STAGING="${TRUNK_STAGING_DIR:?the post-build hook runs under Trunk (TRUNK_STAGING_DIR)}"
[ -f "$STAGING/index.html" ] || die "post-build: no index.html in $STAGING"
ensure_wasm_opt
ensure_terser
ensure_wasm_split
ensure_zopfli

# 1. Route splitting (issues 20 and 30, src/pages/lazy.rs): Trunk's artifact keeps its relocations
# (build.rs), wasm-split-cli cuts the lazy pages out into chunks, and the first-load module and
# each chunk go through wasm-bindgen and wasm-opt as Trunk's one module did. The files get
# content-hashed names and replace Trunk's console-*.js/_bg.wasm in index.html.
TARGET_DIR="${CARGO_TARGET_DIR:-$ROOT/target}"
case "$TARGET_DIR" in /*) ;; *) TARGET_DIR="$ROOT/$TARGET_DIR" ;; esac
ARTIFACT="$TARGET_DIR/wasm32-unknown-unknown/release/console.wasm"
[ -f "$ARTIFACT" ] || die "no $ARTIFACT after trunk build"
SPLIT_DIR="$(mktemp -d "${TMPDIR:-/tmp}/console-split.XXXXXX")"
trap 'rm -rf "$SPLIT_DIR"' EXIT
cp "$ARTIFACT" "$SPLIT_DIR/input.wasm"
log "splitting the wasm into the first load and lazy chunks (wasm-split-cli)"
mkdir -p "$SPLIT_DIR/split" "$SPLIT_DIR/out"
# A shared chunk of less than 30,000 B of code joins the nearest chunk that every split point
# needing it loads anyway (scripts/wasm-split-merge.patch): 469 files otherwise, a page fetching
# 140 to 270 of them (issue 58, docs/measurements.md). Never one that the pages a user lands on
# (and `app`, which every page loads) would load without running it, but for pieces under 8,000 B:
# merged into the smallest superset, a piece that other groups share went into a file the home
# page or a workspace page fetches (home 406 KB on a cold load instead of 380, estimated by
# splitting a build both ways). Under 8,000 B, such a piece goes where it burdens the fewest of
# them: spared below 1,000 or 2,000 B, the pages fetched 10 to 20 files more, and on the
# benchmark's link (HTTP/1.1, six connections) a workspace page came 122 ms later. A request's
# page is spared too: with a workspace page's sessions after its heading (issue 58, step 13),
# the pieces it shares went into files a request's page fetches (502 KB estimated, over 500).
# And `/admin/apps` (step 14): with 12,000 B instead of 4,000, the signed-in pages fetch 2 to 9 files
# fewer, the whole app is smaller and the benchmark's pages come sooner, but the platform's app
# catalogue went over its 500 KB (estimated); spared, it fetches less than before.
# 30,000 B since stop 84 (issue 58): the whole app 7.5 KB smaller, home and a workspace page 1.6
# KB lighter in two files fewer; the other pages 5 to 15 KB heavier (`/admin/users` 481.9 KB, the
# most), within their 500 (at 12,000 B on 2026-11-29 `/admin/users` went to 507.7 KB; the pages
# are lighter now).
# Pieces under 6,000 B instead of 3,000 since stop 85 (issue 58): 93 → 77 wasm files, the whole
# app 12.2 KB smaller, the pages 3 to 15 files fewer; home and a workspace page 11 and 18 KB
# heavier (365.9 and 370.2 KB, within their 400), the others within their 500 (the most
# `/admin/roles`, 486.3). At 10,000 B: 62 files and 31.4 KB less, but four pages over 500 KB;
# with those pages spared too, home and a workspace page over 400 (docs/measurements.md).
# 8,000 B since stop 86, the wire readers lighter: 76 → 65 wasm files, the whole app 13.1 KB
# smaller; home and a workspace page 375.8 and 369.8 KB, the heaviest others `/admin/users`
# 493.7, `/admin/roles` 492.5 and a workspace's services 485.7 (lower it again if a page grows
# past its budget: `scripts/size-report.sh` says which).
# CONSOLE_MERGE_BELOW, CONSOLE_MERGE_SPARE (empty: none spared) and CONSOLE_MERGE_SPARE_ABOVE
# change the three for a measuring build (docs/measurements.md); the release keeps these.
WASM_SPLIT_MERGE_BELOW="${CONSOLE_MERGE_BELOW:-30000}" \
  WASM_SPLIT_MERGE_SPARE="${CONSOLE_MERGE_SPARE-app,home,overview,workspace,request,adminapps}" \
  WASM_SPLIT_MERGE_SPARE_ABOVE="${CONSOLE_MERGE_SPARE_ABOVE:-8000}" \
  "$WASM_SPLIT_CLI" "$SPLIT_DIR/input.wasm" "$SPLIT_DIR/split" --out-name console
[ -f "$SPLIT_DIR/split/__wasm_split.js" ] || die "wasm-split-cli wrote no __wasm_split.js"
# --keep-lld-exports: the chunks share the first module's function table (its export
# `__indirect_function_table`), which wasm-bindgen drops otherwise.
wasm-bindgen --target web --no-typescript --keep-lld-exports --out-dir "$SPLIT_DIR/out" --out-name console \
  "$SPLIT_DIR/split/console.wasm"
# What wasm-bindgen writes that the console does not use (scripts/slim-module.cjs): wasm-streams'
# exported classes out, short names for the imports and the hashed exports (16 hex digits of hash
# per name, twice): 9.6 KB gzip less in the first load.
node "$ROOT/scripts/slim-module.cjs" "$SPLIT_DIR/out" || die "slim-module failed"
log "wasm-opt -Os on the first-load module, -Oz on each chunk, functions ordered for compression"
# optimize LEVEL IN OUT [INLINE]: wasm-opt (functions of at most INLINE expressions, 4 unless
# given, inlined everywhere), then the functions ordered by size for gzip's window
# (scripts/order-functions.cjs writes the order as names; wasm-opt moves them and drops the
# names): 30 KB less gzip in all, brotli smaller too.
# --low-memory-unused: wasm-opt may fold a constant added to an address into the access's offset,
# which is only wrong if the app used the first 1 KB of memory. Rust's linker puts the stack
# there (--stack-first: 1 MB growing down towards address 0, the data above it), so only a stack
# 1023 KB deep would reach it. 4.5 KB less gzip in all, 0.8 KB less brotli in the first load.
# --always-inline-max-function-size 4 (wasm-opt's default is 2): functions of at most 4 expressions
# are inlined wherever they are called, and gone. 17 % fewer functions (11,709 → 9,752), which
# Chromium compiles one by one on the main thread at their first call: a returning user's cold
# load compiled 2,711 functions in about 230 ms instead of 3,229 in 270 ms (CPU 4×). Sizes:
# +0.6 KB gzip, −3.5 KB brotli in all; 8 inlined more, but grew the first load by 4 KB gzip.
# The chunks take 6 (issue 58): a chunk reaches each function of another file through a shim of
# its own (`call_indirect` through the shared table, wasm-split-cli's `indirect_call_shim`), five
# expressions for three arguments, and 6 inlines those. The chunks' gzip (before the functions'
# ordering) at 4, 5, 6, 8 and 10: 1,342,848, 1,337,894, 1,335,605, 1,335,804 and 1,335,935 B.
# --strip-target-features --strip-producers: the linker's `target_features` and `producers`
# sections (the wasm features it built for, the toolchain's versions), which no browser reads:
# about 210 B in each of the 130 files, 4–6 KB gzip less on every signed-in page, 15 KB in all.
optimize() {
  wasm-opt "$1" --low-memory-unused --always-inline-max-function-size "${4:-4}" "$2" -o "$3.optimized.wasm" &&
    node "$ROOT/scripts/order-functions.cjs" "$3.optimized.wasm" "$3.ordered.wasm" &&
    wasm-opt "$3.ordered.wasm" --reorder-functions-by-name --strip-target-features --strip-producers -o "$3" &&
    rm -f "$3.optimized.wasm" "$3.ordered.wasm"
}
opt_pids=()
# The first load with -Os: 0.5 KB smaller brotli and gzip than -Oz (raw it is 3% larger); the chunks
# with -Oz, smaller there.
optimize -Os "$SPLIT_DIR/out/console_bg.wasm" "$SPLIT_DIR/out/console_bg.opt.wasm" 2>"$SPLIT_DIR/opt-main.log" &
opt_pids+=($!)
for chunk in "$SPLIT_DIR"/split/*.wasm; do
  name="$(basename "$chunk" .wasm)"
  [ "$name" = console ] && continue
  # (its warnings about an unknown name subsection are harmless: names are not shipped)
  optimize -Oz "$chunk" "$SPLIT_DIR/out/$name.wasm" 6 2>"$SPLIT_DIR/opt-$name.log" ||
    { cat "$SPLIT_DIR/opt-$name.log" >&2; die "wasm-opt failed on $name.wasm"; }
done
for pid in "${opt_pids[@]}"; do
  wait "$pid" || { cat "$SPLIT_DIR/opt-main.log" >&2; die "wasm-opt failed on the first-load module"; }
done
mv "$SPLIT_DIR/out/console_bg.opt.wasm" "$SPLIT_DIR/out/console_bg.wasm"
cp "$SPLIT_DIR/split/__wasm_split.js" "$SPLIT_DIR/out/"
cp "$SPLIT_DIR/split/__wasm_split.js" "$SPLIT_DIR/out/__wasm_split.orig.js" # read by place-split.mjs
# The chunk loader out of the first load: a stub there, the full loader fetched at the first chunk
# or when idle (scripts/loader-stub.mjs): 1,350 → 475 B gzip in the first load.
node "$ROOT/scripts/loader-stub.mjs" "$SPLIT_DIR/out" || die "loader-stub failed"
# The JavaScript minified (Trunk's minifier cannot parse wasm-bindgen's module): 10.8 → 8.5 KB
# gzip for the module, 1.7 → 1.1 KB for the chunk loader. Names of the wasm's imports are
# object keys, which terser keeps.
for js in console.js __wasm_split.js __wasm_split_all.js; do
  terser "$SPLIT_DIR/out/$js" --module --compress --mangle -o "$SPLIT_DIR/out/$js.min" ||
    die "terser failed on $js"
  mv "$SPLIT_DIR/out/$js.min" "$SPLIT_DIR/out/$js"
done
# The first-load module as split, with its function names: scripts/size-report.sh runs twiggy on it.
mkdir -p "$TARGET_DIR/console-split"
cp "$SPLIT_DIR/split/console.wasm" "$TARGET_DIR/console-split/first-load.wasm"
node "$ROOT/scripts/place-split.mjs" "$SPLIT_DIR/out" "$STAGING"

log "moving the loader script into a file, chunk stylesheets out of the first load, precompressing"
node "$ROOT/scripts/finish-dist.cjs" "$STAGING"
