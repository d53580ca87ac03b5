import type { APIRequestContext, Page } from '@playwright/test';
import { expect, test } from './fixtures';
import {
  USERS,
  WORKSPACES,
  currentSeq,
  loginAs,
  requestsSince,
  resetServer,
  setScenario,
  workspaceLink,
} from './helpers';

// Issue 27, lists in order (api.md "Order", ui.md "Lists keep their order"): CHORUS adds no
// `ORDER BY` unless asked (the row written last comes last; the chorus flavor does the same),
// and `GET /apps` comes in random order on every call. The console asks for an order with every
// paged list (`pagination.sort.type`/`pagination.sort.order`) and sorts what it shows: sessions
// newest first, users by username, workspaces and apps by name. Each test adds a row that
// an unsorted list would show last (both flavors answer in id or write order unsorted).

test.beforeEach(async ({ request }) => {
  await resetServer(request);
});

const DEMO = WORKSPACES.demo.id;

/** The sort asked for by the list requests to `path` since `seq` (each must ask for one). */
async function sortsAsked(request: APIRequestContext, seq: number, path: string): Promise<string[]> {
  const lists = (await requestsSince(request, seq)).requests.filter((r) => r.method === 'GET' && r.path === path);
  expect(lists.length, `GET ${path}`).toBeGreaterThan(0);
  return lists.map((r) => {
    const q = new URLSearchParams(r.query ?? '');
    return `${q.get('pagination.sort.type')} ${q.get('pagination.sort.order')}`;
  });
}

async function createSession(page: Page, name: string): Promise<string> {
  const response = await page.request.post('/api/rest/v1/workbenches', {
    data: { tenantId: '1', userId: USERS.admin.id, workspaceId: DEMO, name, status: 'active' },
  });
  expect(response.status()).toBe(200);
  return String(((await response.json()) as { result: { workbench: { id: string } } }).result.workbench.id);
}

test('sessions are listed newest first', async ({ page, request }) => {
  await setScenario(request, 'healthy');
  await loginAs(page, 'admin');
  const older = await createSession(page, 'Older one');
  const newer = await createSession(page, 'Newer one');
  const seq = await currentSeq(request);
  await page.goto(`/workspaces/${DEMO}`);
  const rows = page.getByTestId('workbench-table').locator('tr[data-workbench-id]');
  await expect(rows.first()).toHaveAttribute('data-workbench-id', newer);
  await expect(rows.nth(1)).toHaveAttribute('data-workbench-id', older);
  // The seeded sessions come after the new ones, whatever the controller writes meanwhile.
  const ids = await rows.evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-workbench-id')));
  expect(ids.length).toBeGreaterThan(2);
  for (const s of await sortsAsked(request, seq, '/api/rest/v1/workbenches')) {
    expect(s).toBe('createdat desc');
  }
});

test('workspaces are listed by name', async ({ page, request }) => {
  await loginAs(page, 'admin');
  const created = await page.request.post('/api/rest/v1/workspaces', {
    data: { name: 'Aardvark studies', shortName: 'aardvark', description: 'A late one, first by name' },
  });
  expect(created.status()).toBe(200);
  const seq = await currentSeq(request);
  // A fresh load: the new workspace is in the token from the create's refreshed cookie. CHORUS
  // answers the list from a one-second cache (the sign-in page's list is in it): load again
  // until it has let go (api.md §2, "Caching").
  await expect(async () => {
    await page.goto('/workspaces');
    await expect(workspaceLink(page, 'Aardvark studies')).toBeVisible({ timeout: 2_000 });
  }).toPass();
  const names = await page.locator('ul[aria-label="Your workspaces"] a.card-link').allTextContents();
  expect(names).toEqual(['Aardvark studies', 'Demo', 'Genomics', 'Imaging Lab']);
  for (const s of await sortsAsked(request, seq, '/api/rest/v1/workspaces')) {
    expect(s).toBe('name asc');
  }
});

test('users are listed by username', async ({ page, request }) => {
  await loginAs(page, 'admin');
  const created = await page.request.post('/api/rest/v1/users', {
    data: {
      username: 'aaron',
      firstName: 'Aaron',
      lastName: 'Able',
      email: 'aaron@example.org',
      password: 'aaron12345',
      status: 'active',
      source: 'internal',
    },
  });
  expect(created.status()).toBe(200);
  const seq = await currentSeq(request);
  await page.goto('/admin/users');
  const rows = page.getByTestId('users-table').locator('tr[data-user-id]');
  await expect(rows).toHaveCount(7);
  expect(await rows.locator('td.mono').allTextContents()).toEqual([
    'aaron',
    'admin',
    'alice',
    'bob',
    'dora',
    'nora',
    'wendy',
  ]);
  for (const s of await sortsAsked(request, seq, '/api/rest/v1/users')) {
    expect(s).toBe('username asc');
  }
});

test('apps are offered by name, whatever order the backend sends', async ({ page }) => {
  await loginAs(page, 'admin');
  const id = await createSession(page, 'Apps in order');
  await page.goto(`/workspaces/${DEMO}/sessions/${id}`);
  // Twice: on CHORUS every reply comes in another order.
  for (let i = 0; i < 2; i++) {
    await page.getByRole('button', { name: 'Open app', exact: true }).click();
    const items = page.locator('.open-app-list button');
    // The seed's active apps (issue 49: Orthanc's two versions are one app, Old Notebook is
    // inactive and not offered).
    await expect(items).toHaveCount(7);
    expect(await items.allTextContents()).toEqual(['JupyterLab', 'Legacy Viewer', 'Napari', 'Orthanc', 'QGIS', 'RStudio', 'VS Code']);
    await page.keyboard.press('Escape');
    await expect(items).toHaveCount(0);
    await page.reload();
  }
});
