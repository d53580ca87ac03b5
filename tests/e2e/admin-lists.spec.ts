import type { APIRequestContext, Locator, Page } from '@playwright/test';

import { expect, test } from './fixtures';
import { USERS, WORKSPACES, advanceClock, apiLogin, expectNoA11yViolations, loginAs, resetServer, setScenario } from './helpers';

// Issue 49, point 3 (ui.md, "admin lists"): `/admin/workspaces`, `/admin/sessions`,
// `/admin/app-instances` show a platform admin everything of the platform (CHORUS widens its
// ordinary lists by the admin's `"*"` contexts), searchable, sortable by a heading, the owner by
// name, the status in words, a count, and `Delete <name>` asking in the row first. The steward's
// done-when: a stuck session found in /admin/sessions and deleted there. Both flavors.

const GENOMICS = WORKSPACES.genomics;

test.beforeEach(async ({ request }) => {
  await resetServer(request);
});

function table(page: Page): Locator {
  return page.getByTestId('admin-table');
}

function row(page: Page, id: string): Locator {
  return table(page).locator(`tbody tr[data-id="${id}"]`);
}

type Made = { result: Record<string, { id: string }> };

/** Alice starts a session in Genomics (through the API, with her own login): its id. */
async function aliceSession(request: APIRequestContext, name: string): Promise<string> {
  await apiLogin(request, 'alice');
  const r = await request.post('/api/rest/v1/workbenches', {
    data: { tenantId: '1', userId: USERS.alice.id, workspaceId: GENOMICS.id, name, status: 'active' },
  });
  expect(r.status(), await r.text()).toBe(200);
  return ((await r.json()) as Made).result.workbench.id;
}

/** Alice opens app 1 in her session `wb`: the instance's id. */
async function aliceApp(request: APIRequestContext, wb: string): Promise<string> {
  // Her new role on the session is in the login CHORUS hands out after the create (and, past
  // its one-second user cache, in a new one).
  let id = '';
  await expect(async () => {
    await apiLogin(request, 'alice');
    const r = await request.post('/api/rest/v1/app-instances', {
      data: { tenantId: '1', userId: USERS.alice.id, workspaceId: GENOMICS.id, workbenchId: wb, appId: '1', status: 'active' },
    });
    expect(r.status(), await r.text()).toBe(200);
    id = ((await r.json()) as Made).result.appInstance.id;
  }).toPass({ timeout: 10_000 });
  return id;
}

test("a platform admin sees every workspace, session and app instance of the platform, each owner by name", async ({
  page,
  playwright,
  baseURL,
}) => {
  const alice = await playwright.request.newContext({ baseURL });
  const wb = await aliceSession(alice, 'Alice sequencing run');
  const app = await aliceApp(alice, wb);
  await loginAs(page, 'admin');

  await page.goto('/admin/workspaces');
  await expect(page.getByRole('heading', { level: 1, name: 'All workspaces' })).toBeVisible();
  for (const w of Object.values(WORKSPACES)) {
    await expect(row(page, w.id).getByRole('link', { name: w.name, exact: true })).toHaveAttribute('href', `/workspaces/${w.id}`);
  }
  await expect(row(page, GENOMICS.id)).toContainText('Active');
  await expect(page.getByTestId('admin-count')).toHaveText('3 workspaces');
  await expect(page.getByRole('link', { name: 'All sessions', exact: true })).toBeVisible();

  await page.getByRole('link', { name: 'All sessions', exact: true }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'All sessions' })).toBeVisible();
  const mine = row(page, wb);
  await expect(mine.getByRole('link', { name: 'Alice sequencing run', exact: true })).toHaveAttribute(
    'href',
    `/workspaces/${GENOMICS.id}/sessions/${wb}`,
  );
  await expect(mine.getByRole('link', { name: GENOMICS.name, exact: true })).toBeVisible();
  await expect(mine.locator('td.owner')).toHaveText('Alice Anders');
  await expect(mine.getByRole('button', { name: 'Delete Alice sequencing run', exact: true })).toBeVisible();

  await page.getByRole('link', { name: 'All app instances', exact: true }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'All app instances' })).toBeVisible();
  const inst = row(page, app);
  await expect(inst).toContainText('JupyterLab');
  await expect(inst.getByRole('link', { name: 'Alice sequencing run', exact: true })).toBeVisible();
  await expect(inst.locator('td.owner')).toHaveText('Alice Anders');
  await expectNoA11yViolations(page);
});

test('search, a sort by a heading, and a stuck session found under Needs attention and deleted with a confirmation', async ({
  page,
  playwright,
  baseURL,
  request,
}) => {
  const alice = await playwright.request.newContext({ baseURL });
  await aliceSession(alice, 'Alpha healthy');
  // A session whose cluster reports a status nobody knows: stuck.
  await setScenario(request, 'unknown-status');
  const stuck = await aliceSession(alice, 'Zeta stuck');
  await setScenario(request, 'healthy');
  await advanceClock(request, 120);
  await loginAs(page, 'admin');
  await page.goto('/admin/sessions');
  await expect(row(page, stuck)).toBeVisible();
  const all = Number((await table(page).getAttribute('aria-rowcount')) ?? '1') - 1;
  await expect(page.getByTestId('admin-count')).toHaveText(`${all} sessions`);

  // Search: by workspace name, then by the owner's name and a name.
  await page.getByLabel('Search', { exact: true }).fill('genomics');
  await expect(table(page).locator('tbody tr[data-id]')).toHaveCount(2);
  await expect(page.getByTestId('admin-count')).toHaveText(`2 of ${all} shown`);
  await page.getByLabel('Search', { exact: true }).fill('alice zeta');
  await expect(table(page).locator('tbody tr[data-id]')).toHaveCount(1);
  await page.getByLabel('Search', { exact: true }).fill('genomics');

  // Sort by name: A to Z first, then (the same heading again, from the keyboard) Z to A.
  const name = table(page).getByRole('columnheader', { name: /^Name/ });
  await expect(name).toHaveAttribute('aria-sort', 'ascending');
  await expect(table(page).locator('tbody tr[data-id]').first()).toContainText('Alpha healthy');
  await name.getByRole('button').focus();
  await page.keyboard.press('Enter');
  await expect(name).toHaveAttribute('aria-sort', 'descending');
  await expect(table(page).locator('tbody tr[data-id]').first()).toContainText('Zeta stuck');
  const created = table(page).getByRole('columnheader', { name: /^Created/ });
  await expect(created).toHaveAttribute('aria-sort', 'none');
  await created.getByRole('button').click();
  await expect(created).toHaveAttribute('aria-sort', 'descending');
  await expect(name).toHaveAttribute('aria-sort', 'none');

  // The steward finds the stuck one under Needs attention and deletes it.
  await page.getByLabel('Search', { exact: true }).fill('');
  await page.getByLabel('Needs attention', { exact: true }).check();
  const it = row(page, stuck);
  await expect(it).toContainText('Unknown');
  await it.getByRole('button', { name: 'Delete Zeta stuck', exact: true }).click();
  const ask = it.getByRole('group', { name: 'Confirm delete' });
  await expect(ask).toContainText('Delete Zeta stuck? Its desktop stops');
  await ask.getByRole('button', { name: 'Delete', exact: true }).click();
  await expect(it).toHaveCount(0);
  await page.getByLabel('Needs attention', { exact: true }).uncheck();
  await expect(page.getByTestId('admin-count')).toHaveText(`${all - 1} sessions`);
  // Gone: on CHORUS a read within a second of the delete can come from its session cache.
  await expect.poll(async () => (await page.request.get(`/api/rest/v1/workbenches/${stuck}`)).status()).toBe(404);
  // Read again (a reload): still gone.
  await page.reload();
  await expect(table(page).locator('tbody tr[data-id]').first()).toBeVisible();
  await expect(row(page, stuck)).toHaveCount(0);
  await expect(page.getByTestId('admin-count')).toHaveText(`${all - 1} sessions`);
});

test('a researcher without a platform role gets No access on the three pages', async ({ page }) => {
  await loginAs(page, 'bob');
  for (const path of ['/admin/workspaces', '/admin/sessions', '/admin/app-instances']) {
    await page.goto(path);
    await expect(page.getByRole('heading', { level: 1, name: 'No access' })).toBeVisible();
    await expect(table(page)).toHaveCount(0);
  }
});

test('three thousand sessions: a window of rows drawn, found by search, the count of all', async ({ page, request }) => {
  test.setTimeout(120_000);
  const made = await request.post('/api/dev/sessions', { data: { workspaceId: GENOMICS.id, sessions: 3000 } });
  expect(made.status(), await made.text()).toBe(200);
  const { last } = (await made.json()) as { first: string; last: string };
  await loginAs(page, 'admin');
  await page.goto('/admin/sessions');
  await expect(table(page).locator('tbody tr[data-id]').first()).toBeVisible({ timeout: 30_000 });
  const rowcount = Number((await table(page).getAttribute('aria-rowcount')) ?? '0');
  expect(rowcount).toBeGreaterThan(3000);
  const drawn = await table(page).locator('tbody tr[data-id]').count();
  expect(drawn).toBeLessThan(120);
  await expect(page.getByTestId('admin-count')).toHaveText(`${(rowcount - 1).toLocaleString('en-US')} sessions`);
  await page.getByLabel('Search', { exact: true }).fill('bulk 3000');
  await expect(table(page).locator('tbody tr[data-id]')).toHaveCount(1);
  await expect(row(page, last)).toBeVisible();
  await expect(page.getByTestId('admin-count')).toHaveText(`1 of ${(rowcount - 1).toLocaleString('en-US')} shown`);
});
