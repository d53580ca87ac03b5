import { expect, test } from './fixtures';
import { USERS, WORKSPACES, apiLogin, login, loginAs, resetServer } from './helpers';

// Issue 49, point 6 (ui.md, "delete a user"; api.md §5): an admin deletes a user on
// `/admin/users` after a confirmation that says what stays; the row goes, the user cannot sign
// in, and their session is still there (CHORUS's delete is soft). Both flavors.

test.beforeEach(async ({ request }) => {
  await resetServer(request);
});

test('an admin deletes a user: what stays is said, the row goes, the session stays, no sign-in', async ({
  page,
  playwright,
  baseURL,
  browser,
}) => {
  // Alice has a session in Genomics.
  const alice = await playwright.request.newContext({ baseURL });
  await apiLogin(alice, 'alice');
  const made = await alice.post('/api/rest/v1/workbenches', {
    data: { tenantId: '1', userId: USERS.alice.id, workspaceId: WORKSPACES.genomics.id, name: 'alice-keeps', status: 'active' },
  });
  expect(made.status(), await made.text()).toBe(200);
  const sessionId = ((await made.json()) as { result: { workbench: { id: string } } }).result.workbench.id;
  await alice.dispose();

  await loginAs(page, 'admin');
  await page.goto('/admin/users');
  const table = page.getByTestId('users-table');
  const row = table.locator(`tr[data-user-id="${USERS.alice.id}"]`);
  await expect(row).toBeVisible();
  // Never oneself.
  await expect(page.getByRole('button', { name: 'Delete admin', exact: true })).toHaveCount(0);
  await page.getByRole('button', { name: 'Delete alice', exact: true }).click();
  const ask = page.getByRole('alertdialog', { name: 'Delete user alice?' });
  await expect(ask).toContainText('keep running');
  await expect(ask).toContainText('their workspaces and roles stay');
  await expect(ask).toContainText('can be used again');
  await ask.getByRole('button', { name: 'Cancel', exact: true }).click();
  await expect(ask).toHaveCount(0);
  await expect(row).toBeVisible();
  await page.getByRole('button', { name: 'Delete alice', exact: true }).click();
  await page.getByRole('alertdialog').getByRole('button', { name: 'Delete user', exact: true }).click();
  await expect(row).toHaveCount(0);
  await expect(page.getByRole('status').filter({ hasText: 'Deleted user alice.' })).toBeVisible();

  // She cannot sign in any more.
  const other = await browser.newPage({ baseURL });
  await login(other, 'alice', USERS.alice.password, { expectSuccess: false });
  await expect(other.getByRole('alert')).toBeVisible();
  await expect(other).toHaveURL(/\/login/);
  await other.close();

  // Her session is still there, and her user reads as deleted.
  const admin = await playwright.request.newContext({ baseURL });
  await apiLogin(admin, 'admin');
  const wb = await admin.get(`/api/rest/v1/workbenches/${sessionId}`);
  expect(wb.status(), await wb.text()).toBe(200);
  await expect(async () => {
    const u = await admin.get(`/api/rest/v1/users/${USERS.alice.id}`);
    const user = ((await u.json()) as { result: { user: { status: string; username: string } } }).result.user;
    expect(user.status).toBe('deleted');
    expect(user.username.startsWith('alice-')).toBe(true);
  }).toPass();
  await admin.dispose();
});

test('a plain user gets No access on the users page', async ({ page }) => {
  await loginAs(page, 'bob');
  await page.goto('/admin/users');
  await expect(page.getByRole('heading', { name: 'No access', exact: true })).toBeVisible();
  await expect(page.getByRole('button', { name: /^Delete / })).toHaveCount(0);
});
