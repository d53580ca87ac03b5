import type { APIRequestContext, Frame, Page } from '@playwright/test';
import { origin, ports, sessionOrigin, sessionOrigins } from '../nginx.config';
import { expect, test } from './fixtures';
import { USERS, WORKSPACES, apiLogin, loginAs, resetServer } from '../helpers';
import { fromNginx, raw, shimSeen } from './raw';

// The layout with each session's pages on an origin of its own (deploy/README.md, "One origin
// per session"): the console (ports.streamConsole) refuses the stream paths, a second nginx
// server (ports.streams) answers s<id>.app.localhost only for session <id>'s desktop and its
// WebSocket (no app pages in this layout: STREAM_APP_PAGES is not set), framed only by the
// console. Both sit in front of backend-shim.mjs, which passes HTTP on to the dev server, echoes
// WebSocket messages and remembers what nginx forwarded.

const consoleOrigin = origin(ports.streamConsole);
const streams = ports.streams;

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
async function createSession(name: string, request: APIRequestContext = api, user: 'alice' | 'admin' = 'alice'): Promise<string> {
  const response = await request.post('/api/rest/v1/workbenches', {
    data: { tenantId: '1', userId: USERS[user].id, workspaceId: WORKSPACES.demo.id, name, status: 'active' },
  });
  expect(response.status(), 'POST /api/rest/v1/workbenches').toBe(200);
  return String(((await response.json()) as { result: { workbench: { id: string } } }).result.workbench.id);
}

/** The login cookie, as a browser sends it to every host under app.localhost. */
const cookie = () => ({ cookie: `jwttoken=${token}` });

test('the console frames only the sessions\' hosts and refuses the stream paths itself, in every spelling', async () => {
  const index = await api.get('/');
  expect(index.status()).toBe(200);
  const policy = index.headers()['content-security-policy'] ?? '';
  const sessionsHosts = `http://*.app.localhost:${streams}`;
  expect(policy).toContain(`frame-src ${sessionsHosts};`);
  expect(policy, 'the app tab probes its page on the stream hosts').toContain(`connect-src 'self' ${sessionsHosts};`);

  const config = (await (await api.get('/config.json')).json()) as Record<string, unknown>;
  expect(config.streamBaseUrl, 'config.json names each session\'s host').toBe(sessionOrigins(streams));

  const id = await createSession('Streams elsewhere');
  const before = (await shimSeen()).length;
  for (const [path, status] of [
    [`/api/rest/v1/workbenches/${id}/stream/`, 404],
    [`/api/rest/v1/workbenches/${id}/stream`, 404],
    [`/api/rest/v1/workbenches/${id}/Stream/`, 404],
    [`/api/rest/v1/WORKBENCHES/${id}/STREAM/`, 404],
    [`/api/rest/v1/workbenches/${id}/str%65am/`, 404],
    ['/api/rest/v1/app-instances/1/stream/', 404],
    // Raw paths whose meaning nginx's normalised $uri would not show the backend.
    [`/api/rest/v1/users/me/..%2F..%2Fworkbenches/${id}/stream/`, 400],
    [`/api/rest/v1/users/me/%2e%2e/%2e%2e/workbenches/${id}/stream/`, 400],
    [`/api/rest/v1/users;/../workbenches/${id}/stream/`, 400],
    [`/api/rest/v1/workbenches/${id}/stream;/`, 400],
    [`/api/rest/v1/workbenches/${id}%2Fstream/`, 400],
    [`/api/rest/v1/x/../workbenches/${id}/stream/`, 400],
    [`/api/rest/v1/workbenches/${id}\\stream/`, 400],
  ] as const) {
    const reply = await raw(consoleOrigin, path, { headers: cookie() });
    expect(reply.status, `${consoleOrigin}${path}`).toBe(status);
    expect(fromNginx(reply), `${path}: nginx's own page`).toBe(true);
  }
  expect((await shimSeen()).slice(before), 'the backend never saw one of them').toEqual([]);
  // The rest of the API is proxied as usual.
  expect((await api.get('/api/rest/v1/users/me')).status()).toBe(200);
});

test("each session's host serves its own desktop only, in no other spelling, framed only by the console", async () => {
  const a = await createSession('Desktop A');
  const b = await createSession('Desktop B');
  // The login cookie (Domain=app.localhost) reaches every session's host, as a cookie with a
  // Domain reaches the hosts under it in a deployment.
  const page = await api.get(`${sessionOrigin(streams, a)}/api/rest/v1/workbenches/${a}/stream/`);
  expect([200, 503], 'the desktop page or "starting"').toContain(page.status());
  expect(await page.text()).toContain('Desktop A');
  const policies = (await page.headersArray())
    .filter((h) => h.name.toLowerCase() === 'content-security-policy')
    .map((h) => h.value);
  expect(policies).toContain(`frame-ancestors ${consoleOrigin}`);
  expect(page.headers()['x-content-type-options']).toBe('nosniff');
  expect(page.headers()['origin-agent-cluster'], 'no relaxing document.domain').toBe('?1');

  const before = (await shimSeen()).length;
  const refused: [string, string][] = [
    // Another session's paths on this session's host, and the other way round.
    [sessionOrigin(streams, a), `/api/rest/v1/workbenches/${b}/stream/`],
    [sessionOrigin(streams, b), `/api/rest/v1/workbenches/${a}/stream/`],
    [sessionOrigin(streams, a), `/api/rest/v1/workbenches/${b}/stream/websockify`],
    // No session in the host.
    [`http://127.0.0.1:${streams}`, `/api/rest/v1/workbenches/${a}/stream/`],
    [`http://app.localhost:${streams}`, `/api/rest/v1/workbenches/${a}/stream/`],
    // Encoded and dotted paths that nginx's $uri would resolve into this session's own.
    [sessionOrigin(streams, a), `/api/rest/v1/workbenches/${b}/stream/..%2F..%2F${a}/stream/`],
    [sessionOrigin(streams, a), `/api/rest/v1/workbenches/${a}/stream/..%2F..%2F${b}/stream/`],
    [sessionOrigin(streams, a), `/api/rest/v1/workbenches/${a}/stream/%2e%2e/%2e%2e/${b}/stream/`],
    [sessionOrigin(streams, a), `/api/rest/v1/workbenches/${a}/stream/%2E%2E%2F%2E%2E%2Fusers%2Fme`],
    [sessionOrigin(streams, a), `/api/rest/v1/workbenches/${a}/stream/../../${b}/stream/`],
    [sessionOrigin(streams, a), `/api/rest/v1/workbenches/${b}/stream/../../${a}/stream/`],
    [sessionOrigin(streams, a), `/api/rest/v1/workbenches/${a}/stream/;/../../${b}/stream/`],
    [sessionOrigin(streams, a), `/api/rest/v1/users;/../workbenches/${a}/stream/`],
    [sessionOrigin(streams, a), `/api/rest/v1/workbenches/${a}/stream/x\\..\\..\\${b}`],
    [sessionOrigin(streams, a), `/api/rest/v1/workbenches/${a}/Stream/`],
    [sessionOrigin(streams, a), `/api/rest/v1/workbenches/${a}/str%65am/`],
    [sessionOrigin(streams, a), `/api/rest/v1/workbenches/${a}%2Fstream/`],
    // Nothing else of the API, no app pages in this layout, none of the console's files.
    [sessionOrigin(streams, a), '/'],
    [sessionOrigin(streams, a), '/index.html'],
    [sessionOrigin(streams, a), '/config.json'],
    [sessionOrigin(streams, a), '/api/rest/v1/users/me'],
    [sessionOrigin(streams, a), '/api/runs/stream'],
    [sessionOrigin(streams, a), '/api/rest/v1/app-instances/1/stream/'],
  ];
  for (const [host, path] of refused) {
    const reply = await raw(host, path, { headers: cookie() });
    expect(reply.status, `${host}${path} is not served there`).toBe(404);
    expect(fromNginx(reply), `${host}${path}: nginx's own 404`).toBe(true);
  }
  expect((await shimSeen()).slice(before), 'the backend never saw one of them').toEqual([]);

  // Its own desktop, also without the trailing slash and with a query that spells dots.
  for (const path of [`/api/rest/v1/workbenches/${a}/stream`, `/api/rest/v1/workbenches/${a}/stream/?x=%2e%2e/`]) {
    const reply = await raw(sessionOrigin(streams, a), path, { headers: cookie() });
    expect(fromNginx(reply), `${path} reaches the backend`).toBe(false);
  }
  // A write into this session's page from another session's page is refused; from its own
  // page it passes (the dev server then has no such route).
  const write = (from: string) =>
    raw(sessionOrigin(streams, a), `/api/rest/v1/workbenches/${a}/stream/`, {
      method: 'POST',
      headers: { ...cookie(), origin: from, 'content-type': 'text/plain' },
      body: 'x',
    });
  const foreign = await write(sessionOrigin(streams, b));
  expect(foreign.status).toBe(403);
  expect(fromNginx(foreign)).toBe(true);
  expect(fromNginx(await write(sessionOrigin(streams, a)))).toBe(false);

  // The console may read these pages (an app tab's probe); no other origin may.
  const cors = (from: string) =>
    raw(sessionOrigin(streams, a), `/api/rest/v1/workbenches/${a}/stream/`, { headers: { ...cookie(), origin: from } });
  const console = await cors(consoleOrigin);
  expect(console.headers['access-control-allow-origin']).toBe(consoleOrigin);
  expect(console.headers['access-control-allow-credentials']).toBe('true');
  const other = await cors(sessionOrigin(streams, b));
  expect(other.headers['access-control-allow-origin']).toBeUndefined();
  expect(other.headers['access-control-allow-credentials']).toBeUndefined();
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

test("WebSocket upgrades pass through on a session's own host, for its own desktop only", async ({ page }) => {
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
  // A page of session 1's host (its 404 page): Chromium lets only local pages open loopback sockets.
  await page.goto(`${sessionOrigin(streams, '1')}/`);
  const ws = (id: string) => sessionOrigin(streams, id).replace(/^http/, 'ws');
  expect(await echo(`${ws('1')}/api/rest/v1/workbenches/1/stream/websockify`)).toBe('echo: hello desktop');
  // Not another session's, not an app's (no app pages here), not other paths, never the console.
  expect(await echo(`${ws('1')}/api/rest/v1/workbenches/2/stream/websockify`)).toBe('error');
  expect(await echo(`${ws('1')}/api/rest/v1/app-instances/abc/stream/`)).toBe('error');
  expect(await echo(`${ws('1')}/api/rest/v1/workspaces`)).toBe('error');
  // Never the console, nor another session's host: since issue 55 the session origin's policy
  // (connect-src) stops a page before it asks (session-policy.spec.ts), so nginx's own refusal
  // is checked below without a browser.
  await page.goto(`${sessionOrigin(streams, '7')}/`);
  expect(await echo(`${ws('7')}/api/rest/v1/workbenches/7/stream/websockify`)).toBe('echo: hello desktop');
  // Issue 38 (security review, high): a page of another session's host may not open session 1's
  // desktop socket on session 1's own host either (an upgrade is a GET; its Origin is foreign).
  const upgrade = (origin: string) =>
    raw(sessionOrigin(streams, '1'), '/api/rest/v1/workbenches/1/stream/websockify', {
      headers: {
        origin,
        upgrade: 'websocket',
        connection: 'Upgrade',
        'sec-websocket-key': 'dGhlIHNhbXBsZSBub25jZQ==',
        'sec-websocket-version': '13',
      },
    });
  expect((await upgrade(sessionOrigin(streams, '7'))).status, "from session 7's host").toBe(403);
  expect((await upgrade(consoleOrigin)).status, "from the console's").toBe(403);
});

test("a session desktop loads from its session's own host in the console", async ({ page }) => {
  // The app's `streamBaseUrl` (the prefix of the iframe URLs) names the session in its host; the
  // console's own origin refuses stream paths in this layout.
  test.setTimeout(90_000);
  await page.goto(`${consoleOrigin}/login`);
  await loginAs(page, 'alice');
  const id = await createSession('Framed from elsewhere');
  await page.goto(`${consoleOrigin}/workspaces/${WORKSPACES.demo.id}/sessions/${id}`);
  const iframe = page.getByTestId('session-iframe');
  await expect(iframe).toHaveCount(1, { timeout: 45_000 });
  await expect(iframe).toHaveAttribute('src', new RegExp(`^${sessionOrigin(streams, id)}/api/rest/v1/workbenches/${id}/stream/\\?keyboard_layout=`));
  await expect(page.frameLocator('[data-testid="session-iframe"]').getByTestId('stream-title')).toHaveText(
    'Framed from elsewhere',
  );
  // Demo's clipboard is `disabled` and this deployment moves no files through a desktop (issue
  // 55): neither clipboard writes nor downloads, and the client is told so.
  expect(await iframe.getAttribute('allow')).not.toContain('clipboard');
  expect(await iframe.getAttribute('sandbox')).not.toContain('allow-downloads');
  await expect(page.frameLocator('[data-testid="session-iframe"]').getByTestId('stream-param-clipboard')).toHaveText('false');
  await expect(page.frameLocator('[data-testid="session-iframe"]').getByTestId('stream-param-file_transfer')).toHaveText('false');
});

/** The frame of session `id`'s desktop (shown or kept alive), once its page has loaded. */
async function desktopFrame(page: Page, id: string): Promise<Frame> {
  const element = page.locator(`iframe.pooled-desktop[data-session-id="${id}"]`);
  await expect(element).toHaveCount(1, { timeout: 45_000 });
  const frame = (await (await element.elementHandle())!.contentFrame())!;
  await expect(frame.getByTestId('stream-title')).toBeVisible({ timeout: 45_000 });
  return frame;
}

test("two desktops alive side by side cannot reach each other's documents", async ({ page }) => {
  // Issue 28: the pool keeps desktops alive as sibling frames of one document. On one origin
  // for all, a page inside one could script every other (`parent.frames[i].document`).
  test.setTimeout(120_000);
  await page.goto(`${consoleOrigin}/login`);
  await loginAs(page, 'admin');
  const a = await createSession('Left desktop', page.request, 'admin');
  const b = await createSession('Right desktop', page.request, 'admin');
  await page.goto(`${consoleOrigin}/workspaces/${WORKSPACES.demo.id}/sessions/${a}`);
  const left = await desktopFrame(page, a);
  // To the other session by the app's own navigation (its workspace's table), so that the
  // first desktop stays alive, hidden, in the same document.
  await page.getByRole('link', { name: 'Back to the workspace' }).click();
  await page.locator(`tr[data-workbench-id="${b}"] a`).first().click();
  const right = await desktopFrame(page, b);
  await expect(page.locator('iframe.pooled-desktop')).toHaveCount(2);
  expect(new URL(left.url()).origin).toBe(sessionOrigin(streams, a));
  expect(new URL(right.url()).origin).toBe(sessionOrigin(streams, b));

  // From inside the right desktop: every sibling frame and the console are out of reach.
  const reach = await right.evaluate(() => {
    const tries: string[] = [];
    for (let i = 0; i < parent.frames.length; i++) {
      const frame = parent.frames[i];
      if (frame === window) continue;
      try {
        tries.push(`read ${frame.document.title}`);
      } catch (e) {
        tries.push((e as Error).name);
      }
    }
    try {
      tries.push(`console ${parent.document.title}`);
    } catch (e) {
      tries.push(`console ${(e as Error).name}`);
    }
    return { frames: parent.frames.length, tries };
  });
  expect(reach.frames).toBe(2);
  expect(reach.tries).toEqual(['SecurityError', 'console SecurityError']);

  // Nor can the other session's page be loaded on this session's host, where this one's pages
  // could read it: the browser, with the admin's cookie, gets a 404 there; its own loads.
  const tab = await page.context().newPage();
  const elsewhere = await tab.goto(`${sessionOrigin(streams, b)}/api/rest/v1/workbenches/${a}/stream/`);
  expect(elsewhere?.status(), `s${b} cannot load session ${a}'s page`).toBe(404);
  const own = await tab.goto(`${sessionOrigin(streams, b)}/api/rest/v1/workbenches/${b}/stream/`);
  expect(own?.status()).toBe(200);
  await expect(tab.getByTestId('stream-title')).toHaveText('Right desktop');
  await tab.close();
});

test('without app pages on the sessions\' hosts an app tab shows the desktop, and the console never reads offline', async ({
  page,
}) => {
  // STREAM_APP_PAGES is not set here: the console's probe reads the stream host's 404 (CORS
  // for the console) and the tab turns to the desktop view; no probe is a network failure.
  test.setTimeout(90_000);
  await page.goto(`${consoleOrigin}/login`);
  await loginAs(page, 'admin');
  const id = await createSession('Apps in the desktop', page.request, 'admin');
  await page.goto(`${consoleOrigin}/workspaces/${WORKSPACES.demo.id}/sessions/${id}`);
  await expect(page.getByTestId('session-iframe')).toHaveCount(1, { timeout: 45_000 });
  await page.getByRole('button', { name: 'Open app', exact: true }).click();
  await page.getByRole('button', { name: 'JupyterLab', exact: true }).click();
  const tab = page.getByRole('tablist', { name: 'Session tabs' }).getByRole('tab', { name: /^JupyterLab(\s|,|$)/ });
  await expect(tab).toHaveAttribute('data-tab-state', 'ready', { timeout: 45_000 });
  await expect(page.getByText('JupyterLab runs as a window in the session\'s desktop.')).toBeVisible();
  await expect(page.locator('iframe[title="JupyterLab"]')).toHaveCount(0);
  await expect(page.getByTestId('session-iframe')).toBeVisible();
  await expect(page.getByTestId('connection-banner').locator('.connection-banner')).toHaveCount(0);
});
