#!/usr/bin/env bash
# Develop the console: the dev backend on :3000 and `trunk serve` (live reload) on :8080, which
# forwards /api to the backend. Ctrl-C stops both. Works from any directory.
#
#   scripts/dev.sh                      # everything with defaults
#   scripts/dev.sh --flavor chorus      # arguments go to the dev server (devserver/README.md)
#   scripts/dev.sh --jobs mc --speed 10
#   DEVSERVER_ARGS="--speed 10" scripts/dev.sh
#   PORT=8081 scripts/dev.sh            # trunk serve elsewhere
#   scripts/dev.sh --backend http://127.0.0.1:5000   # a backend already running (a real CHORUS):
#                                       # no dev server; Trunk proxies /api there, and the console
#                                       # is opened at http://localhost:PORT/ (below)
#
# The dev server's port is the one of the /api proxy in Trunk.toml (3000); without a [[proxy]]
# there, API_PORT (default 3000) chooses it and trunk gets --proxy-backend.
#
# With --backend, Trunk reads a copy of Trunk.toml whose [[proxy]] names that backend
# (target/dev-backend/Trunk.toml, its paths made absolute). CHORUS sets its login cookie `Secure;
# SameSite=None; Domain=<daemon.http.headers.cookie_domain>` (default `localhost`): the browser
# keeps it only on a secure context of that domain, which http://localhost is (127.0.0.1 is another
# host): open the console at http://localhost:PORT/, or set that domain to the host you use.
#
# Installs what is missing first: the wasm target, trunk, wasm-bindgen-cli of the Cargo.lock version.
set -euo pipefail

# shellcheck source=scripts/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$ROOT"

PORT="${PORT:-8080}"

# --backend URL (or --backend=URL): the backend to proxy /api to, instead of a dev server.
BACKEND=""
DEV_ARGS=()
while [ "$#" -gt 0 ]; do
  case "$1" in
    --backend)
      [ "$#" -ge 2 ] || die "--backend needs a URL, e.g. --backend http://127.0.0.1:5000"
      BACKEND="$2"
      shift 2
      ;;
    --backend=*)
      BACKEND="${1#--backend=}"
      shift
      ;;
    *)
      DEV_ARGS+=("$1")
      shift
      ;;
  esac
done

if [ -n "$BACKEND" ]; then
  BACKEND="${BACKEND%/}"
  [[ "$BACKEND" =~ ^https?://[^/?#[:space:]\"]+$ ]] ||
    die "--backend takes the backend's origin, e.g. http://127.0.0.1:5000 (got: $BACKEND)"
  if [ "${#DEV_ARGS[@]}" -gt 0 ] || [ -n "${DEVSERVER_ARGS:-}" ]; then
    die "--backend starts no dev server: its flags (${DEV_ARGS[*]} ${DEVSERVER_ARGS:-}) would do nothing"
  fi
  ensure_rust
  ensure_trunk
  ensure_wasm_bindgen
  command -v curl >/dev/null 2>&1 || ensure_apt_packages
  port_busy "$PORT" && die "port $PORT is in use (another trunk serve?); stop it or set PORT"
  # Trunk.toml without its [[proxy]] section, relative paths made absolute (Trunk resolves them
  # against the config file's directory), a watch list, and a [[proxy]] to the backend.
  conf_dir="$ROOT/target/dev-backend"
  mkdir -p "$conf_dir"
  awk -v root="$ROOT" -v backend="$BACKEND/api/" '
    /^[[:space:]]*\[\[proxy\]\]/ { skip = 1; next }
    /^[[:space:]]*\[/ { skip = 0 }
    skip { next }
    /^[[:space:]]*(target|dist)[[:space:]]*=[[:space:]]*"/ { sub(/"/, "\"" root "/") }
    { print }
    END {
      print ""
      print "[watch]"
      printf "watch = [\"%s/src\", \"%s/style\", \"%s/public\", \"%s/index.html\", \"%s/Cargo.toml\", \"%s/build.rs\"]\n", root, root, root, root, root, root
      print ""
      print "[[proxy]]"
      print "backend = \"" backend "\""
    }
  ' Trunk.toml >"$conf_dir/Trunk.toml"
  if ! http_up "$BACKEND/api/rest/v1/authentication/modes"; then
    log "nothing answers at $BACKEND yet: the console will say so until it does"
  fi
  cat <<EOF

  Console:  http://localhost:$PORT/   (ready once trunk reports "serving"; it rebuilds on save)
  Backend:  $BACKEND   (/api is proxied there; no dev server)

  Open the console at http://localhost:$PORT/, not 127.0.0.1: CHORUS's login cookie is
  \`Secure; SameSite=None; Domain=localhost\` by default (daemon.http.headers.cookie_domain), and
  the browser keeps it only on a secure context of that domain (http://localhost is one).
  Sign in with an account of that backend. Ctrl-C stops trunk.

EOF
  exec trunk --config "$conf_dir/Trunk.toml" serve --offline --address 127.0.0.1 --port "$PORT"
fi

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
DEVSERVER_EXTRA+=("${DEV_ARGS[@]}")

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
