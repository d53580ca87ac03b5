import { expect, test } from './fixtures';
import {
  WORKSPACES,
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
