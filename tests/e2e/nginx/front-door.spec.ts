import type { APIRequestContext, Frame, Page } from '@playwright/test';
import { origin, ports, sessionOrigin } from '../nginx.config';
import { expect, test } from './fixtures';
import { USERS, WORKSPACES, apiLogin, appHeader, loginAs, resetServer, LOGIN_URL } from '../helpers';
import { fromNginx, raw, shimSeen, type Seen } from './raw';

// Issue 28, point 2: the front door of the API (deploy/README.md, "The front door"), through the
// layout with each session on a host of its own (ports.streamConsole, ports.streams) in front of
// backend-shim.mjs, which remembers what nginx passed on. A session's page shares the console's
// site (the login cookie's Domain covers both), so it can send the console's API requests with
// the user's cookie, and set cookies for the parent domain: nginx refuses what only such a page
// would send, and the backend never sees it.

const consoleOrigin = origin(ports.streamConsole);
const streams = ports.streams;

test.beforeEach(async ({ request }) => {
  await resetServer(request);
});

async function createSession(request: APIRequestContext, name: string): Promise<string> {
  const response = await request.post(`${consoleOrigin}/api/rest/v1/workbenches`, {
    data: { tenantId: '1', userId: USERS.admin.id, workspaceId: WORKSPACES.demo.id, name, status: 'active' },
  });
  expect(response.status(), 'POST /api/rest/v1/workbenches').toBe(200);
  return String(((await response.json()) as { result: { workbench: { id: string } } }).result.workbench.id);
}

/** The admin signed in on the console, with a session's desktop open: the desktop's frame. */
async function adminWithDesktop(page: Page, name: string): Promise<{ id: string; desktop: Frame }> {
  await page.goto(`${consoleOrigin}/login`);
  await loginAs(page, 'admin');
  const id = await createSession(page.request, name);
  await page.goto(`${consoleOrigin}/workspaces/${WORKSPACES.demo.id}/sessions/${id}`);
  const element = page.getByTestId('session-iframe');
  await expect(element).toHaveCount(1, { timeout: 45_000 });
  const desktop = (await (await element.elementHandle())!.contentFrame())!;
  await expect(desktop.getByTestId('stream-title')).toHaveText(name, { timeout: 45_000 });
  expect(new URL(desktop.url()).origin).toBe(sessionOrigin(streams, id));
  return { id, desktop };
}

const seenSince = async (before: number, test: (s: Seen) => boolean) => (await shimSeen()).slice(before).filter(test);

test("a session's page cannot act through the API as the admin who opened it", async ({ page, playwright }) => {
  test.setTimeout(90_000);
  const { id, desktop } = await adminWithDesktop(page, 'Hostile page');
  // The desktop frame shows a page whose script runs (the dev server's pages allow none), as a
  // page of someone's app would be.
  await desktop.goto(`${sessionOrigin(streams, id)}/api/rest/v1/workbenches/${id}/stream/?shim-page`);
  await expect(desktop.getByTestId('app-page')).toBeVisible();
  const admin = await playwright.request.newContext({ baseURL: consoleOrigin });
  await apiLogin(admin, 'admin');
  const bob = `/api/rest/v1/users/${USERS.bob.id}`;
  const rolesBefore = ((await (await admin.get(bob)).json()) as { result: { user: unknown } }).result.user;

  const before = (await shimSeen()).length;
  const target = `${consoleOrigin}${bob}/role`;
  const answered: number[] = [];
  page.on('response', (r) => {
    if (r.url() === target && r.request().method() === 'POST') answered.push(r.status());
  });
  // What any page can send to another origin without asking (no preflight): a `no-cors` POST
  // with a text or form body, and a beacon. The browser adds the admin's cookie.
  const sent = await desktop.evaluate(
    async ({ url }) => {
      const body = JSON.stringify({ role: { name: 'WorkspaceAdmin', context: { workspace: '1' } } });
      const tries: string[] = [];
      for (const type of ['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x']) {
        try {
          const r = await fetch(url, { method: 'POST', mode: 'no-cors', credentials: 'include', headers: { 'content-type': type }, body });
          tries.push(`${type}: ${r.type}`);
        } catch (e) {
          tries.push(`${type}: ${(e as Error).name}`);
        }
      }
      tries.push(`beacon: ${navigator.sendBeacon(url, body)}`);
      return tries;
    },
    { url: target },
  );
  // Since issue 55 the session origin's policy (connect-src) stops each in the browser already
  // (session-policy.spec.ts); the door refuses them too (the raw requests below).
  test.info().annotations.push({ type: 'expected-csp-violation', description: `/users/${USERS.bob.id}/role` });
  expect(sent.slice(0, 3), 'the page could not send them').toEqual([
    'text/plain: TypeError',
    'application/x-www-form-urlencoded: TypeError',
    'multipart/form-data; boundary=x: TypeError',
  ]);
  expect(answered.filter((status) => status !== 403), 'none answered but by a refusal').toEqual([]);
  expect(await seenSince(before, (s) => s.url.endsWith(`${bob}/role`)), 'the backend never saw one').toEqual([]);
  const rolesAfter = ((await (await admin.get(bob)).json()) as { result: { user: unknown } }).result.user;
  expect(rolesAfter, "bob's roles are unchanged").toEqual(rolesBefore);
  await admin.dispose();
});

test('a login cookie tossed by a session\'s page is refused, never signing the console into another account', async ({
  page,
  context,
  playwright,
}) => {
  test.setTimeout(90_000);
  const { id, desktop } = await adminWithDesktop(page, 'Cookie tosser');
  const other = await playwright.request.newContext({ baseURL: consoleOrigin });
  const bobToken = await apiLogin(other, 'bob');
  await other.dispose();
  const me = () =>
    page.evaluate(() =>
      fetch('/api/rest/v1/users/me', { credentials: 'include' }).then(async (r) => ({
        status: r.status,
        text: await r.text(),
      })),
    );
  expect((await me()).text).toContain('"username":"admin"');

  // From the page's script: a cookie for the parent domain, on a longer path (sent first).
  const before = (await shimSeen()).length;
  await desktop.evaluate((t) => {
    document.cookie = `jwttoken=${t}; Domain=app.localhost; Path=/api/rest/v1`;
  }, bobToken);
  const tossed = await me();
  expect(tossed.status, 'two login cookies: refused').toBe(400);
  expect(tossed.text).not.toContain('bob');
  expect(await seenSince(before, (s) => s.url === '/api/rest/v1/users/me'), 'the backend never saw it').toEqual([]);
  await context.clearCookies({ name: 'jwttoken', path: '/api/rest/v1' });
  expect((await me()).text).toContain('"username":"admin"');

  // From the page's own server (an app's reply): its cookie stays on the session's host.
  const set = encodeURIComponent(`jwttoken=${bobToken}; Domain=app.localhost; Path=/`);
  const tab = await context.newPage();
  await tab.goto(`${sessionOrigin(streams, id)}/api/rest/v1/workbenches/${id}/stream/?shim-set-cookie=${set}`);
  await tab.close();
  const logins = (await context.cookies()).filter((c) => c.name === 'jwttoken');
  expect(logins.map((c) => c.domain).sort()).toEqual(['.app.localhost', `.s${id}.app.localhost`]);
  const mine = await me();
  expect(mine.status).toBe(200);
  expect(mine.text, 'still the admin').toContain('"username":"admin"');
});

test("the console's own requests pass: sign-in, refresh, a write, sign-out", async ({ page }) => {
  test.setTimeout(60_000);
  await page.goto(`${consoleOrigin}/login`);
  await loginAs(page, 'alice');
  await expect(page).toHaveURL(`${consoleOrigin}/workspaces`);
  const refresh = await page.evaluate(() =>
    fetch('/api/rest/v1/authentication/refresh-token', {
      method: 'POST',
      credentials: 'include',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: '{}',
    }).then((r) => r.status),
  );
  expect(refresh).toBe(200);
  // A session started from the workspace page (a POST with a JSON body).
  await page.goto(`${consoleOrigin}/workspaces/${WORKSPACES.demo.id}`);
  await page.getByLabel('Session name', { exact: true }).fill('Through the front door');
  await page.getByRole('button', { name: 'Start session', exact: true }).click();
  await expect(page).toHaveURL(new RegExp(`/workspaces/${WORKSPACES.demo.id}/sessions/[^/]+$`));
  // Sign-out sends `{}`.
  await appHeader(page).getByRole('button', { name: 'Sign out', exact: true }).click();
  await expect(page).toHaveURL(LOGIN_URL);
  const me = await page.evaluate(() => fetch('/api/rest/v1/users/me', { credentials: 'include' }).then((r) => r.status));
  expect(me, 'signed out on the server').toBe(401);
});

test('the front door refuses foreign writes, bodies that are not JSON and two login cookies; the backend sees none', async ({
  request,
}) => {
  const token = await apiLogin(request, 'admin');
  const cookie = `jwttoken=${token}`;
  const path = '/api/rest/v1/authentication/refresh-token';
  const post = (headers: Record<string, string>, body?: string, method = 'POST', at = path) =>
    raw(consoleOrigin, at, { method, headers: { cookie, ...headers }, body });
  const json = { 'content-type': 'application/json' };
  const before = (await shimSeen()).length;
  const refused: [string, Promise<Awaited<ReturnType<typeof raw>>>, number][] = [
    ["a session's page", post({ ...json, origin: sessionOrigin(streams, '7') }, '{}'), 403],
    ['another site', post({ ...json, origin: 'https://evil.example' }, '{}'), 403],
    ['an opaque origin', post({ ...json, origin: 'null' }, '{}'), 403],
    ['a cross-site request without Origin', post({ ...json, 'sec-fetch-site': 'cross-site' }, '{}'), 403],
    ['the console on another port', post({ ...json, origin: origin(ports.console) }, '{}'), 403],
    ['a text body', post({ 'content-type': 'text/plain', origin: consoleOrigin }, '{}'), 415],
    ['a form body', post({ 'content-type': 'application/x-www-form-urlencoded' }, 'a=1'), 415],
    ['no type', post({}, '{}'), 415],
    ['no body, no type', post({}), 415],
    ['a PUT with a text body', post({ 'content-type': 'text/plain' }, '{}', 'PUT', '/api/rest/v1/users'), 415],
    ['a DELETE with a text body', post({ 'content-type': 'text/plain' }, 'x', 'DELETE', '/api/rest/v1/workbenches/1'), 415],
    ['two login cookies', raw(consoleOrigin, '/api/rest/v1/users/me', { headers: { cookie: `${cookie}; jwttoken=other` } }), 400],
    ['a tossed cookie among others', raw(consoleOrigin, '/api/rest/v1/users/me', { headers: { cookie: `a=1; jwttoken=x; ${cookie}` } }), 400],
  ];
  for (const [what, reply, status] of refused) {
    const r = await reply;
    expect(r.status, what).toBe(status);
    expect(fromNginx(r), `${what}: nginx's own page`).toBe(true);
  }
  expect(await seenSince(before, () => true), 'the backend never saw one').toEqual([]);

  // What passes: the console's own page, the same names in other case, programs without Origin
  // (they carry no cookie of a user who did not send it), a DELETE without a body, a JSON type
  // with parameters.
  for (const [what, reply] of [
    ['the console', post({ ...json, origin: consoleOrigin }, '{}')],
    ['the console, in capitals', post({ ...json, origin: consoleOrigin.toUpperCase() }, '{}')],
    ['a program', post(json, '{}')],
    ['JSON with a charset', post({ 'content-type': 'Application/JSON; charset=utf-8', origin: consoleOrigin }, '{}')],
    ['a DELETE without a body', raw(consoleOrigin, '/api/rest/v1/workbenches/999', { method: 'DELETE', headers: { cookie, origin: consoleOrigin } })],
    ['same-origin GET from a session page', raw(consoleOrigin, '/api/rest/v1/users/me', { headers: { cookie, origin: sessionOrigin(streams, '7') } })],
  ] as const) {
    expect(fromNginx(await reply), `${what} reaches the backend`).toBe(false);
  }
});

test('the OpenID return sets the cookie only for the console itself: no login CSRF from elsewhere', async () => {
  // Issue 38 (security review, medium): any site could navigate a victim to the backend's OpenID
  // return with the attacker's code, which sets the login cookie. The console calls it with fetch
  // from its own page (Sec-Fetch-Site: same-origin); the identity provider sends the browser to
  // the console's /oauthredirect page instead.
  const at = '/api/rest/v1/authentication/oauth2/fake/redirect?state=s&code=attackers';
  const get = (site?: string) =>
    raw(consoleOrigin, at, { headers: site ? { 'sec-fetch-site': site, 'sec-fetch-mode': 'navigate' } : {} });
  const before = (await shimSeen()).length;
  for (const site of ['cross-site', 'same-site', 'none']) {
    const r = await get(site);
    expect(r.status, site).toBe(403);
    expect(fromNginx(r), `${site}: nginx's own page`).toBe(true);
    expect(r.headers['set-cookie'], `${site}: no cookie`).toBeUndefined();
  }
  expect(await seenSince(before, () => true), 'the backend never saw one').toEqual([]);
  // The console's own fetch, and a program without the header, reach the backend.
  expect(fromNginx(await get('same-origin'))).toBe(false);
  expect(fromNginx(await get())).toBe(false);
});

test('X-Forwarded-* say what nginx saw and the console\'s host; API replies are kept by no cache', async ({ request }) => {
  const token = await apiLogin(request, 'alice');
  const before = (await shimSeen()).length;
  const reply = await raw(consoleOrigin, '/api/rest/v1/users/me?forwarded', {
    headers: {
      cookie: `jwttoken=${token}`,
      host: 'evil.example',
      'x-forwarded-for': '6.6.6.6',
      'x-forwarded-host': 'evil.example',
      'x-forwarded-proto': 'https',
    },
  });
  expect(reply.status).toBe(200);
  const [seen] = await seenSince(before, (s) => s.url === '/api/rest/v1/users/me?forwarded');
  expect(seen.headers['x-forwarded-for'], "the client's own claim is dropped").toBe('127.0.0.1');
  expect(seen.headers['x-forwarded-host'], "the console's host, not the request's").toBe(`app.localhost:${ports.streamConsole}`);
  expect(seen.headers['x-forwarded-proto']).toBe('http');

  for (const [path, status] of [
    ['/api/rest/v1/users/me', 200],
    ['/api/rest/v1/workbenches/999999', 404],
    ['/api/rest/v1/apps', 200],
  ] as const) {
    const r = await raw(consoleOrigin, path, { headers: { cookie: `jwttoken=${token}` } });
    expect(r.status, path).toBe(status);
    expect(r.headers['cache-control'], `${path}: stored nowhere`).toBe('no-store');
  }
  const anonymous = await raw(consoleOrigin, '/api/rest/v1/users/me');
  expect(anonymous.status).toBe(401);
  expect(anonymous.headers['cache-control']).toBe('no-store');
  // The console's own files keep theirs.
  expect((await raw(consoleOrigin, '/config.json')).headers['cache-control']).toBe('no-cache');
});

test("a sign-in whose cookie is over nginx's 4 KB default passes both ways: CHORUS's JWT carries every role of the user", async () => {
  // Seen on a running CHORUS: a steward in some dozens of workspaces got 4,353 B of headers from
  // the sign-in, and nginx answered 502 to every sign-in ("upstream sent too big header").
  const big = 12_000;
  const reply = await raw(consoleOrigin, `/api/rest/v1/authentication/modes?shim-cookie-bytes=${big}`);
  expect(fromNginx(reply), `nginx answered itself (${reply.status})`).toBe(false);
  expect(reply.status).toBe(200);
  expect(String(reply.headers['set-cookie'] ?? '')).toContain(`shimpad=${'a'.repeat(big)}`);
  // The cookie comes back with every request.
  const back = await raw(consoleOrigin, '/api/rest/v1/authentication/modes', {
    headers: { cookie: `shimpad=${'a'.repeat(big)}` },
  });
  expect(fromNginx(back), `nginx answered itself (${back.status})`).toBe(false);
  expect(back.status).toBe(200);
});
