import type { APIRequestContext } from '@playwright/test';

import { expect, test } from './fixtures';
import { USERS, WORKSPACES, apiLogin, expectNoA11yViolations, loginAs, pathIs, resetServer } from './helpers';

// Issue 48 (ui.md, "public workspaces"): `/public-workspaces` lists the platform's public
// workspaces, a card each with name, description and the contact's name and e-mail as a
// `mailto:` link, and `Open` for the user's own. Both flavors.

const DEMO = WORKSPACES.demo.id;
const GENOMICS = WORKSPACES.genomics.id;

test.beforeEach(async ({ request }) => {
  await resetServer(request);
});

/** Makes workspace `id` public with `contact` (a user id, `"0"`: none), every other field as read. */
async function makePublic(request: APIRequestContext, id: string, contact: string, description?: string): Promise<void> {
  const got = await request.get(`/api/rest/v1/workspaces/${id}`);
  expect(got.ok(), await got.text()).toBeTruthy();
  const ws = ((await got.json()) as { result: { workspace: Record<string, unknown> } }).result.workspace;
  const body: Record<string, unknown> = { ...ws, visibility: 'WORKSPACE_VISIBILITY_PUBLIC', contactUserId: contact };
  if (description !== undefined) body.description = description;
  const r = await request.put('/api/rest/v1/workspaces', { data: body });
  expect(r.ok(), await r.text()).toBeTruthy();
}

test('another researcher finds a public workspace and mails its contact; a member opens it', async ({
  page,
  playwright,
  baseURL,
  browser,
}) => {
  const admin = await playwright.request.newContext({ baseURL });
  await apiLogin(admin, 'admin');
  const listed = await admin.get('/api/rest/v1/workspaces/public');
  expect(listed.ok(), await listed.text()).toBeTruthy();
  const already = ((await listed.json()) as { result: { publicWorkspaces?: unknown[] } }).result.publicWorkspaces ?? [];
  await loginAs(page, 'nora');
  await page.goto('/public-workspaces');
  await expect(page.getByRole('heading', { name: 'Public workspaces', level: 1 })).toBeVisible();
  if (already.length === 0) {
    // Nothing public yet (the chorus flavor's seed): said in words.
    await expect(page.getByText('No workspace is public yet.', { exact: false })).toBeVisible();
  } else {
    await expect(page.locator('[data-workspace-id]')).toHaveCount(already.length);
  }

  await makePublic(admin, DEMO, USERS.wendy.id);
  // A description that is markup is shown as text; no contact named.
  await makePublic(admin, GENOMICS, '0', '<img src=x onerror=alert(1)> sequencing');
  await admin.dispose();

  // nora, in no workspace, finds it from her home page.
  await page.goto('/');
  await page.getByRole('link', { name: 'Public workspaces', exact: true }).click();
  await expect(page).toHaveURL(pathIs('/public-workspaces'));
  const demo = page.locator(`[data-workspace-id="${DEMO}"]`);
  // CHORUS (and the chorus flavor) serve the list from a one-second cache: read again until the
  // change shows.
  await expect(async () => {
    await page.reload();
    await expect(page.locator(`[data-workspace-id="${GENOMICS}"]`)).toContainText('sequencing', { timeout: 1_000 });
  }).toPass();
  await expect(demo.getByRole('heading', { name: WORKSPACES.demo.name })).toBeVisible();
  const mail = demo.getByRole('link', { name: 'wendy@example.org' });
  await expect(mail).toHaveAttribute('href', 'mailto:wendy@example.org');
  await expect(demo.getByRole('link', { name: 'Open', exact: true })).toHaveCount(0);
  const genomics = page.locator(`[data-workspace-id="${GENOMICS}"]`);
  await expect(genomics).toContainText('<img src=x onerror=alert(1)> sequencing');
  await expect(genomics).toContainText('No contact named.');
  await expect(page.locator('img[src="x"]')).toHaveCount(0);
  // The search keeps the cards that match.
  await page.getByLabel('Search public workspaces', { exact: true }).fill('sequencing');
  await expect(genomics).toBeVisible();
  await expect(demo).toHaveCount(0);
  await page.getByLabel('Search public workspaces', { exact: true }).fill('');
  await expectNoA11yViolations(page);

  // bob, a member of Demo, opens it from there.
  const context = await browser.newContext({ baseURL });
  const bob = await context.newPage();
  await loginAs(bob, 'bob');
  await bob.goto('/public-workspaces');
  const card = bob.locator(`[data-workspace-id="${DEMO}"]`);
  await card.getByRole('link', { name: 'Open', exact: true }).click();
  await expect(bob).toHaveURL(pathIs(`/workspaces/${DEMO}`));
  await context.close();
});
