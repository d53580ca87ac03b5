import type { Browser, Page } from '@playwright/test';
import { expect, test } from './fixtures';
import {
  USERS,
  WORKSPACES,
  appHeader,
  appRequestsSettled,
  loginAs,
  resetServer,
  setConfig,
  currentSeq,
  requestsSince,
  setScenario,
  setSpeed,
  setWatch,
  trackAppRequests,
} from './helpers';

// Issue 38: what broke every day on a running CHORUS while every test of our imitation was green
// (the chorus flavor now reproduces CHORUS's one-second user cache and its notifications): a
// refusal of one's own new session, a wait that forgot itself, the bell always empty, `Idle`
// while a session starts, the Share panel that Escape did not close. The panic on sign-out is
// security/signout-sweep.spec.ts's; `Stop` where CHORUS has none is chorus.spec.ts's.

// The dev server keeps its speed across a reset (devserver README): a test that slows the
// simulated cluster puts it back, or every later test of this worker would wait for sessions
// that never start (playwright.config.ts starts the servers with --speed 5).
test.afterEach(async ({ request }) => {
  await setSpeed(request, 5);
});

test.beforeEach(async ({ request }) => {
  await resetServer(request);
});

const DEMO = WORKSPACES.demo;

/** A second browser (its own cookies) signed in as `user`. */
async function otherBrowser(browser: Browser, baseURL: string | undefined, user: 'alice' | 'nora'): Promise<Page> {
  const context = await browser.newContext({ baseURL });
  const page = await context.newPage();
  await loginAs(page, user);
  return page;
}

test('a session started right after a renewal opens its own page without a refusal', async ({ page, request, flavor }) => {
  if (flavor === 'chorus') {
    // CHORUS keeps the user a renewal reads up to a second: a loaded machine's click came later
    // than that after the renewal below, and the race this test is about did not happen. Three
    // seconds here, well within the console's grace for a session it made (8 s).
    const ttl = await request.post('/api/dev/user-cache?ms=3000', { data: {} });
    expect(ttl.status(), await ttl.text()).toBe(200);
  }
  await loginAs(page, 'alice');
  await page.goto(`/workspaces/${DEMO.id}`);
  const start = page.getByRole('button', { name: 'Start session', exact: true });
  await expect(start).toBeEnabled();
  await page.getByLabel('Session name', { exact: true }).fill('Quick start');
  const refusals: string[] = [];
  page.on('response', (r) => {
    if (/\/api\/rest\/v1\/workbenches\/\d+$/.test(new URL(r.url()).pathname) && r.status() === 403) {
      refusals.push(r.url());
    }
  });
  // A renewal less than a second before the create, as the page load's is on a quick click: on
  // CHORUS the create's cookie then comes from the cached user, without the new session's role.
  const renewal = await page.request.post('/api/rest/v1/authentication/refresh-token', { data: {} });
  expect(renewal.status()).toBe(200);
  await start.click();
  await expect(page).toHaveURL(new RegExp(`/workspaces/${DEMO.id}/sessions/\\d+$`));
  // Never the refusal, while CHORUS's cache moves on and the login is renewed (a few seconds):
  // neither of the session nor of its apps.
  for (let i = 0; i < 12; i += 1) {
    await expect(page.getByText('You do not have access to this session')).toHaveCount(0);
    await expect(page.getByText('Could not load the apps open in this session')).toHaveCount(0);
    await page.waitForTimeout(500);
  }
  const bar = page.getByTestId('session-bar');
  await expect(bar.getByRole('heading', { name: 'Quick start' })).toBeVisible();
  await expect(bar.getByRole('tablist')).toBeVisible();
  await expect(page.getByRole('heading', { name: 'No access' })).toHaveCount(0);
  if (flavor === 'chorus') {
    // The race did happen (the test is about it): the first look was refused, and said so.
    expect(refusals.length, 'the stale cookie was refused at least once').toBeGreaterThan(0);
  }
});

test('a session opened after the start timeout says how long it really waited and what to do', async ({
  page,
  request,
  flavor,
}) => {
  test.skip(flavor !== 'chorus', 'a session CHORUS never reports on (the chorus flavor)');
  test.setTimeout(90_000);
  await setConfig(request, { startTimeoutMs: 15_000 });
  // The simulated cluster stands still: the session keeps CHORUS's empty statuses.
  await setSpeed(request, 0.001);
  await loginAs(page, 'admin');
  const created = await page.request.post('/api/rest/v1/workbenches', {
    data: { tenantId: '1', userId: USERS.admin.id, workspaceId: DEMO.id, name: 'Stuck', status: 'active' },
  });
  expect(created.status()).toBe(200);
  const id = String(((await created.json()) as { result: { workbench: { id: string } } }).result.workbench.id);
  // Opened late: 17 s after its creation, past the 15 s limit.
  await page.waitForTimeout(17_000);
  await page.goto(`/workspaces/${DEMO.id}/sessions/${id}`);
  const alert = page.getByTestId('session-overlay').getByRole('alert');
  // At once: the page does not start counting from its own opening.
  await expect(alert).toContainText('did not start within 15 seconds', { timeout: 8_000 });
  await expect(alert).toContainText(/Still not running after (1[7-9]|2\d) s/);
  await expect(alert).toContainText('CHORUS has not reported a status');
  await expect(page.getByTestId('session-phase')).toHaveText(/Did not start/);
  await expect(page.locator('#session-drawer')).toContainText('CHORUS has not reported a status');
  await expect(alert.getByRole('button', { name: 'Start new session', exact: true })).toBeVisible();
  await expect(alert.getByRole('button', { name: 'Retry', exact: true })).toBeVisible();
  // The workspace's table says the same, never `Unknown`.
  await page.goto(`/workspaces/${DEMO.id}`);
  const row = page.getByTestId('workbench-table').locator(`tr[data-workbench-id="${id}"]`);
  await expect(row.getByTestId('k8s-status')).toHaveText('Did not start');
  // Deleting the stuck one, after a confirmation, leads back to the workspace without it.
  await page.goto(`/workspaces/${DEMO.id}/sessions/${id}`);
  await alert.getByRole('button', { name: 'Delete session', exact: true }).click();
  await page.getByRole('group', { name: 'Confirm deletion' }).getByRole('button', { name: 'Delete', exact: true }).click();
  await expect(page).toHaveURL(new RegExp(`/workspaces/${DEMO.id}$`));
  await expect(page.getByTestId('workbench-table').locator(`tr[data-workbench-id="${id}"]`)).toHaveCount(0);
  // Gone, once past CHORUS's one-second session cache (a read within it still has the session).
  await expect.poll(async () => (await page.request.get(`/api/rest/v1/workbenches/${id}`)).status()).toBe(404);
});

test('a session shared with someone is listed in their bell in words, with a link', async ({
  browser,
  baseURL,
  page,
}) => {
  await loginAs(page, 'admin');
  const alice = await otherBrowser(browser, baseURL, 'alice');
  // The seeded session 1 (admin's) shared with alice as `Use`.
  const shared = await page.request.post(`/api/rest/v1/workbenches/1/user/${USERS.alice.id}/role`, {
    data: { role: { name: 'WorkbenchMember' } },
  });
  expect(shared.status(), await shared.text()).toBe(200);
  const name = ((await (await page.request.get('/api/rest/v1/workbenches/1')).json()) as {
    result: { workbench: { name: string } };
  }).result.workbench.name;
  await alice.goto('/workspaces');
  await expect(alice.getByTestId('notification-count')).toHaveText('1', { timeout: 35_000 });
  await alice.getByRole('button', { name: 'Notifications', exact: true }).click();
  const panel = alice.locator('#notification-panel');
  const link = panel.getByRole('link', { name: `You can now use the session ${name}`, exact: true });
  await expect(link).toHaveAttribute('href', `/workspaces/${DEMO.id}/sessions/1`);
  // The generic one is acted on, not listed.
  await expect(panel).not.toContainText('assigned new roles');
  await link.click();
  await expect(alice).toHaveURL(new RegExp(`/workspaces/${DEMO.id}/sessions/1$`));
  await alice.context().close();
});

test('while a session starts, the header names it', async ({ page, request }) => {
  await setScenario(request, 'slow');
  await loginAs(page, 'admin');
  await page.goto(`/workspaces/${DEMO.id}`);
  await page.getByLabel('Session name', { exact: true }).fill('Named start');
  await page.getByRole('button', { name: 'Start session', exact: true }).click();
  await expect(page).toHaveURL(new RegExp(`/workspaces/${DEMO.id}/sessions/\\d+$`));
  const indicator = page.getByTestId('activity-indicator');
  await expect(indicator).toContainText('Starting session (Named start)');
  // Leaving its page: the app no longer shows it, the header no longer names it.
  await appHeader(page).getByRole('link', { name: 'Workspaces', exact: true }).click();
  await expect(indicator).not.toContainText('Starting session (Named start)');
});

test('Escape closes the Share panel and gives the focus back to its button', async ({ page, flavor }) => {
  test.skip(flavor !== 'default', 'the same panel on both flavors');
  await loginAs(page, 'admin');
  await page.goto(`/workspaces/${DEMO.id}/sessions/1`);
  const share = page.getByTestId('session-bar').getByRole('button', { name: 'Share', exact: true });
  await share.click();
  await expect(page.locator('#share-panel')).toBeVisible();
  await page.getByLabel('Find a user', { exact: true }).focus();
  await page.keyboard.press('Escape');
  await expect(page.locator('#share-panel')).toHaveCount(0);
  await expect(share).toBeFocused();
  // Moving to the details closes it too: it would cover them.
  await share.click();
  await expect(page.locator('#share-panel')).toBeVisible();
  await page.getByLabel('Find a user', { exact: true }).focus();
  await page.keyboard.press('Shift+Tab');
  await page.locator('#session-details-toggle').focus();
  await expect(page.locator('#share-panel')).toHaveCount(0);
});

test('what the backend lacks is remembered in this browser: not asked again after a reload', async ({
  page,
  request,
  flavor,
}) => {
  test.skip(flavor !== 'default', 'our flavor can turn its watch stream off');
  await setWatch(request, false);
  await loginAs(page, 'admin');
  const watches = async (since: number) =>
    (await requestsSince(request, since)).requests.filter((r) => /\/workbenches\/\d+\/watch$/.test(r.path));
  const first = await currentSeq(request);
  await page.goto(`/workspaces/${DEMO.id}/sessions/1`);
  await expect.poll(async () => (await watches(first)).length, { timeout: 15_000 }).toBeGreaterThan(0);
  // The stream's own 404 comes first; the console then asks once more in plain (an EventSource
  // cannot read a status) and only that answer is remembered: wait for the memory, not the request.
  await expect
    .poll(
      () =>
        page.evaluate(() =>
          Object.keys(localStorage)
            .filter((k) => k.startsWith('console.missingExtensions:'))
            .map((k) => Number((localStorage.getItem(k) ?? '').split(':').pop()) & 32),
        ),
      { timeout: 15_000 },
    )
    .toContain(32);
  // The backend has it again, but this browser was told it has none (api.md: remembered per API
  // origin until the console's version changes): polled, never asked.
  await setWatch(request, true);
  const second = await currentSeq(request);
  await page.reload();
  await expect(page.getByTestId('session-bar')).toBeVisible();
  await page.waitForTimeout(3_000);
  expect(await watches(second)).toHaveLength(0);
});

test('an OpenID return is never kept among the requests the next load sends early', async ({ page, flavor }) => {
  test.skip(flavor !== 'chorus', 'the chorus flavor offers the identity provider');
  // Issue 38 (security review, low): the list of what a page load asked first (localStorage,
  // replayed by the start-up script) recorded `…/oauth2/<id>/redirect?state=…&code=…`.
  await page.goto(`/workspaces/${DEMO.id}`);
  await page.getByRole('button', { name: 'Sign in with Keycloak', exact: true }).click();
  await page.getByRole('button', { name: 'Sign in as alice' }).click();
  await expect(page.getByRole('heading', { level: 1, name: DEMO.name })).toBeVisible();
  // The list is kept 3 s after the sign-in check.
  await page.waitForTimeout(4_500);
  const kept = await page.evaluate(() => localStorage.getItem('console.startGets') ?? '');
  expect(kept).not.toMatch(/\/authentication\//);
  expect(kept).not.toMatch(/[?&](code|state)=/);
});

test('on an empty platform a super admin is offered New workspace, not told to ask an administrator', async ({
  page,
}) => {
  await loginAs(page, 'admin');
  for (const w of Object.values(WORKSPACES)) {
    const r = await page.request.delete(`/api/rest/v1/workspaces/${w.id}`);
    expect(r.status(), `DELETE workspace ${w.id}: ${await r.text()}`).toBe(200);
  }
  // CHORUS answers the workspace list from a one-second cache (the sign-in's list is in it):
  // the page shows the empty platform once the cache has let go (api.md §2, "Caching").
  await expect(async () => {
    await page.goto('/workspaces');
    await expect(page.getByText('There is no workspace yet. Create the first one with New workspace.')).toBeVisible({
      timeout: 2_000,
    });
  }).toPass();
  await expect(page.getByText('Ask an administrator')).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'New workspace', exact: true })).toBeVisible();
});

test('the workspace list is asked once on page load, however many views need it', async ({ page, request }) => {
  const before = await currentSeq(request);
  // Its streams stay open while it is signed in.
  const waiting = trackAppRequests(page, { streams: false });
  await loginAs(page, 'admin');
  // The signed-in page of the login asks for its list too, once the terms of use are known to be
  // accepted (issue 41), which can be after the login returns: counted from after those (the
  // page's and the header's, which a loaded machine may send one after the other) are answered.
  await expect
    .poll(async () =>
      (await requestsSince(request, before)).requests.some((r) => r.method === 'GET' && r.path === '/api/rest/v1/workspaces'),
    )
    .toBe(true);
  await expect(appHeader(page).getByRole('button', { name: 'Sign out', exact: true })).toBeVisible();
  await appRequestsSettled(waiting);
  const seq = await currentSeq(request);
  await page.goto('/workspaces');
  await expect(page.getByRole('link', { name: DEMO.name, exact: true })).toBeVisible();
  await page.waitForTimeout(2_000);
  const lists = (await requestsSince(request, seq)).requests.filter(
    (r) => r.method === 'GET' && r.path === '/api/rest/v1/workspaces',
  );
  expect(lists).toHaveLength(1);
});
