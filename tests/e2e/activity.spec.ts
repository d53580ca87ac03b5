import type { APIRequestContext, Locator, Page } from '@playwright/test';
import { expect, test } from './fixtures';
import {
  USERS,
  WORKSPACES,
  apiLogin,
  appHeader,
  currentSeq,
  expectNoA11yViolations,
  expectNoRawJsonOrBlank,
  login,
  requestsSince,
  resetServer,
  setConfig,
  setFaults,
  clearFaults,
  setSpeed,
  type LoggedRequest,
} from './helpers';
import {
  expectPausedWhileHidden,
  getOf,
  loggedBetween,
  loggedSince,
  requestOf,
  rightAfterPoll,
  serverTimePast,
  waitForLogged,
} from './waits';

// The header activity indicator and the /activity page (ui.md "Stable hooks": header activity
// indicator, activity page; "Header activity labels"; "Behaviour the tests check": builds polling
// pauses while hidden, the run stream reconnects by itself). The dev server simulates builds and
// runs: at speed 1 a build is pending 2 s then running 6 s; a run is pending 2 s, then running
// until stopped, then stopping 2 s. Tests that need to see the short states slow the server down.

let initialSpeed = 5;

async function getSpeed(request: APIRequestContext): Promise<number> {
  const response = await request.get('/api/dev/speed');
  if (!response.ok()) return 5;
  const body = (await response.json()) as { speed?: number };
  return typeof body.speed === 'number' && body.speed > 0 ? body.speed : 5;
}

test.beforeEach(async ({ request }) => {
  await resetServer(request);
  initialSpeed = await getSpeed(request);
});

test.afterEach(async ({ request }) => {
  await clearFaults(request);
  await setSpeed(request, initialSpeed);
});

function indicator(page: Page): Locator {
  return page.getByTestId('activity-indicator');
}

function badge(page: Page): Locator {
  return page.getByTestId('activity-count');
}

/** The row of a workspace in the "Start a build or a run" table. */
function workspaceRow(page: Page, name: string): Locator {
  return page
    .getByRole('row')
    .filter({ has: page.getByRole('rowheader', { name, exact: true }) })
    .filter({ has: page.getByRole('button', { name: 'Start build', exact: true }) });
}

async function startBuild(page: Page, workspace: string): Promise<void> {
  await workspaceRow(page, workspace).getByRole('button', { name: 'Start build', exact: true }).click();
}

async function startRun(page: Page, workspace: string): Promise<void> {
  await workspaceRow(page, workspace).getByRole('button', { name: 'Start run', exact: true }).click();
}

/** Logs the page in through the API and opens /activity with its tables shown. */
async function openActivity(page: Page): Promise<void> {
  await apiLogin(page.request, 'admin');
  await page.goto('/activity');
  await expect(page.getByRole('heading', { name: 'Activity', level: 1 })).toBeVisible();
  await expect(page.getByTestId('builds-table')).toBeVisible({ timeout: 15_000 });
  await expect(page.getByTestId('runs-table')).toBeVisible({ timeout: 15_000 });
  await expect(workspaceRow(page, WORKSPACES.demo.name)).toBeVisible();
}

function count(requests: LoggedRequest[], path: string): number {
  return requests.filter((r) => r.path === path).length;
}

test('a build shows Build queued…, then Building (Demo), then Idle', async ({ page, request }) => {
  test.setTimeout(90_000);
  // Slow jobs (pending 4 s, running 12 s) and a fast builds poll, so every state is seen.
  await setSpeed(request, 0.5);
  await setConfig(request, { buildPollIntervalMs: 1000 });
  await openActivity(page);
  await expect(indicator(page)).toHaveText('Idle');
  await expect(indicator(page)).toHaveAttribute('role', 'status');
  await expect(indicator(page)).toHaveAttribute('aria-live', 'polite');
  await expectNoRawJsonOrBlank(page);
  await expectNoA11yViolations(page);

  await startBuild(page, WORKSPACES.demo.name);
  await expect(indicator(page)).toContainText('Build queued…', { timeout: 10_000 });
  await expect(indicator(page)).toHaveAttribute('aria-label', /^1 action in progress\. Latest: Build queued…$/);
  await expect(indicator(page)).toContainText('Building (Demo)', { timeout: 20_000 });
  await expect(indicator(page)).toHaveAttribute('aria-label', '1 action in progress. Latest: Building (Demo)');
  await expect(badge(page)).toHaveCount(0);
  // The page shows it too, by workspace name and status in words.
  const buildRow = page.getByTestId('builds-table').locator('tbody tr[data-status="running"]');
  await expect(buildRow).toHaveCount(1);
  await expect(buildRow).toContainText(WORKSPACES.demo.name);
  await expect(buildRow).toContainText('Running');
  await expectNoA11yViolations(page);

  await expect(indicator(page)).toHaveText('Idle', { timeout: 40_000 });
  await expect(indicator(page)).toHaveAttribute('aria-label', 'No actions in progress');
  await expect(page.getByTestId('builds-table').locator('tbody tr[data-status="running"]')).toHaveCount(0);
});

test('a run shows Starting server…, Server running (Demo), Stopping server… after Stop, then Idle', async ({
  page,
  request,
}) => {
  test.setTimeout(90_000);
  // Pending 4 s and stopping 4 s.
  await setSpeed(request, 0.5);
  await openActivity(page);
  await expect(indicator(page)).toHaveText('Idle');

  await startRun(page, WORKSPACES.demo.name);
  await expect(indicator(page)).toContainText('Starting server…', { timeout: 10_000 });
  await expect(indicator(page)).toContainText('Server running (Demo)', { timeout: 20_000 });
  await expect(indicator(page)).toHaveAttribute('aria-label', '1 action in progress. Latest: Server running (Demo)');

  const runs = page.getByTestId('runs-table');
  const stop = runs.getByRole('button', { name: 'Stop', exact: true });
  await expect(stop).toHaveCount(1);
  await expect(runs.locator('tbody tr[data-status="running"]')).toContainText(WORKSPACES.demo.name);
  await expectNoA11yViolations(page);

  await stop.click();
  await expect(indicator(page)).toContainText('Stopping server…', { timeout: 10_000 });
  await expect(indicator(page)).toHaveText('Idle', { timeout: 30_000 });
  await expect(runs.locator('tbody tr[data-status="stopped"]').first()).toContainText('Stopped');
  await expect(runs.getByRole('button', { name: 'Stop', exact: true })).toHaveCount(0);
});

test('a build and a run together show +1, and the list names both', async ({ page, request }) => {
  test.setTimeout(90_000);
  // A build then takes 16 s: long enough to overlap the run.
  await setSpeed(request, 0.5);
  await setConfig(request, { buildPollIntervalMs: 1000 });
  await openActivity(page);

  await startBuild(page, WORKSPACES.demo.name);
  await expect(indicator(page)).toContainText(/Build queued…|Building \(Demo\)/, { timeout: 10_000 });
  await startRun(page, WORKSPACES.genomics.name);
  await expect(badge(page)).toHaveText('+1', { timeout: 15_000 });
  await expect(indicator(page)).toHaveAttribute('aria-label', /^2 actions in progress\. Latest: /);

  // The toggle next to the status opens the list of both; each links to /activity.
  const toggle = appHeader(page).getByRole('button', { name: 'Show activity', exact: true });
  await expect(toggle).toHaveAttribute('aria-expanded', 'false');
  await toggle.click();
  await expect(toggle).toHaveAttribute('aria-expanded', 'true');
  const list = page.locator('#activity-popover');
  await expect(list).toBeVisible();
  await expect(list.locator('li')).toHaveCount(2, { timeout: 10_000 });
  await expect(list.getByRole('link', { name: /Server running \(Genomics\)|Starting server…/ })).toHaveAttribute(
    'href',
    '/activity',
  );
  await expectNoA11yViolations(page);
  await page.keyboard.press('Escape');
  await expect(list).toBeHidden();
  await expect(toggle).toBeFocused();
  // Enter on the focused toggle opens it again.
  await page.keyboard.press('Enter');
  await expect(list).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(list).toBeHidden();

  // The build finishes: the badge goes, the run stays.
  await expect(badge(page)).toHaveCount(0, { timeout: 40_000 });
  await expect(indicator(page)).toContainText('Server running (Genomics)');
});

test('a request-based action shows while it is in flight', async ({ page, request }) => {
  test.setTimeout(90_000);
  await openActivity(page);
  await expect(indicator(page)).toHaveText('Idle');
  // Slow down only the build request of workspace 1.
  await setFaults(request, { latencyMs: 5000, pathPrefix: '/api/projects/1/build' });

  const seq = await currentSeq(request);
  await startBuild(page, WORKSPACES.demo.name);
  await expect(indicator(page)).toContainText('Queueing build…');
  // …while the request is in flight: the server has not answered it yet.
  expect(await loggedSince(request, seq, requestOf('POST', '/api/projects/1/build'))).toHaveLength(0);
  await expect(indicator(page)).toHaveAttribute('aria-label', '1 action in progress. Latest: Queueing build…');
  await expect(workspaceRow(page, WORKSPACES.demo.name).getByRole('button', { name: 'Start build' })).toBeDisabled();
  // The request settles: the label goes; the build itself then shows (or has already ended).
  await expect(indicator(page)).not.toContainText('Queueing build…', { timeout: 15_000 });
  await expect(indicator(page)).toHaveText('Idle', { timeout: 30_000 });
});

test('the indicator recovers by itself after the server drops the run stream', async ({ page, request }) => {
  test.setTimeout(150_000);
  // 1. The server closes every stream a second after it opened (the setting applies to streams
  //    opened from now on); the browser reconnects by itself and the next `init` resyncs.
  await setFaults(request, { dropSseSecs: 1, pathPrefix: '/api/runs/stream' });
  const seq = await currentSeq(request);
  await openActivity(page);
  await expect(indicator(page)).toHaveText('Idle');
  await expectNoA11yViolations(page);
  // The stream is down (the browser waits a few seconds before it reconnects): start a run now.
  await expect(indicator(page)).toHaveAttribute('title', /Live updates (interrupted|lost)/, { timeout: 20_000 });
  const run1 = await page.request.post(`/api/projects/${WORKSPACES.demo.id}/run`);
  expect(run1.status()).toBe(200);
  await expect(indicator(page)).toContainText('Server running (Demo)', { timeout: 30_000 });
  await expect
    .poll(async () => count((await requestsSince(request, seq)).requests, '/api/runs/stream'), {
      timeout: 20_000,
    })
    .toBeGreaterThanOrEqual(2);

  // 2. The stream is dropped and its reconnects are refused (500): the browser gives up and the
  //    console reconnects with back-off, saying so in the tooltip.
  await setFaults(request, { dropSseSecs: 1, errorRate: 1, pathPrefix: '/api/runs/stream' });
  await expect(indicator(page)).toHaveAttribute('title', /Live updates lost — reconnecting/, { timeout: 30_000 });
  // A run started meanwhile shows once the stream is back.
  const run2 = await page.request.post(`/api/projects/${WORKSPACES.genomics.id}/run`);
  expect(run2.status()).toBe(200);
  await clearFaults(request);
  await expect(badge(page)).toHaveText('+1', { timeout: 60_000 });
  await expect(indicator(page)).toHaveAttribute('aria-label', /^2 actions in progress\. Latest: /);
  await expect(indicator(page)).not.toHaveAttribute('title', /reconnecting/, { timeout: 15_000 });
  await expect(page.getByTestId('runs-table').getByRole('button', { name: 'Stop', exact: true })).toHaveCount(2);
  await expectNoA11yViolations(page);
});

test('a logged-out page opens no run stream and polls no builds', async ({ page, request }) => {
  test.setTimeout(90_000);
  const buildPollIntervalMs = 1000;
  await setConfig(request, { buildPollIntervalMs });
  const seq = await currentSeq(request);
  await page.goto('/login');
  await expect(page.getByRole('button', { name: 'Sign in', exact: true })).toBeVisible();
  await expectNoA11yViolations(page);
  // The app asked who is signed in (and learnt: nobody).
  const [me] = await waitForLogged(request, seq, getOf('/api/rest/v1/users/me'), { what: 'the check of the login' });
  // For three build intervals of the server's clock after that answer, nothing may have asked.
  let end = await serverTimePast(request, me, 3 * buildPollIntervalMs);
  let log = await loggedBetween(request, seq, end, () => true);
  expect(count(log, '/api/runs/stream'), 'no run stream while logged out').toBe(0);
  expect(count(log, '/api/builds'), 'no builds poll while logged out').toBe(0);
  await expect(indicator(page)).toHaveCount(0);

  // Signed in: both feeds run.
  await login(page, USERS.admin.username, USERS.admin.password);
  await expect(indicator(page)).toHaveText('Idle');
  await expect
    .poll(async () => {
      const r = (await requestsSince(request, seq)).requests;
      return [count(r, '/api/runs/stream') > 0, count(r, '/api/builds') > 1];
    })
    .toEqual([true, true]);
  await expectNoA11yViolations(page);

  // Signed out again, right after a builds poll (so none is on its way): the feeds stop.
  const { last } = await rightAfterPoll(
    request,
    getOf('/api/builds'),
    buildPollIntervalMs,
    async () => {
      await appHeader(page).getByRole('button', { name: 'Sign out', exact: true }).click();
      await expect(page.getByRole('button', { name: 'Sign in', exact: true })).toBeVisible();
    },
    async () => {
      await login(page, USERS.admin.username, USERS.admin.password);
      await expect(indicator(page)).toHaveText('Idle');
    },
  );
  end = await serverTimePast(request, last, 3 * buildPollIntervalMs);
  log = await loggedBetween(request, last, end, () => true);
  expect(count(log, '/api/runs/stream'), 'no run stream after sign-out').toBe(0);
  expect(count(log, '/api/builds'), 'no builds poll after sign-out').toBe(0);
});

test('builds polling pauses while the page is hidden and polls at once when visible', async ({ page, request }) => {
  test.setTimeout(90_000);
  // The interval is the margin of "at once": the poll must come before a regular one would.
  const buildPollIntervalMs = 2500;
  await setConfig(request, { buildPollIntervalMs });
  await apiLogin(page.request, 'admin');
  await page.goto('/workspaces');
  await expect(indicator(page)).toHaveText('Idle');
  const seq = await currentSeq(request);
  await waitForLogged(request, seq, getOf('/api/builds'), { n: 2, what: 'two builds polls' });

  await expectPausedWhileHidden(page, request, getOf('/api/builds'), buildPollIntervalMs, { what: 'builds poll' });
});
