import type { ConsoleMessage, Page } from '@playwright/test';
import { expect, test } from '../fixtures';
import { LOGIN_URL, WORKSPACES, appHeader, loginAs, resetServer } from '../helpers';

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

/** Both tabs on `route`, signed in as the admin, each page's data shown. */
async function twoTabsOn(page: Page, route: string, seen: string[]): Promise<Page> {
  watchPanics(page, seen);
  await loginAs(page, 'admin');
  const other = await page.context().newPage();
  watchPanics(other, seen);
  for (const p of [page, other]) {
    await p.goto(route);
    await expect(appHeader(p).getByRole('button', { name: 'Sign out', exact: true })).toBeVisible();
    await expect(p.locator('main')).not.toContainText('Loading', { timeout: 15_000 });
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
  // The app reacts to a change it sees (its effects run after the event): one at a time.
  await page.waitForTimeout(300);
  await set('visible');
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
    // Time for whatever the sign-out restarted to run (and fail) after the pages went.
    await page.waitForTimeout(1_500);
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
    await page.waitForTimeout(1_500);
    expect(seen, 'no panic in either tab').toEqual([]);
  });
}
