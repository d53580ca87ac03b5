#!/usr/bin/env bash
# The walk on your own running CHORUS (README, "Running against a real CHORUS"): installs what it
# needs (Chromium, nginx with brotli_static, Node and tests/e2e's packages), builds dist/ when it
# is missing or older than the sources, and runs tests/e2e/real-chorus/*.spec.ts with nginx in
# front of the backend on http://app.localhost:${REAL_CHORUS_PORT:-4290}.
#
#   CHORUS_URL=http://127.0.0.1:5000 CHORUS_USER=chorus CHORUS_PASSWORD=… scripts/walk-chorus.sh
#   … scripts/walk-chorus.sh -g 'services'        # extra arguments go to Playwright
#
# CHORUS_USER is a SuperAdmin: CHORUS's default steward is `chorus` (its init-config), with the
# password that config gave it. The walk leaves what it made behind (`walk-<time>` names): use a
# CHORUS kept for trying things, never a production one.
set -euo pipefail

# shellcheck source=scripts/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$ROOT"

[ -n "${CHORUS_URL:-}" ] || die "set CHORUS_URL (e.g. http://127.0.0.1:5000), CHORUS_USER and CHORUS_PASSWORD"
[ -n "${CHORUS_USER:-}" ] && [ -n "${CHORUS_PASSWORD:-}" ] ||
  die "set CHORUS_USER and CHORUS_PASSWORD: a SuperAdmin's login (CHORUS's default steward is 'chorus')"
http_up "$CHORUS_URL/api/rest/v1/health" || die "nothing answers at $CHORUS_URL/api/rest/v1/health"

ensure_apt_packages
ensure_nginx
ensure_node_modules

dist="${E2E_DIST:-$ROOT/dist}"
if [ ! -f "$dist/index.html" ] ||
  [ -n "$(find src style public index.html Cargo.toml Cargo.lock Trunk.toml -newer "$dist/index.html" -print -quit 2>/dev/null)" ]; then
  log "building the release bundle (scripts/build.sh)"
  DIST_DIR="$dist" scripts/build.sh
fi

cd tests/e2e
E2E_DIST="$dist" PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 exec npx playwright test -c real-chorus.config.ts "$@"
