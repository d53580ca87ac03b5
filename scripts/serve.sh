#!/usr/bin/env bash
# Serve the production build locally the way a deployment does: nginx with the configuration of
# deploy/ (rendered by deploy/render.sh) on dist/, in front of a backend. Runs in the foreground
# (access log on stdout); Ctrl-C stops everything it started. Works as root and as any other user:
# nginx gets its own prefix, pid, temp and log files under target/serve-nginx/.
#
#   scripts/serve.sh                          # http://app.localhost:8088 in front of the dev server,
#                                             # each session's pages on http://s<id>.app.localhost:8089
#   scripts/serve.sh https://chorus.example.org    # in front of another backend
#   PORT=9000 STREAM_PORT=9001 scripts/serve.sh
#   STREAM_APP_PAGES=1 scripts/serve.sh       # app pages too on the sessions' hosts (the dev
#                                             # server has them; deploy/README.md says the limit)
#   STREAM_PORT= ALLOW_SAME_ORIGIN_STREAMS=1 scripts/serve.sh
#                                             # streams on the console's origin (unsafe: see
#                                             # deploy/README.md; only to try that layout)
#
# It builds first when dist/ is missing or older than the sources (scripts/build.sh), and installs
# nginx with the brotli_static module when missing. The backend (BACKEND_URL, or the first
# argument) defaults to the dev server on http://127.0.0.1:3000; when nothing answers there, it
# starts one (without --static: nginx serves the files) and stops it on exit. Each session's
# pages come from an origin of their own, http://s<id>.$CONSOLE_HOST:$STREAM_PORT (config.json
# gets `streamBaseUrl` with `{session}`), and the console's own origin refuses the stream paths.
# The console is on http://$CONSOLE_HOST:$PORT (app.localhost: browsers resolve every
# *.localhost to this machine), so that the login cookie reaches the sessions' hosts under it: the
# dev server scopes it to app.localhost there (another backend must set its cookie's Domain so).
set -euo pipefail

# shellcheck source=scripts/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$ROOT"

PORT="${PORT:-8088}"
CONSOLE_HOST="${CONSOLE_HOST:-app.localhost}"
[[ "$CONSOLE_HOST" =~ ^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*$ ]] ||
  { echo "serve.sh: CONSOLE_HOST='$CONSOLE_HOST' is not a host name" >&2; exit 1; }
# Streams on their own origin by default (deploy/README.md); empty only with the opt-in.
STREAM_PORT="${STREAM_PORT-$((PORT + 1))}"
if [ -z "$STREAM_PORT" ] && [ "${ALLOW_SAME_ORIGIN_STREAMS:-}" != 1 ]; then
  echo "serve.sh: STREAM_PORT is empty: set ALLOW_SAME_ORIGIN_STREAMS=1 to serve the streams on the console's origin (unsafe, deploy/README.md)" >&2
  exit 1
fi
DEV_BACKEND="http://127.0.0.1:3000"
BACKEND_URL="${1:-${BACKEND_URL:-$DEV_BACKEND}}"
BACKEND_URL="${BACKEND_URL%/}"
DIST_DIR="${DIST_DIR:-$ROOT/dist}"
case "$DIST_DIR" in /*) ;; *) DIST_DIR="$ROOT/$DIST_DIR" ;; esac
TARGET_DIR="${CARGO_TARGET_DIR:-$ROOT/target}"
case "$TARGET_DIR" in /*) ;; *) TARGET_DIR="$ROOT/$TARGET_DIR" ;; esac
PREFIX="$TARGET_DIR/serve-nginx"
PATH="$PATH:/usr/sbin"

ensure_nginx
command -v curl >/dev/null 2>&1 || ensure_apt_packages
port_busy "$PORT" && die "port $PORT is in use; set PORT"
[ -z "$STREAM_PORT" ] || ! port_busy "$STREAM_PORT" || die "port $STREAM_PORT is in use; set STREAM_PORT"

# Build when dist/ is missing or any source is newer than it.
stale=""
if [ ! -f "$DIST_DIR/index.html" ]; then
  stale="no $DIST_DIR/index.html"
else
  newer="$(find src style public index.html Cargo.toml Cargo.lock Trunk.toml .cargo rust-toolchain.toml \
    -newer "$DIST_DIR/index.html" -type f -print -quit 2>/dev/null || true)"
  [ -z "$newer" ] || stale="$newer is newer than the build"
fi
if [ -n "$stale" ]; then
  log "building ($stale)"
  DIST_DIR="$DIST_DIR" "$ROOT/scripts/build.sh"
fi

DEV_PID="" NGINX_PID=""
cleanup() {
  trap - EXIT INT TERM
  if [ -n "$NGINX_PID" ] && kill -0 "$NGINX_PID" 2>/dev/null; then
    kill -TERM "$NGINX_PID" 2>/dev/null || true
    wait "$NGINX_PID" 2>/dev/null || true
  fi
  if [ -n "$DEV_PID" ] && kill -0 "$DEV_PID" 2>/dev/null; then
    log "stopping the dev server"
    stop_group "$DEV_PID"
  fi
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

if [ "$BACKEND_URL" = "$DEV_BACKEND" ] && ! http_up "$DEV_BACKEND/api/rest/v1/users/me"; then
  port_busy 3000 && die "port 3000 is in use but does not answer HTTP; stop it or pass a backend URL"
  log "building and starting the dev server on $DEV_BACKEND (API only: nginx serves the files)"
  cargo build -q -p devserver --release
  setsid "$TARGET_DIR/release/devserver" --addr 127.0.0.1:3000 --quiet </dev/null &
  DEV_PID=$!
  for i in $(seq 1 120); do
    http_up "$DEV_BACKEND/api/rest/v1/users/me" && break
    kill -0 "$DEV_PID" 2>/dev/null || die "the dev server exited during start-up"
    [ "$i" -lt 120 ] || die "the dev server did not answer within 60 s"
    sleep 0.5
  done
fi

mkdir -p "$PREFIX"
render_env=(
  CONSOLE_DIST="$DIST_DIR" CONSOLE_LISTEN="127.0.0.1:$PORT" BACKEND_URL="$BACKEND_URL"
  CONSOLE_ORIGIN="http://$CONSOLE_HOST:$PORT"
  ACCESS_LOG=/dev/stdout ERROR_LOG=/dev/stderr
  ALLOW_SAME_ORIGIN_STREAMS="${ALLOW_SAME_ORIGIN_STREAMS:-}"
)
if [ -n "$STREAM_PORT" ]; then
  render_env+=(
    STREAM_ORIGIN="http://s{session}.$CONSOLE_HOST:$STREAM_PORT" STREAM_LISTEN="127.0.0.1:$STREAM_PORT"
    STREAM_APP_PAGES="${STREAM_APP_PAGES:-}" CONFIG_JSON="$PREFIX/config.json"
  )
  # The build's config.json plus streamBaseUrl.
  env "${render_env[@]}" "$ROOT/deploy/render.sh" --config-json "$DIST_DIR/config.json" >"$PREFIX/config.json"
fi
env "${render_env[@]}" "$ROOT/deploy/render.sh" --standalone "$PREFIX"
nginx -t -q -p "$PREFIX" -c "$PREFIX/nginx.conf" -e /dev/stderr

cat <<EOF

  Console:  http://$CONSOLE_HOST:$PORT/   (nginx with deploy/'s configuration, on $DIST_DIR;
            only this origin may change things through /api, not http://127.0.0.1:$PORT/)
  Backend:  $BACKEND_URL   (proxied at /api)
EOF
[ -z "$STREAM_PORT" ] || echo "  Streams:  http://s<id>.$CONSOLE_HOST:$STREAM_PORT/   (each session's pages on a host of its own)"
[ "$BACKEND_URL" != "$DEV_BACKEND" ] || cat <<EOF

  Demo logins (dev server): admin / admin123, alice / alice123, bob / bob12345,
  dora / dora12345 (one-time code 424242)
EOF
cat <<EOF

  nginx configuration: $PREFIX/console.conf
  Ctrl-C stops it.

EOF

nginx -p "$PREFIX" -c "$PREFIX/nginx.conf" -e /dev/stderr -g 'daemon off;' &
NGINX_PID=$!
wait "$NGINX_PID"
