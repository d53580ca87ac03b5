import type { APIRequestContext, Page } from '@playwright/test';
import { expect, test } from '../fixtures';
import {
  LOGIN_URL,
  USERS,
  WORKSPACES,
  apiLogin,
  appHeader,
  clearFaults,
  currentSeq,
  expectHeader,
  loginAs,
  login,
  navLink,
  pathIs,
  requestsSince,
  resetServer,
  setAuthModes,
  setFaults,
  visibleAlert,
} from '../helpers';

// Issue 19, the points a browser can check against the dev server (both flavors; the deployment
// points run through nginx in ./deploy.nginx.ts). SECURITY.md lists what each test stands for.
// Every test also fails on a wasm panic (../fixtures.ts).

test.beforeEach(async ({ request }) => {
  await resetServer(request);
});

const DEMO = WORKSPACES.demo.id;

/** Creates a session in Demo for `user` (through `request`'s login); returns its id. */
async function createSession(
  request: APIRequestContext,
  name: string,
  user: 'alice' | 'admin' = 'alice',
): Promise<string> {
  const response = await request.post('/api/rest/v1/workbenches', {
    data: { tenantId: '1', userId: USERS[user].id, workspaceId: DEMO, name, status: 'active' },
  });
  expect(response.status(), 'POST /api/rest/v1/workbenches').toBe(200);
  return String(((await response.json()) as { result: { workbench: { id: string } } }).result.workbench.id);
}

async function signedIn(request: APIRequestContext): Promise<boolean> {
  return (await request.get('/api/rest/v1/users/me')).status() === 200;
}

// ---------------------------------------------------------------------------------------------
// 2. OpenID login CSRF.

/**
 * What an attacker does in their own browser: starts an OpenID login, approves it at the
 * identity provider as `bob`, and keeps the return link instead of following it. Returns the
 * link's path and query (`/oauthredirect?state=…&session_state=…&code=…`).
 */
async function forgedReturn(attacker: APIRequestContext): Promise<string> {
  const start = await attacker.get('/api/rest/v1/authentication/oauth2/keycloak/login');
  expect(start.status(), 'the attacker starts a login').toBe(200);
  const redirectURI = ((await start.json()) as { result: { redirectURI: string } }).result.redirectURI;
  const state = new URL(redirectURI).searchParams.get('state');
  expect(state).toBeTruthy();
  const approve = await attacker.get(
    `/api/fake-idp/keycloak/approve?state=${encodeURIComponent(`${state}:keycloak`)}&username=bob`,
  );
  const link = /data-testid="continue" href="([^"]+)"/.exec(await approve.text())?.[1];
  expect(link, 'the identity provider returns a link to the console').toBeTruthy();
  const url = new URL(link!.replace(/&amp;/g, '&'));
  expect(url.pathname).toBe('/oauthredirect');
  return `${url.pathname}${url.search}`;
}

test('a forged OpenID return is refused on the login page without calling the backend', async ({
  page,
  playwright,
  baseURL,
}) => {
  await setAuthModes(page.request, ['internal', 'openid']);
  const attacker = await playwright.request.newContext({ baseURL });
  const forged = await forgedReturn(attacker);
  await attacker.dispose();

  // The victim's browser opens the attacker's link (an image, a link in a mail…).
  const seq = await currentSeq(page.request);
  await page.goto(forged);
  await expect(page).toHaveURL(LOGIN_URL);
  await expect(visibleAlert(page, /not started from this browser tab/)).toBeVisible();
  await expect(page.getByRole('button', { name: 'Sign in with Keycloak', exact: true })).toBeVisible();
  const { requests } = await requestsSince(page.request, seq);
  expect(
    requests.filter((r) => r.path.includes('/authentication/oauth2/')).map((r) => r.path),
    'the backend is never asked to finish the forged login',
  ).toEqual([]);
  expect(await signedIn(page.request), 'the victim is not signed in as the attacker').toBe(false);

  // A login this tab starts still works.
  await page.getByRole('button', { name: 'Sign in with Keycloak', exact: true }).click();
  await expect(page).toHaveURL(/\/api\/fake-idp\//);
  await page.getByRole('button', { name: 'Sign in as alice' }).click();
  await expect(page).toHaveURL(pathIs('/workspaces'));
  await expectHeader(page);
});

/** Every value of localStorage and sessionStorage of the page's origin. */
async function storedValues(page: Page): Promise<string[]> {
  return page.evaluate(() =>
    [localStorage, sessionStorage].flatMap((store) =>
      Array.from({ length: store.length }, (_, i) => store.getItem(store.key(i) ?? '') ?? ''),
    ),
  );
}

test('no token in browser storage after a password login or an OpenID login', async ({ page, context }) => {
  await setAuthModes(page.request, ['internal', 'openid']);
  const check = async (how: string) => {
    const cookie = (await context.cookies()).find((c) => c.name === 'jwttoken');
    expect(cookie, `${how}: the login cookie`).toBeTruthy();
    expect(cookie!.httpOnly, `${how}: HttpOnly`).toBe(true);
    for (const value of await storedValues(page)) {
      expect(value, `${how}: the token is not stored`).not.toContain(cookie!.value);
      expect(value, `${how}: nothing like a JWT is stored`).not.toMatch(/eyJ[\w-]+\.[\w-]+\./);
    }
  };
  await page.goto(`/workspaces/${DEMO}`);
  await loginAs(page, 'alice');
  await expectHeader(page);
  await check('password login');

  await context.clearCookies();
  await page.goto('/login');
  await page.getByRole('button', { name: 'Sign in with Keycloak', exact: true }).click();
  await page.getByRole('button', { name: 'Sign in as alice' }).click();
  await expect(page).toHaveURL(pathIs('/workspaces'));
  await expectHeader(page);
  await check('OpenID login');
});

// ---------------------------------------------------------------------------------------------
// 3. `next` values that resolve off the app.

for (const next of ['/.//evil.example', '/%2e%2e//evil.example', '/%2E%2E//evil.example', '/workspaces/..//evil.example']) {
  test(`next=${next} neither leaves the app nor breaks it`, async ({ page }) => {
    await page.goto(`/login?next=${encodeURIComponent(next)}`);
    await login(page, USERS.alice.username, USERS.alice.password);
    await expect(page).toHaveURL(pathIs('/workspaces'));
    await expectHeader(page);
    await expect(page.getByRole('heading', { level: 1, name: 'Workspaces' })).toBeVisible();
  });
}

test('a next inside the app is kept, dot segments resolved', async ({ page }) => {
  await page.goto(`/login?next=${encodeURIComponent(`/workspaces/x/../${DEMO}`)}`);
  await loginAs(page, 'alice');
  await expect(page).toHaveURL(pathIs(`/workspaces/${DEMO}`));
});

// ---------------------------------------------------------------------------------------------
// 4. Outside text bounded and plain; a failed sign-out said; no clipboard-read.

test("the identity provider's error text is not echoed, only a short code", async ({ page }) => {
  const description = 'Your account is locked. Call +1 555 0100 now <b>urgent</b>';
  await page.goto(
    `/oauthredirect?error=access_denied&error_description=${encodeURIComponent(description)}&state=x`,
  );
  await expect(page).toHaveURL(LOGIN_URL);
  const alert = visibleAlert(page, /refused the sign-in/);
  await expect(alert).toContainText('(error code: access_denied)');
  await expect(alert).not.toContainText('locked');
  await expect(page.getByText('Call +1 555')).toHaveCount(0);

  // A code that is not short and plain is left out too.
  await page.goto(`/oauthredirect?error=${encodeURIComponent('<img src=x> call us')}`);
  await expect(visibleAlert(page, /refused the sign-in\. Try again\./)).toBeVisible();
  await expect(page.getByText('call us')).toHaveCount(0);
});

test('the start log copies server text without bidirectional controls', async ({ page, context }) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await apiLogin(page.request, 'alice');
  // U+202E turns "Invoice‮fdp.exe" into "Invoiceexe.pdf" on screen.
  const id = await createSession(page.request, 'Invoice\u202efdp.exe');
  await page.goto(`/workspaces/${DEMO}/sessions/${id}`);
  const details = page.getByRole('button', { name: 'Details', exact: true });
  // The details open by themselves while the session starts and close when it is ready (at
  // speed 5 that can happen between two steps here): open them, then copy, until both held.
  await expect(async () => {
    if ((await details.getAttribute('aria-expanded')) !== 'true') await details.click();
    await expect(page.getByTestId('start-log').locator('li').first()).toBeVisible({ timeout: 2_000 });
    await page.getByRole('button', { name: 'Copy as text' }).click({ timeout: 2_000 });
    await expect(page.getByText('Copied.')).toBeVisible({ timeout: 2_000 });
  }).toPass({ timeout: 30_000 });
  const text = await page.evaluate(() => navigator.clipboard.readText());
  expect(text).toContain('Invoicefdp.exe');
  expect(text).not.toMatch(/[\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]/);
});

test('a sign-out that does not reach the server says so and offers to retry', async ({ page, request }) => {
  await loginAs(page, 'alice');
  await expectHeader(page);
  await setFaults(request, { errorRate: 1, pathPrefix: '/api/rest/v1/authentication/logout' });
  await appHeader(page).getByRole('button', { name: 'Sign out', exact: true }).click();
  await expect(visibleAlert(page, /did not reach the server/)).toBeVisible();
  await expect(page).toHaveURL(pathIs('/workspaces'));
  expect(await signedIn(page.request), 'the login is still valid on the server').toBe(true);

  await clearFaults(request);
  // A password login's logout is `{}` on CHORUS too (fixtures/chorus/logout.json).
  await page.getByRole('button', { name: 'Retry sign-out', exact: true }).click();
  await expect(page).toHaveURL(LOGIN_URL);
  expect(await signedIn(page.request)).toBe(false);
});

async function openReadySession(page: Page, name: string, user: 'alice' | 'admin'): Promise<void> {
  const id = await createSession(page.request, name, user);
  await page.goto(`/workspaces/${DEMO}/sessions/${id}`);
  await expect(page.getByTestId('session-iframe')).toHaveCount(1, { timeout: 45_000 });
}

test('app and session frames get no clipboard-read; admins are told when streams share the origin', async ({
  page,
  flavor,
}) => {
  test.setTimeout(90_000);
  // The dev server serves the streams on the console's own origin (no streamBaseUrl).
  await loginAs(page, 'admin');
  await openReadySession(page, 'Clipboard check', 'admin');
  const allow = (await page.getByTestId('session-iframe').getAttribute('allow')) ?? '';
  // Demo's clipboard is `disabled`: no clipboard at all (issue 55; desktop-settings.spec.ts).
  expect(allow).not.toContain('clipboard');
  const notice = page.getByTestId('stream-origin-notice');
  await expect(notice).toContainText("served from the console's own origin");
  // No {session} in streamBaseUrl: every desktop shares one origin, and admins hear of it.
  await expect(notice).toContainText('session desktops share one origin');

  // An app's own page gets less than the desktop (issue 28): no dialogs, no downloads, no
  // clipboard at all.
  if (flavor === 'chorus') return; // CHORUS has no page per app
  await page.getByRole('button', { name: 'Open app', exact: true }).click();
  await page.getByRole('button', { name: 'JupyterLab', exact: true }).click();
  const app = page.locator('iframe[title="JupyterLab"]');
  await expect(app).toHaveCount(1, { timeout: 45_000 });
  const appAllow = (await app.getAttribute('allow')) ?? '';
  expect(appAllow).not.toContain('clipboard');
  const sandbox = (await app.getAttribute('sandbox')) ?? '';
  expect(sandbox).toContain('allow-scripts');
  for (const no of ['allow-modals', 'allow-downloads', 'allow-popups', 'allow-top-navigation']) {
    expect(sandbox).not.toContain(no);
  }
});

test('the same-origin notice is only for users who see the admin pages', async ({ page }) => {
  test.setTimeout(90_000);
  await loginAs(page, 'alice');
  await openReadySession(page, 'No notice', 'alice');
  await expect(page.getByTestId('session-iframe')).toHaveCount(1);
  // alice may not see the admin pages on the default flavor; whatever a flavor's roles give
  // her, the notice follows the Admin link.
  const admin = await navLink(page, 'Admin').count();
  await expect(page.getByTestId('stream-origin-notice')).toHaveCount(admin > 0 ? 1 : 0);
});
