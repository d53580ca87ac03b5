import type { ConsoleMessage, Page } from '@playwright/test';
import { expect, test } from '../fixtures';
import {
  LOGIN_URL,
  WORKSPACES,
  apiLogin,
  appHeader,
  appRequestsSettled,
  holdRefresh,
  loginAs,
  refreshHold,
  releaseRefresh,
  resetServer,
  setFaults,
  trackAppRequests,
} from '../helpers';

// Issue 38: no panic on sign-out anywhere. On a running CHORUS, `Sign out` from Members threw
// `RuntimeError: unreachable` (a fetch that the sign-out restarted read the page's state after
// the page was gone) and left the page on "Taking you to the sign-in page…" for good; losing the
// cookie there did the same, and so did a background tab on Members when another tab signed out.
// Every route of ui.md that exists, both flavors, with a second tab on the same route: signing out
// in one tab, and (separately) losing the cookie, must land both on the login page without a
// panic.

test.beforeEach(async ({ request }) => {
  await resetServer(request);
});

const DEMO = WORKSPACES.demo.id;
const ROUTES = [
  '/workspaces',
  `/workspaces/${DEMO}`,
  `/workspaces/${DEMO}/members`,
  `/workspaces/${DEMO}/sessions/1`,
  '/activity',
  '/admin/users',
  '/admin/roles',
  '/no/such/page',
];

const PANIC = /panicked|unreachable/i;

/** Console lines and page errors that say the app panicked. */
function watchPanics(page: Page, seen: string[]): void {
  page.on('console', (m: ConsoleMessage) => {
    if (PANIC.test(m.text())) seen.push(`${page.url()}: ${m.text()}`);
  });
  page.on('pageerror', (e) => {
    if (PANIC.test(String(e))) seen.push(`${page.url()}: ${String(e)}`);
  });
}

/** E2E_CPU_THROTTLE=<rate>: both tabs run that many times slower (DevTools' CPU throttling), to
 * reproduce what a loaded CI machine does (issue 45, item 7). */
async function throttle(page: Page): Promise<void> {
  const rate = Number(process.env.E2E_CPU_THROTTLE ?? 0);
  if (rate > 1) {
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Emulation.setCPUThrottlingRate', { rate });
  }
}

/** The reply of the next `refresh-token` of `page`: the renewal a page load sends at once. */
function renewal(page: Page): Promise<unknown> {
  return page.waitForResponse((r) => new URL(r.url()).pathname === '/api/rest/v1/authentication/refresh-token');
}

/** Both tabs on `route`, signed in as the admin, each page's data shown and its login renewed
 * (the renewal a page load sends carries the cookie: its reply, landing after the cookie was
 * cleared, would set it again; that race is a test of its own, below). */
async function twoTabsOn(page: Page, route: string, seen: string[]): Promise<Page> {
  watchPanics(page, seen);
  trackRequests(page);
  await throttle(page);
  await loginAs(page, 'admin');
  const other = await page.context().newPage();
  watchPanics(other, seen);
  trackRequests(other);
  await throttle(other);
  for (const p of [page, other]) {
    const renewed = renewal(p);
    await p.goto(route);
    await expect(appHeader(p).getByRole('button', { name: 'Sign out', exact: true })).toBeVisible();
    await expect(p.locator('main')).not.toContainText('Loading', { timeout: 15_000 });
    await renewed;
  }
  return other;
}

/** The tab becomes hidden, then visible again: every poll of the page asks at once. */
async function hideAndShow(page: Page): Promise<void> {
  const set = (state: string) =>
    page.evaluate((s) => {
      Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => s });
      Object.defineProperty(document, 'hidden', { configurable: true, get: () => s === 'hidden' });
      document.dispatchEvent(new Event('visibilitychange'));
    }, state);
  await set('hidden');
  // The app reacts to a change it sees (its effects run after the event, in the same turn of
  // the event loop): one turn of it, then the other change.
  await page.evaluate(() => new Promise((done) => setTimeout(done, 0)));
  await set('visible');
}

/** The app's requests of each watched tab still waiting for their reply. */
const inFlight = new WeakMap<Page, () => string[]>();

function trackRequests(page: Page): void {
  inFlight.set(page, trackAppRequests(page));
}

/** Both tabs have no request left in flight: what the sign-out restarted has run (and failed). */
async function settled(...pages: Page[]): Promise<void> {
  await appRequestsSettled(...pages.map((p) => inFlight.get(p) ?? (() => [])));
}

for (const route of ROUTES) {
  test(`signing out on ${route} takes both tabs to the login page without a panic`, async ({ page }) => {
    const seen: string[] = [];
    const other = await twoTabsOn(page, route, seen);
    await appHeader(page).getByRole('button', { name: 'Sign out', exact: true }).click();
    await expect(page).toHaveURL(LOGIN_URL, { timeout: 10_000 });
    await expect(other).toHaveURL(LOGIN_URL, { timeout: 10_000 });
    for (const p of [page, other]) {
      await expect(p.getByRole('button', { name: 'Sign in', exact: true })).toBeVisible();
    }
    // Whatever the sign-out restarted runs (and fails) after the pages went: until no request
    // of either tab is left.
    await settled(page, other);
    expect(seen, 'no panic in either tab').toEqual([]);
  });

  test(`losing the cookie on ${route} takes both tabs to the login page without a panic`, async ({ page }) => {
    const seen: string[] = [];
    const other = await twoTabsOn(page, route, seen);
    await page.context().clearCookies();
    // The next request of each tab (its polls, asked at once when it is visible again) is a 401.
    await hideAndShow(page);
    await expect(page).toHaveURL(LOGIN_URL, { timeout: 10_000 });
    await hideAndShow(other);
    await expect(other).toHaveURL(LOGIN_URL, { timeout: 10_000 });
    await settled(page, other);
    expect(seen, 'no panic in either tab').toEqual([]);
  });
}

// Issue 45, item 7: "the sign-out that sometimes does not happen". The poll engine paused a poll
// on hiding only when its next poll was scheduled; one whose request was in flight was not
// paused, so showing the tab again asked nothing, and the login's loss was seen only at the next
// interval (30 s for the header's polls). Under load a poll is often in flight: the sweep above
// failed so in CI. Made certain here: every API reply takes 3 s, and the tab is hidden and shown
// while the header's first polls are out.
test('a tab hidden while its polls are in flight asks again when shown, and finds the login gone', async ({
  page,
  request,
  flavor,
}) => {
  // The chorus flavor: only the header's polls run here (no job service, whose builds poll,
  // paused with a timer, would find the 401 first and stop the others).
  test.skip(flavor !== 'chorus', 'the header polls alone');
  // Nothing unread: the bell's count brings no list after it (a request of its own, not a poll).
  const token = await apiLogin(request, 'admin');
  const read = await request.post('/api/rest/v1/notifications/read', {
    headers: { Authorization: `Bearer ${token}` },
    data: { markAll: true },
  });
  expect(read.status(), await read.text()).toBe(200);
  await loginAs(page, 'admin');
  await page.goto('/no/such/page');
  await expect(appHeader(page).getByRole('button', { name: 'Sign out', exact: true })).toBeVisible();
  await setFaults(request, { latencyMs: 3_000, pathPrefix: '/api/rest/v1/' });
  // A fresh page: its polls all start together once it knows the login, each reply 3 s away.
  // (Its own polls: the page being left may still ask too.) A page load renews the login once
  // it knows the user: that reply sets the cookie, so the cookie is cleared only after it (the
  // full run found it landing after the clear, and the polls asked again answered 200).
  const renewed = page.waitForResponse(
    (r) => r.request().method() === 'POST' && new URL(r.url()).pathname === '/api/rest/v1/authentication/refresh-token',
  );
  await page.reload({ waitUntil: 'commit' });
  await page.waitForRequest((r) => new URL(r.url()).pathname === '/api/rest/v1/notifications/count');
  await expect(appHeader(page).getByRole('button', { name: 'Sign out', exact: true })).toBeVisible();
  await renewed;
  await page.context().clearCookies();
  await hideAndShow(page);
  // The replies of before the pause land (200: asked with the cookie), then each poll asks again
  // at once: the header's count of requests to review is asked again (without the fix, not
  // before its next interval, 30 s away), and a 401 takes the tab to the login page.
  const again = await page.waitForRequest(
    (r) => new URL(r.url()).pathname === '/api/rest/v1/approval-requests',
    { timeout: 20_000 },
  );
  expect((await again.response())?.status()).toBe(401);
  await expect(page).toHaveURL(LOGIN_URL, { timeout: 20_000 });
});

// The CI failure of "losing the cookie on /activity" (chorus flavor, under load): the second tab
// had just loaded /activity (nothing to load there: no job service), and its renewal at page
// load, sent with the cookie, was still out when the cookie was cleared. Its reply set the
// cookie again after the first tab's 401, so the second tab's own polls were answered 200 and
// it stayed on /activity. Now the first tab's 401 is told to the other tabs: they abort their
// renewal under way and ask `/users/me`, which answers 401 (a tab that meets a 401 itself, as
// the default flavor's builds poll may, aborts its own renewal too). Made certain here: the
// second tab's renewal is held until both tabs are on the login page.
test('a tab that loses its login tells the others, whose renewal under way cannot bring it back', async ({
  page,
  request,
}) => {
  const seen: string[] = [];
  watchPanics(page, seen);
  trackRequests(page);
  await loginAs(page, 'admin');
  const other = await page.context().newPage();
  watchPanics(other, seen);
  trackRequests(other);
  const renewed = renewal(page);
  await page.goto('/activity');
  await expect(appHeader(page).getByRole('button', { name: 'Sign out', exact: true })).toBeVisible();
  await renewed;
  // The second tab's renewal at page load goes out with the cookie; its reply waits.
  await holdRefresh(request);
  await other.goto('/activity');
  await expect(appHeader(other).getByRole('button', { name: 'Sign out', exact: true })).toBeVisible();
  await expect.poll(async () => (await refreshHold(request)).held).toBe(1);
  await page.context().clearCookies();
  await hideAndShow(page);
  await expect(page).toHaveURL(LOGIN_URL, { timeout: 10_000 });
  // Told at once: the second tab is not shown again, and asks nothing of its own polls (30 s).
  await expect(other).toHaveURL(LOGIN_URL, { timeout: 10_000 });
  // Its renewal was aborted: the held reply has nobody to set the cookie for.
  await expect.poll(async () => (await refreshHold(request)).held).toBe(0);
  expect(await releaseRefresh(request)).toBe(0);
  await settled(page, other);
  expect(await page.context().cookies(), 'no login cookie came back').toEqual([]);
  expect(seen, 'no panic in either tab').toEqual([]);
});
