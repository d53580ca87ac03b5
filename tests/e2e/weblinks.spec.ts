import type { APIRequestContext, Locator, Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { apiLogin, loginAs, resetServer } from './helpers';

// Issue 60, point 7 (ui.md, "web links"; api.md, "Web links"): the platform's links to web pages
// outside the console, chorus-web-ui's "external web apps" in the global dev store
// (`external_webapps`), which anyone may read and only `setPlatformSettings` may write, whole.
// On /apps a card per link opening in a new tab (never framed); on /admin/apps a tab `Web links`
// with its table and form (https only, the list's being public said); each save reads the list
// again, so another admin's change meanwhile is kept, and the same link changed meanwhile is said.
// Both flavors.

const KEY = 'external_webapps';

type Link = { id: string; name: string; url: string; description?: string; iconUrl?: string; openInNewTab?: boolean };

test.beforeEach(async ({ request }) => {
  await resetServer(request);
});

async function stored(request: APIRequestContext): Promise<string | null> {
  const r = await request.get(`/api/rest/v1/devstore/global/${KEY}`);
  if (r.status() === 404) return null;
  expect(r.status(), await r.text()).toBe(200);
  return ((await r.json()) as { result: { value: string } }).result.value;
}

async function links(request: APIRequestContext): Promise<Link[]> {
  return JSON.parse((await stored(request)) ?? '[]') as Link[];
}

/** Writes the list as another admin would (an admin's login in `request`). */
async function put(request: APIRequestContext, value: string): Promise<void> {
  const r = await request.post('/api/rest/v1/devstore/global', { data: { key: KEY, value } });
  expect(r.status(), await r.text()).toBe(200);
}

function table(page: Page): Locator {
  return page.getByTestId('weblinks-table');
}

function field(page: Page, name: string): Locator {
  return page.getByLabel(name, { exact: true });
}

async function openTab(page: Page): Promise<void> {
  await page.goto('/admin/apps');
  await page.getByRole('tab', { name: 'Web links', exact: true }).click();
  await expect(page).toHaveURL(/\/admin\/apps\?tab=weblinks$/);
  await expect(page.getByRole('tab', { name: 'Web links', exact: true })).toHaveAttribute('aria-selected', 'true');
  await expect(page.getByTestId('weblinks-count')).toBeVisible();
}

const WIKI: Link = { id: 'wiki-1', name: 'Lab wiki', url: 'https://wiki.example.org/start', description: 'How we work' };

test('an admin creates, edits and deletes a link; http and javascript addresses are refused in words', async ({ page }) => {
  await loginAs(page, 'admin');
  await apiLogin(page.request, 'admin');
  await openTab(page);
  await expect(page.getByText('No web links yet.')).toBeVisible();
  await expect(page.getByText('This list is public', { exact: false }).first()).toBeVisible();

  const newLink = page.getByRole('button', { name: 'New link', exact: true });
  await newLink.click();
  await expect(field(page, 'Name')).toBeFocused();
  await expect(page.locator('form.weblink-form').getByText('This list is public', { exact: false })).toBeVisible();
  // Escape closes the form; focus back on New link.
  await page.keyboard.press('Escape');
  await expect(field(page, 'Name')).toHaveCount(0);
  await expect(newLink).toBeFocused();
  await newLink.click();

  await field(page, 'Name').fill('Wiki');
  for (const bad of ['http://wiki.example.org', 'javascript:alert(1)', 'data:text/html,<b>x</b>']) {
    await field(page, 'Address').fill(bad);
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await expect(field(page, 'Address')).toHaveAttribute('aria-invalid', 'true');
    await expect(page.getByText('Only an https:// address can be a web link', { exact: false })).toBeVisible();
    expect(await stored(page.request)).toBeNull();
  }
  await field(page, 'Address').fill('https://wiki.example.org');
  await field(page, 'Description').fill('The <b>lab</b> wiki');
  await field(page, 'Icon').fill('javascript:x');
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(field(page, 'Icon')).toHaveAttribute('aria-invalid', 'true');
  await field(page, 'Icon').fill('');
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Wiki was saved.' })).toBeVisible();
  await expect(newLink).toBeFocused();
  const row = table(page).locator('tr[data-weblink-id]');
  await expect(row).toHaveCount(1);
  await expect(row.getByText('The <b>lab</b> wiki', { exact: true })).toBeVisible();
  const [made] = await links(page.request);
  expect(made).toMatchObject({ name: 'Wiki', url: 'https://wiki.example.org', description: 'The <b>lab</b> wiki', openInNewTab: true });
  expect(made.id).toMatch(/^[0-9a-f-]{36}$/);

  await table(page).getByRole('button', { name: 'Edit Wiki', exact: true }).click();
  await expect(field(page, 'Name')).toHaveValue('Wiki');
  await field(page, 'Name').fill('Lab wiki');
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Lab wiki was saved.' })).toBeVisible();
  expect(await links(page.request)).toEqual([{ ...made, name: 'Lab wiki' }]);

  await table(page).getByRole('button', { name: 'Delete Lab wiki', exact: true }).click();
  await table(page).getByRole('button', { name: 'Delete', exact: true }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Lab wiki was deleted.' })).toBeVisible();
  await expect(table(page).locator('tr[data-weblink-id]')).toHaveCount(0);
  expect(await links(page.request)).toEqual([]);
});

test('a researcher sees the cards on /apps, opening in a new tab, never framed; what is not https stays text', async ({
  page,
  request,
  context,
}) => {
  await apiLogin(request, 'admin');
  await put(
    request,
    JSON.stringify([
      WIKI,
      { id: 'old', name: 'Old intranet', url: 'http://intranet.example.org' },
      { id: 'evil', name: '<img src=x onerror=alert(1)>', url: 'javascript:alert(1)', iconUrl: 'javascript:alert(2)' },
    ]),
  );
  await loginAs(page, 'alice');
  await page.goto('/apps');
  const section = page.getByRole('region', { name: 'Web links', exact: true });
  await expect(section.getByRole('heading', { level: 2, name: 'Web links' })).toBeVisible();
  const card = section.locator('[data-weblink-id="wiki-1"]');
  const link = card.getByRole('link', { name: 'Lab wiki (opens in a new tab)', exact: true });
  await expect(link).toHaveAttribute('href', 'https://wiki.example.org/start');
  await expect(link).toHaveAttribute('target', '_blank');
  await expect(link).toHaveAttribute('rel', 'noopener noreferrer');
  await expect(card.getByText('How we work')).toBeVisible();
  // Not https: its name as text, no link.
  await expect(section.locator('[data-weblink-id="old"]').getByRole('link')).toHaveCount(0);
  await expect(section.locator('[data-weblink-id="old"]')).toContainText('its address is not https');
  await expect(section.locator('[data-weblink-id="evil"]').getByText('<img src=x onerror=alert(1)>', { exact: true })).toBeVisible();
  await expect(page.locator('a[href^="javascript"], a[href^="http:"], img[src^="javascript"]')).toHaveCount(0);
  await expect(page.locator('iframe')).toHaveCount(0);

  // A new tab, with no way back to this one.
  const [opened] = await Promise.all([context.waitForEvent('page'), link.click()]);
  expect(await opened.evaluate(() => window.opener)).toBeNull();
  await opened.close();
  await expect(page).toHaveURL(/\/apps$/);
  await expect(page.locator('iframe')).toHaveCount(0);
});

test("another admin's change meanwhile is kept; the same link changed meanwhile is said, not overwritten", async ({
  page,
  request,
}) => {
  await apiLogin(request, 'admin');
  await put(request, JSON.stringify([WIKI]));
  await loginAs(page, 'admin');
  await openTab(page);
  await expect(table(page).locator('tr[data-weblink-id]')).toHaveCount(1);

  // Another admin adds a link after this page read the list.
  const other: Link = { id: 'docs-2', name: 'Docs', url: 'https://docs.example.org' };
  await put(request, JSON.stringify([WIKI, other]));
  await page.getByRole('button', { name: 'New link', exact: true }).click();
  await field(page, 'Name').fill('Tracker');
  await field(page, 'Address').fill('https://tracker.example.org');
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Tracker was saved.' })).toBeVisible();
  expect((await links(request)).map((l) => l.name)).toEqual(['Lab wiki', 'Docs', 'Tracker']);
  await expect(table(page).locator('tr[data-weblink-id]')).toHaveCount(3);

  // The same link: this form opened, then another admin renamed it.
  await table(page).getByRole('button', { name: 'Edit Lab wiki', exact: true }).click();
  await field(page, 'Description').fill('Mine');
  const now = await links(request);
  now[0] = { ...now[0], name: 'Wiki (theirs)' };
  await put(request, JSON.stringify(now));
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(page.getByRole('alert').filter({ hasText: 'Wiki (theirs) was changed by someone else meanwhile: nothing was saved.' })).toBeVisible();
  expect((await links(request))[0]).toMatchObject({ name: 'Wiki (theirs)', description: 'How we work' });
  await expect(table(page).getByRole('button', { name: 'Edit Wiki (theirs)', exact: true })).toBeVisible();
  // What was typed is kept; a second Save replaces theirs.
  await expect(field(page, 'Description')).toHaveValue('Mine');
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Lab wiki was saved.' })).toBeVisible();
  expect((await links(request))[0]).toMatchObject({ name: 'Lab wiki', description: 'Mine' });
  expect((await links(request)).map((l) => l.name)).toEqual(['Lab wiki', 'Docs', 'Tracker']);
});

test('the Web links tab is for setPlatformSettings: a researcher gets none and may not write the list; anyone may read it', async ({
  page,
  browser,
  playwright,
  baseURL,
}) => {
  const admin = await browser.newPage({ baseURL });
  await loginAs(admin, 'admin');
  await admin.goto('/admin/apps');
  await expect(admin.getByRole('tab', { name: 'Web links', exact: true })).toBeVisible();
  await expect(admin.getByRole('tab', { name: 'App catalogue', exact: true })).toHaveAttribute('aria-selected', 'true');
  await admin.close();

  await loginAs(page, 'alice');
  await page.goto('/admin/apps');
  await expect(page.getByRole('heading', { level: 1, name: 'No access' })).toBeVisible();
  await expect(page.getByRole('tab', { name: 'Web links' })).toHaveCount(0);
  await apiLogin(page.request, 'alice');
  const r = await page.request.post('/api/rest/v1/devstore/global', { data: { key: KEY, value: '[]' } });
  expect(r.status()).toBe(403);
  const anonymous = await playwright.request.newContext({ baseURL });
  const list = await anonymous.get('/api/rest/v1/devstore/global');
  expect(list.status()).toBe(200);
  await anonymous.dispose();
});

test('a stored value that cannot be read is said on /apps and on the tab, and kept', async ({ page, request }) => {
  await apiLogin(request, 'admin');
  await put(request, '[{"id": "a", "name": "No address"}]');
  await loginAs(page, 'admin');
  await page.goto('/apps');
  const section = page.getByRole('region', { name: 'Web links', exact: true });
  await expect(section.getByRole('alert')).toContainText('The stored web links could not be read');
  await page.goto('/admin/apps?tab=weblinks');
  await expect(page.getByRole('alert').filter({ hasText: 'The stored web links could not be read' })).toBeVisible();
  await expect(page.getByText('Nothing can be saved here until', { exact: false })).toBeVisible();
  await expect(page.getByRole('button', { name: 'New link', exact: true })).toHaveCount(0);
  expect(await stored(request)).toBe('[{"id": "a", "name": "No address"}]');
});
