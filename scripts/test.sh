#!/usr/bin/env bash
# Every check of the project, in order, stopping at the first failing stage:
#
#   setup         install what is missing: Rust target/components, trunk, wasm-bindgen-cli (the
#                 Cargo.lock version), chromium + chromium-driver, wasm-opt (npm binaryen, see
#                 scripts/lib.sh), nginx + its brotli_static module + brotli, npm ci in tests/e2e
#   fmt           cargo fmt --all --check
#   clippy        cargo clippy --workspace --all-targets -D warnings (native)
#   clippy-wasm   cargo clippy -p console --target wasm32-unknown-unknown --lib --tests -D warnings
#   unit          cargo test --workspace (native: domain, api mapping, devserver)
#   browser       wasm-bindgen-test component tests (tests/browser.rs) in headless Chromium
#   build         scripts/build.sh (dist/, precompressed) and the dev server (a debug build)
#   size          scripts/size-report.sh: the bundle and each main route on a cold cache in
#                 Chromium (scripts/route-sizes.mjs); a report, never fails the run
#   e2e           Playwright against the dev server serving dist/ (tests/e2e)
#   a11y          axe-core (WCAG 2.2 A/AA) over every route, dialog and inline form, two users, 1280/375/320
#                 px, light and dark (tests/e2e/axe, tests/e2e/a11y.config.ts); prints a table
#   e2e-nginx     Playwright through nginx with deploy/'s configuration in front of the dev server
#                 (tests/e2e/nginx, tests/e2e/nginx.config.ts)
#   real-chorus   only with CHORUS_URL (+ CHORUS_USER, CHORUS_PASSWORD): a new user's walk on a
#                 running CHORUS (tests/e2e/real-chorus.config.ts); skipped otherwise
#   bench         cold-load benchmark through that nginx on a throttled link (a report, never
#                 fails the run)
#
# It prints each stage's wall time, a table of the stages at the end, and as its very last line
# `summary: N passed, N failed, N skipped` (tests counted from cargo's `test result:` lines and
# Playwright's JSON report; a stage that fails without a test count counts as one failure). A test
# stage fails when it ran no test, when Playwright left no report, or when Playwright ran fewer
# tests than it listed; skipped (ignored) tests are counted and shown.
#
# Developer toggles (ignored when CI is set: CI runs everything):
#   SKIP_INSTALL=1  skip the setup stage       SKIP_LINT=1     skip fmt and both clippy stages
#   SKIP_UNIT=1     skip native cargo tests    SKIP_BROWSER=1  skip the wasm component tests
#   SKIP_E2E=1      skip both end-to-end stages E2E_ONLY=1     only setup, build and the e2e stages
#   SKIP_BENCH=1    skip the cold-load benchmark  SKIP_A11Y=1     skip the accessibility stage
# Arguments are passed to `playwright test` of the e2e stage (the nginx suite is then skipped),
# e.g. `E2E_ONLY=1 scripts/test.sh auth.spec.ts -g Deep`.
# CARGO_TARGET_DIR and DIST_DIR (default dist/) move the builds elsewhere.
# COLDLOAD_BASELINE_DIST=<a previous release bundle>: the bench stage measures it beside this build.
set -euo pipefail

# shellcheck source=scripts/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$ROOT"

E2E_EXTRA_ARGS=("$@")
# Where the builds go (CARGO_TARGET_DIR and DIST_DIR let a run stay out of the shared ones).
TARGET_DIR="${CARGO_TARGET_DIR:-$ROOT/target}"
DIST_DIR="${DIST_DIR:-$ROOT/dist}"
case "$TARGET_DIR" in /*) ;; *) TARGET_DIR="$ROOT/$TARGET_DIR" ;; esac # cargo reads it from $ROOT
case "$DIST_DIR" in /*) ;; *) DIST_DIR="$ROOT/$DIST_DIR" ;; esac
export E2E_DEVSERVER="$TARGET_DIR/debug/devserver" E2E_DIST="$DIST_DIR"
# Where the nginx suite renders its nginx configurations (tests/e2e/nginx.config.ts).
export E2E_NGINX_DIR="$TARGET_DIR/e2e-nginx"
LOG_DIR="$(mktemp -d "${TMPDIR:-/tmp}/console-test.XXXXXX")"
RUN_START=$(date +%s.%N)

TESTS_PASSED=0
TESTS_FAILED=0
TESTS_SKIPPED=0
STAGE_ROWS=()   # "name|result|seconds|note"

is_ci() { [ -n "${CI:-}" ] && [ "${CI}" != "false" ] && [ "${CI}" != "0" ]; }

toggle() { # toggle NAME: true when the developer toggle NAME=1 is set and this is not CI
  local v="${!1:-}"
  if is_ci; then
    [ -z "$v" ] || [ "$v" = 0 ] || log "CI is set: ignoring $1=$v"
    return 1
  fi
  [ -n "$v" ] && [ "$v" != 0 ]
}

# CI builds from a clean clone once: incremental compilation only costs there (it writes the
# incremental state of every local crate, for builds that never come).
if is_ci; then
  export CARGO_INCREMENTAL="${CARGO_INCREMENTAL:-0}"
fi

elapsed_since() { awk -v s="$1" -v e="$(date +%s.%N)" 'BEGIN { printf "%.1f", e - s }'; }

finish() {
  local rc=$?
  trap - EXIT
  echo
  echo "stages (total $(elapsed_since "$RUN_START") s; logs in $LOG_DIR):"
  local row name result secs note
  for row in "${STAGE_ROWS[@]}"; do
    IFS='|' read -r name result secs note <<<"$row"
    printf '  %-12s %-7s %8s s  %s\n' "$name" "$result" "$secs" "$note"
  done
  if [ "$rc" -ne 0 ] && [ "$TESTS_FAILED" -eq 0 ]; then
    TESTS_FAILED=1 # a failure before any test could count it (a build error, a lint, a crash)
  fi
  echo "summary: $TESTS_PASSED passed, $TESTS_FAILED failed, $TESTS_SKIPPED skipped"
  exit "$rc"
}
trap finish EXIT

# Adds the counts of cargo's `test result:` lines in log $1; echoes "passed failed ignored".
count_cargo_tests() {
  awk '
    /^test result:/ {
      for (i = 1; i <= NF; i++) {
        if ($(i) ~ /^passed;?$/) p += $(i - 1)
        if ($(i) ~ /^failed;?$/) f += $(i - 1)
        if ($(i) ~ /^ignored;?$/) s += $(i - 1)
      }
    }
    END { printf "%d %d %d\n", p, f, s }
  ' "$1"
}

# Counts of Playwright's JSON report $1 and the number of tests listed beforehand in $2 (written
# by run_playwright); echoes "passed failed skipped listed", or nothing when the report is missing
# or unreadable.
count_playwright_tests() {
  [ -f "$1" ] || return 0
  node -e '
    const s = require(process.argv[1]).stats;
    if (!s) process.exit(1);
    const listed = Number(require("fs").readFileSync(process.argv[2], "utf8").trim());
    console.log([(s.expected || 0) + (s.flaky || 0), s.unexpected || 0, s.skipped || 0,
      Number.isFinite(listed) ? listed : -1].join(" "));
  ' "$1" "$2" 2>/dev/null || true
}

# stage NAME KIND FUNCTION [ARGS...]: runs FUNCTION with errexit in a subshell, logs its output,
# times it and counts its tests (KIND: cargo, playwright or none; a playwright stage reads
# $LOG_DIR/NAME.json and $LOG_DIR/NAME.listed, see run_playwright). Exits on failure, and fails a
# test stage that ran no test, left no report or ran fewer tests than it listed.
stage() {
  local name="$1" kind="$2"
  shift 2
  local logf="$LOG_DIR/$name.log" start rc secs p=0 f=0 s=0 listed="" note="" short=""
  start=$(date +%s.%N)
  printf '\n%s=== stage %s ===%s\n' "$C_BOLD" "$name" "$C_OFF"
  set +e
  (set -e; "$@") 2>&1 | tee "$logf"
  rc=${PIPESTATUS[0]}
  set -e
  secs=$(elapsed_since "$start")
  case "$kind" in
    cargo)
      read -r p f s < <(count_cargo_tests "$logf")
      [ $((p + f + s)) -gt 0 ] || short="it ran no test"
      ;;
    playwright)
      local counts
      counts="$(count_playwright_tests "$LOG_DIR/$name.json" "$LOG_DIR/$name.listed")"
      if [ -z "$counts" ]; then
        short="Playwright left no readable report ($LOG_DIR/$name.json)"
      else
        read -r p f s listed <<<"$counts"
        if [ $((p + f + s)) -eq 0 ]; then
          short="it ran no test"
        elif [ "$listed" -lt 0 ] || [ $((p + f + s)) -lt "$listed" ]; then
          short="it ran $((p + f + s)) of the $listed tests it listed"
        fi
      fi
      ;;
  esac
  if [ "$kind" != none ]; then
    note="$p passed, $f failed, $s skipped"
    TESTS_PASSED=$((TESTS_PASSED + p))
    TESTS_FAILED=$((TESTS_FAILED + f))
    TESTS_SKIPPED=$((TESTS_SKIPPED + s))
  fi
  if [ -n "$short" ]; then
    printf '\n%sstage %s: %s%s\n' "$C_RED" "$name" "$short" "$C_OFF" >&2
    note="$note; $short"
    [ "$rc" -ne 0 ] || rc=1
    [ "$f" -gt 0 ] || TESTS_FAILED=$((TESTS_FAILED + 1))
  fi
  if [ "$rc" -ne 0 ]; then
    STAGE_ROWS+=("$name|FAILED|$secs|$note")
    printf '\n%sstage %s FAILED%s (exit %s after %s s); its output: %s\n' "$C_RED" "$name" "$C_OFF" "$rc" "$secs" "$logf" >&2
    exit "$rc"
  fi
  STAGE_ROWS+=("$name|ok|$secs|$note")
  printf '%sstage %s ok%s (%s s%s)\n' "$C_GREEN" "$name" "$C_OFF" "$secs" "${note:+; $note}"
}

skip() { # skip NAME REASON
  STAGE_ROWS+=("$1|skipped|0.0|$2")
  printf '\n=== stage %s skipped: %s ===\n' "$1" "$2"
}

# ---------------------------------------------------------------------------------------------
# The stages.

do_setup() {
  ensure_apt_packages
  ensure_rust
  ensure_wasm_bindgen
  ensure_trunk
  ensure_wasm_opt
  ensure_wasm_split
  ensure_node_modules
  ensure_nginx
  echo "rustc:        $(rustc --version)"
  echo "trunk:        $(trunk --version)"
  echo "wasm-bindgen: $(wasm-bindgen --version) (Cargo.lock: $(wasm_bindgen_lock_version))"
  echo "wasm-opt:     $(wasm-opt --version 2>/dev/null || echo missing) ($(command -v wasm-opt))"
  echo "chromium:     $(/usr/bin/chromium --version 2>/dev/null || echo missing)"
  echo "chromedriver: $(/usr/bin/chromedriver --version 2>/dev/null || echo missing)"
  echo "node:         $(node --version)"
  echo "nginx:        $(/usr/sbin/nginx -v 2>&1)"
  echo "brotli:       $(brotli --version 2>/dev/null || echo missing)"
}

do_fmt() { cargo fmt --all --check; }

do_clippy() { cargo clippy --workspace --all-targets -- -D warnings; }

do_clippy_wasm() {
  cargo clippy -p console --target wasm32-unknown-unknown --lib --tests -- -D warnings
}

do_unit() { cargo test --workspace; }

do_browser() {
  # The runner (.cargo/config.toml) drives Chromium through ChromeDriver; the capabilities
  # (headless flags for a closed network, running as root) are in scripts/webdriver.json.
  CHROMEDRIVER="${CHROMEDRIVER:-/usr/bin/chromedriver}" \
    WASM_BINDGEN_TEST_WEBDRIVER_JSON="${WASM_BINDGEN_TEST_WEBDRIVER_JSON:-$ROOT/scripts/webdriver.json}" \
    WASM_BINDGEN_TEST_TIMEOUT="${WASM_BINDGEN_TEST_TIMEOUT:-300}" \
    WASM_BINDGEN_TEST_DRIVER_TIMEOUT="${WASM_BINDGEN_TEST_DRIVER_TIMEOUT:-60}" \
    cargo test --target wasm32-unknown-unknown -p console --test browser
}

do_build() {
  DIST_DIR="$DIST_DIR" "$ROOT/scripts/build.sh"
  # The end-to-end dev server is a debug build: the unit stage has built it already (a release
  # build, with the workspace's LTO, took 90 s more on a fresh clone for no test's benefit).
  cargo build -p devserver
}

do_size() {
  # twiggy for the report's contributors; the report says "skipped" when it could not be had.
  (ensure_twiggy) || echo "size: could not install twiggy"
  "$ROOT/scripts/size-report.sh" "$DIST_DIR"
}

# run_playwright NAME [ARGS...]: lists the tests first (their number goes to $LOG_DIR/NAME.listed),
# then runs them with the JSON report in $LOG_DIR/NAME.json (read by stage).
run_playwright() {
  local name="$1"
  shift
  [ -x "$E2E_DEVSERVER" ] || { echo "no $E2E_DEVSERVER: the build stage makes it" >&2; exit 1; }
  rm -f "$LOG_DIR/$name.json" "$LOG_DIR/$name.listed"
  cd "$ROOT/tests/e2e"
  local listing
  listing="$(PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npx --no-install playwright test --list "$@")"
  sed -n '$p' <<<"$listing"
  sed -nE '$s/^Total: ([0-9]+) tests?.*/\1/p' <<<"$listing" >"$LOG_DIR/$name.listed"
  [ -s "$LOG_DIR/$name.listed" ] || echo 0 >"$LOG_DIR/$name.listed"
  E2E_JSON_REPORT="$LOG_DIR/$name.json" PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 \
    npx --no-install playwright test "$@"
}

# The config starts $E2E_DEVSERVER on 127.0.0.1:4173 serving $E2E_DIST.
do_e2e() { run_playwright e2e "${E2E_EXTRA_ARGS[@]}"; }

# The accessibility stage: the same dist/ and dev server as e2e (tests/e2e/a11y.config.ts).
do_a11y() { run_playwright a11y -c a11y.config.ts; }

# nginx (deploy/render.sh) in front of the dev server, which serves no files (tests/e2e/nginx.config.ts).
do_e2e_nginx() { run_playwright e2e-nginx -c nginx.config.ts; }

# The walk on a running CHORUS (tests/e2e/real-chorus.config.ts): only with CHORUS_URL and the
# steward's CHORUS_USER / CHORUS_PASSWORD (README, "Running against a real CHORUS").
do_real_chorus() { run_playwright real-chorus -c real-chorus.config.ts; }

# A report: a failure to measure is printed, never fails the run.
do_bench() {
  # A previous bundle to compare with (tests/e2e/nginx/coldload.bench.ts), relative to the root.
  local baseline="${COLDLOAD_BASELINE_DIST:-}"
  case "$baseline" in "" | /*) ;; *) baseline="$ROOT/$baseline" ;; esac
  cd "$ROOT/tests/e2e"
  E2E_COLDLOAD=1 COLDLOAD_BASELINE_DIST="$baseline" PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 \
    npx --no-install playwright test -c nginx.config.ts --reporter=list coldload ||
    echo "bench: the cold-load benchmark could not measure (see above); it is a report, the run goes on"
}

# ---------------------------------------------------------------------------------------------

ONLY_E2E=false
if toggle E2E_ONLY; then ONLY_E2E=true; fi

if toggle SKIP_INSTALL; then skip setup "SKIP_INSTALL"; else stage setup none do_setup; fi

if $ONLY_E2E || toggle SKIP_LINT; then
  skip fmt "developer toggle"; skip clippy "developer toggle"; skip clippy-wasm "developer toggle"
else
  stage fmt none do_fmt
  stage clippy none do_clippy
  stage clippy-wasm none do_clippy_wasm
fi

if $ONLY_E2E || toggle SKIP_UNIT; then skip unit "developer toggle"; else stage unit cargo do_unit; fi

if $ONLY_E2E || toggle SKIP_BROWSER; then
  skip browser "developer toggle"
elif [ ! -f tests/browser.rs ]; then
  stage browser none bash -c 'echo "tests/browser.rs is missing: the browser component tests cannot run" >&2; exit 1'
else
  stage browser cargo do_browser
fi

stage build none do_build
stage size none do_size

if toggle SKIP_E2E; then
  skip e2e "SKIP_E2E"; skip a11y "SKIP_E2E"; skip e2e-nginx "SKIP_E2E"; skip bench "SKIP_E2E"
else
  stage e2e playwright do_e2e
  if [ "${#E2E_EXTRA_ARGS[@]}" -gt 0 ]; then
    skip a11y "arguments given for the e2e stage"
    skip e2e-nginx "arguments given for the e2e stage"
    skip bench "arguments given for the e2e stage"
  else
    if toggle SKIP_A11Y; then skip a11y "SKIP_A11Y"; else stage a11y playwright do_a11y; fi
    stage e2e-nginx playwright do_e2e_nginx
    if [ -n "${CHORUS_URL:-}" ]; then
      stage real-chorus playwright do_real_chorus
    else
      skip real-chorus "CHORUS_URL is not set (the walk on a running CHORUS)"
    fi
    if toggle SKIP_BENCH; then skip bench "SKIP_BENCH"; else stage bench none do_bench; fi
  fi
fi
