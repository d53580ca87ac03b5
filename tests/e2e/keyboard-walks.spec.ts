import type { Locator, Page } from '@playwright/test';
import { test, expect } from './fixtures';
import { apiLogin, DORA_TOTP, resetServer, USERS, WORKSPACES } from './helpers';

// Issue 57, point 8: the main flows with the keyboard alone (`page.keyboard`, never a click),
// asserting where focus is after each step. `goto` stands for typing an address; the file
// picker is the system's own dialog (its files are given to it).

test.beforeEach(async ({ request }) => {
  await resetServer(request);
});

/** Presses Tab until `target` has focus (at most `max` times); focus is never left on body. */
async function tabTo(page: Page, target: Locator, max = 40, key = 'Tab'): Promise<void> {
  for (let i = 0; i < max; i++) {
    if (await target.evaluate((el) => el === document.activeElement).catch(() => false)) return;
    await page.keyboard.press(key);
    const onBody = await page.evaluate(() => document.activeElement === document.body);
    expect(onBody, `focus fell on <body> after ${i + 1} × ${key}`).toBe(false);
  }
  await expect(target).toBeFocused();
}

test('sign in with a one-time code, open a workspace, upload a file, ask for an extraction', async ({ page }) => {
  test.setTimeout(120_000);
  await page.goto('/login');
  await expect(page.getByLabel('Username', { exact: true })).toBeVisible();
  await page.keyboard.press('Tab');
  await expect(page.getByRole('link', { name: 'Skip to content' })).toBeFocused();
  await tabTo(page, page.getByLabel('Username', { exact: true }));
  await page.keyboard.type(USERS.dora.username);
  await page.keyboard.press('Tab');
  await expect(page.getByLabel('Password', { exact: true })).toBeFocused();
  await page.keyboard.type(USERS.dora.password);
  await page.keyboard.press('Enter');
  // The second factor: its field takes focus.
  await expect(page.getByLabel('One-time code', { exact: true })).toBeFocused();
  await page.keyboard.type(DORA_TOTP);
  await page.keyboard.press('Enter');
  await expect(page).not.toHaveURL(/\/login/);
  // The new page's heading has focus.
  await expect(page.locator('main h1')).toBeFocused();

  // Open Demo.
  await tabTo(page, page.locator('main').getByRole('link', { name: WORKSPACES.demo.name, exact: true }).first());
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(new RegExp(`/workspaces/${WORKSPACES.demo.id}$`));
  await expect(page.locator('main h1')).toBeFocused();
  await expect(page).toHaveTitle(/^Demo · /);

  // Its data.
  await tabTo(page, page.locator('main').getByRole('link', { name: 'Data', exact: true }));
  await page.keyboard.press('Enter');
  await expect(page.locator('main h1')).toBeFocused();
  await expect(page).toHaveTitle(/^Data · Demo · /);

  // Upload a file through the compliance dialog.
  const upload = page.getByRole('button', { name: 'Upload files', exact: true });
  await tabTo(page, upload);
  const chooser = page.waitForEvent('filechooser');
  await page.keyboard.press('Enter');
  await (await chooser).setFiles({ name: 'walk.txt', mimeType: 'text/plain', buffer: Buffer.from('walked') });
  const dialog = page.getByRole('dialog', { name: 'Before you upload' });
  const boxes = dialog.getByRole('checkbox');
  await expect(boxes.first()).toBeFocused();
  const n = await boxes.count();
  for (let i = 0; i < n; i++) {
    await expect(boxes.nth(i)).toBeFocused();
    await page.keyboard.press('Space');
    await expect(boxes.nth(i)).toBeChecked();
    await page.keyboard.press('Tab');
  }
  await expect(dialog.getByRole('button', { name: 'Upload', exact: true })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(dialog).toHaveCount(0);
  await expect(upload).toBeFocused();
  await expect(page.getByTestId('transfers-said')).toContainText('Finished: walk.txt');
  await expect(page.locator('[data-testid="files-table"] tr[data-path$="walk.txt"]')).toBeVisible();

  // Ask for an extraction of it.
  const select = page.getByRole('checkbox', { name: 'Select walk.txt', exact: true });
  await tabTo(page, select, 60);
  await page.keyboard.press('Space');
  await expect(select).toBeChecked();
  const ask = page.getByRole('button', { name: 'Request extraction', exact: true });
  await tabTo(page, ask, 60);
  await page.keyboard.press('Enter');
  await expect(page.getByLabel('Title', { exact: true })).toBeFocused();
  await page.keyboard.type('Walked results');
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/\/requests\/[^/?#]+$/);
  await expect(page.locator('main h1')).toBeFocused();
  await expect(page.locator('main h1')).toHaveText('Walked results');
});

test('an approver reviews a request by keyboard', async ({ page }) => {
  await apiLogin(page.request, 'wendy');
  await page.goto('/requests');
  await expect(page.locator('main h1')).toBeVisible();
  const review = page.getByRole('tab', { name: /^To review/ });
  await tabTo(page, page.getByRole('tab', { name: 'Mine' }));
  await page.keyboard.press('ArrowRight');
  await expect(review).toBeFocused();
  await expect(review).toHaveAttribute('aria-selected', 'true');
  const link = page.getByTestId('requests-table').locator('tr[data-request-id="1"]').getByRole('link').first();
  await tabTo(page, link);
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/\/requests\/1$/);
  await expect(page.locator('main h1')).toBeFocused();
  await tabTo(page, page.getByLabel('Comment', { exact: true }));
  await page.keyboard.type('Fine by me');
  await tabTo(page, page.getByRole('button', { name: 'Approve', exact: true }));
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('request-status')).toHaveText('Approved');
  // The button went with the decision: focus is put back on the page, never left on <body>.
  await expect
    .poll(() => page.evaluate(() => document.activeElement === document.body), {
      message: 'focus was lost after the decision',
    })
    .toBe(false);
});

// (A Tab walk of the grid once ran off the page's end onto <body>: the grid is one tab stop, and
// its cells are reached by the arrow keys, as a screen reader's user expects of a grid.)
test('a role is changed in the permission matrix by keyboard', async ({ page }) => {
  await apiLogin(page.request, 'admin');
  await page.goto('/admin/roles');
  const matrix = page.getByTestId('permission-matrix');
  await expect(matrix).toBeVisible();
  // A dynamic role to change.
  const newRole = page.getByRole('button', { name: 'New role', exact: true });
  await expect(newRole).toBeEnabled();
  await tabTo(page, newRole);
  await page.keyboard.press('Enter');
  await expect(page.getByLabel('Name', { exact: true })).toBeFocused();
  await page.keyboard.type('Walkers');
  // A workspace role: its workspace and the role it copies, chosen by arrow keys.
  const workspace = page.getByLabel('Workspace', { exact: true });
  await tabTo(page, workspace);
  await page.keyboard.press('ArrowDown');
  await expect(workspace).not.toHaveValue('');
  const copy = page.getByLabel('Copy permissions from', { exact: true });
  await tabTo(page, copy);
  for (const _ of [1, 2, 3]) await page.keyboard.press('ArrowDown');
  await expect(copy).not.toHaveValue('');
  await tabTo(page, page.getByRole('button', { name: 'Create role', exact: true }));
  await page.keyboard.press('Enter');
  await expect(matrix.locator('input[type="checkbox"][aria-label^="Walkers: "]:not([disabled])').first()).toBeVisible();
  // The form went: focus is back on what opened it.
  await expect(newRole).toBeFocused();
  // The grid is one tab stop (roving tabindex): Tab reaches it, the arrow keys move inside it.
  await tabTo(page, matrix.locator('td.cell > input[tabindex="0"]'));
  const active = () => page.evaluate(() => document.activeElement?.getAttribute('aria-label') ?? '');
  let reached = (await active()).startsWith('Walkers: ');
  for (let row = 0; row < 40 && !reached; row++) {
    for (const key of ['ArrowRight', 'ArrowLeft']) {
      for (let i = 0; i < 40 && !reached; i++) {
        const before = await active();
        await page.keyboard.press(key);
        const now = await active();
        reached = now.startsWith('Walkers: ');
        if (now === before) break;
      }
    }
    if (!reached) await page.keyboard.press('ArrowDown');
  }
  expect(reached, "a Walkers cell reached by the arrow keys").toBe(true);
  const box = matrix.locator(`input[aria-label="${await active()}"]`);
  await expect(box).toBeFocused();
  const wasChecked = await box.isChecked();
  await page.keyboard.press('Space');
  await expect(box).toBeChecked({ checked: !wasChecked });
  const save = page.getByRole('button', { name: 'Save', exact: true });
  await tabTo(page, save, 400, 'Shift+Tab');
  await page.keyboard.press('Enter');
  await expect(save).toBeDisabled();
  // Focus waits on the status, which says what the save did, and stays there as the matrix is
  // drawn again with the saved roles (it once fell on <body> for good).
  await expect(page.locator('#matrix-status')).toContainText('No unsaved changes');
  await expect(page.locator('#matrix-status')).toBeFocused();
});

test('an app is created and deleted in /admin/apps by keyboard', async ({ page }) => {
  test.setTimeout(90_000);
  await apiLogin(page.request, 'admin');
  await page.goto('/admin/apps');
  await expect(page.getByTestId('apps-table').locator('tbody tr').first()).toBeVisible();
  const newApp = page.getByRole('button', { name: 'New app', exact: true });
  await tabTo(page, newApp);
  await page.keyboard.press('Enter');
  // The form's first field has focus.
  await expect(page.getByLabel('Name', { exact: true })).toBeFocused();
  await page.keyboard.type('Keyed');
  await tabTo(page, page.getByLabel('Image name', { exact: true }));
  await page.keyboard.type('walk/keyed');
  await page.keyboard.press('Tab');
  await expect(page.getByLabel('Image tag', { exact: true })).toBeFocused();
  await page.keyboard.type('1.0');
  await tabTo(page, page.getByRole('button', { name: 'Save', exact: true }), 60);
  await page.keyboard.press('Enter');
  await expect(page.getByRole('status').filter({ hasText: 'Keyed 1.0 was saved.' })).toBeVisible();
  // The form went: focus is back on what opened it.
  await expect(newApp).toBeFocused();

  // Its row's Delete, then the confirmation's, by keyboard.
  const del = page.getByRole('button', { name: 'Delete Keyed 1.0', exact: true });
  await tabTo(page, del, 200);
  await page.keyboard.press('Enter');
  const confirm = page.getByRole('group', { name: 'Confirm the deletion' });
  await tabTo(page, confirm.getByRole('button', { name: 'Delete', exact: true }), 10);
  await page.keyboard.press('Enter');
  await expect(page.getByRole('status').filter({ hasText: 'was deleted' })).toBeVisible();
  await expect(del).toHaveCount(0);
  // The row went with its buttons: focus lands on the page again (in the table, or its
  // heading), never on <body>.
  await expect
    .poll(() => page.evaluate(() => document.activeElement === document.body), {
      message: 'focus was lost after the row went',
    })
    .toBe(false);
  await expect
    .poll(() => page.evaluate(() => !!document.activeElement?.closest('main')), {
      message: 'focus is inside the page',
    })
    .toBe(true);
});

test('a session is started by keyboard and its desktop shows', async ({ page }) => {
  test.setTimeout(120_000);
  await apiLogin(page.request, 'alice');
  await page.goto(`/workspaces/${WORKSPACES.demo.id}`);
  await expect(page.locator('main h1')).toBeVisible();
  await tabTo(page, page.getByLabel('Session name', { exact: true }), 80);
  await page.keyboard.type('Keyed session');
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(new RegExp(`/workspaces/${WORKSPACES.demo.id}/sessions/\\d+$`));
  // The session's page: its heading has focus while the desktop starts.
  await expect(page.locator('main h1')).toBeFocused();
  await expect(page.getByTestId('session-iframe')).toBeVisible({ timeout: 60_000 });
  // The desktop came without taking focus away or dropping it.
  await expect
    .poll(() => page.evaluate(() => document.activeElement !== document.body && document.activeElement !== null), {
      message: 'focus was lost as the desktop came',
    })
    .toBe(true);
  // The bar's controls are reached by Tab from where focus is.
  await tabTo(page, page.getByRole('button', { name: 'Desktop settings', exact: true }), 40);
});
