#!/usr/bin/env bash
# Renders deploy/console.conf.template into an nginx site for the console. Settings come from the
# environment (deploy/README.md explains the layouts):
#
#   CONSOLE_DIST        the built dist/ (absolute path)                     [<repository>/dist]
#   CONSOLE_LISTEN      nginx `listen` of the console, e.g. "443 ssl http2" [80]
#   CONSOLE_SERVER_NAME nginx `server_name` of the console                  [_]
#   BACKEND_URL         the backend that answers /api, e.g. http://10.0.0.5:8080 (scheme, host,
#                       port; no path). Proxied at /api unless API_ORIGIN is set  [http://127.0.0.1:3000]
#   API_ORIGIN          the API's origin when it is another one than the console's (the app's
#                       `apiBaseUrl`): no /api proxy here, CSP connect-src and frame-src allow it
#                       [empty: same origin]
#   STREAM_ORIGIN       origin of the session and app iframes (the app's `streamBaseUrl`): CSP
#                       frame-src and connect-src; the console refuses the stream paths itself.
#                       REQUIRED: another origin than the console's and the API's. With
#                       `{session}` in its first host label (https://s{session}.streams.example.org)
#                       every session gets an origin of its own, and the stream server answers
#                       s<id>.streams.example.org only for session <id>'s pages (recommended:
#                       without it desktops can script each other)            [empty: refused]
#   STREAM_APP_PAGES    1: with `{session}`, serve app pages (…/app-instances/<id>/stream/) on
#                       every session's host too; nginx cannot tell which session an app runs
#                       in (deploy/README.md, "One origin per session")    [empty: 404 for them]
#   ALLOW_SAME_ORIGIN_STREAMS
#                       1: render without STREAM_ORIGIN, the streams then on the console's origin
#                       (or the API's). UNSAFE: an app's page can then act as whoever opens it
#                       (deploy/README.md, "Streams on their own origin")               [empty]
#   STREAM_LISTEN       when set, a second server block on this `listen` serves the stream paths
#                       (and their WebSocket) from BACKEND_URL, and nothing else     [empty: none]
#   STREAM_SERVER_NAME  its `server_name`     [_, or the session hosts' pattern with {session}]
#   CONSOLE_ORIGIN      REQUIRED: the console's origin as browsers reach it: the only one whose
#                       pages may change things through /api (and the API's), the only one that
#                       may frame the stream pages, and X-Forwarded-Host
#   CONFIG_JSON         a config.json to serve at /config.json instead of dist/'s  [empty]
#   TLS_CERT, TLS_KEY   certificate and key files (both or neither); the listen values then need
#                       `ssl`, and HSTS is sent                                     [empty]
#   BACKEND_CA          CA certificates nginx checks an https BACKEND_URL's certificate with
#                       (proxy_ssl_verify on)          [/etc/ssl/certs/ca-certificates.crt]
#   IMG_SRC_EXTRA       more CSP img-src sources for app icons hosted elsewhere     [empty]
#
# Usage:
#   deploy/render.sh                   the site on stdout (for /etc/nginx/conf.d/console.conf)
#   deploy/render.sh --out FILE        the site into FILE
#   deploy/render.sh --standalone DIR  DIR/console.conf and DIR/nginx.conf, a whole nginx that runs
#                                      as any user: nginx -p DIR -c DIR/nginx.conf -e DIR/error.log
#                                      (ACCESS_LOG and ERROR_LOG move its logs [DIR/access.log,
#                                      DIR/error.log], e.g. to /dev/stdout and /dev/stderr)
#   deploy/render.sh --check           renders a standalone copy into a temporary directory and
#                                      runs `nginx -t` on it
#   deploy/render.sh --config-json FILE
#                                      FILE (a config.json, e.g. dist/config.json) on stdout with
#                                      `apiBaseUrl` and `streamBaseUrl` matching these settings
#                                      (API_ORIGIN, STREAM_ORIGIN; needs Node.js)
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd -P)"
ROOT="$(cd "$HERE/.." && pwd -P)"
TEMPLATE="$HERE/console.conf.template"
BROTLI_MODULE="${BROTLI_MODULE:-/usr/lib/nginx/modules/ngx_http_brotli_static_module.so}"
MIME_TYPES="${MIME_TYPES:-/etc/nginx/mime.types}"

die() { printf 'render.sh: %s\n' "$*" >&2; exit 1; }

mode=stdout out=""
case "${1:-}" in
  "") ;;
  --out) mode=file out="${2:?--out needs a file}" ;;
  --standalone) mode=standalone out="${2:?--standalone needs a directory}" ;;
  --check) mode=check ;;
  --config-json) mode=config out="${2:?--config-json needs a file}" ;;
  -h | --help) sed -n '2,/^set -euo/p' "${BASH_SOURCE[0]}" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
  *) die "unknown argument '$1' (see --help)" ;;
esac

# ---------------------------------------------------------------------------------------------
# Settings, checked strictly: each value lands in nginx syntax, so nothing may break out of it.

CONSOLE_DIST="${CONSOLE_DIST:-$ROOT/dist}"
CONSOLE_LISTEN="${CONSOLE_LISTEN:-80}"
CONSOLE_SERVER_NAME="${CONSOLE_SERVER_NAME:-_}"
BACKEND_URL="${BACKEND_URL-http://127.0.0.1:3000}"
API_ORIGIN="${API_ORIGIN:-}"
STREAM_ORIGIN="${STREAM_ORIGIN:-}"
STREAM_LISTEN="${STREAM_LISTEN:-}"
STREAM_SERVER_NAME="${STREAM_SERVER_NAME:-}"
STREAM_APP_PAGES="${STREAM_APP_PAGES:-}"
CONSOLE_ORIGIN="${CONSOLE_ORIGIN:-}"
CONFIG_JSON="${CONFIG_JSON:-}"
TLS_CERT="${TLS_CERT:-}"
TLS_KEY="${TLS_KEY:-}"
IMG_SRC_EXTRA="${IMG_SRC_EXTRA:-}"
ALLOW_SAME_ORIGIN_STREAMS="${ALLOW_SAME_ORIGIN_STREAMS:-}"
BACKEND_CA="${BACKEND_CA:-/etc/ssl/certs/ca-certificates.crt}"

LABEL_RE='[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?'
HOST_RE="($LABEL_RE(\\.$LABEL_RE)*|\\[[0-9A-Fa-f:.]+\\])"
ORIGIN_RE="^https?://$HOST_RE(:[0-9]{1,5})?\$"
# A stream origin may name the session in its first host label: s{session}.streams.example.org.
SESSION_ORIGIN_RE="^https?://([A-Za-z0-9-]*)\\{session\\}([A-Za-z0-9-]*)((\\.$LABEL_RE)+)(:[0-9]{1,5})?\$"
LISTEN_RE='^[][A-Za-z0-9.:_ =-]+$'
NAME_RE='^[A-Za-z0-9.*_ -]+$'
UNSAFE_RE='["$;{}\\[:cntrl:]]'


strip_slash() { local v="$1"; while [ "${v%/}" != "$v" ]; do v="${v%/}"; done; printf '%s' "$v"; }

# An origin as browsers write it (the `Origin` header, `location.origin`): scheme and host in
# lower case, no default port. Two spellings of one origin compare equal only like this.
normalize_origin() {
  local v="${1,,}"
  case "$v" in
    https://*:443) v="${v%:443}" ;;
    http://*:80) v="${v%:80}" ;;
  esac
  printf '%s' "$v"
}
# The host of an origin (no scheme, no port).
host_of() {
  local v="${1#*://}"
  case "$v" in
    \[*) printf '%s' "${v%%]*}]" ;;
    *) printf '%s' "${v%%:*}" ;;
  esac
}
# ":port" of an origin, or nothing.
port_suffix_of() {
  local v="${1#*://}"
  v="${v#\[*]}"
  case "$v" in *:*) printf ':%s' "${v##*:}" ;; esac
}

check_origin() { # NAME VALUE: empty or scheme://host[:port]
  [ -z "$2" ] || [[ "$2" =~ $ORIGIN_RE ]] ||
    die "$1='$2' is not an origin like https://api.example.org or http://127.0.0.1:3000 (no path)"
}
check_listen() { # NAME VALUE
  [[ "$2" =~ $LISTEN_RE ]] || die "$1='$2' is not an nginx listen value (e.g. 80, 127.0.0.1:8088, \"443 ssl http2\")"
}
check_server_name() {
  [[ "$2" =~ $NAME_RE ]] || die "$1='$2' is not an nginx server_name value"
}
check_path() { # NAME VALUE: an absolute path nginx takes literally
  [[ "$2" == /* ]] || die "$1='$2' must be an absolute path"
  [[ "$2" =~ $UNSAFE_RE ]] && die "$1='$2' contains a character nginx would not take literally"
  return 0
}

API_ORIGIN="$(normalize_origin "$(strip_slash "$API_ORIGIN")")"
STREAM_ORIGIN="$(normalize_origin "$(strip_slash "$STREAM_ORIGIN")")"
CONSOLE_ORIGIN="$(normalize_origin "$(strip_slash "$CONSOLE_ORIGIN")")"
BACKEND_URL="$(strip_slash "$BACKEND_URL")"
CONSOLE_DIST="$(strip_slash "$CONSOLE_DIST")"
check_origin API_ORIGIN "$API_ORIGIN"
check_origin CONSOLE_ORIGIN "$CONSOLE_ORIGIN"
check_origin BACKEND_URL "$BACKEND_URL"
# STREAM_ORIGIN: an origin, or one whose first host label names the session.
PER_SESSION="" STREAM_HOST_RE="" stream_source="$STREAM_ORIGIN"
if [[ "$STREAM_ORIGIN" == *"{session}"* ]]; then
  [[ "$STREAM_ORIGIN" =~ $SESSION_ORIGIN_RE ]] ||
    die "STREAM_ORIGIN='$STREAM_ORIGIN': {session} goes once into the first label of a host name with \
at least two labels, like https://s{session}.streams.example.org"
  session_prefix="${BASH_REMATCH[1]}" session_suffix="${BASH_REMATCH[2]}" session_domain="${BASH_REMATCH[3]#.}"
  [ $(( ${#session_prefix} + ${#session_suffix} )) -le 40 ] ||
    die "STREAM_ORIGIN='$STREAM_ORIGIN': leave room for the session id in its first label (63 characters at most)"
  [[ "$session_domain" == *.* ]] || [ "$session_domain" = localhost ] ||
    die "STREAM_ORIGIN='$STREAM_ORIGIN': the sessions' hosts need a domain of their own under a registered \
one (s{session}.streams.example.org), not a top-level domain"
  PER_SESSION=1
  # $host (lower case, no port) of a session's host; the id is named stream_host_id.
  STREAM_HOST_RE="${session_prefix}(?<stream_host_id>[a-z0-9-]+)${session_suffix}\\.${session_domain//./\\.}"
  # CSP: every host under the domain (a CSP wildcard is a whole label).
  stream_source="${STREAM_ORIGIN%%://*}://*.${session_domain}$(port_suffix_of "$STREAM_ORIGIN")"
else
  check_origin STREAM_ORIGIN "$STREAM_ORIGIN"
fi
# Whether an origin is the stream origin, or (with {session}) one of the sessions' hosts.
is_stream_origin() {
  [ -n "$1" ] && [ -n "$STREAM_ORIGIN" ] || return 1
  if [ -n "$PER_SESSION" ]; then
    [[ "$(host_of "$1")" =~ ^${STREAM_HOST_RE//\?<stream_host_id>/}$ ]]
  else
    [ "$1" = "$STREAM_ORIGIN" ]
  fi
}
check_path CONSOLE_DIST "$CONSOLE_DIST"
check_listen CONSOLE_LISTEN "$CONSOLE_LISTEN"
check_server_name CONSOLE_SERVER_NAME "$CONSOLE_SERVER_NAME"
if [ -n "$STREAM_SERVER_NAME" ]; then
  check_server_name STREAM_SERVER_NAME "$STREAM_SERVER_NAME"
elif [ -n "$PER_SESSION" ]; then
  STREAM_SERVER_NAME="\"~^${STREAM_HOST_RE}\$\""
else
  STREAM_SERVER_NAME=_
fi
[ -z "$STREAM_LISTEN" ] || check_listen STREAM_LISTEN "$STREAM_LISTEN"
[ -z "$CONFIG_JSON" ] || check_path CONFIG_JSON "$CONFIG_JSON"
for src in $IMG_SRC_EXTRA; do
  [[ "$src" =~ ^(https?://[A-Za-z0-9.*:-]+|https:|data:|blob:)$ ]] || die "IMG_SRC_EXTRA: '$src' is not a CSP source like https://icons.example.org"
done

case "$ALLOW_SAME_ORIGIN_STREAMS" in
  "" | 0) ALLOW_SAME_ORIGIN_STREAMS="" ;;
  1) ;;
  *) die "ALLOW_SAME_ORIGIN_STREAMS='$ALLOW_SAME_ORIGIN_STREAMS' must be 1 or empty" ;;
esac
case "$STREAM_APP_PAGES" in
  "" | 0) STREAM_APP_PAGES="" ;;
  1) ;;
  *) die "STREAM_APP_PAGES='$STREAM_APP_PAGES' must be 1 or empty" ;;
esac
[ -z "$STREAM_APP_PAGES" ] || [ -n "$PER_SESSION" ] ||
  die "STREAM_APP_PAGES=1 is for a STREAM_ORIGIN with {session} (without it every page is served anyway)"
if [ "$mode" != config ]; then
  [ -n "$CONSOLE_ORIGIN" ] || die "CONSOLE_ORIGIN is not set: the origin browsers reach the console at \
(https://console.example.org). Only its pages may change things through /api, and only it may frame \
the stream pages"
  ! is_stream_origin "$CONSOLE_ORIGIN" ||
    die "CONSOLE_ORIGIN=$CONSOLE_ORIGIN is one of the stream origins (STREAM_ORIGIN=$STREAM_ORIGIN)"
fi
# Streams off the console's origin (and the API's) unless the operator says otherwise: a page of
# one user's app served there could call the API with the viewer's cookie.
if [ "$mode" != config ] && [ -z "$ALLOW_SAME_ORIGIN_STREAMS" ]; then
  [ -n "$STREAM_ORIGIN" ] || die "STREAM_ORIGIN is not set: session and app pages would be served on the \
console's origin (or the API's), where a page of someone's app can act as whoever opens it. Give them \
their own origin (STREAM_ORIGIN, STREAM_LISTEN, CONSOLE_ORIGIN; deploy/README.md), or set \
ALLOW_SAME_ORIGIN_STREAMS=1 to accept that risk"
  for other in "$CONSOLE_ORIGIN" "$API_ORIGIN"; do
    ! is_stream_origin "$other" || die "STREAM_ORIGIN=$STREAM_ORIGIN is (or covers) the console's or the \
API's origin ($other): give the streams an origin of their own, or set ALLOW_SAME_ORIGIN_STREAMS=1 to \
accept the risk"
  done
fi

PROXY="" STREAMS_HERE="" STREAM_SERVER="" TLS="" BACKEND_TLS=""
[ -z "$API_ORIGIN" ] && PROXY=1
[ -n "$PROXY" ] && [ -z "$STREAM_ORIGIN" ] && STREAMS_HERE=1
[ -n "$STREAM_LISTEN" ] && STREAM_SERVER=1
if [ -n "$PROXY" ] || [ -n "$STREAM_SERVER" ]; then
  [ -n "$BACKEND_URL" ] || die "BACKEND_URL is empty, but /api is proxied (no API_ORIGIN) or STREAM_LISTEN is set"
fi
if [ -n "$STREAM_SERVER" ]; then
  [ -n "$STREAM_ORIGIN" ] || die "STREAM_LISTEN is set: set STREAM_ORIGIN to the origin browsers reach that server at"
fi
if [[ "$BACKEND_URL" == https://* ]] && { [ -n "$PROXY" ] || [ -n "$STREAM_SERVER" ]; }; then
  check_path BACKEND_CA "$BACKEND_CA"
  [ "$mode" = config ] || [ -f "$BACKEND_CA" ] ||
    die "BACKEND_CA=$BACKEND_CA does not exist: nginx checks the https backend's certificate with it"
  BACKEND_TLS=1
fi
if [ -n "$TLS_CERT$TLS_KEY" ]; then
  if [ -z "$TLS_CERT" ] || [ -z "$TLS_KEY" ]; then die "set both TLS_CERT and TLS_KEY, or neither"; fi
  check_path TLS_CERT "$TLS_CERT"
  check_path TLS_KEY "$TLS_KEY"
  [[ " $CONSOLE_LISTEN " == *" ssl "* ]] || die "TLS_CERT is set: CONSOLE_LISTEN needs 'ssl' (e.g. \"443 ssl http2\")"
  [ -z "$STREAM_LISTEN" ] || [[ " $STREAM_LISTEN " == *" ssl "* ]] || die "TLS_CERT is set: STREAM_LISTEN needs 'ssl'"
  TLS=1
fi
[ "$mode" = config ] || [ -f "$CONSOLE_DIST/index.html" ] ||
  printf 'render.sh: warning: %s/index.html does not exist (yet)\n' "$CONSOLE_DIST" >&2

# What the backend is told of the request's host (X-Forwarded-Host), and how a page of the
# stream server names its own origin (`Origin`): the settings, never the request's Host, except
# for a session's host, which the stream server has matched against the pattern first.
CONSOLE_HOST="${CONSOLE_ORIGIN#*://}"
if [ -n "$PER_SESSION" ]; then
  STREAM_FORWARDED_HOST="\$host$(port_suffix_of "$STREAM_ORIGIN")"
  STREAM_OWN_ORIGIN="${STREAM_ORIGIN%%://*}://$STREAM_FORWARDED_HOST"
else
  STREAM_FORWARDED_HOST="${STREAM_ORIGIN#*://}"
  STREAM_OWN_ORIGIN="$STREAM_ORIGIN"
fi

# The Content-Security-Policy of the console. Scripts: only files of this origin, plus
# WebAssembly compilation ('wasm-unsafe-eval'); no inline script (scripts/build.sh moves Trunk's
# loader into a file). Styles: only the stylesheets (Leptos sets style properties through the
# CSSOM, which CSP does not restrict). Frames: the stream origin only (every session's host
# with {session}).
frame_origin="'self'"
[ -z "$API_ORIGIN" ] || frame_origin="$API_ORIGIN"
[ -z "$STREAM_ORIGIN" ] || frame_origin="$stream_source"
api_extra="${API_ORIGIN:+ $API_ORIGIN}"
CSP="default-src 'none'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'"
CSP+="; img-src 'self' data:$api_extra${IMG_SRC_EXTRA:+ $IMG_SRC_EXTRA}; font-src 'self'"
# connect-src: the API, and the stream origin (an app tab asks whether its page exists there).
stream_extra=""
[ -z "$STREAM_ORIGIN" ] || [ "$STREAM_ORIGIN" = "$API_ORIGIN" ] || stream_extra=" $stream_source"
CSP+="; connect-src 'self'$api_extra$stream_extra; frame-src $frame_origin; manifest-src 'self'"
CSP+="; base-uri 'none'; form-action 'self'; object-src 'none'; frame-ancestors 'none'"

# The Content-Security-Policy of a session's pages (issue 55; deploy/README.md, "What a session's
# pages may do"): whatever runs there (the remote-desktop client, an app's own page) keeps every
# request on its own origin. Scripts and styles as the desktop client needs them (Xpra's HTML5
# client has inline scripts, event handlers and styles; blob: workers): none of that sends a
# byte anywhere. Every fetching directive names only the page's own origin, and local blob:/data:
# URLs, which never leave the browser; connect-src names the page's own WebSocket origin too
# ('self' covers it in current browsers, not in every older one). `sandbox` without popups or
# top navigation: the navigation guard browsers have (CSP's navigate-to was never shipped).
# Argument: the page's own WebSocket origin (ws:// or wss://), or an nginx variable that is one.
stream_csp() {
  local p="default-src 'self'"
  p+="; script-src 'self' 'unsafe-inline' 'unsafe-eval' 'wasm-unsafe-eval' blob:"
  p+="; style-src 'self' 'unsafe-inline' blob:; img-src 'self' data: blob:; font-src 'self' data:"
  p+="; media-src 'self' data: blob:; connect-src 'self' $1 data: blob:"
  p+="; worker-src 'self' blob:; child-src 'self' blob:; frame-src 'self' blob:; manifest-src 'self'"
  p+="; object-src 'none'; base-uri 'self'; form-action 'self'"
  p+="; sandbox allow-scripts allow-same-origin allow-forms allow-modals allow-pointer-lock allow-downloads"
  printf '%s' "$p"
}
# ws://host:port of an http(s) origin.
ws_origin() { local o="${1/#https:/wss:}"; printf '%s' "${o/#http:/ws:}"; }
STREAM_HOST_RE_PLAIN="${STREAM_HOST_RE//\?<stream_host_id>/}"
STREAM_WS_OWN=""
if [ -n "$PER_SESSION" ]; then
  STREAM_WS_OWN="$(ws_origin "${STREAM_ORIGIN%%://*}://")\$host$(port_suffix_of "$STREAM_ORIGIN")"
  STREAM_CSP="$(stream_csp '$stream_ws_self')"
elif [ -n "$STREAM_ORIGIN" ]; then
  STREAM_CSP="$(stream_csp "$(ws_origin "$STREAM_ORIGIN")")"
fi
# The opt-in ALLOW_SAME_ORIGIN_STREAMS: the pages on the console's origin.
STREAM_CSP_HERE="$(stream_csp "$(ws_origin "$CONSOLE_ORIGIN")")"

# ---------------------------------------------------------------------------------------------
# Rendering: `#if NAME` … [`#else` …] `#endif` keeps a part when the flag NAME is set (no nesting
# within one branch), then `@NAME@` becomes the setting's value.

render_site() {
  PROXY="$PROXY" STREAMS_HERE="$STREAMS_HERE" STREAM_SERVER="$STREAM_SERVER" TLS="$TLS" \
    BACKEND_TLS="$BACKEND_TLS" CONFIG_JSON="$CONFIG_JSON" API_ORIGIN="$API_ORIGIN" \
    PER_SESSION="$PER_SESSION" APP_PAGES="$STREAM_APP_PAGES" \
    awk '
      function active() { return depth == 0 ? 1 : on[depth] }
      /^#if [A-Z_]+$/ {
        parent = active(); depth++
        cond[depth] = (ENVIRON[$2] != ""); up[depth] = parent; on[depth] = parent && cond[depth]
        next
      }
      /^#else$/ { on[depth] = up[depth] && !cond[depth]; next }
      /^#endif$/ { depth--; next }
      active() { print }
      END { if (depth != 0) { print "render.sh: unbalanced #if in the template" > "/dev/stderr"; exit 1 } }
    ' "$TEMPLATE" |
    CONSOLE_DIST="$CONSOLE_DIST" CONSOLE_LISTEN="$CONSOLE_LISTEN" CONSOLE_SERVER_NAME="$CONSOLE_SERVER_NAME" \
      BACKEND_URL="$BACKEND_URL" API_ORIGIN="$API_ORIGIN" STREAM_ORIGIN="$STREAM_ORIGIN" \
      STREAM_LISTEN="$STREAM_LISTEN" STREAM_SERVER_NAME="$STREAM_SERVER_NAME" \
      CONSOLE_ORIGIN="$CONSOLE_ORIGIN" CONFIG_JSON="$CONFIG_JSON" TLS_CERT="$TLS_CERT" TLS_KEY="$TLS_KEY" \
      BACKEND_CA="$BACKEND_CA" ALLOW_SAME_ORIGIN_STREAMS="$ALLOW_SAME_ORIGIN_STREAMS" \
      CSP="$CSP" CONSOLE_HOST="$CONSOLE_HOST" STREAM_APP_PAGES="$STREAM_APP_PAGES" \
      STREAM_HOST_RE="$STREAM_HOST_RE" STREAM_FORWARDED_HOST="$STREAM_FORWARDED_HOST" \
      STREAM_OWN_ORIGIN="$STREAM_OWN_ORIGIN" STREAM_CSP="${STREAM_CSP:-}" STREAM_CSP_HERE="$STREAM_CSP_HERE" \
      STREAM_HOST_RE_PLAIN="$STREAM_HOST_RE_PLAIN" STREAM_WS_OWN="$STREAM_WS_OWN" \
      awk '
        {
          out = ""; line = $0
          while (match(line, /@[A-Z_]+@/)) {
            name = substr(line, RSTART + 1, RLENGTH - 2)
            out = out substr(line, 1, RSTART - 1) ENVIRON[name]
            line = substr(line, RSTART + RLENGTH)
          }
          print out line
        }
      '
}

# A whole nginx configuration around the site, with every path under DIR: runs as root or as
# any other user (as root, its workers run as the owner of the dist directory, which can read it).
render_standalone() {
  local dir="$1" user_line="" access_log error_log
  mkdir -p "$dir/tmp"
  dir="$(cd "$dir" && pwd -P)"
  check_path "standalone directory" "$dir"
  access_log="${ACCESS_LOG:-$dir/access.log}"
  error_log="${ERROR_LOG:-$dir/error.log}"
  check_path ACCESS_LOG "$access_log"
  check_path ERROR_LOG "$error_log"
  [ -f "$BROTLI_MODULE" ] || die "no $BROTLI_MODULE: install Debian's libnginx-mod-http-brotli-static"
  [ -f "$MIME_TYPES" ] || die "no $MIME_TYPES: install Debian's nginx"
  if [ "$(id -u)" -eq 0 ]; then
    local owner group
    owner="$(stat -c %U "$CONSOLE_DIST" 2>/dev/null || echo root)"
    group="$(stat -c %G "$CONSOLE_DIST" 2>/dev/null || echo root)"
    user_line="user $owner $group;"
  fi
  render_site >"$dir/console.conf"
  cat >"$dir/nginx.conf" <<EOF
# Standalone nginx around console.conf (deploy/render.sh --standalone): everything under this
# directory. Run: nginx -p $dir -c $dir/nginx.conf -e $dir/error.log -g 'daemon off;'
$user_line
worker_processes 1;
pid $dir/nginx.pid;
error_log $error_log warn;
load_module $BROTLI_MODULE;

events {
    worker_connections 1024;
}

http {
    include $MIME_TYPES;
    default_type application/octet-stream;
    sendfile on;
    tcp_nopush on;
    keepalive_timeout 65s;
    access_log $access_log;
    client_body_temp_path $dir/tmp/client_body;
    proxy_temp_path $dir/tmp/proxy;
    fastcgi_temp_path $dir/tmp/fastcgi;
    uwsgi_temp_path $dir/tmp/uwsgi;
    scgi_temp_path $dir/tmp/scgi;

    include $dir/console.conf;
}
EOF
}

# The app's runtime configuration for these settings: the other fields of FILE stay as they are.
render_config_json() {
  command -v node >/dev/null 2>&1 || die "--config-json needs Node.js"
  # shellcheck disable=SC2016 # JavaScript, not shell
  node -e '
    const fs = require("fs");
    const [file, api, stream] = process.argv.slice(1);
    let cfg = {};
    try {
      cfg = JSON.parse(fs.readFileSync(file, "utf8"));
    } catch (e) {
      if (e.code !== "ENOENT") { console.error(`render.sh: ${file}: ${e.message}`); process.exit(1); }
    }
    if (cfg === null || typeof cfg !== "object" || Array.isArray(cfg)) {
      console.error(`render.sh: ${file} is not a JSON object`);
      process.exit(1);
    }
    cfg.apiBaseUrl = api;
    if (stream) cfg.streamBaseUrl = stream;
    else delete cfg.streamBaseUrl;
    process.stdout.write(JSON.stringify(cfg, null, 2) + "\n");
  ' "$1" "$API_ORIGIN" "$STREAM_ORIGIN" || die "could not write the config.json of $1"
}

case "$mode" in
  stdout) render_site ;;
  config) render_config_json "$out" ;;
  file) render_site >"$out" ;;
  standalone) render_standalone "$out" ;;
  check)
    command -v nginx >/dev/null 2>&1 || PATH="$PATH:/usr/sbin"
    command -v nginx >/dev/null 2>&1 || die "no nginx to check with (apt-get install nginx libnginx-mod-http-brotli-static)"
    tmp="$(mktemp -d "${TMPDIR:-/tmp}/console-nginx-check.XXXXXX")"
    trap 'rm -rf "$tmp"' EXIT
    render_standalone "$tmp"
    nginx -t -q -p "$tmp" -c "$tmp/nginx.conf" -e "$tmp/error.log"
    echo "render.sh: nginx -t: the configuration is valid"
    ;;
esac
