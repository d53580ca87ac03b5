import { defineConfig } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { browserUse } from './playwright.config';
// Node resolves *.localhost as Chromium does (the console and the sessions' hosts below).
import './nginx/localhost-dns';

// The nginx suite (tests/e2e/nginx/*.spec.ts): the release build served by nginx with deploy/'s
// configuration (rendered by deploy/render.sh), in front of the dev server, which then serves no
// files. scripts/test.sh runs it after the main suite (stage e2e-nginx); by hand, after
// scripts/build.sh and cargo build -p devserver:
//   cd tests/e2e && npx playwright test -c nginx.config.ts
// With E2E_UPLOADBENCH=1 it runs the upload benchmark instead (nginx/upload.bench.ts, a report).
// With E2E_COLDLOAD=1 it runs the cold-load benchmark instead (nginx/coldload.bench.ts, a report);
// COLDLOAD_BASELINE_DIST=<a previous release bundle> then also serves that bundle (+11) to
// measure both builds in the same run. COLDLOAD_HTTP2=1 serves both as deploy/README.md's TLS
// example does (`listen … ssl http2`, a throwaway certificate for app.localhost made here): one
// connection for every request, where plain http gives Chromium six per host.
//
// Host names: the consoles are on http://app.localhost:<port>, each session's desktop on a host
// of its own, http://s<id>.app.localhost:<port> (`STREAM_ORIGIN` with `{session}`: one origin per
// session). Chromium resolves every *.localhost to loopback (./nginx/localhost-dns.ts makes the
// test process do the same), and the dev server scopes its login cookie to app.localhost behind
// such a name, so the sessions' hosts get the login as a deployment's do under the cookie's
// Domain (deploy/README.md).
//
// Servers (ports from E2E_NGINX_PORT_BASE, default 4180):
//   +0  nginx, the default layout: dist/, /api proxied to the dev server, streams on +4
//   +1  the dev server (API only)
//   +2  nginx, stream origin: only the session/app stream paths and their WebSocket
//   +3  nginx, console whose streams live on +2 (it refuses the stream paths itself)
//   +4  nginx, the stream origin of +0 (same nginx), app pages too (STREAM_APP_PAGES=1)
//   +5  tests/e2e/nginx/backend-shim.mjs: passes HTTP on to the dev server and answers WebSocket
//       upgrades on stream paths with an echo (the dev server has no WebSocket), behind +2 and +3;
//       it remembers what nginx forwarded (GET /__shim/seen)
//   +6  nginx, streams on the console's own origin: the explicit opt-in
//       ALLOW_SAME_ORIGIN_STREAMS=1 (tests/e2e/security/deploy.nginx.ts)
//   +7..+10  started by tests/e2e/security/deploy.nginx.ts itself ("with TLS"): two nginx with
//       a throwaway certificate and a small https backend
//   +11 nginx, only with E2E_COLDLOAD=1 and COLDLOAD_BASELINE_DIST: the default layout again
//       (streams on +12), serving that previous bundle instead of dist/, for the side-by-side
//       cold load of nginx/coldload.bench.ts
//   +13, +14  started by nginx/integrity.spec.ts itself: nginx serving copies of the build with a
//       changed chunk and a changed chunk loader
// Specs: nginx/*.spec.ts and the deployment tests of tests/e2e/security (*.nginx.ts).

const repoRoot = path.resolve(__dirname, '..', '..');
const base = Number(process.env.E2E_NGINX_PORT_BASE ?? 4180);
export const ports = {
  console: base,
  devserver: base + 1,
  streams: base + 2,
  streamConsole: base + 3,
  consoleStreams: base + 4,
  shim: base + 5,
  sameOrigin: base + 6,
  baseline: base + 11,
  baselineStreams: base + 12,
  tamperedChunk: base + 13,
  tamperedLoader: base + 14,
};
const devserver = process.env.E2E_DEVSERVER ?? path.join(repoRoot, 'target', 'debug', 'devserver');
const dist = process.env.E2E_DIST ?? path.join(repoRoot, 'dist');
const nginxDir = process.env.E2E_NGINX_DIR ?? path.join(repoRoot, 'target', 'e2e-nginx');
const startNginx = path.join(__dirname, 'nginx', 'start-nginx.sh');
/** The origin browsers reach a console of this suite at. */
export const origin = (port: number) => `http://app.localhost:${port}`;
/** The origin of a console of the cold-load benchmark (https with COLDLOAD_HTTP2). */
export const benchOrigin = (port: number) => (coldloadHttp2 ? `https://app.localhost:${port}` : origin(port));
/** `streamBaseUrl` of a stream server on `port`: one host per session. */
export const sessionOrigins = (port: number) => `http://s{session}.app.localhost:${port}`;
/** The host of session `id`'s pages on the stream server on `port`. */
export const sessionOrigin = (port: number, id: string) => `http://s${id}.app.localhost:${port}`;
const loopback = (port: number) => `http://127.0.0.1:${port}`;
const coldload = process.env.E2E_COLDLOAD === '1';
/** E2E_UPLOADBENCH=1: the upload benchmark (nginx/upload.bench.ts, a report) instead. */
const uploadBench = process.env.E2E_UPLOADBENCH === '1';
/** The previous release bundle the cold-load benchmark compares with (COLDLOAD_BASELINE_DIST). */
export const baselineDist =
  coldload && process.env.COLDLOAD_BASELINE_DIST ? path.resolve(process.env.COLDLOAD_BASELINE_DIST) : undefined;
if (baselineDist && !fs.existsSync(path.join(baselineDist, 'index.html'))) {
  throw new Error(`COLDLOAD_BASELINE_DIST=${baselineDist} is not a release bundle (no index.html in it)`);
}
/** COLDLOAD_HTTP2=1: the benchmark's consoles (this build and the previous) over https and HTTP/2. */
export const coldloadHttp2 = coldload && process.env.COLDLOAD_HTTP2 === '1';

/** A throwaway certificate for app.localhost and its hosts (COLDLOAD_HTTP2). Playwright reads this
 * config in its worker too, after nginx has started with the certificate: one made in the last
 * day is used again, not made anew under the running nginx. */
function throwawayCertificate(): { cert: string; key: string } {
  const dir = path.join(nginxDir, 'tls');
  fs.mkdirSync(dir, { recursive: true });
  const cert = path.join(dir, 'app.localhost.pem');
  const key = path.join(dir, 'app.localhost.key');
  const fresh = (file: string) => fs.existsSync(file) && Date.now() - fs.statSync(file).mtimeMs < 86_400_000;
  if (fresh(cert) && fresh(key)) return { cert, key };
  execFileSync('openssl', [
    'req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '2', '-subj', '/CN=app.localhost',
    '-addext', 'subjectAltName=DNS:app.localhost,DNS:*.app.localhost', '-keyout', key, '-out', cert,
  ], { stdio: 'ignore' });
  return { cert, key };
}
const tls = coldloadHttp2 ? throwawayCertificate() : undefined;

/** An nginx rendered by deploy/render.sh into E2E_NGINX_DIR/name, the console on `port`. */
function nginx(name: string, port: number, env: Record<string, string>) {
  return {
    command: `exec "${startNginx}" "${path.join(nginxDir, name)}"`,
    env: { CONSOLE_DIST: dist, CONSOLE_LISTEN: `127.0.0.1:${port}`, ...env },
    url: `${loopback(port)}/config.json`,
    timeout: 30_000,
    reuseExistingServer: false,
    stdout: 'pipe' as const,
    stderr: 'pipe' as const,
  };
}

/** The default layout: /api on the console's origin, each session's pages on a host of its own
 * (on `streamPort`), app pages too. */
function defaultLayout(name: string, port: number, streamPort: number, env: Record<string, string> = {}) {
  return nginx(name, port, {
    BACKEND_URL: loopback(ports.devserver),
    STREAM_ORIGIN: sessionOrigins(streamPort),
    STREAM_LISTEN: `127.0.0.1:${streamPort}`,
    STREAM_APP_PAGES: '1',
    CONSOLE_ORIGIN: origin(port),
    ...env,
  });
}

/** A console of the cold-load benchmark: the default layout, over https and HTTP/2 with
 * COLDLOAD_HTTP2 (its streams' host too: render.sh wants both or neither on TLS). */
function benchLayout(name: string, port: number, streamPort: number, env: Record<string, string> = {}) {
  if (!tls) return defaultLayout(name, port, streamPort, env);
  return {
    ...defaultLayout(name, port, streamPort, {
      CONSOLE_LISTEN: `127.0.0.1:${port} ssl http2`,
      STREAM_LISTEN: `127.0.0.1:${streamPort} ssl`,
      CONSOLE_ORIGIN: benchOrigin(port),
      STREAM_ORIGIN: `https://s{session}.app.localhost:${streamPort}`,
      TLS_CERT: tls.cert,
      TLS_KEY: tls.key,
      ...env,
    }),
    url: `https://127.0.0.1:${port}/config.json`,
    ignoreHTTPSErrors: true,
  };
}

export default defineConfig({
  testDir: '.',
  testMatch: coldload
    ? 'nginx/coldload.bench.ts'
    : uploadBench
      ? 'nginx/upload.bench.ts'
      : ['nginx/*.spec.ts', 'security/*.nginx.ts'],
  testIgnore: ['node_modules/**'],
  outputDir: 'test-results/nginx',
  fullyParallel: false,
  workers: 1,
  retries: 0,
  forbidOnly: !!process.env.CI,
  timeout: coldload ? 600_000 : 60_000,
  globalTimeout: (uploadBench ? 40 : 20) * 60_000,
  expect: { timeout: 10_000 },
  reporter: [['list'], ['json', { outputFile: process.env.E2E_JSON_REPORT ?? 'playwright-report/nginx-results.json' }]],
  use: { ...browserUse, baseURL: benchOrigin(ports.console), ignoreHTTPSErrors: coldloadHttp2 },
  webServer: [
    {
      command:
        `test -x "${devserver}" || { echo "e2e: ${devserver} is missing: cargo build -p devserver" >&2; exit 1; }; ` +
        `exec "${devserver}" --addr 127.0.0.1:${ports.devserver} --speed 5 --quiet`,
      url: `${loopback(ports.devserver)}/api/rest/v1/users/me`, // 401 until logged in: up
      timeout: 60_000,
      reuseExistingServer: false,
      stdout: 'pipe',
      stderr: 'pipe',
    },
    {
      command: `node "${path.join(__dirname, 'nginx', 'backend-shim.mjs')}" ${ports.shim} ${loopback(ports.devserver)}`,
      url: `${loopback(ports.shim)}/api/rest/v1/users/me`, // 401 until logged in: up
      timeout: 30_000,
      reuseExistingServer: false,
      stdout: 'pipe',
      stderr: 'pipe',
    },
    // The default layout (streams on +4).
    benchLayout('default', ports.console, ports.consoleStreams),
    // Streams on their own origins: the console on +3, the stream server on +2 (sessions'
    // desktops only, no app pages), both behind the shim; config.json adds streamBaseUrl.
    nginx('stream-origin', ports.streamConsole, {
      BACKEND_URL: loopback(ports.shim),
      STREAM_ORIGIN: sessionOrigins(ports.streams),
      STREAM_LISTEN: `127.0.0.1:${ports.streams}`,
      CONSOLE_ORIGIN: origin(ports.streamConsole),
    }),
    // Streams on the console's own origin, only with the explicit opt-in (and its risk).
    nginx('same-origin', ports.sameOrigin, {
      BACKEND_URL: loopback(ports.devserver),
      ALLOW_SAME_ORIGIN_STREAMS: '1',
      CONSOLE_ORIGIN: origin(ports.sameOrigin),
    }),
    // The cold-load benchmark's previous build, in the same layout as the default console.
    ...(baselineDist
      ? [benchLayout('baseline', ports.baseline, ports.baselineStreams, { CONSOLE_DIST: baselineDist })]
      : []),
  ],
});
