import type { APIRequestContext, Page } from '@playwright/test';

import { expect, test } from './fixtures';
import { USERS, WORKSPACES, apiLogin, appHeader, expectNoA11yViolations, loginAs, pathIs, resetServer } from './helpers';

// Issue 48 (ui.md, "home"): `/` shows the user's recent sessions with their workspace and
// status, their workspaces, what waits for them (requests to review, unread notifications) and,
// where the platform sets limits (dev-store `instance.limits`), their usage. Both flavors: the
// approver of Demo's requests is wendy (its admin) in ours, admin in the chorus flavor.

const DEMO = WORKSPACES.demo.id;

test.beforeEach(async ({ request }) => {
  await resetServer(request);
});

function approverOf(flavor: string): 'wendy' | 'admin' {
  return flavor === 'chorus' ? 'admin' : 'wendy';
}

/** Creates a session named `name` in Demo for the user `request` is logged in as. */
async function createSession(request: APIRequestContext, userId: string, name: string): Promise<string> {
  const r = await request.post('/api/rest/v1/workbenches', {
    data: { tenantId: '1', userId, workspaceId: DEMO, name, status: 'active' },
  });
  expect(r.ok(), await r.text()).toBeTruthy();
  return String(((await r.json()) as { result: { workbench: { id: string | number } } }).result.workbench.id);
}

/** alice asks for one Demo file to leave (a data request waiting for Demo's approver). */
async function askForFile(request: APIRequestContext, title: string, file: string): Promise<void> {
  const r = await request.post('/api/rest/v1/approval-requests/data-extraction', {
    data: { sourceWorkspaceId: DEMO, title, description: 'issue 48', filePaths: [file] },
  });
  expect(r.ok(), await r.text()).toBeTruthy();
}

/** The number of requests the home page says wait for the user's review (0: none). */
async function waitingCount(page: Page): Promise<number> {
  const line = section(page, 'Waiting for you').getByTestId('home-requests');
  await expect(line).toBeVisible();
  const m = /(\d+) data requests? to review/.exec((await line.textContent()) ?? '');
  return m ? Number(m[1]) : 0;
}

function section(page: Page, name: string) {
  return page.getByRole('region', { name, exact: true });
}

test("a researcher's home shows their last sessions, their workspaces and the two requests waiting for them", async ({
  page,
  playwright,
  baseURL,
  flavor,
}) => {
  const approver = approverOf(flavor);
  // What waits for the approver before (the seed may hold a request already).
  await loginAs(page, approver);
  await page.goto('/');
  const before = await waitingCount(page);

  // Two requests from alice.
  const alice = await playwright.request.newContext({ baseURL });
  await apiLogin(alice, 'alice');
  await askForFile(alice, 'Notes for the report', '/disk/notes.txt');
  await askForFile(alice, 'Samples for the report', '/disk/raw/samples.csv');
  const alices = await createSession(alice, USERS.alice.id, 'Alice only');
  await alice.dispose();
  // Two sessions of the approver's own, the second the newest.
  const own = await playwright.request.newContext({ baseURL });
  await apiLogin(own, approver);
  const first = await createSession(own, USERS[approver].id, 'Older analysis');
  const second = await createSession(own, USERS[approver].id, 'Newest analysis');
  await own.dispose();

  await page.goto('/workspaces');
  await appHeader(page).getByRole('link', { name: 'Home', exact: true }).click();
  await expect(page).toHaveURL(pathIs('/'));
  await expect(page.getByRole('heading', { name: 'Home', level: 1 })).toBeVisible();
  await expect(appHeader(page).getByRole('link', { name: 'Home', exact: true })).toHaveAttribute('aria-current', 'page');

  const recent = section(page, 'Recent sessions');
  const rows = recent.locator('li[data-workbench-id]');
  await expect(rows).toHaveCount(2);
  // Newest first; each a link to its page, with its workspace and its status in words.
  await expect(rows.nth(0)).toHaveAttribute('data-workbench-id', second);
  await expect(rows.nth(1)).toHaveAttribute('data-workbench-id', first);
  await expect(rows.nth(0).getByRole('link', { name: 'Newest analysis' })).toHaveAttribute(
    'href',
    `/workspaces/${DEMO}/sessions/${second}`,
  );
  await expect(rows.nth(0)).toContainText(WORKSPACES.demo.name);
  await expect(rows.nth(0).getByTestId('k8s-status')).toHaveText(/^(Starting|Running|Failed|Unknown|Did not start)$/);
  // Someone else's session is not one of theirs.
  await expect(recent.locator(`li[data-workbench-id="${alices}"]`)).toHaveCount(0);

  await expect(section(page, 'Your workspaces').getByRole('link', { name: WORKSPACES.demo.name, exact: true })).toBeVisible();

  // The two requests wait for them, said with their number (the header's count, the same).
  const waiting = section(page, 'Waiting for you');
  const words = `${before + 2} data requests to review`;
  await expect(waiting.getByRole('link', { name: words, exact: true })).toBeVisible();
  await expect(appHeader(page).getByTestId('requests-count')).toHaveText(String(before + 2));
  await waiting.getByRole('link', { name: words, exact: true }).click();
  await expect(page).toHaveURL(/\/requests\?(.*&)?tab=review/);
  await expect(page.getByTestId('requests-table').locator('tbody tr')).toHaveCount(before + 2);

  // No limits set: no usage section.
  await page.goto('/');
  await expect(section(page, 'Recent sessions').locator('li[data-workbench-id]')).toHaveCount(2);
  await expect(section(page, 'Your usage')).toHaveCount(0);
  await expectNoA11yViolations(page);

  await rows.nth(1).getByRole('link').click();
  await expect(page).toHaveURL(pathIs(`/workspaces/${DEMO}/sessions/${first}`));
});

test('where the platform sets limits, the home page says the usage per kind; a value that cannot be read is no limit', async ({
  page,
  playwright,
  baseURL,
}) => {
  const admin = await playwright.request.newContext({ baseURL });
  await apiLogin(admin, 'admin');
  const setLimits = async (value: string) => {
    const r = await admin.post('/api/rest/v1/devstore/global', { data: { key: 'instance.limits', value } });
    expect(r.ok(), await r.text()).toBeTruthy();
  };
  const alice = await playwright.request.newContext({ baseURL });
  await apiLogin(alice, 'alice');
  await createSession(alice, USERS.alice.id, 'One');
  await createSession(alice, USERS.alice.id, 'Two');
  // alice's own sessions and app instances, as the API lists them (the seed has some).
  const own = async (path: string, key: string) => {
    const r = await alice.get(`/api/rest/v1/${path}?pagination.limit=100`);
    expect(r.ok(), await r.text()).toBeTruthy();
    const rows = ((await r.json()) as { result: Record<string, { userId: string | number; status?: string }[]> }).result[key] ?? [];
    return rows.filter((x) => String(x.userId) === USERS.alice.id && x.status !== 'deleted').length;
  };
  const sessions = await own('workbenches', 'workbenches');
  const apps = await own('app-instances', 'appInstances');
  expect(sessions).toBeGreaterThanOrEqual(2);
  await setLimits(
    JSON.stringify({ maxWorkspacesPerUser: null, maxSessionsPerUser: sessions + 1, maxAppInstancesPerUser: apps + 5 }),
  );

  await loginAs(page, 'alice');
  await page.goto('/');
  const usage = section(page, 'Your usage');
  // The page counts what the API lists when it loads: on CHORUS (the chorus flavor) a failed
  // seeded session leaves the list a while later, so the count is compared with the API's at the
  // same load, loading again until both read the same moment.
  await expect
    .poll(async () => {
      await page.goto('/');
      await expect(usage.locator('li[data-kind="sessions"]')).toHaveText(/^\d+ of \d+ sessions$/);
      const shown = await usage.locator('li[data-kind="sessions"]').textContent();
      return shown === `${await own('workbenches', 'workbenches')} of ${sessions + 1} sessions`;
    }, { message: 'the usage line counts the sessions the API lists' })
    .toBe(true);
  await expect(usage.locator('li[data-kind="apps"]')).toHaveText(`${apps} of ${apps + 5} apps`);
  await alice.dispose();
  // No limit on workspaces: not listed.
  await expect(usage.locator('li[data-kind="workspaces"]')).toHaveCount(0);

  // Hostile values are no limit, said nowhere (and nothing breaks).
  for (const value of ['not json', '{"maxSessionsPerUser":-1}', '{"maxSessionsPerUser":"3"}', '[3]']) {
    await setLimits(value);
    await page.goto('/');
    await expect(section(page, 'Recent sessions').getByRole('link', { name: 'Two', exact: true })).toBeVisible();
    await expect(section(page, 'Your usage')).toHaveCount(0);
  }
  await admin.dispose();
});
