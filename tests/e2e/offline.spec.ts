import { expect, test } from './fixtures';
import {
  WORKSPACES,
  apiLogin,
  appHeader,
  currentSeq,
  expectNoA11yViolations,
  loginAs,
  requestsSince,
  resetServer,
  setScenario,
  setWatch,
} from './helpers';
import { getOf, waitForLogged } from './waits';

// Offline (ui.md, "Behaviour the tests check"): when the browser goes offline a banner
// (role="status") says so and when the next try is; polls and streams pause, no error alerts
// pile up, and everything goes on at once when the browser is back. Requests made while
// offline never reach the dev server, so the pause is watched from the page's side (every
// request the page starts, observed, none intercepted).

test.beforeEach(async ({ request }) => {
  await resetServer(request);
  // The session's status is polled here (the watch stream pauses the same way, through the
  // one stream engine).
  await setWatch(request, false);
});

test('offline: a banner says so, polls pause without piling up errors, and resume at once', async ({
  page,
  context,
  request,
}) => {
  await setScenario(request, 'slow');
  await loginAs(page, 'alice');
  await page.goto(`/workspaces/${WORKSPACES.demo.id}`);
  await page.getByLabel('Session name', { exact: true }).fill('Offline soon');
  await page.getByRole('button', { name: 'Start session', exact: true }).click();
  await expect(page).toHaveURL(/\/sessions\/\d+$/);
  const id = new URL(page.url()).pathname.split('/').pop()!;
  const statusPath = `/api/rest/v1/workbenches/${id}`;
  const banner = page.getByTestId('connection-banner');
  await expect(banner).toHaveAttribute('role', 'status');
  await expect(banner).toHaveText('');

  // The page's own first reads have come (the app tabs' restore is the last of them): the
  // connection goes after them, not in the middle of one (a read cut off in flight says so with
  // Retry; that is not what this test is about).
  await expect
    .poll(() =>
      page.evaluate(
        (wb) =>
          performance
            .getEntriesByType('resource')
            .some((e) => e.name.includes('/api/rest/v1/app-instances?') && e.name.includes(`filter.workbenchIdsIn=${wb}&`)),
        id,
      ),
    )
    .toBe(true);

  const attempted: string[] = [];
  page.on('request', (r) => attempted.push(new URL(r.url()).pathname));

  await context.setOffline(true);
  await expect(banner).toContainText('You are offline.');
  await expect(banner).toContainText('as soon as the connection is back');
  const before = attempted.length;
  // Three poll intervals and more: no request is even tried, no error alert appears.
  await page.waitForTimeout(8_000);
  expect(attempted.slice(before).filter((p) => p === statusPath), 'status polls while offline').toEqual([]);
  expect(attempted.slice(before).filter((p) => p.startsWith('/api/')), 'API requests while offline').toEqual([]);
  await expect(page.getByRole('alert')).toHaveCount(0);
  await expectNoA11yViolations(page);

  const seq = await currentSeq(request);
  await context.setOffline(false);
  await expect(banner).toHaveText('');
  // At once, not after a back-off.
  // Polling was paused, not merely slowed: a poll comes only because the engine resumed.
  await waitForLogged(request, seq, getOf(statusPath), { what: 'a status poll after coming back' });
  const after = (await requestsSince(request, seq)).requests.filter(getOf(statusPath));
  expect(after.length).toBeGreaterThan(0);
});

// A request asked for while offline (a press, a view that mounts) is not tried and failed: it
// waits for the connection and goes when it is back (CI once saw a new session's app menu ask
// for the apps, its instances and the limits while offline, on CHORUS).
test('a press while offline waits for the connection: nothing is tried meanwhile, and it goes when the connection is back', async ({
  page,
  context,
}) => {
  await loginAs(page, 'alice');
  await apiLogin(page.request, 'alice');
  await page.goto('/messages?tab=all');
  const star = appHeader(page).getByRole('button', { name: 'Bookmark this page', exact: true });
  await expect(star).toBeVisible();
  await expect(star).not.toHaveAttribute('aria-disabled', 'true');
  await expect(star).toHaveAttribute('aria-pressed', 'false');
  const banner = page.getByTestId('connection-banner');

  const attempted: string[] = [];
  page.on('request', (r) => attempted.push(new URL(r.url()).pathname));
  await context.setOffline(true);
  await expect(banner).toContainText('You are offline.');
  const before = attempted.length;
  await star.click();
  // The page has run past the press (its handlers, the request's start) and said nothing wrong.
  await page.evaluate(() => new Promise((done) => requestAnimationFrame(() => setTimeout(done, 0))));
  expect(attempted.slice(before).filter((p) => p.startsWith('/api/')), 'API requests while offline').toEqual([]);
  await expect(page.getByRole('alert')).toHaveCount(0);

  await context.setOffline(false);
  await expect(banner).toHaveText('');
  await expect(star).toHaveAttribute('aria-pressed', 'true');
  const reply = await page.request.get('/api/rest/v1/devstore/user/user.bookmarks');
  expect(reply.status(), await reply.text()).toBe(200);
  const value = ((await reply.json()) as { result: { value: string } }).result.value;
  expect(JSON.parse(value).map((b: { route: string }) => b.route)).toEqual(['/messages?tab=all']);
  await expect(page.getByRole('alert')).toHaveCount(0);
});
