#!/usr/bin/env bash
# Develop the console: the dev backend on :3000 and `trunk serve` (live reload) on :8080, which
# forwards /api to the backend. Ctrl-C stops both. Works from any directory.
#
#   scripts/dev.sh                      # everything with defaults
#   scripts/dev.sh --flavor chorus      # arguments go to the dev server (devserver/README.md)
#   scripts/dev.sh --jobs mc --speed 10
#   DEVSERVER_ARGS="--speed 10" scripts/dev.sh
#   PORT=8081 scripts/dev.sh            # trunk serve elsewhere
#
# The dev server's port is the one of the /api proxy in Trunk.toml (3000); without a [[proxy]]
# there, API_PORT (default 3000) chooses it and trunk gets --proxy-backend.
#
# Installs what is missing first: the wasm target, trunk, wasm-bindgen-cli of the Cargo.lock version.
set -euo pipefail

# shellcheck source=scripts/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$ROOT"

PORT="${PORT:-8080}"
# The /api proxy: Trunk.toml's [[proxy]] section when the repository has one (its port is the dev
# server's), else a flag.
TRUNK_ARGS=(serve --offline --address 127.0.0.1 --port "$PORT")
proxy_port=""
if [ -f Trunk.toml ] && grep -Eq '^\s*\[\[proxy\]\]' Trunk.toml; then
  proxy_port="$(sed -nE 's#^\s*backend\s*=\s*"https?://(127\.0\.0\.1|localhost):([0-9]+)/api/?".*#\2#p' Trunk.toml | head -n 1)"
  [ -n "$proxy_port" ] || die "Trunk.toml has a [[proxy]] whose backend is not http://127.0.0.1:<port>/api/"
  if [ -n "${API_PORT:-}" ] && [ "$API_PORT" != "$proxy_port" ]; then
    die "API_PORT=$API_PORT, but Trunk.toml proxies /api to port $proxy_port"
  fi
  API_PORT="$proxy_port"
else
  API_PORT="${API_PORT:-3000}"
  TRUNK_ARGS+=(--proxy-backend "http://127.0.0.1:$API_PORT/api/")
fi
API_URL="http://127.0.0.1:$API_PORT"
# Extra flags for the dev server, e.g. "--speed 10 --latency-ms 300" (word-split on purpose),
# then the arguments of this script.
read -r -a DEVSERVER_EXTRA <<<"${DEVSERVER_ARGS:-}"
DEVSERVER_EXTRA+=("$@")

ensure_rust
ensure_trunk
ensure_wasm_bindgen
command -v curl >/dev/null 2>&1 || ensure_apt_packages

port_busy "$API_PORT" && die "port $API_PORT is in use (another dev server?); stop it or set API_PORT"
port_busy "$PORT" && die "port $PORT is in use (another trunk serve?); stop it or set PORT"

log "building the dev server"
cargo build -p devserver --release

DEV_PID=""
cleanup() {
  trap - EXIT INT TERM
  if [ -n "$DEV_PID" ] && kill -0 "$DEV_PID" 2>/dev/null; then
    log "stopping the dev server"
    # The dev server runs in its own session and process group (setsid).
    stop_group "$DEV_PID"
  fi
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

log "starting the dev server on $API_URL"
setsid cargo run -q -p devserver --release -- --addr "127.0.0.1:$API_PORT" "${DEVSERVER_EXTRA[@]}" </dev/null &
DEV_PID=$!

for i in $(seq 1 120); do
  if http_up "$API_URL/api/dev/requests"; then
    break
  fi
  kill -0 "$DEV_PID" 2>/dev/null || die "the dev server exited during start-up (see its output above)"
  [ "$i" -lt 120 ] || die "the dev server did not answer on $API_URL within 60 s"
  sleep 0.5
done

cat <<EOF

  Console:     http://127.0.0.1:$PORT/      (ready once trunk reports "serving"; it rebuilds on save)
  Dev server:  $API_URL/     (dev-control API under /api/dev/, see devserver/README.md)

  Demo logins (the dev server's banner above has them all):
    admin / admin123   PlatformAdmin: everything
    alice / alice123   WorkspaceMember of Demo and Genomics
    bob   / bob12345   WorkspaceViewer of Demo
    dora  / dora12345  WorkspaceMember of Demo, one-time code 424242
    wendy / wendy123   WorkspaceAdmin of Demo (no platform role): runs its members
    nora  / nora1234   in no workspace until someone adds her

  Ctrl-C stops both.

EOF

trunk "${TRUNK_ARGS[@]}"
