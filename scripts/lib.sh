# shellcheck shell=bash
# Shared helpers of the scripts (dev.sh, test.sh, build.sh, serve.sh): locating the repository and
# installing the tools the build needs when they are missing. Source it; it defines functions and
# ROOT only.

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)"

# wasm-opt for Trunk's release build comes from npm's `binaryen` package (a Node.js build of
# binaryen), installed outside the repository. Debian's binaryen (108) is too old: its -Oz output of
# this wasm-bindgen version fails at start-up ("WebAssembly.Table.set(): Argument 1 is invalid for
# table"). It goes first on PATH so Trunk finds it before any system wasm-opt.
BINARYEN_VERSION=132.0.0
TOOLS_DIR="${CONSOLE_TOOLS_DIR:-$HOME/.cache/console-tools}"
export PATH="$TOOLS_DIR/node_modules/.bin:$HOME/.cargo/bin:$PATH"

# Colours only on a terminal (CI logs stay plain). Used by the scripts that source this.
# shellcheck disable=SC2034
if [ -t 1 ]; then
  C_BOLD=$'\033[1m' C_RED=$'\033[1;31m' C_GREEN=$'\033[1;32m' C_OFF=$'\033[0m'
else
  C_BOLD='' C_RED='' C_GREEN='' C_OFF=''
fi

log() { printf '%s==>%s %s\n' "$C_BOLD" "$C_OFF" "$*" >&2; }
die() { printf 'error: %s\n' "$*" >&2; exit 1; }

# Root needs no sudo; anyone else does (and must be allowed to use it).
as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

# The wasm-bindgen version the app links against, read from Cargo.lock (the CLI must match it exactly).
wasm_bindgen_lock_version() {
  awk '
    $0 == "name = \"wasm-bindgen\"" { found = 1; next }
    found && /^version = / { gsub(/^version = "|"$/, ""); print; exit }
    /^\[\[package\]\]/ { found = 0 }
  ' "$ROOT/Cargo.lock"
}

# The toolchain pinned in rust-toolchain.toml, with the wasm target and the components.
ensure_rust() {
  command -v rustup >/dev/null 2>&1 || die "rustup is not installed (https://rustup.rs); this project pins its toolchain in rust-toolchain.toml"
  (
    cd "$ROOT" || exit 1
    if ! rustup show active-toolchain >/dev/null 2>&1 || ! rustc --version >/dev/null 2>&1; then
      log "installing the Rust toolchain pinned in rust-toolchain.toml"
      rustup toolchain install
    fi
    if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
      log "adding the wasm32-unknown-unknown target"
      rustup target add wasm32-unknown-unknown
    fi
    local missing=()
    cargo fmt --version >/dev/null 2>&1 || missing+=(rustfmt)
    cargo clippy --version >/dev/null 2>&1 || missing+=(clippy)
    if [ "${#missing[@]}" -gt 0 ]; then
      log "adding rustup components: ${missing[*]}"
      rustup component add "${missing[@]}"
    fi
  )
}

# Trunk 0.21 (0.22 needs a newer Rust than the pinned one). Takes ~12 min on 2 cores when missing.
ensure_trunk() {
  if trunk --version >/dev/null 2>&1; then
    return 0
  fi
  log "installing trunk 0.21 (cargo install, takes a while)"
  (cd "$ROOT" && cargo install --locked trunk --version '~0.21')
  trunk --version >/dev/null 2>&1 || die "trunk was installed but does not run"
}

# wasm-bindgen-cli of exactly the version in Cargo.lock (Trunk and wasm-bindgen-test-runner use it).
ensure_wasm_bindgen() {
  local want have
  want="$(wasm_bindgen_lock_version)"
  [ -n "$want" ] || die "no wasm-bindgen package in $ROOT/Cargo.lock"
  have="$(wasm-bindgen --version 2>/dev/null | awk '{print $2}')" || true
  if [ "$have" = "$want" ] && wasm-bindgen-test-runner --version >/dev/null 2>&1; then
    return 0
  fi
  log "installing wasm-bindgen-cli $want (have: ${have:-none})"
  # No --locked: the CLI's own lock file pins dependencies that no longer build.
  (cd "$ROOT" && cargo install --force wasm-bindgen-cli --version "$want")
  have="$(wasm-bindgen --version 2>/dev/null | awk '{print $2}')" || true
  [ "$have" = "$want" ] || die "wasm-bindgen --version says '${have:-nothing}', want $want"
}

# apt_install PACKAGE...: installs Debian packages (as root, through sudo otherwise).
apt_install() {
  [ "$#" -gt 0 ] || return 0
  command -v apt-get >/dev/null 2>&1 || die "missing $* and no apt-get to install them"
  log "installing Debian packages: $*"
  as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@"
}

# Debian packages: headless Chromium and its WebDriver (and curl). Not binaryen: see BINARYEN_VERSION.
ensure_apt_packages() {
  local pkgs=()
  [ -x /usr/bin/chromium ] || pkgs+=(chromium)
  [ -x /usr/bin/chromedriver ] || pkgs+=(chromium-driver)
  command -v curl >/dev/null 2>&1 || pkgs+=(curl)
  apt_install "${pkgs[@]}"
}

# Debian's nginx with the brotli_static module, and the brotli tool (scripts/serve.sh, the nginx
# end-to-end tests, deploy/render.sh --check). Installing the nginx package may start Debian's own
# nginx service on port 80; the scripts never use it, they run their own (deploy/render.sh --standalone).
ensure_nginx() {
  local pkgs=()
  [ -x /usr/sbin/nginx ] || pkgs+=(nginx)
  [ -f /usr/lib/nginx/modules/ngx_http_brotli_static_module.so ] || pkgs+=(libnginx-mod-http-brotli-static)
  command -v brotli >/dev/null 2>&1 || pkgs+=(brotli)
  apt_install "${pkgs[@]}"
}

# Zopfli (Debian's package) for the release build's .gz files (scripts/finish-dist.cjs): the gzip
# format, 4 to 5 % smaller than gzip -9.
ensure_zopfli() {
  command -v zopfli >/dev/null 2>&1 || apt_install zopfli
}

ensure_node() {
  command -v npm >/dev/null 2>&1 || apt_install nodejs npm
}

# stop_group PID: stops a process started with setsid (PID leads its own process group): TERM to
# the group, up to 5 s to exit, then KILL.
stop_group() {
  local pid="$1"
  kill -0 "$pid" 2>/dev/null || return 0
  kill -TERM -- "-$pid" 2>/dev/null || true
  for _ in $(seq 1 50); do
    kill -0 "$pid" 2>/dev/null || return 0
    sleep 0.1
  done
  kill -KILL -- "-$pid" 2>/dev/null || true
}

# An npm tool of $TOOLS_DIR whose `--version` matches the grep pattern $2, installed with the
# others when it does not.
ensure_npm_tool() {
  local tool="$1" want="$2"
  if "$TOOLS_DIR/node_modules/.bin/$tool" --version 2>/dev/null | grep -q "$want"; then
    return 0
  fi
  log "installing $tool (npm: binaryen@$BINARYEN_VERSION, terser@$TERSER_VERSION) into $TOOLS_DIR"
  install_npm_tools
  "$TOOLS_DIR/node_modules/.bin/$tool" --version | grep -q "$want" ||
    die "$tool was installed but does not run"
}

# wasm-opt of npm's binaryen@$BINARYEN_VERSION in $TOOLS_DIR (first on PATH, see above).
ensure_wasm_opt() { ensure_npm_tool wasm-opt "version ${BINARYEN_VERSION%%.*} "; }

# wasm-split-cli (crate wasm_split_cli_support, pinned): cuts the release wasm into the first load
# and the lazy pages' chunks (scripts/build.sh, issue 20). It must understand the split points of
# the wasm_split_helpers that Leptos brings (Cargo.lock). Built with the console's patch
# (scripts/wasm-split-merge.patch, issue 58: a shared chunk smaller than WASM_SPLIT_MERGE_BELOW
# bytes of code joins the nearest chunk that every split point needing it loads too), from the
# crate's source as `cargo install` fetches it, into $TOOLS_DIR/wasm-split-cli-<version>-<patch>
# ($WASM_SPLIT_CLI). Takes ~5 min on 2 cores when missing.
WASM_SPLIT_CLI_VERSION=0.2.4
ensure_wasm_split() {
  local patch="$ROOT/scripts/wasm-split-merge.patch" id src work
  id="$WASM_SPLIT_CLI_VERSION-$(sha256sum "$patch" | cut -c1-12)"
  WASM_SPLIT_CLI="$TOOLS_DIR/wasm-split-cli-$id/bin/wasm-split-cli"
  if "$WASM_SPLIT_CLI" --help >/dev/null 2>&1; then
    return 0
  fi
  # `|| true`: on a fresh machine the crate is not in the registry yet, ls fails, and under
  # `set -eo pipefail` the assignment would end the script without a word.
  src="$(ls -d "${CARGO_HOME:-$HOME/.cargo}"/registry/src/*/"wasm_split_cli_support-$WASM_SPLIT_CLI_VERSION" 2>/dev/null | head -n1 || true)"
  if [ -z "$src" ]; then
    log "fetching wasm_split_cli_support $WASM_SPLIT_CLI_VERSION (cargo install)"
    (cd "$ROOT" && cargo install --locked --force wasm_split_cli_support \
      --version "$WASM_SPLIT_CLI_VERSION" --features build-binary)
    src="$(ls -d "${CARGO_HOME:-$HOME/.cargo}"/registry/src/*/"wasm_split_cli_support-$WASM_SPLIT_CLI_VERSION" | head -n1)"
  fi
  log "building wasm-split-cli $WASM_SPLIT_CLI_VERSION with scripts/wasm-split-merge.patch"
  work="$(mktemp -d "${TMPDIR:-/tmp}/wasm-split-cli.XXXXXX")"
  cp -r "$src/." "$work/src-tree"
  (cd "$work/src-tree" && patch -p1 --quiet <"$patch") || die "scripts/wasm-split-merge.patch does not apply"
  CARGO_TARGET_DIR="$work/target" cargo install --locked --force --path "$work/src-tree" \
    --root "$TOOLS_DIR/wasm-split-cli-$id" --features build-binary
  rm -rf "$work"
  "$WASM_SPLIT_CLI" --help >/dev/null 2>&1 || die "wasm-split-cli was built but does not run"
}

# The npm tools of the build, pinned, in one install (npm drops from $TOOLS_DIR what an install
# does not name).
install_npm_tools() {
  ensure_node
  mkdir -p "$TOOLS_DIR"
  npm install --prefix "$TOOLS_DIR" --no-save --no-audit --no-fund \
    "binaryen@$BINARYEN_VERSION" "terser@$TERSER_VERSION"
}

# terser (npm, pinned) for the release build's JavaScript: wasm-bindgen's module and the chunk loader
# (Trunk's own minifier cannot parse them). Into $TOOLS_DIR beside binaryen.
TERSER_VERSION=5.36.0
ensure_terser() { ensure_npm_tool terser "terser $TERSER_VERSION\$"; }

# twiggy (pinned) for the size report's list of what the first-load wasm is made of (issue 30).
# Takes ~3 min on 2 cores when missing.
TWIGGY_VERSION=0.8.0
ensure_twiggy() {
  if twiggy --version 2>/dev/null | grep -q " $TWIGGY_VERSION\$"; then
    return 0
  fi
  log "installing twiggy $TWIGGY_VERSION (cargo install)"
  cargo install --locked --force twiggy --version "$TWIGGY_VERSION"
  twiggy --version >/dev/null 2>&1 || die "twiggy was installed but does not run"
}

# Node and the Playwright project's packages (no browser download: we drive Debian's Chromium).
ensure_node_modules() {
  ensure_node
  local dir="$ROOT/tests/e2e"
  if [ -f "$dir/node_modules/.package-lock.json" ] &&
    [ "$dir/node_modules/.package-lock.json" -nt "$dir/package-lock.json" ]; then
    return 0
  fi
  log "npm ci in tests/e2e"
  (cd "$dir" && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund)
}

# True when something answers HTTP at $1 (any status).
http_up() {
  curl -s -o /dev/null --max-time 2 "$1"
}

# True when something listens on 127.0.0.1:$1.
port_busy() {
  (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}
