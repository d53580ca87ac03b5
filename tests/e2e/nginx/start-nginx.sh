#!/usr/bin/env bash
# Renders deploy/'s nginx configuration into DIR (deploy/render.sh --standalone, settings from the
# environment) and runs that nginx in the foreground: a web server of tests/e2e/nginx.config.ts.
# With STREAM_ORIGIN set, /config.json is the build's plus `streamBaseUrl` (render.sh --config-json).
#
#   start-nginx.sh DIR
set -euo pipefail

dir="${1:?usage: start-nginx.sh DIR}"
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd -P)"
PATH="$PATH:/usr/sbin"
command -v nginx >/dev/null 2>&1 || { echo "start-nginx.sh: no nginx (scripts/test.sh installs it in its setup stage)" >&2; exit 1; }

mkdir -p "$dir"
rm -f "$dir/error.log" "$dir/access.log"
if [ -n "${STREAM_ORIGIN:-}" ]; then
  "$root/deploy/render.sh" --config-json "${CONSOLE_DIST:?}/config.json" >"$dir/config.json"
  export CONFIG_JSON="$dir/config.json"
fi
"$root/deploy/render.sh" --standalone "$dir"
nginx -t -q -p "$dir" -c "$dir/nginx.conf" -e "$dir/error.log"
exec nginx -p "$dir" -c "$dir/nginx.conf" -e "$dir/error.log" -g 'daemon off;'
