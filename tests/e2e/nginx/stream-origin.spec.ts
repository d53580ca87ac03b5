import type { APIRequestContext } from '@playwright/test';
import { ports } from '../nginx.config';
import { expect, test } from './fixtures';
import { USERS, WORKSPACES, apiLogin, loginAs, resetServer } from '../helpers';

// The layout with session and app streams on their own origin (deploy/README.md): the console on
// one origin (ports.streamConsole) refuses the stream paths, a second nginx server (ports.streams)
// serves only them and their WebSocket, framed only by the console. Both sit in front of
// backend-shim.mjs, which passes HTTP on to the dev server and echoes WebSocket messages.

const consoleOrigin = `http://127.0.0.1:${ports.streamConsole}`;
const streamOrigin = `http://127.0.0.1:${ports.streams}`;

let api: APIRequestContext;
let token: string;

test.beforeEach(async ({ playwright, request }) => {
  await resetServer(request);
  api = await playwright.request.newContext({ baseURL: consoleOrigin });
  token = await apiLogin(api, 'alice');
});

test.afterEach(async () => {
  await api.dispose();
});

/** Creates a session in Demo through the console's proxy; returns its id. */
async function createSession(name: string): Promise<string> {
  const response = await api.post('/api/rest/v1/workbenches', {
    data: { tenantId: '1', userId: USERS.alice.id, workspaceId: WORKSPACES.demo.id, name, status: 'active' },
  });
  expect(response.status(), 'POST /api/rest/v1/workbenches').toBe(200);
  return String(((await response.json()) as { result: { workbench: { id: string } } }).result.workbench.id);
}

test('the console frames only the stream origin and refuses the stream paths itself', async () => {
  const index = await api.get('/');
  expect(index.status()).toBe(200);
  const policy = index.headers()['content-security-policy'] ?? '';
  expect(policy).toContain(`frame-src ${streamOrigin};`);
  expect(policy, 'the app tab probes its page on the stream origin').toContain(`connect-src 'self' ${streamOrigin};`);

  const config = (await (await api.get('/config.json')).json()) as Record<string, unknown>;
  expect(config.streamBaseUrl, 'config.json names the stream origin').toBe(streamOrigin);

  const id = await createSession('Streams elsewhere');
  for (const path of [`/api/rest/v1/workbenches/${id}/stream/`, `/api/rest/v1/workbenches/${id}/stream`, '/api/rest/v1/app-instances/1/stream/']) {
    const response = await api.get(path);
    expect(response.status(), `${consoleOrigin}${path}`).toBe(404);
    expect(await response.text(), `${path}: nginx's own 404, the backend never saw it`).toContain('<center>nginx</center>');
  }
  // The rest of the API is proxied as usual.
  expect((await api.get('/api/rest/v1/users/me')).status()).toBe(200);
});

test('the stream origin serves the stream paths only, framed only by the console', async () => {
  const id = await createSession('Desktop elsewhere');
  // The login cookie of 127.0.0.1 reaches the other port too (cookies ignore ports), as a cookie
  // with a Domain reaches a sibling host in a real deployment.
  const page = await api.get(`${streamOrigin}/api/rest/v1/workbenches/${id}/stream/`);
  expect([200, 503], 'the desktop page or "starting"').toContain(page.status());
  expect(await page.text()).toContain('Desktop elsewhere');
  const policies = (await page.headersArray())
    .filter((h) => h.name.toLowerCase() === 'content-security-policy')
    .map((h) => h.value);
  expect(policies).toContain(`frame-ancestors ${consoleOrigin}`);
  expect(page.headers()['x-content-type-options']).toBe('nosniff');

  for (const path of ['/', '/index.html', '/config.json', '/api/rest/v1/users/me', '/api/runs/stream']) {
    const response = await api.get(`${streamOrigin}${path}`);
    expect(response.status(), `${streamOrigin}${path} is not served there`).toBe(404);
  }
});

test('the run stream is passed on at once, also from a backend that does not ask for it', async () => {
  // The shim drops the dev server's `X-Accel-Buffering: no`: only nginx's own settings keep the
  // stream unbuffered. Read with Node's fetch (the stream never ends).
  const abort = new AbortController();
  try {
    const stream = await fetch(`${consoleOrigin}/api/runs/stream`, {
      headers: { authorization: `Bearer ${token}`, accept: 'text/event-stream' },
      signal: abort.signal,
    });
    expect(stream.status).toBe(200);
    const reader = stream.body!.getReader();
    const decoder = new TextDecoder();
    let text = '';
    const readUntil = async (pattern: RegExp, ms: number): Promise<boolean> => {
      const deadline = Date.now() + ms;
      while (!pattern.test(text)) {
        const left = deadline - Date.now();
        if (left <= 0) return false;
        const chunk = await Promise.race([
          reader.read(),
          new Promise<null>((resolve) => setTimeout(() => resolve(null), left)),
        ]);
        if (chunk === null || chunk.done) return pattern.test(text);
        text += decoder.decode(chunk.value);
      }
      return true;
    };
    expect(await readUntil(/event: init\ndata: .*\n\n/, 10_000), 'the init event').toBe(true);
    const started = await api.post(`/api/projects/${WORKSPACES.demo.id}/run`, { data: {} });
    expect(started.status()).toBeLessThan(300);
    // Buffered, the event would wait for more bytes or the connection's end.
    expect(await readUntil(/event: run-update\n/, 1_000), 'a run-update within a second').toBe(true);
  } finally {
    abort.abort();
  }
});

test('WebSocket upgrades pass through the stream origin on the stream paths', async ({ page }) => {
  const echo = (url: string) =>
    page.evaluate(
      (u) =>
        new Promise<string>((resolve) => {
          const socket = new WebSocket(u);
          const timer = setTimeout(() => resolve('timeout'), 5_000);
          socket.onopen = () => socket.send('hello desktop');
          socket.onmessage = (event) => {
            clearTimeout(timer);
            resolve(String(event.data));
            socket.close();
          };
          socket.onerror = () => {
            clearTimeout(timer);
            resolve('error');
          };
        }),
      url,
    );
  // A page of the stream origin (its 404 page): Chromium lets only local pages open loopback sockets.
  await page.goto(`${streamOrigin}/`);
  const ws = streamOrigin.replace(/^http/, 'ws');
  expect(await echo(`${ws}/api/rest/v1/workbenches/1/stream/websockify`)).toBe('echo: hello desktop');
  expect(await echo(`${ws}/api/rest/v1/app-instances/abc/stream/`)).toBe('echo: hello desktop');
  // Not on other paths, and never on the console's origin in this layout.
  expect(await echo(`${ws}/api/rest/v1/workspaces`)).toBe('error');
  expect(await echo(`${consoleOrigin.replace(/^http/, 'ws')}/api/rest/v1/workbenches/1/stream/`)).toBe('error');
});

test('a session desktop loads from the stream origin in the console', async ({ page }) => {
  // The app's `streamBaseUrl` setting (the prefix of the iframe URLs) points at the stream
  // origin; the console's own origin refuses stream paths in this layout.
  test.setTimeout(90_000);
  await page.goto(`${consoleOrigin}/login`);
  await loginAs(page, 'alice');
  const id = await createSession('Framed from elsewhere');
  await page.goto(`${consoleOrigin}/workspaces/${WORKSPACES.demo.id}/sessions/${id}`);
  const iframe = page.getByTestId('session-iframe');
  await expect(iframe).toHaveCount(1, { timeout: 45_000 });
  await expect(iframe).toHaveAttribute('src', `${streamOrigin}/api/rest/v1/workbenches/${id}/stream/`);
  await expect(page.frameLocator('[data-testid="session-iframe"]').getByTestId('stream-title')).toHaveText(
    'Framed from elsewhere',
  );
});
