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
# Then, without the network:
#   1. trunk build --release --offline (crates fetched beforehand; CSS and HTML minified, see
#      Trunk.toml: its JS minifier cannot parse wasm-bindgen's module, says so and leaves it);
#   1a. the wasm is split (wasm-split-cli, pinned in lib.sh): the first load and one chunk per lazy
#      page (src/pages/lazy.rs), each through wasm-bindgen and wasm-opt -Oz, content-hashed names
#      (scripts/place-split.mjs) in place of Trunk's one module;
#   2. Trunk's inline loader script becomes a file of its own (init-<hash>.js, with an integrity
#      digest), so that the Content-Security-Policy needs no 'unsafe-inline' script; the build
#      fails if any other inline script or style is left in index.html;
#   3. next to each compressible file, precompressed name.br (brotli 11) and name.gz (gzip -9)
#      when smaller, for nginx's brotli_static/gzip_static; not config.json, which deployers
#      edit in place.
set -euo pipefail

# shellcheck source=scripts/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$ROOT"

DIST_DIR="${DIST_DIR:-$ROOT/dist}"
case "$DIST_DIR" in /*) ;; *) DIST_DIR="$ROOT/$DIST_DIR" ;; esac

ensure_rust
ensure_wasm_bindgen
ensure_trunk
ensure_wasm_opt # also Node.js, which step 2 and 3 use
ensure_wasm_split

# Trunk's --offline reaches cargo too: fetch the crates of Cargo.lock first when some are missing.
if ! cargo fetch --locked --offline >/dev/null 2>&1; then
  log "fetching crates (cargo fetch --locked)"
  cargo fetch --locked
fi

log "trunk build --release into $DIST_DIR (wasm-opt: $(command -v wasm-opt))"
trunk build --release --offline --dist "$DIST_DIR"
[ -f "$DIST_DIR/index.html" ] || die "trunk build left no $DIST_DIR/index.html"

# 1a. Route splitting (issue 20, src/pages/lazy.rs): Trunk's artifact keeps its relocations
# (build.rs), wasm-split-cli cuts the lazy pages out into chunks, and the first-load module and
# each chunk go through wasm-bindgen and wasm-opt -Oz as Trunk's one module did. The files get
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
wasm-split-cli "$SPLIT_DIR/input.wasm" "$SPLIT_DIR/split" --out-name console
[ -f "$SPLIT_DIR/split/__wasm_split.js" ] || die "wasm-split-cli wrote no __wasm_split.js"
# --keep-lld-exports: the chunks share the first module's function table (its export
# `__indirect_function_table`), which wasm-bindgen drops otherwise.
wasm-bindgen --target web --no-typescript --keep-lld-exports --out-dir "$SPLIT_DIR/out" --out-name console \
  "$SPLIT_DIR/split/console.wasm"
log "wasm-opt -Oz on the first-load module and each chunk"
opt_pids=()
wasm-opt -Oz "$SPLIT_DIR/out/console_bg.wasm" -o "$SPLIT_DIR/out/console_bg.opt.wasm" 2>"$SPLIT_DIR/opt-main.log" &
opt_pids+=($!)
for chunk in "$SPLIT_DIR"/split/*.wasm; do
  name="$(basename "$chunk" .wasm)"
  [ "$name" = console ] && continue
  # (its warnings about an unknown name subsection are harmless: names are not shipped)
  wasm-opt -Oz "$chunk" -o "$SPLIT_DIR/out/$name.wasm" 2>"$SPLIT_DIR/opt-$name.log" ||
    { cat "$SPLIT_DIR/opt-$name.log" >&2; die "wasm-opt failed on $name.wasm"; }
done
for pid in "${opt_pids[@]}"; do
  wait "$pid" || { cat "$SPLIT_DIR/opt-main.log" >&2; die "wasm-opt failed on the first-load module"; }
done
mv "$SPLIT_DIR/out/console_bg.opt.wasm" "$SPLIT_DIR/out/console_bg.wasm"
cp "$SPLIT_DIR/split/__wasm_split.js" "$SPLIT_DIR/out/"
# The first-load module as split, with its function names: scripts/size-report.sh runs twiggy on it.
mkdir -p "$TARGET_DIR/console-split"
cp "$SPLIT_DIR/split/console.wasm" "$TARGET_DIR/console-split/first-load.wasm"
node "$ROOT/scripts/place-split.mjs" "$SPLIT_DIR/out" "$DIST_DIR"

log "moving the loader script into a file and precompressing $DIST_DIR"
node - "$DIST_DIR" <<'JS'
const fs = require('node:fs');
const path = require('node:path');
const zlib = require('node:zlib');
const crypto = require('node:crypto');
const { execFileSync } = require('node:child_process');

const dist = process.argv[2];
const indexPath = path.join(dist, 'index.html');
const fail = (message) => {
  console.error(`build.sh: ${message}`);
  process.exit(1);
};

// 2. Inline scripts out of index.html. Trunk injects one module script that imports the
// wasm-bindgen module and starts the app; it becomes init-<hash>.js, loaded with an integrity digest.
let html = fs.readFileSync(indexPath, 'utf8');
const inline = /<script\b([^>]*)>([\s\S]*?)<\/script\s*>/gi;
let moved = 0;
html = html.replace(inline, (tag, attrs, body) => {
  if (/\bsrc\s*=/i.test(attrs)) return tag;
  if (!/\btype\s*=\s*["']?module["']?/i.test(attrs) || body.trim() === '') {
    fail(`index.html has an inline script that is not Trunk's loader: ${tag.slice(0, 200)}`);
  }
  const code = body.trim() + '\n';
  const name = `init-${crypto.createHash('sha256').update(code).digest('hex').slice(0, 16)}.js`;
  fs.writeFileSync(path.join(dist, name), code);
  const sri = 'sha384-' + crypto.createHash('sha384').update(code).digest('base64');
  const base = (code.match(/from\s*['"]((?:[^'"]*\/)?)[^'"/]+\.js['"]/) || [, '/'])[1];
  moved += 1;
  return `<script type="module" src="${base}${name}" integrity="${sri}" crossorigin="anonymous"></script>`;
});
if (moved !== 1) fail(`expected Trunk's one inline loader script in index.html, found ${moved}`);
if (/<style\b|\sstyle\s*=|\son[a-z]+\s*=/i.test(html)) {
  fail('index.html has an inline style or event handler, which the Content-Security-Policy blocks');
}
fs.writeFileSync(indexPath, html);

// 3. Precompressed copies next to each compressible file (old ones removed first).
const compressible = /\.(?:wasm|js|mjs|css|html|svg|json|txt|map)$/;
const files = [];
(function walk(dir) {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) walk(full);
    else if (/\.(?:br|gz)$/.test(entry.name)) fs.unlinkSync(full);
    else files.push(full);
  }
})(dist);
const rows = [];
for (const file of files) {
  const rel = path.relative(dist, file);
  if (!compressible.test(rel) || rel === 'config.json') continue;
  const raw = fs.readFileSync(file);
  const text = !rel.endsWith('.wasm');
  const br = zlib.brotliCompressSync(raw, {
    params: {
      [zlib.constants.BROTLI_PARAM_QUALITY]: zlib.constants.BROTLI_MAX_QUALITY,
      [zlib.constants.BROTLI_PARAM_LGWIN]: zlib.constants.BROTLI_MAX_WINDOW_BITS,
      [zlib.constants.BROTLI_PARAM_MODE]: text ? zlib.constants.BROTLI_MODE_TEXT : zlib.constants.BROTLI_MODE_GENERIC,
      [zlib.constants.BROTLI_PARAM_SIZE_HINT]: raw.length,
    },
  });
  // GNU gzip -9 compresses a little better than Node's zlib (about 4 KB on the wasm).
  const gz = execFileSync('gzip', ['-9', '-n', '-c'], { input: raw, maxBuffer: 1 << 30 });
  const stat = fs.statSync(file);
  for (const [ext, data] of [['br', br], ['gz', gz]]) {
    if (data.length >= raw.length) continue;
    fs.writeFileSync(`${file}.${ext}`, data);
    fs.utimesSync(`${file}.${ext}`, stat.atime, stat.mtime);
  }
  rows.push([rel, raw.length, gz.length < raw.length ? gz.length : '-', br.length < raw.length ? br.length : '-']);
}
rows.sort((a, b) => b[1] - a[1]);
console.log('precompressed (bytes):');
for (const [rel, raw, gz, br] of rows) {
  console.log(`  ${rel.padEnd(40)} ${String(raw).padStart(9)} raw ${String(gz).padStart(9)} .gz ${String(br).padStart(9)} .br`);
}
JS

log "built $DIST_DIR"
