#!/usr/bin/env bash
# Size report of a release build: raw and gzip -9 size of every dist/*.wasm, *.js and *.css, and
# their gzip total against the budget. A report only: it prints OVER BUDGET but exits 0 (it fails
# only when there is nothing to measure).
#
#   scripts/size-report.sh [DIST_DIR]        (default: dist/ at the repository root)
#   SIZE_BUDGET_BYTES=256000 scripts/size-report.sh
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)"
DIST="${1:-$ROOT/dist}"
BUDGET="${SIZE_BUDGET_BYTES:-256000}"

[ -d "$DIST" ] || { echo "size-report: no directory $DIST (run trunk build --release first)" >&2; exit 1; }

shopt -s nullglob
files=("$DIST"/*.wasm "$DIST"/*.js "$DIST"/*.css)
shopt -u nullglob
[ "${#files[@]}" -gt 0 ] || { echo "size-report: no .wasm, .js or .css files in $DIST" >&2; exit 1; }

kb() { awk -v b="$1" 'BEGIN { printf "%.1f KB", b / 1024 }'; }

total_raw=0
total_gz=0
printf '%-48s %12s %12s\n' "file" "raw bytes" "gzip bytes"
for f in "${files[@]}"; do
  raw=$(wc -c <"$f")
  gz=$(gzip -9 -c "$f" | wc -c)
  total_raw=$((total_raw + raw))
  total_gz=$((total_gz + gz))
  printf '%-48s %12d %12d\n' "$(basename "$f")" "$raw" "$gz"
done
printf '%-48s %12d %12d\n' "total (wasm+js+css)" "$total_raw" "$total_gz"

pct=$(awk -v g="$total_gz" -v b="$BUDGET" 'BEGIN { printf "%.0f", 100 * g / b }')
if [ "$total_gz" -gt "$BUDGET" ]; then
  echo "size: OVER BUDGET: $total_gz bytes gzip ($(kb "$total_gz")) > budget $BUDGET bytes ($(kb "$BUDGET")), ${pct}% of budget"
else
  echo "size: within budget: $total_gz bytes gzip ($(kb "$total_gz")) of $BUDGET bytes ($(kb "$BUDGET")), ${pct}% of budget"
fi
