import type { APIRequestContext, APIResponse } from '@playwright/test';
import { execFileSync, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import https from 'node:https';
import os from 'node:os';
import path from 'node:path';
import { origin, ports, sessionOrigin } from '../nginx.config';
import { expect, test } from '../nginx/fixtures';
import { USERS, WORKSPACES, apiLogin, loginAs, resetServer } from '../helpers';

// Issue 19, point 1, through nginx with deploy/'s configuration (run by nginx.config.ts):
// streams off the console's origin by default, the stream pages' security headers (HSTS and COOP
// too), connect-src naming the stream origin, and an https backend's certificate checked.
// SECURITY.md lists what each test stands for.

const root = path.resolve(__dirname, '..', '..', '..');
const render = path.join(root, 'deploy', 'render.sh');
const startNginx = path.join(__dirname, '..', 'nginx', 'start-nginx.sh');
const dist = process.env.E2E_DIST ?? path.join(root, 'dist');
const nginxDir = process.env.E2E_NGINX_DIR ?? path.join(root, 'target', 'e2e-nginx');
const http = (port: number) => `http://127.0.0.1:${port}`;
const devserver = http(ports.devserver);
const CONSOLE = 'https://console.example.org';

test.beforeEach(async ({ request }) => {
  await resetServer(request);
});

/** deploy/render.sh with only `env` as settings: its exit status and its stderr. */
function renderWith(env: Record<string, string>): { status: number | null; stderr: string } {
  const clean = Object.fromEntries(
    Object.entries(process.env).filter(
      ([k]) => !/^(CONSOLE_|BACKEND_|API_ORIGIN|STREAM_|ALLOW_SAME|TLS_|CONFIG_JSON|IMG_SRC)/.test(k),
    ),
  );
  const run = spawnSync(render, [], { env: { ...clean, CONSOLE_DIST: dist, ...env }, encoding: 'utf8' });
  return { status: run.status, stderr: run.stderr };
}

test('render.sh refuses streams on the console origin unless ALLOW_SAME_ORIGIN_STREAMS=1', () => {
  const bare = renderWith({ BACKEND_URL: devserver, CONSOLE_ORIGIN: CONSOLE });
  expect(bare.status, 'no STREAM_ORIGIN: refused').not.toBe(0);
  expect(bare.stderr).toContain('ALLOW_SAME_ORIGIN_STREAMS=1');
  const api = renderWith({ API_ORIGIN: 'https://api.example.org', CONSOLE_ORIGIN: CONSOLE });
  expect(api.status, "streams on the API's origin: refused too").not.toBe(0);
  const same = renderWith({
    BACKEND_URL: devserver,
    STREAM_ORIGIN: 'https://console.example.org',
    CONSOLE_ORIGIN: 'https://console.example.org',
    STREAM_LISTEN: '127.0.0.1:9',
  });
  expect(same.status, "STREAM_ORIGIN = the console's origin: refused").not.toBe(0);
  expect(
    renderWith({ BACKEND_URL: devserver, ALLOW_SAME_ORIGIN_STREAMS: '1', CONSOLE_ORIGIN: CONSOLE }).status,
    'the opt-in',
  ).toBe(0);
  for (const stream of ['https://streams.example.org', 'https://s{session}.streams.example.org']) {
    expect(
      renderWith({ BACKEND_URL: devserver, STREAM_ORIGIN: stream, STREAM_LISTEN: '127.0.0.1:9', CONSOLE_ORIGIN: CONSOLE })
        .status,
      `the default layout with ${stream}`,
    ).toBe(0);
  }
});

test('render.sh compares origins as browsers write them, and always needs CONSOLE_ORIGIN', () => {
  const layout = { BACKEND_URL: devserver, STREAM_LISTEN: '127.0.0.1:9' };
  // One origin in another spelling (case, the default port) is still that origin.
  for (const [stream, console_] of [
    ['https://Console.Example.org:443', CONSOLE],
    ['https://console.example.org', 'HTTPS://CONSOLE.example.org:443/'],
    ['http://console.example.org:80', 'http://console.example.org'],
  ]) {
    const r = renderWith({ ...layout, STREAM_ORIGIN: stream, CONSOLE_ORIGIN: console_ });
    expect(r.status, `${stream} is ${console_}`).not.toBe(0);
    expect(r.stderr).toMatch(/stream origins|console's or the API's/);
  }
  const api = renderWith({ API_ORIGIN: 'https://API.example.org', STREAM_ORIGIN: 'https://api.example.org:443', CONSOLE_ORIGIN: CONSOLE });
  expect(api.status, "the API's origin in capitals and with :443").not.toBe(0);
  // The sessions' hosts may not cover the console's or the API's host.
  const covered = renderWith({ ...layout, STREAM_ORIGIN: 'https://s{session}.example.org', CONSOLE_ORIGIN: 'https://s1.example.org' });
  expect(covered.status, 'the console is one of the sessions\' hosts').not.toBe(0);
  const coveredApi = renderWith({
    BACKEND_URL: devserver,
    API_ORIGIN: 'https://s-api.example.org',
    STREAM_ORIGIN: 'https://s{session}.example.org',
    CONSOLE_ORIGIN: CONSOLE,
  });
  expect(coveredApi.status, "the API is one of the sessions' hosts").not.toBe(0);
  // {session} only in the first label, under a domain of its own.
  for (const stream of ['https://{session}.org', 'https://x.{session}.example.org', 'https://s{session}', 'https://s{session}{session}.example.org']) {
    expect(renderWith({ ...layout, STREAM_ORIGIN: stream, CONSOLE_ORIGIN: CONSOLE }).status, stream).not.toBe(0);
  }
  expect(
    renderWith({ ...layout, STREAM_ORIGIN: 'https://streams.example.org', STREAM_APP_PAGES: '1', CONSOLE_ORIGIN: CONSOLE }).status,
    'STREAM_APP_PAGES without {session}',
  ).not.toBe(0);
  // CONSOLE_ORIGIN in every layout: only its pages may write through /api.
  for (const settings of [
    { ...layout, STREAM_ORIGIN: 'https://streams.example.org' },
    { BACKEND_URL: devserver, STREAM_ORIGIN: 'https://streams.example.org' },
    { BACKEND_URL: devserver, ALLOW_SAME_ORIGIN_STREAMS: '1' },
  ]) {
    const r = renderWith(settings);
    expect(r.status, JSON.stringify(settings)).not.toBe(0);
    expect(r.stderr).toContain('CONSOLE_ORIGIN is not set');
  }
});

function expectStreamHeaders(response: APIResponse, framer: string, what: string): void {
  const headers = response.headersArray().filter((h) => h.name.toLowerCase() === 'content-security-policy');
  expect(headers.map((h) => h.value), `${what}: only the console frames it`).toContain(`frame-ancestors ${framer}`);
  expect(response.headers()['cross-origin-opener-policy'], `${what}: COOP`).toBe('same-origin');
  expect(response.headers()['x-content-type-options'], `${what}: nosniff`).toBe('nosniff');
  expect(response.headers()['referrer-policy'], `${what}: Referrer-Policy`).toBe('same-origin');
}

async function createSession(api: APIRequestContext, name: string): Promise<string> {
  const response = await api.post('/api/rest/v1/workbenches', {
    data: { tenantId: '1', userId: USERS.alice.id, workspaceId: WORKSPACES.demo.id, name, status: 'active' },
  });
  expect(response.status()).toBe(200);
  return String(((await response.json()) as { result: { workbench: { id: string } } }).result.workbench.id);
}

test('stream pages keep COOP and the other security headers, on their origin and with the opt-in', async ({
  playwright,
}) => {
  const api = await playwright.request.newContext({ baseURL: origin(ports.console) });
  await apiLogin(api, 'alice');
  const id = await createSession(api, 'Headers');
  const stream = `/api/rest/v1/workbenches/${id}/stream/`;
  // The default layout: the session's own host, on the stream server of ports.console.
  const own = await api.get(`${sessionOrigin(ports.consoleStreams, id)}${stream}`);
  expect([200, 503]).toContain(own.status());
  expectStreamHeaders(own, origin(ports.console), 'stream origin');
  // The console itself refuses the stream paths.
  expect((await api.get(stream)).status()).toBe(404);
  // The opt-in (streams on the console's origin): the nested location repeats the headers.
  const same = await api.get(`${origin(ports.sameOrigin)}${stream}`);
  expect([200, 503]).toContain(same.status());
  expectStreamHeaders(same, "'self'", 'same origin (opt-in)');
  await api.dispose();
});

test("connect-src names the sessions' hosts: an app tab loads without a policy violation", async ({ page }) => {
  test.setTimeout(90_000);
  const index = await page.request.get('/');
  expect(index.headers()['content-security-policy']).toContain(
    `connect-src 'self' http://*.app.localhost:${ports.consoleStreams};`,
  );
  // Every test fails on a CSP violation (../nginx/fixtures.ts): the app tab probes its page on
  // the stream origin (a fetch), which connect-src must allow.
  await loginAs(page, 'admin');
  await page.goto(`/workspaces/${WORKSPACES.demo.id}`);
  await page.getByLabel('Session name', { exact: true }).fill('Probe');
  await page.getByRole('button', { name: 'Start session', exact: true }).click();
  await expect(page).toHaveURL(/\/sessions\/[^/]+$/);
  await page.getByRole('button', { name: 'Open app', exact: true }).click();
  await page.getByRole('button', { name: 'JupyterLab', exact: true }).click();
  const tab = page.getByRole('tablist', { name: 'Session tabs' }).getByRole('tab', { name: /^JupyterLab(\s|,|$)/ });
  await expect(tab).toHaveAttribute('data-tab-state', 'ready', { timeout: 45_000 });
  await expect(page.frameLocator('iframe[title="JupyterLab"]').getByTestId('stream-title')).toHaveText('JupyterLab');
  // Each session on an origin of its own: no notice for the administrator.
  await expect(page.getByTestId('session-iframe')).toHaveCount(1);
  await expect(page.getByTestId('stream-origin-notice')).toHaveCount(0);
});

// ---------------------------------------------------------------------------------------------
// TLS: HSTS on the stream pages, and an https backend's certificate checked. Two nginx servers
// and a small https backend, started here with a throwaway certificate for 127.0.0.1.

test.describe('with TLS', () => {
  const tlsPorts = { sameOrigin: ports.sameOrigin + 1, console: ports.sameOrigin + 2, streams: ports.sameOrigin + 3, backend: ports.sameOrigin + 4 };
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'console-tls-'));
  const cert = path.join(dir, 'cert.pem');
  const key = path.join(dir, 'key.pem');
  const children: ChildProcess[] = [];
  let backend: https.Server | undefined;

  test.beforeAll(async ({ playwright }) => {
    execFileSync('openssl', [
      'req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=127.0.0.1',
      '-addext', 'subjectAltName=IP:127.0.0.1', '-keyout', key, '-out', cert,
    ], { stdio: 'ignore' });
    // The backend: answers every request with a small JSON (and a stream page's HTML).
    backend = https.createServer({ key: fs.readFileSync(key), cert: fs.readFileSync(cert) }, (req, res) => {
      const page = /\/stream\//.test(req.url ?? '');
      res.writeHead(200, { 'content-type': page ? 'text/html' : 'application/json' });
      res.end(page ? '<p>desktop</p>' : '{"result":{"ok":true}}');
    });
    await new Promise<void>((resolve) => backend!.listen(tlsPorts.backend, '127.0.0.1', resolve));
    const common = { CONSOLE_DIST: dist, TLS_CERT: cert, TLS_KEY: key, BACKEND_URL: `https://127.0.0.1:${tlsPorts.backend}` };
    const start = (name: string, env: Record<string, string>) => {
      const child = spawn(startNginx, [path.join(nginxDir, name)], { env: { ...process.env, ...common, ...env }, stdio: 'ignore' });
      children.push(child);
    };
    // Streams on the console's origin (opt-in), trusting the backend's certificate.
    start('tls-same-origin', {
      CONSOLE_LISTEN: `127.0.0.1:${tlsPorts.sameOrigin} ssl`,
      CONSOLE_ORIGIN: `https://127.0.0.1:${tlsPorts.sameOrigin}`,
      ALLOW_SAME_ORIGIN_STREAMS: '1',
      BACKEND_CA: cert,
    });
    // Streams on one origin of their own (no {session}: every session's pages there, which the
    // console warns administrators of), trusting only the system's CAs (not this certificate).
    start('tls-streams', {
      CONSOLE_LISTEN: `127.0.0.1:${tlsPorts.console} ssl`,
      STREAM_LISTEN: `127.0.0.1:${tlsPorts.streams} ssl`,
      STREAM_ORIGIN: `https://127.0.0.1:${tlsPorts.streams}`,
      CONSOLE_ORIGIN: `https://127.0.0.1:${tlsPorts.console}`,
    });
    const probe = await playwright.request.newContext({ ignoreHTTPSErrors: true });
    for (const port of [tlsPorts.sameOrigin, tlsPorts.console, tlsPorts.streams]) {
      await expect
        .poll(async () => (await probe.get(`https://127.0.0.1:${port}/`).catch(() => null))?.status() ?? 0, {
          timeout: 20_000,
        })
        .toBeGreaterThan(0);
    }
    await probe.dispose();
  });

  test.afterAll(async () => {
    for (const child of children) child.kill('SIGTERM');
    await new Promise<void>((resolve) => (backend ? backend.close(() => resolve()) : resolve()));
    fs.rmSync(dir, { recursive: true, force: true });
  });

  test('stream pages keep HSTS and COOP over TLS, also in the nested same-origin location', async ({ playwright }) => {
    const api = await playwright.request.newContext({ ignoreHTTPSErrors: true });
    for (const [url, framer] of [
      [`https://127.0.0.1:${tlsPorts.sameOrigin}/api/rest/v1/workbenches/1/stream/`, "'self'"],
      [`https://127.0.0.1:${tlsPorts.streams}/api/rest/v1/workbenches/1/stream/`, `https://127.0.0.1:${tlsPorts.console}`],
    ]) {
      const response = await api.get(url);
      expect(response.headers()['strict-transport-security'], `${url}: HSTS`).toBe('max-age=31536000');
      expectStreamHeaders(response, framer, url);
    }
    await api.dispose();
  });

  test("an https backend's certificate is checked against BACKEND_CA", async ({ playwright }) => {
    const api = await playwright.request.newContext({ ignoreHTTPSErrors: true });
    // Trusted through BACKEND_CA: passed on.
    const trusted = await api.get(`https://127.0.0.1:${tlsPorts.sameOrigin}/api/rest/v1/users/me`);
    expect(trusted.status()).toBe(200);
    // Not among the CAs nginx trusts: refused (502), never passed on unchecked.
    const untrusted = await api.get(`https://127.0.0.1:${tlsPorts.console}/api/rest/v1/users/me`);
    expect(untrusted.status()).toBe(502);
    const stream = await api.get(`https://127.0.0.1:${tlsPorts.streams}/api/rest/v1/workbenches/1/stream/`);
    expect(stream.status()).toBe(502);
    await api.dispose();
  });
});
