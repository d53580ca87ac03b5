import type { APIRequestContext, Locator, Page } from '@playwright/test';

import { expect, test } from './fixtures';
import { USERS, WORKSPACES, advanceClock, apiLogin, appHeader, expectNoA11yViolations, loginAs, navLink, resetServer } from './helpers';

// Issue 60, point 4 (ui.md, "admin overview"): `/admin`, where the header's `Admin` link leads,
// has a card per area the caller may open (`data-testid="admin-card"`, `data-area`), each a link
// with its count and, for the sessions, their statuses in words; the counts are those the
// area's own page shows. No card for an area the user may not open. Both flavors.

test.beforeEach(async ({ request }) => {
  await resetServer(request);
});

function card(page: Page, area: string): Locator {
  return page.locator(`[data-testid="admin-card"][data-area="${area}"]`);
}

type Made = { result: Record<string, { id: string }> };

/** Alice starts a session in Genomics (through the API, with her own login): its id. */
async function aliceSession(request: APIRequestContext, name: string): Promise<string> {
  await apiLogin(request, 'alice');
  const r = await request.post('/api/rest/v1/workbenches', {
    data: { tenantId: '1', userId: USERS.alice.id, workspaceId: WORKSPACES.genomics.id, name, status: 'active' },
  });
  expect(r.status(), await r.text()).toBe(200);
  return ((await r.json()) as Made).result.workbench.id;
}

/** The statuses of an admin list's rows, lower-cased, counted. */
async function statusCounts(page: Page): Promise<Map<string, number>> {
  const counts = new Map<string, number>();
  for (const s of await page.locator('[data-testid="admin-table"] tbody tr[data-id] td.status').allInnerTexts()) {
    const k = s.trim().toLowerCase();
    counts.set(k, (counts.get(k) ?? 0) + 1);
  }
  return counts;
}

test("a platform admin's overview: a card per area, each count the one its list shows", async ({ page, playwright, baseURL, request }) => {
  test.slow();
  const alice = await playwright.request.newContext({ baseURL });
  const wb = await aliceSession(alice, 'Overview run');
  await loginAs(page, 'admin');

  // The seeded sessions settle (a start ends running or failed; CHORUS deletes a failed one).
  await advanceClock(request, 900);

  // The lists first, as the steward reads them.
  await page.goto('/admin/sessions');
  const mine = page.locator(`[data-testid="admin-table"] tbody tr[data-id="${wb}"]`);
  // The list is read every 30 s: read it again until the new session runs.
  await expect(async () => {
    await page.reload();
    await expect(mine.locator('td.status')).toHaveText('Running', { timeout: 2_000 });
  }).toPass({ timeout: 60_000 });
  await page.goto('/admin/workspaces');
  await expect(page.getByTestId('admin-table')).toBeVisible();
  const workspacesCount = (await page.getByTestId('admin-count').innerText()).trim();
  await page.goto('/admin/app-instances');
  await expect(page.getByTestId('admin-count')).toBeVisible();
  const instancesCount = (await page.getByTestId('admin-count').innerText()).trim();
  await page.goto('/admin/users');
  const showing = page.getByText(/^Showing \d+–\d+ of \d+$/);
  await expect(showing).toBeVisible();
  const users = Number(/of (\d+)$/.exec((await showing.innerText()).trim())![1]);
  await page.goto('/admin/apps');
  const versions = (await page.getByTestId('apps-count').innerText()).trim().replace(/\.$/, '');

  // The header's Admin link leads to the overview.
  await navLink(page, 'Admin').click();
  await expect(page).toHaveURL(/\/admin$/);
  await expect(page.getByRole('heading', { level: 1, name: 'Administration' })).toBeVisible();
  await expect(navLink(page, 'Admin')).toHaveAttribute('aria-current', 'page');
  for (const area of ['users', 'roles', 'workspaces', 'sessions', 'apps', 'app-instances', 'organizations', 'audit', 'settings', 'terms']) {
    await expect(card(page, area), area).toHaveCount(1);
    await expect(card(page, area), area).toHaveAttribute('href', /^\/admin\//);
  }
  await expect(card(page, 'workspaces')).toContainText(workspacesCount);
  await expect(card(page, 'app-instances')).toContainText(instancesCount);
  await expect(card(page, 'users')).toContainText(`${users} user${users === 1 ? '' : 's'}`);
  await expect(card(page, 'apps')).toContainText(versions);
  // `12 sessions: 3 running, 1 failed`: the list's count, then each status as the list says it
  // (read both again should a session change between the two reads).
  await expect(async () => {
    await page.goto('/admin/sessions');
    await expect(page.getByTestId('admin-count')).toBeVisible();
    const sessionsCount = (await page.getByTestId('admin-count').innerText()).trim();
    const statuses = await statusCounts(page);
    await page.goto('/admin');
    await expect(card(page, 'sessions')).toContainText(`${sessionsCount}:`, { timeout: 5_000 });
    for (const [status, n] of statuses) await expect(card(page, 'sessions')).toContainText(`${n} ${status}`, { timeout: 1_000 });
  }).toPass({ timeout: 60_000 });
  await expect(card(page, 'sessions')).toContainText(/\d+ running/);

  // The requests' card where the header has its link: what waits for the admin. The header
  // comes after the page's heading (the `chrome` chunk): its links are counted once it is there.
  await expect(appHeader(page).getByRole('navigation', { name: 'Main' })).toBeVisible();
  const requestsLink = await appHeader(page).getByRole('link', { name: /^Requests/ }).count();
  await expect(card(page, 'requests')).toHaveCount(requestsLink);
  if (requestsLink) await expect(card(page, 'requests')).toContainText(/waiting for you$/);

  // A card is a link the keyboard reaches and follows.
  await card(page, 'workspaces').focus();
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/\/admin\/workspaces$/);
  await page.goBack();
  await expect(card(page, 'sessions')).toBeVisible();
  await expectNoA11yViolations(page);
});

test('a workspace admin sees only the cards of what their roles reach; a researcher has no Admin link and no overview', async ({ page, browser }) => {
  // Wendy administers Demo's members: the roles page, nothing of the platform.
  await loginAs(page, 'wendy');
  await navLink(page, 'Admin').click();
  await expect(page.getByRole('heading', { level: 1, name: 'Administration' })).toBeVisible();
  await expect(card(page, 'roles')).toHaveCount(1);
  for (const area of ['users', 'workspaces', 'sessions', 'apps', 'app-instances', 'organizations', 'audit', 'settings', 'terms']) {
    await expect(card(page, area), area).toHaveCount(0);
  }

  const context = await browser.newContext();
  const other = await context.newPage();
  await loginAs(other, 'alice');
  await expect(navLink(other, 'Admin')).toHaveCount(0);
  await other.goto('/admin');
  await expect(other.getByRole('heading', { level: 1, name: 'No access' })).toBeVisible();
  await expect(other.getByTestId('admin-card')).toHaveCount(0);
  await context.close();
});
