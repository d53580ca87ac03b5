import type { Locator, Page } from '@playwright/test';

import { expect, test } from './fixtures';
import { WORKSPACES, appHeader, expectNoA11yViolations, loginAs, resetServer } from './helpers';

// Issue 60, point 3 (ui.md, "data index"): `/data`, the header's `Data` link, lists every
// workspace whose files the user may list (a `"*"` role included), its name linking to its Data
// page, each store with its status in words as the workspace's stores answer it, whether the
// user may upload, and `Search workspaces`; no file counts. Both flavors (CHORUS's stores differ).

test.beforeEach(async ({ request }) => {
  await resetServer(request);
});

function index(page: Page): Locator {
  return page.getByTestId('data-index');
}

function row(page: Page, id: string): Locator {
  return index(page).locator(`tbody tr[data-workspace-id="${id}"]`);
}

const WORDS: Record<string, string> = { ready: 'ready', disabled: 'turned off', disconnected: 'not reachable' };

type Stores = { result: { stores: { name: string; status: string }[] } };

/** The stores of workspace `id` as the API answers the signed-in page, each `name (status)`. */
async function storesOf(page: Page, id: string): Promise<string[]> {
  const r = await page.request.get(`/api/rest/v1/workspaces/${id}/stores`);
  expect(r.status(), await r.text()).toBe(200);
  return ((await r.json()) as Stores).result.stores.map((s) => `${s.name} (${WORDS[s.status.toLowerCase()] ?? s.status})`);
}

/** Whether workspace `id`'s Data page offers `Upload files` to the signed-in user. */
async function mayUpload(page: Page, id: string): Promise<boolean> {
  await page.goto(`/workspaces/${id}/data`);
  await expect(page.getByTestId('files-table')).toBeVisible();
  return (await page.getByRole('button', { name: 'Upload files', exact: true }).count()) > 0;
}

test("a researcher's data index: their workspaces, each store's status, upload, search", async ({ page }) => {
  await loginAs(page, 'alice');
  await appHeader(page).getByRole('link', { name: 'Data', exact: true }).click();
  await expect(page).toHaveURL(/\/data$/);
  await expect(page.getByRole('heading', { level: 1, name: 'Data' })).toBeVisible();

  // Alice works in Demo and Genomics, not in Imaging Lab: as many rows as her workspaces list.
  await expect(index(page).locator('tbody tr')).toHaveCount(2);
  await expect(row(page, WORKSPACES.imaging.id)).toHaveCount(0);
  await expect(page.getByTestId('data-index-count')).toHaveText('2 workspaces');
  for (const w of [WORKSPACES.demo, WORKSPACES.genomics]) {
    await expect(row(page, w.id).getByRole('link', { name: w.name, exact: true })).toHaveAttribute('href', `/workspaces/${w.id}/data`);
    for (const s of await storesOf(page, w.id)) await expect(row(page, w.id)).toContainText(s);
    await expect(row(page, w.id)).not.toContainText(/\d+ files?\b/);
  }
  // Upload as each workspace's Data page offers it (CHORUS's WorkspaceMember may not upload).
  for (const w of [WORKSPACES.demo, WORKSPACES.genomics]) {
    const may = await mayUpload(page, w.id);
    await page.goto('/data');
    await expect(row(page, w.id)).toContainText(may ? 'You may upload' : 'Read only');
  }

  // A store turned off is said so.
  await page.request.put('/api/dev/stores', { data: { disabled: ['disk'] } });
  await page.reload();
  await expect(row(page, WORKSPACES.demo.id)).toContainText('disk (turned off)');

  // Search: by name, whatever the case; the count says how many of how many.
  await page.getByLabel('Search workspaces', { exact: true }).fill('GEN');
  await expect(index(page).locator('tbody tr')).toHaveCount(1);
  await expect(row(page, WORKSPACES.genomics.id)).toBeVisible();
  await expect(page.getByTestId('data-index-count')).toHaveText('1 of 2 shown');
  await page.getByLabel('Search workspaces', { exact: true }).fill('nothing like it');
  await expect(page.getByText('No workspace matches your search.')).toBeVisible();
  await page.getByLabel('Search workspaces', { exact: true }).fill('');

  // The name leads to the workspace's Data page.
  await row(page, WORKSPACES.genomics.id).getByRole('link', { name: WORKSPACES.genomics.name, exact: true }).click();
  await expect(page).toHaveURL(new RegExp(`/workspaces/${WORKSPACES.genomics.id}/data`));
  await page.goBack();
  await expect(index(page)).toBeVisible();
  await expectNoA11yViolations(page);
});

test('a platform role reaches every workspace; a reader may not upload; a user in no workspace is told so', async ({ page, browser }) => {
  // The admin's role is bound to every workspace (`"*"`): each one is a row, as many as the
  // admin's list of all workspaces counts.
  await loginAs(page, 'admin');
  await page.goto('/admin/workspaces');
  const all = (await page.getByTestId('admin-count').innerText()).trim();
  await page.goto('/data');
  await expect(page.getByTestId('data-index-count')).toHaveText(all);
  for (const w of Object.values(WORKSPACES)) await expect(row(page, w.id)).toContainText('You may upload');

  // Bob looks at Demo: a row where his role lets him list the files, with upload as the Data
  // page has it.
  const bobs = await browser.newContext();
  const bob = await bobs.newPage();
  await loginAs(bob, 'bob');
  await bob.goto(`/workspaces/${WORKSPACES.demo.id}/data`);
  const heading = bob.getByRole('heading', { level: 1 });
  await expect(heading).toHaveText(/^(Data|No access)$/);
  const mayList = (await heading.innerText()) === 'Data';
  const bobUploads = mayList && (await mayUpload(bob, WORKSPACES.demo.id));
  await bob.goto('/data');
  await expect(bob.getByRole('heading', { level: 1, name: 'Data' })).toBeVisible();
  if (mayList) {
    await expect(row(bob, WORKSPACES.demo.id)).toContainText(bobUploads ? 'You may upload' : 'Read only');
  } else {
    await expect(bob.getByText('There is no workspace whose files you may list.', { exact: false })).toBeVisible();
  }
  await expect(row(bob, WORKSPACES.genomics.id)).toHaveCount(0);
  await bobs.close();

  const noras = await browser.newContext();
  const nora = await noras.newPage();
  await loginAs(nora, 'nora');
  await nora.goto('/data');
  await expect(nora.getByText('There is no workspace whose files you may list.', { exact: false })).toBeVisible();
  await expect(nora.getByTestId('data-index')).toHaveCount(0);
  await noras.close();
});
