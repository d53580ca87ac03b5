#!/usr/bin/env bash
# Size report of a release build (a report: it prints OVER BUDGET but exits 0; it fails only when
# there is nothing to measure):
#
#   1. every dist/ .wasm, .js and .css: raw, gzip and brotli bytes (the precompressed .gz/.br files
#      that scripts/build.sh writes and nginx serves; computed when absent), totals against the
#      budget (gzip);
#   2. the twenty biggest contributors of the wasm, by function and by crate: twiggy on cargo's
#      artifact before wasm-bindgen and wasm-opt (target/wasm32-unknown-unknown/release/console.wasm,
#      which still has the function names), summed by crate here. Its sizes are before wasm-opt: use
#      them to compare, not as the shipped size. Skipped with a note when twiggy or the artifact is
#      missing.
#
#   scripts/size-report.sh [DIST_DIR]        (default: dist/ at the repository root)
#   SIZE_BUDGET_BYTES=256000 scripts/size-report.sh
#   WASM_ARTIFACT=path/to/console.wasm scripts/size-report.sh
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)"
DIST="${1:-$ROOT/dist}"
BUDGET="${SIZE_BUDGET_BYTES:-256000}"
TARGET_DIR="${CARGO_TARGET_DIR:-$ROOT/target}"
case "$TARGET_DIR" in /*) ;; *) TARGET_DIR="$ROOT/$TARGET_DIR" ;; esac
ARTIFACT="${WASM_ARTIFACT:-$TARGET_DIR/wasm32-unknown-unknown/release/console.wasm}"
export PATH="${CONSOLE_TOOLS_DIR:-$HOME/.cache/console-tools}/node_modules/.bin:$HOME/.cargo/bin:$PATH"

[ -d "$DIST" ] || { echo "size-report: no directory $DIST (run scripts/build.sh first)" >&2; exit 1; }

shopt -s nullglob
files=("$DIST"/*.wasm "$DIST"/*.js "$DIST"/*.css)
shopt -u nullglob
[ "${#files[@]}" -gt 0 ] || { echo "size-report: no .wasm, .js or .css files in $DIST" >&2; exit 1; }

kb() { awk -v b="$1" 'BEGIN { printf "%.1f KB", b / 1024 }'; }

gz_size() { # the served .gz when the build wrote one, else gzip -9
  if [ -f "$1.gz" ]; then wc -c <"$1.gz"; else gzip -9 -n -c "$1" | wc -c; fi
}
br_size() { # the served .br when the build wrote one, else brotli -q 11 (or node's), else "-"
  if [ -f "$1.br" ]; then
    wc -c <"$1.br"
  elif command -v brotli >/dev/null 2>&1; then
    brotli -q 11 -c "$1" | wc -c
  elif command -v node >/dev/null 2>&1; then
    node -e 'const z = require("zlib"); process.stdout.write(String(z.brotliCompressSync(require("fs").readFileSync(process.argv[1]), { params: { [z.constants.BROTLI_PARAM_QUALITY]: 11 } }).length))' "$1"
  else
    echo -
  fi
}

echo "bundle of $DIST (bytes; gzip and brotli as served):"
printf '  %-44s %10s %10s %10s\n' "file" "raw" "gzip" "brotli"
declare -A sum_raw sum_gz sum_br
total_raw=0 total_gz=0 total_br=0
for f in "${files[@]}"; do
  raw=$(wc -c <"$f")
  gz=$(gz_size "$f")
  br=$(br_size "$f")
  kind="${f##*.}"
  sum_raw[$kind]=$((${sum_raw[$kind]:-0} + raw))
  sum_gz[$kind]=$((${sum_gz[$kind]:-0} + gz))
  total_raw=$((total_raw + raw))
  total_gz=$((total_gz + gz))
  if [ "$br" != - ]; then
    sum_br[$kind]=$((${sum_br[$kind]:-0} + br))
    total_br=$((total_br + br))
  fi
  printf '  %-44s %10d %10d %10s\n' "$(basename "$f")" "$raw" "$gz" "$br"
done
for kind in wasm js css; do
  [ -n "${sum_raw[$kind]:-}" ] || continue
  printf '  %-44s %10d %10d %10s\n' "all .$kind" "${sum_raw[$kind]}" "${sum_gz[$kind]}" "${sum_br[$kind]:--}"
done
printf '  %-44s %10d %10d %10d\n' "total (wasm+js+css)" "$total_raw" "$total_gz" "$total_br"
echo "  in KB: raw $(kb "$total_raw"), gzip $(kb "$total_gz"), brotli $(kb "$total_br")"

pct=$(awk -v g="$total_gz" -v b="$BUDGET" 'BEGIN { printf "%.0f", 100 * g / b }')
if [ "$total_gz" -gt "$BUDGET" ]; then
  echo "size: OVER BUDGET: $total_gz bytes gzip ($(kb "$total_gz")) > budget $BUDGET bytes ($(kb "$BUDGET")), ${pct}% of budget"
else
  echo "size: within budget: $total_gz bytes gzip ($(kb "$total_gz")) of $BUDGET bytes ($(kb "$BUDGET")), ${pct}% of budget"
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
