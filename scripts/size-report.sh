#!/usr/bin/env bash
# Size report of a release build. A report: sizes are printed against the targets, never asserted;
# it fails only when a file is missing (no dist/, no index.html, or a file that index.html names).
#
#   1. the first load: index.html, every .js, .wasm and .css file it names (the loader, the
#      wasm-bindgen module, the first wasm, the stylesheets) and the modules those import (the
#      stub of the chunk loader of the split build),
#      then each lazy chunk (the other .wasm and .css files, fetched on demand: src/pages/lazy.rs,
#      and the chunk loader chunk-loader-<hash>.js, fetched at the first chunk):
#      raw, gzip and brotli bytes (the precompressed .gz/.br files that the release build writes and
#      nginx serves; computed when absent); the first load and the whole app against the targets
#      of issue 30;
#   2. each main route on a cold cache (scripts/route-sizes.mjs, issue 58): the files a real
#      Chromium fetches before the route's <h1> shows, gzip as served, the largest named, against
#      a budget per route (home, the workspaces and a workspace 400 KB, every other signed-in page
#      500 KB, the login page the first load's 230 KB); the dev server of the build stage serves
#      dist/ (E2E_DEVSERVER, default target/debug/devserver); ROUTE_SIZES=0 leaves it out;
#   3. the twenty biggest contributors of the first-load wasm, by function and by crate: twiggy on
#      the split's first module before wasm-bindgen and wasm-opt (scripts/trunk-post-build.sh keeps it as
#      target/console-split/first-load.wasm; it still has the function names; else cargo's whole
#      artifact), summed by crate here. Its sizes are before wasm-opt: use them to compare, not as
#      the shipped size. Skipped with a note when twiggy or the file is missing.
#
#   scripts/size-report.sh [DIST_DIR]        (default: dist/ at the repository root)
#   FIRST_LOAD_TARGET_GZIP=235520 FIRST_LOAD_TARGET_BROTLI=204800 ALL_TARGET_GZIP=1126400 scripts/size-report.sh
#   WASM_ARTIFACT=path/to/console.wasm scripts/size-report.sh
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)"
DIST="${1:-$ROOT/dist}"
TARGET_GZ="${FIRST_LOAD_TARGET_GZIP:-235520}"   # 230 KB (issue 49)
TARGET_BR="${FIRST_LOAD_TARGET_BROTLI:-204800}" # 200 KB
TARGET_ALL="${ALL_TARGET_GZIP:-1126400}"         # 1,100 KB: the whole app (issue 58)
TARGET_DIR="${CARGO_TARGET_DIR:-$ROOT/target}"
case "$TARGET_DIR" in /*) ;; *) TARGET_DIR="$ROOT/$TARGET_DIR" ;; esac
if [ -n "${WASM_ARTIFACT:-}" ]; then
  ARTIFACT="$WASM_ARTIFACT"
elif [ -f "$TARGET_DIR/console-split/first-load.wasm" ]; then
  ARTIFACT="$TARGET_DIR/console-split/first-load.wasm"
else
  ARTIFACT="$TARGET_DIR/wasm32-unknown-unknown/release/console.wasm"
fi
export PATH="${CONSOLE_TOOLS_DIR:-$HOME/.cache/console-tools}/node_modules/.bin:$HOME/.cargo/bin:$PATH"

[ -d "$DIST" ] || { echo "size-report: no directory $DIST (run scripts/build.sh first)" >&2; exit 1; }
[ -f "$DIST/index.html" ] || { echo "size-report: no $DIST/index.html (run scripts/build.sh first)" >&2; exit 1; }

kb() { awk -v b="$1" 'BEGIN { printf "%.1f KB", b / 1024 }'; }

gz_size() { # the served .gz when the build wrote one, else gzip -9
  if [ -f "$1.gz" ]; then wc -c <"$1.gz"; else gzip -9 -n -c "$1" | wc -c; fi
}
br_size() { # the served .br when the build wrote one, else brotli -q 11 (or node's), else 0
  if [ -f "$1.br" ]; then
    wc -c <"$1.br"
  elif command -v brotli >/dev/null 2>&1; then
    brotli -q 11 -c "$1" | wc -c
  elif command -v node >/dev/null 2>&1; then
    node -e 'const z = require("zlib"); process.stdout.write(String(z.brotliCompressSync(require("fs").readFileSync(process.argv[1]), { params: { [z.constants.BROTLI_PARAM_QUALITY]: 11 } }).length))' "$1"
  else
    echo 0
  fi
}

# The first load: index.html and the local .js/.wasm/.css files it names (href=/x, src=/x, '/x'),
# not the chunks' files it lists (<meta name="console-chunk-css"> and "console-chunk-wasm", loaded
# with the chunks or preloaded for a returning user).
first=("$DIST/index.html")
missing=0
while IFS= read -r name; do
  [ -n "$name" ] || continue
  if [ -f "$DIST/$name" ]; then
    first+=("$DIST/$name")
  else
    echo "size-report: index.html names $name, which is not in $DIST" >&2
    missing=1
  fi
done < <(sed -E 's/<meta name="console-chunk-(css|wasm)"[^>]*>//g' "$DIST/index.html" |
  grep -oE "[\"'= ]/[A-Za-z0-9._-]+\.(js|wasm|css)\b" | sed -E "s|^.[/]||" | sort -u)
# And the modules those scripts import (the chunk loader of the split build, imported by the module).
for f in "${first[@]}"; do
  case "$f" in *.js) ;; *) continue ;; esac
  while IFS= read -r name; do
    [ -n "$name" ] || continue
    dup=0
    for g in "${first[@]}"; do [ "$g" = "$DIST/$name" ] && dup=1; done
    [ "$dup" -eq 0 ] || continue
    if [ -f "$DIST/$name" ]; then
      first+=("$DIST/$name")
    else
      echo "size-report: $(basename "$f") imports $name, which is not in $DIST" >&2
      missing=1
    fi
  done < <(grep -oE "from ?[\"'](\./|/)[A-Za-z0-9._-]+\.js[\"']" "$f" | sed -E "s|^from ?.\.?/||; s|.$||" | sort -u)
done
[ "$missing" -eq 0 ] || exit 1
[ "${#first[@]}" -gt 1 ] || { echo "size-report: index.html names no .js, .wasm or .css file" >&2; exit 1; }
shopt -s nullglob
chunks=()
for f in "$DIST"/*.wasm "$DIST"/*.css "$DIST"/chunk-loader-*.js; do
  in_first=0
  for g in "${first[@]}"; do [ "$g" = "$f" ] && in_first=1; done
  [ "$in_first" -eq 1 ] || chunks+=("$f")
done
shopt -u nullglob

row() { printf '  %-46s %10s %10s %10s\n' "$@"; }
report() { # TITLE FILE...: one row per file and a total; sets sum_raw, sum_gz, sum_br
  local title="$1" f raw gz br
  shift
  sum_raw=0 sum_gz=0 sum_br=0
  echo "$title"
  row file raw gzip brotli
  for f in "$@"; do
    raw=$(wc -c <"$f")
    gz=$(gz_size "$f")
    br=$(br_size "$f")
    sum_raw=$((sum_raw + raw)) sum_gz=$((sum_gz + gz)) sum_br=$((sum_br + br))
    row "$(basename "$f")" "$raw" "$gz" "$br"
  done
  row total "$sum_raw" "$sum_gz" "$sum_br"
  echo "  in KB: raw $(kb "$sum_raw"), gzip $(kb "$sum_gz"), brotli $(kb "$sum_br")"
}

echo "bundle of $DIST (bytes; gzip and brotli as served)"
report "first load (index.html and what it names):" "${first[@]}"
first_gz=$sum_gz first_br=$sum_br
echo
if [ "${#chunks[@]}" -gt 0 ]; then
  report "lazy chunks, their stylesheets and loader (fetched on demand, each once):" "${chunks[@]}"
else
  echo "lazy chunks: none (not a split build)"
fi
all_gz=$((first_gz + ${sum_gz:-0}))
[ "${#chunks[@]}" -gt 0 ] || all_gz=$first_gz
echo
verdict() { if [ "$1" -le "$2" ]; then echo "met"; else echo "NOT MET"; fi; }
echo "size: first load $first_gz B gzip ($(kb "$first_gz")), target $(kb "$TARGET_GZ"): $(verdict "$first_gz" "$TARGET_GZ")"
echo "size: first load $first_br B brotli ($(kb "$first_br")), target $(kb "$TARGET_BR"): $(verdict "$first_br" "$TARGET_BR")"
echo "size: everything $all_gz B gzip ($(kb "$all_gz")), target $(kb "$TARGET_ALL"): $(verdict "$all_gz" "$TARGET_ALL")"

# ---------------------------------------------------------------------------------------------
echo
if [ "${ROUTE_SIZES:-1}" = 0 ]; then
  echo "route sizes: skipped (ROUTE_SIZES=0)"
elif ! command -v node >/dev/null 2>&1; then
  echo "route sizes: skipped (no node)"
else
  node "$ROOT/scripts/route-sizes.mjs" "$DIST" "${E2E_DEVSERVER:-$TARGET_DIR/debug/devserver}" ||
    echo "route sizes: the report failed (see above); a report, the run goes on"
fi

# ---------------------------------------------------------------------------------------------
echo
if ! command -v twiggy >/dev/null 2>&1; then
  echo "wasm contributors: skipped (no twiggy on PATH: cargo install twiggy)"
  exit 0
fi
if [ ! -f "$ARTIFACT" ]; then
  echo "wasm contributors: skipped (no $ARTIFACT: the release build makes it)"
  exit 0
fi
csv="$(mktemp "${TMPDIR:-/tmp}/twiggy.XXXXXX")"
trap 'rm -f "$csv"' EXIT
twiggy top --format csv "$ARTIFACT" >"$csv" 2>/dev/null || {
  echo "wasm contributors: skipped (twiggy could not read $ARTIFACT)"
  exit 0
}
artifact_size=$(wc -c <"$ARTIFACT")
echo "wasm contributors: twiggy on $ARTIFACT ($artifact_size bytes, before wasm-bindgen and wasm-opt)"

# twiggy's CSV: Name,ShallowSize,ShallowSizePercent,… (names may be quoted and contain commas).
# Left out of the ranking: what wasm-bindgen and wasm-opt remove before shipping (the function
# names, custom sections, wasm-bindgen's descriptor functions). The crate of an item is the first
# path segment of its name; `<T as Trait>::f` belongs to the crate of T, or to the trait's crate
# when T is a bare generic, a slice or a tuple; wasm-bindgen's glue and data segments get rows.
awk '
  function parse(line,   n, i, c, q, field) {
    n = 0; field = ""; q = 0
    for (i = 1; i <= length(line); i++) {
      c = substr(line, i, 1)
      if (q) { if (c == "\"") { if (substr(line, i + 1, 1) == "\"") { field = field c; i++ } else q = 0 } else field = field c }
      else if (c == "\"") q = 1
      else if (c == ",") { f[++n] = field; field = "" }
      else field = field c
    }
    f[++n] = field
    return n
  }
  function not_shipped(name) {
    return name ~ /subsection$|^custom section |^(export ")?__wbindgen_describe|^import __wbindgen_(placeholder|externref_xform)/
  }
  function first_crate(s,   c) {
    # legacy (`serde_json::…`) and v0 (`core[c5930c85a12de822]::…`) symbol spellings
    if (!match(s, /^[A-Za-z_][A-Za-z0-9_]*(\[[0-9a-f]+\])?::/)) return ""
    c = substr(s, 1, RLENGTH - 2)
    sub(/\[.*/, "", c)
    return c
  }
  function crate_of(name,   s, c, rest) {
    s = name
    if (s ~ /^data segment|^data\[/) return "(data segments)"
    if (s ~ /section headers$|^wasm magic bytes$|^(type|table|elem|memory|global|import|export)\[|^(import|export) /) return "(wasm structure)"
    if (s ~ /^__wbg_|^__wbindgen|^__externref|^intounderlying/) return "wasm-bindgen (glue)"
    if (s ~ /^(main|__main_void)$/) return "console"
    if (s ~ /^(mem(cpy|set|move|cmp)|__[a-z]+[sdt][if][0-9]|__multi3|f?(min|max|round|exp|pow|log|floor|ceil|sqrt|trunc)f?)$/) return "compiler_builtins"
    while (s ~ /^(<|&|\*|mut |const |dyn )/) sub(/^(<|&|\*|mut |const |dyn )/, "", s)
    c = first_crate(s)
    if (c != "") return c
    # <T as trait::Path>::f, <[T] as …>, <(A, B) as …>: the trait'"'"'s crate
    if (match(s, / as [A-Za-z_][A-Za-z0-9_]*::/)) {
      rest = substr(s, RSTART + 4)
      c = first_crate(rest)
      if (c != "") return c
    }
    if (s ~ /^(str|char|bool|[iuf](8|16|32|64|128|size)|\[|\()/) return "core (primitive types)"
    return "(other)"
  }
  NR == 1 { next }
  {
    if (parse($0) < 2) next
    name = f[1]; size = f[2] + 0
    if (not_shipped(name)) { skipped += size; next }
    counted += size
    items[name] += size
    by_crate[crate_of(name)] += size
  }
  END {
    printf "  counted %d bytes of code and data; left out %d bytes that are not shipped (function names,\n", counted, skipped
    print  "  custom sections, wasm-bindgen descriptors)"
    print "  by function (top 20):"
    print_top(items, 20, 70, counted)
    print "  by crate (top 20):"
    print_top(by_crate, 20, 70, counted)
  }
  function print_top(arr, n, width, total,   k, best, bestk, i, used, shown) {
    for (i = 1; i <= n; i++) {
      best = -1; bestk = ""
      for (k in arr) if (!(k in used) && arr[k] > best) { best = arr[k]; bestk = k }
      if (best < 0) break
      used[bestk] = 1
      shown = bestk
      if (length(shown) > width) shown = substr(shown, 1, width - 1) "…"
      printf "    %2d. %-*s %9d bytes %5.1f%%\n", i, width, shown, best, 100 * best / total
    }
  }
' "$csv"
