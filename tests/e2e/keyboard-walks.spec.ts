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

// Found by this walk and not yet mended: after a workspace is chosen in `New role` by arrow keys,
// a Tab further lets focus fall on <body> (the form redraws the field that had it). Issue 57.
test.fixme('a role is changed in the permission matrix by keyboard', async ({ page }) => {
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
  const box = matrix.locator('input[type="checkbox"][aria-label^="Walkers: "]:not([disabled])').first();
  await expect(box).toBeVisible();
  const wasChecked = await box.isChecked();
  await tabTo(page, box, 400);
  await page.keyboard.press('Space');
  await expect(box).toBeChecked({ checked: !wasChecked });
  const save = page.getByRole('button', { name: 'Save', exact: true });
  await tabTo(page, save, 400, 'Shift+Tab');
  await page.keyboard.press('Enter');
  await expect(save).toBeDisabled();
  await expect
    .poll(() => page.evaluate(() => document.activeElement === document.body), {
      message: 'focus was lost after Save',
    })
    .toBe(false);
});
