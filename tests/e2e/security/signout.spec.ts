import type { APIRequestContext, Page, Request } from '@playwright/test';
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
  expectNoA11yViolations,
  holdRefresh,
  loginAs,
  pathIs,
  refreshHold,
  releaseRefresh,
  requestsSince,
  resetServer,
  setAuthModes,
  setFaults,
  visibleAlert,
} from '../helpers';

// Issue 28: a sign-out that holds (ui.md: "Signing out ends the sign-in everywhere: every tab of
// the app goes to the login page within a second, its desktops are dropped, and no reply that
// was in flight can sign the browser in again"; api.md, "Logout"), a failed reload of the user
// that takes nothing away, and an OpenID return that cannot be replayed. Both flavors; SECURITY.md
// lists what each test stands for.

test.beforeEach(async ({ request }) => {
  await resetServer(request);
});

const DEMO = WORKSPACES.demo.id;
const REFRESH = '/api/rest/v1/authentication/refresh-token';

async function signedIn(request: APIRequestContext): Promise<boolean> {
  return (await request.get('/api/rest/v1/users/me')).status() === 200;
}

/** Creates a session in Demo for `user` (through `request`'s login); returns its id. */
async function createSession(request: APIRequestContext, name: string, user: 'alice' | 'admin'): Promise<string> {
  const response = await request.post('/api/rest/v1/workbenches', {
    data: { tenantId: '1', userId: USERS[user].id, workspaceId: DEMO, name, status: 'active' },
  });
  expect(response.status(), 'POST /api/rest/v1/workbenches').toBe(200);
  return String(((await response.json()) as { result: { workbench: { id: string } } }).result.workbench.id);
}

/** Clicks `Sign out`. A password login's logout answers `{}` (as CHORUS did): straight to the
 * login page. An OpenID login's answers the identity provider's end-session page (CHORUS's
 * `redirectURL`), which leads back to the console's login page. */
async function signOut(page: Page, via: 'password' | 'openid' = 'password'): Promise<void> {
  await appHeader(page).getByRole('button', { name: 'Sign out', exact: true }).click();
  if (via === 'openid') {
    await expect(page).toHaveURL(/\/fake-idp\/[^/]+\/logout/);
    await page.getByRole('link', { name: 'Back to the console' }).click();
  }
  await expect(page).toHaveURL(LOGIN_URL);
  await expect(page.getByRole('button', { name: 'Sign in', exact: true })).toBeVisible();
}

/** Settles when the page's first `refresh-token` request ends: with a reply, or given up. */
function refreshEnds(page: Page): Promise<'finished' | 'failed'> {
  return new Promise((resolve) => {
    const isRefresh = (r: Request) => r.method() === 'POST' && new URL(r.url()).pathname === REFRESH;
    page.on('requestfinished', (r) => isRefresh(r) && resolve('finished'));
    page.on('requestfailed', (r) => isRefresh(r) && resolve('failed'));
  });
}

test('a renewal still in flight when the user signs out cannot sign the browser in again', async ({
  page,
  request,
}) => {
  // The console renews the login once when the app loads (to learn its expiry): the dev server
  // holds that reply back, its new token already issued (the old one stays valid on CHORUS).
  await apiLogin(page.request, 'alice');
  await holdRefresh(request);
  const ended = refreshEnds(page);
  await page.goto('/workspaces');
  await expectHeader(page);
  await expect.poll(async () => (await refreshHold(request)).held, { message: 'the renewal is held' }).toBe(1);

  await signOut(page);
  // Now the renewal's reply goes out, with a cookie for a valid token.
  await releaseRefresh(request);
  await ended;
  expect(await signedIn(page.request), 'the renewal reply did not sign the browser in again').toBe(false);
  // The next person at the machine gets the login page.
  await page.goto('/workspaces');
  await expect(page).toHaveURL(LOGIN_URL);
  await expect(page.getByRole('button', { name: 'Sign in', exact: true })).toBeVisible();
  await expect(appHeader(page)).toHaveCount(0);
});

test('signing out in one tab signs out the others at once: their desktops go, the login page shows', async ({
  page,
  context,
}) => {
  test.setTimeout(90_000);
  await loginAs(page, 'admin');
  const id = await createSession(page.request, 'Two tabs', 'admin');
  const other = await context.newPage();
  // The other tab's clock is fake from the start and stands still once its desktop shows: no
  // poll or timer of its own can find out about the sign-out; only the tab that signs out can
  // tell it.
  await other.clock.install();
  await other.goto(`/workspaces/${DEMO}/sessions/${id}`);
  await expect(other.getByTestId('session-iframe')).toHaveCount(1, { timeout: 45_000 });
  await other.clock.pauseAt(Date.now() + 1_000);

  await page.bringToFront();
  await signOut(page);

  await expect(other).toHaveURL(LOGIN_URL);
  await expect(other.getByRole('button', { name: 'Sign in', exact: true })).toBeVisible();
  await expect(other.getByText('You signed out in another tab of this browser.')).toBeVisible();
  await expect(other.locator('iframe'), 'the desktop is dropped').toHaveCount(0);
  await expect(other.getByRole('banner')).toHaveCount(0);
  // axe-core runs on timers: time moves again for it.
  await other.clock.resume();
  await expectNoA11yViolations(other);
  // It goes back to the session once signed in again.
  expect(new URL(other.url()).searchParams.get('next')).toBe(`/workspaces/${DEMO}/sessions/${id}`);
  expect(await signedIn(other.request)).toBe(false);
});

test('a failed reload of the user after start-up keeps the desktops open and says so', async ({ page, request }) => {
  test.setTimeout(90_000);
  await loginAs(page, 'alice');
  const id = await createSession(page.request, 'Through a blip', 'alice');
  await page.goto(`/workspaces/${DEMO}/sessions/${id}`);
  await expect(page.getByTestId('session-iframe')).toHaveCount(1, { timeout: 45_000 });
  await page.getByRole('link', { name: 'Back to the workspace' }).click();
  await expect(page.getByTestId('workbench-table')).toBeVisible();

  // The console reads the user again after creating a session (CHORUS gives its creator a
  // role): that read fails once.
  await setFaults(request, { errorRate: 1, pathPrefix: '/api/rest/v1/users/me' });
  const failed = page.waitForResponse((r) => new URL(r.url()).pathname === '/api/rest/v1/users/me');
  await page.getByLabel('Session name', { exact: true }).fill('After the blip');
  await page.getByRole('button', { name: 'Start session', exact: true }).click();
  expect((await failed).status()).toBe(500);
  await clearFaults(request);

  // Still signed in, on the new session's page: the first desktop is still alive (hidden, kept
  // in the pool), the blip closed nothing; a notice says what failed.
  await expect(page).toHaveURL(new RegExp(`/workspaces/${DEMO}/sessions/\\d+$`));
  await expectHeader(page);
  await expect(page.locator(`iframe[data-session-id="${id}"]`), 'the desktop stays open').toHaveCount(1);
  await expect(page.getByText('Could not check your sign-in')).toHaveCount(0);
  const notice = page.getByTestId('auth-notice');
  await expect(notice).toContainText('Could not reload your account from the server');
  await expect(notice).toContainText('HTTP 500');
  expect(await signedIn(page.request)).toBe(true);
  await expectNoA11yViolations(page, { exclude: ['iframe'] });

  await notice.getByRole('button', { name: 'Dismiss' }).click();
  await expect(notice).toHaveCount(0);
});

test('a replayed OpenID return is refused without calling the backend', async ({ page, request, flavor }) => {
  if (flavor !== 'chorus') await setAuthModes(page.request, ['internal', 'openid']);
  await page.goto('/login');
  await page.getByRole('button', { name: 'Sign in with Keycloak', exact: true }).click();
  await expect(page).toHaveURL(/\/api\/fake-idp\//);
  const returned = page.waitForRequest(
    (r) => r.isNavigationRequest() && new URL(r.url()).pathname === '/oauthredirect',
  );
  await page.getByRole('button', { name: 'Sign in as alice' }).click();
  const returnURL = (await returned).url();
  await expect(page).toHaveURL(pathIs('/workspaces'));
  await expectHeader(page);

  // Signed out, the return link is still in the browser's history (or a log, a screenshot).
  // CHORUS names the provider's end-session page for an OpenID login; our flavor names none.
  await signOut(page, flavor === 'chorus' ? 'openid' : 'password');
  const seq = await currentSeq(request);
  await page.goto(returnURL);
  await expect(page).toHaveURL(LOGIN_URL);
  await expect(visibleAlert(page, /not started from this browser tab \(or it was already used\)/)).toBeVisible();
  const { requests } = await requestsSince(request, seq);
  expect(
    requests.filter((r) => r.path.includes('/authentication/oauth2/')).map((r) => r.path),
    "the backend's redirect is not called again",
  ).toEqual([]);
  expect(await signedIn(page.request), 'the replay signed nobody in').toBe(false);
});
