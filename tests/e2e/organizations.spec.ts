import type { APIRequestContext, Page } from '@playwright/test';

import { expect, test } from './fixtures';
import { apiLogin, expectNoA11yViolations, loginAs, resetServer } from './helpers';

// Issue 49, point 5 (ui.md, "organizations"; api.md §6): `/admin/organizations` creates, edits
// and deletes participating organizations (logo checked before sending and read through its own
// route, countries by name, the backend's refusals next to their fields, nothing typed lost),
// and its switch decides whether `/organizations` lists them for everyone. Both flavors.

/** A 1×1 PNG. */
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR4nGNgAAAAAgABVKJPXQAAAABJRU5ErkJggg==',
  'base64',
);

test.beforeEach(async ({ request }) => {
  await resetServer(request);
});

async function setDisplay(request: APIRequestContext, value: string): Promise<void> {
  const r = await request.post('/api/rest/v1/devstore/global', { data: { key: 'instance.displayOrganizations', value } });
  expect(r.ok(), await r.text()).toBeTruthy();
}

/** Whether the image shown has been drawn (a logo that loaded). */
async function drawn(page: Page, selector: string): Promise<boolean> {
  return page.locator(selector).first().evaluate((img) => (img as HTMLImageElement).complete && (img as HTMLImageElement).naturalWidth > 0);
}

test('the admin adds an organization with a logo, edits it and deletes it; bad input is said in words', async ({ page }) => {
  await loginAs(page, 'admin');
  await page.goto('/admin/organizations');
  await expect(page.getByRole('heading', { name: 'Organizations', level: 1 })).toBeVisible();
  await page.getByRole('button', { name: 'New organization', exact: true }).click();
  const name = page.getByLabel('Name', { exact: true });
  await name.fill('<b>Centre</b>');
  await page.getByLabel('Description', { exact: true }).fill('Hospital research centre');
  await page.getByLabel('Country', { exact: true }).selectOption({ label: 'Switzerland' });
  await page.getByLabel('City', { exact: true }).fill('Geneva');
  await page.getByLabel('Website', { exact: true }).fill('example.org');
  // A logo of the wrong type, then a "PNG" that is not one: said, nothing read or sent.
  const logo = page.getByLabel('Logo', { exact: true });
  await logo.setInputFiles({ name: 'logo.gif', mimeType: 'image/gif', buffer: Buffer.from('GIF89a') });
  await expect(page.locator('#org-logo-error')).toContainText('This file is of type image/gif');
  await logo.setInputFiles({ name: 'logo.png', mimeType: 'image/png', buffer: Buffer.from('not an image at all') });
  await expect(page.locator('#org-logo-error')).toContainText('not a PNG, JPEG or WebP image');
  await logo.setInputFiles({ name: 'big.png', mimeType: 'image/png', buffer: Buffer.alloc(600 * 1024, 1) });
  await expect(page.locator('#org-logo-error')).toContainText('512 KB');
  await logo.setInputFiles({ name: 'logo.png', mimeType: 'image/png', buffer: PNG });
  await expect(page.locator('#org-logo-error')).toHaveCount(0);
  await expect(page.getByAltText('The new logo')).toBeVisible();
  // Markup in the name and a bare host name: refused before sending, next to their fields.
  let posts = 0;
  page.on('request', (r) => {
    if (r.method() === 'POST' && r.url().endsWith('/api/rest/v1/organizations')) posts += 1;
  });
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(page.locator('#org-name-error')).toContainText('may not contain < >');
  await expect(page.locator('#org-website-error')).toContainText('starting with https://');
  await expect(name).toHaveAttribute('aria-invalid', 'true');
  expect(posts).toBe(0);
  await name.fill('Geneva Centre');
  await page.getByLabel('Website', { exact: true }).fill('https://example.org');
  // The backend's own refusal (a country it does not know, sent around the select) is said next
  // to the country, and nothing typed is lost.
  await page.route('**/api/rest/v1/organizations', async (route) => {
    const req = route.request();
    if (req.method() !== 'POST') return route.continue();
    const body = JSON.parse(req.postData() ?? '{}') as Record<string, unknown>;
    await route.continue({ postData: JSON.stringify({ ...body, country: 'Switzerland' }) });
  });
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(page.locator('#org-country-error')).toContainText('does not know this country');
  await expect(name).toHaveValue('Geneva Centre');
  await expect(page.getByLabel('City', { exact: true })).toHaveValue('Geneva');
  await page.unroute('**/api/rest/v1/organizations');
  await page.getByRole('button', { name: 'Save', exact: true }).click();

  const table = page.getByTestId('organizations-table');
  const row = table.locator('tr', { hasText: 'Geneva Centre' });
  await expect(row).toContainText('Geneva, Switzerland');
  await expect(row.getByRole('link', { name: 'https://example.org' })).toHaveAttribute('href', 'https://example.org');
  await expect(page.getByRole('status').filter({ hasText: 'Saved organization Geneva Centre.' })).toBeVisible();
  // The logo, read through its own route with the login.
  await expect.poll(() => drawn(page, 'img[alt="Logo of Geneva Centre"]')).toBe(true);
  await expectNoA11yViolations(page);

  // Edit: the whole row is sent; without a new logo the stored one stays.
  await page.getByRole('button', { name: 'Edit Geneva Centre', exact: true }).click();
  await expect(page.getByLabel('Country', { exact: true })).toHaveValue('CH');
  await page.getByLabel('City', { exact: true }).fill('Lausanne');
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(row).toContainText('Lausanne, Switzerland');
  await expect(row).toContainText('https://example.org');
  await expect.poll(() => drawn(page, 'tr img[alt="Logo of Geneva Centre"]')).toBe(true);

  // Delete, after a confirmation.
  await page.getByRole('button', { name: 'Delete Geneva Centre', exact: true }).click();
  await expect(row.getByText('Delete Geneva Centre?')).toBeVisible();
  await row.getByRole('button', { name: 'Delete', exact: true }).click();
  await expect(table.locator('tr', { hasText: 'Geneva Centre' })).toHaveCount(0);
});

test('the organizations page follows the switch; a plain user gets No access on the admin page', async ({
  page,
  playwright,
  baseURL,
}) => {
  const admin = await playwright.request.newContext({ baseURL });
  await apiLogin(admin, 'admin');
  for (const body of [
    { name: 'Geneva Centre', country: 'CH', city: 'Geneva', websiteUrl: 'https://example.org', description: 'Research hospital' },
    { name: 'Odd Site', country: 'FR', city: '', websiteUrl: 'javascript:alert(1)', description: '' },
  ]) {
    const r = await admin.post('/api/rest/v1/organizations', { data: { ...body, contactUserId: '0' } });
    expect(r.ok(), await r.text()).toBeTruthy();
  }
  await setDisplay(admin, 'false');

  await loginAs(page, 'nora');
  await page.goto('/organizations');
  await expect(page.getByRole('heading', { name: 'Participating organizations', level: 1 })).toBeVisible();
  await expect(page.getByText('This platform does not show its participating organizations.')).toBeVisible();
  await page.goto('/admin/organizations');
  await expect(page.getByRole('heading', { name: 'No access', exact: true })).toBeVisible();

  // The admin switches them on, on the admin page.
  const adminPage = await page.context().browser()!.newPage({ baseURL });
  await loginAs(adminPage, 'admin');
  await adminPage.goto('/admin/organizations');
  const box = adminPage.getByRole('checkbox', { name: 'Show participating organizations' });
  await expect(box).not.toBeChecked();
  await expect(box).toBeEnabled();
  await box.check();
  await expect(adminPage.getByText('Every signed-in user now sees the participating organizations.')).toBeVisible();
  await adminPage.close();

  await page.goto('/organizations');
  const geneva = page.locator('[data-organization-id]', { hasText: 'Geneva Centre' });
  await expect(geneva).toContainText('Geneva, Switzerland');
  await expect(geneva.getByRole('link', { name: 'https://example.org' })).toHaveAttribute('href', 'https://example.org');
  const odd = page.locator('[data-organization-id]', { hasText: 'Odd Site' });
  await expect(odd).toContainText('France');
  await expect(odd.getByRole('link')).toHaveCount(0);
  await expectNoA11yViolations(page);

  // A stored value that is not JSON true/false shows nothing, and says why.
  await setDisplay(admin, 'yes please');
  await page.reload();
  await expect(page.getByText('This platform does not show its participating organizations.')).toBeVisible();
  await expect(page.getByText('which is not true or false')).toBeVisible();
  await setDisplay(admin, 'false');
  await admin.dispose();
});
