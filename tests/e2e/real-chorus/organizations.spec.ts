import { expect, test } from '@playwright/test';
import { NOT_READY, READY, USER, PASSWORD, CHORUS, call, result, signIn, tokenOf, type Json } from './chorus-api';

// Issue 49, points 5, 6 and 8: organizations and deleting a user on a running CHORUS
// (real-chorus.config.ts; skipped without CHORUS_URL and the steward's login). The steward adds an
// organization with a logo (read back through its own route), edits it (CHORUS answers Get and
// List from a 5-second cache: the page shows the reply's row), switches the public page on, and a
// plain user sees it there and gets No access on the admin page; then the steward deletes the
// organization, and deletes a user who had signed in: the row goes, the user cannot sign in, the
// login they had still works (CHORUS keeps issued tokens). The switch is put back as it was.
// Leaves users `walk-del-<time>` (deleted) and `walk-plain-<time>` behind.

test.skip(!READY, NOT_READY);

const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR4nGNgAAAAAgABVKJPXQAAAABJRU5ErkJggg==',
  'base64',
);
const KEY = 'instance.displayOrganizations';

test('organizations and deleting a user on a running CHORUS', async ({ browser, request }) => {
  test.setTimeout(180_000);
  const stamp = Date.now().toString(36);
  const steward = await tokenOf(request, USER, PASSWORD);
  const password = `Walk-org-${stamp}-Pw!x`;
  const newUser = async (username: string): Promise<string> => {
    const u = (await result(request, steward, 'POST', '/users', {
      username,
      firstName: 'Walk',
      lastName: username,
      email: `${username}@example.org`,
      password,
      status: 'active',
      source: 'internal',
    })).user as Json;
    return String(u.id);
  };
  const plain = `walk-plain-${stamp}`;
  const doomed = `walk-del-${stamp}`;
  await newUser(plain);
  const doomedId = await newUser(doomed);
  const doomedToken = await tokenOf(request, doomed, password);
  // The switch as it was, to put it back.
  const before = await request.get(`${CHORUS}/api/rest/v1/devstore/global/${KEY}`);
  const was = before.ok() ? String(((await before.json()) as { result: { value?: string } }).result.value ?? '') : null;

  const context = await browser.newContext();
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('console', (m) => {
    if (/panicked/.test(m.text())) errors.push(m.text());
  });
  await signIn(page, USER, PASSWORD);
  const name = `walk-org-${stamp}`;
  const table = page.getByTestId('organizations-table');
  const row = table.locator('tr', { hasText: name });

  try {
    await test.step('the steward adds an organization with a logo; a bad country from the backend is said', async () => {
      await page.goto('/admin/organizations');
      await expect(page.getByRole('heading', { name: 'Organizations', level: 1 })).toBeVisible();
      await page.getByRole('button', { name: 'New organization', exact: true }).click();
      await page.getByLabel('Name', { exact: true }).fill(name);
      await page.getByLabel('Country', { exact: true }).selectOption({ label: 'Switzerland' });
      await page.getByLabel('City', { exact: true }).fill('Geneva');
      await page.getByLabel('Website', { exact: true }).fill('https://example.org');
      await page.getByLabel('Logo', { exact: true }).setInputFiles({ name: 'logo.gif', mimeType: 'image/gif', buffer: Buffer.from('GIF89a') });
      await expect(page.locator('#org-logo-error')).toContainText('image/gif');
      await page.getByLabel('Logo', { exact: true }).setInputFiles({ name: 'logo.png', mimeType: 'image/png', buffer: PNG });
      await page.route('**/api/rest/v1/organizations', async (route) => {
        const req = route.request();
        if (req.method() !== 'POST') return route.continue();
        const body = JSON.parse(req.postData() ?? '{}') as Json;
        await route.continue({ postData: JSON.stringify({ ...body, country: 'Switzerland' }) });
      });
      await page.getByRole('button', { name: 'Save', exact: true }).click();
      await expect(page.locator('#org-country-error')).toContainText('does not know this country');
      await page.unroute('**/api/rest/v1/organizations');
      await page.getByRole('button', { name: 'Save', exact: true }).click();
      await expect(row).toContainText('Geneva, Switzerland');
      await expect
        .poll(() => row.locator('img').evaluate((img) => (img as HTMLImageElement).naturalWidth))
        .toBeGreaterThan(0);
    });

    await test.step('edit: the saved row shows at once, the logo stays', async () => {
      await page.getByRole('button', { name: `Edit ${name}`, exact: true }).click();
      await page.getByLabel('City', { exact: true }).fill('Lausanne');
      await page.getByRole('button', { name: 'Save', exact: true }).click();
      await expect(row).toContainText('Lausanne, Switzerland');
      const list = (await result(request, steward, 'GET', '/organizations?pagination.limit=100')).organizations as Json[];
      const id = String(list.find((o) => o.name === name)?.id ?? '');
      const logo = await request.get(`${CHORUS}/api/rest/v1/organizations/${id}/logo`, {
        headers: { Authorization: `Bearer ${steward}` },
      });
      expect(logo.status()).toBe(200);
      expect(logo.headers()['content-type']).toBe('image/png');
    });

    await test.step('the switch on: a plain user sees it on /organizations, No access on the admin page', async () => {
      const box = page.getByRole('checkbox', { name: 'Show participating organizations' });
      await expect(box).toBeEnabled();
      if (!(await box.isChecked())) await box.check();
      await expect(box).toBeChecked();
      await expect(page.getByText('Every signed-in user now sees the participating organizations.')).toBeVisible();
      await expect
        .poll(async () => {
          const r = await request.get(`${CHORUS}/api/rest/v1/devstore/global/${KEY}`);
          return r.ok() ? ((await r.json()) as { result: { value?: string } }).result.value : null;
        })
        .toBe('true');
      const other = await browser.newContext();
      const theirs = await other.newPage();
      theirs.on('pageerror', (e) => errors.push(String(e)));
      await signIn(theirs, plain, password);
      await theirs.goto('/organizations');
      const card = theirs.locator('[data-organization-id]', { hasText: name });
      await expect(async () => {
        await theirs.reload();
        await expect(card).toContainText('Switzerland', { timeout: 2_000 });
      }).toPass({ timeout: 20_000 });
      await expect(card.getByRole('link', { name: 'https://example.org' })).toBeVisible();
      await theirs.goto('/admin/organizations');
      await expect(theirs.getByRole('heading', { name: 'No access', exact: true })).toBeVisible();
      await other.close();
    });

    await test.step('delete the organization after a confirmation', async () => {
      await page.getByRole('button', { name: `Delete ${name}`, exact: true }).click();
      await row.getByRole('button', { name: 'Delete', exact: true }).click();
      await expect(row).toHaveCount(0);
    });

    await test.step('delete a user: what stays is said, the row goes, no sign-in, the old login still works', async () => {
      await page.goto('/admin/users');
      await page.getByLabel('Search users', { exact: true }).fill(doomed);
      const urow = page.getByTestId('users-table').locator(`tr[data-user-id="${doomedId}"]`);
      await expect(urow).toBeVisible();
      await expect(page.getByRole('button', { name: `Delete ${USER}`, exact: true })).toHaveCount(0);
      await page.getByRole('button', { name: `Delete ${doomed}`, exact: true }).click();
      const ask = page.getByRole('alertdialog', { name: `Delete user ${doomed}?` });
      await expect(ask).toContainText('keep running');
      await ask.getByRole('button', { name: 'Delete user', exact: true }).click();
      await expect(urow).toHaveCount(0);
      const r = await request.post(`${CHORUS}/api/rest/v1/authentication/login`, { data: { username: doomed, password } });
      expect(r.status()).toBe(401);
      const me = (await result(request, doomedToken, 'GET', '/users/me')).me as Json;
      expect(me.status).toBe('deleted');
      expect(String(me.username).startsWith(`${doomed}-`)).toBe(true);
    });
  } finally {
    if (was === null) {
      await request.delete(`${CHORUS}/api/rest/v1/devstore/global/${KEY}`, { headers: { Authorization: `Bearer ${steward}` } });
    } else {
      await call(request, steward, 'POST', '/devstore/global', { key: KEY, value: was });
    }
  }
  expect(errors).toEqual([]);
  await context.close();
});
