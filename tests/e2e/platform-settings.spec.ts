import type { APIRequestContext, Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { USERS, WORKSPACES, apiLogin, loginAs, resetServer } from './helpers';

// Issue 49, point 4 (ui.md, "platform settings"; api.md §4): /admin/settings for who may
// `setPlatformSettings`. Saved where chorus-web-ui keeps it (the dev store's global `instance.*`
// keys) and, for name, headline, tagline, website and limits, in CHORUS's own record too. The
// name and the logo show on the login page (of a browser that never signed in: read in the
// background) and in the header; a session limit reached is said in the new-session forms and
// their button is disabled. Both flavors.

test.beforeEach(async ({ request }) => {
  await resetServer(request);
});

/** A 1 × 1 PNG. */
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==',
  'base64',
);

type Entries = Record<string, string>;

async function globals(request: APIRequestContext): Promise<Entries> {
  const r = await request.get('/api/rest/v1/devstore/global');
  expect(r.status(), await r.text()).toBe(200);
  return ((await r.json()) as { result: { entries: Entries } }).result.entries;
}

async function putGlobal(request: APIRequestContext, key: string, value: string): Promise<void> {
  const r = await request.post('/api/rest/v1/devstore/global', { data: { key, value } });
  expect(r.status(), await r.text()).toBe(200);
}

async function openSettings(page: Page): Promise<void> {
  await page.goto('/admin/settings');
  await expect(page.getByRole('heading', { level: 1, name: 'Platform settings' })).toBeVisible();
  await expect(page.getByLabel('Platform name', { exact: true })).toBeVisible();
}

async function save(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(page.getByText('The platform settings are saved.')).toBeVisible();
}

test('the admin sets the name and a logo: the header and, in a new browser, the login page show them', async ({
  page,
  request,
  browser,
  baseURL,
}) => {
  await apiLogin(request, 'admin');
  // Keys chorus-web-ui keeps that the page does not show: left as they are.
  await putGlobal(request, 'instance.tags', '["genomics"]');
  await putGlobal(request, 'instance.wireframeModeEnabled', 'false');

  await loginAs(page, 'admin');
  await openSettings(page);
  await expect(page.getByLabel('Default theme', { exact: true })).toBeVisible();
  for (const label of ['Headline', 'Tagline', 'Website', 'Workspaces per user', 'Sessions per user', 'App instances per user']) {
    await expect(page.getByLabel(label, { exact: true })).toBeVisible();
  }
  await expect(page.getByText('CHORUS does not enforce these limits', { exact: false })).toBeVisible();
  const name = '<b>Lab</b> Platform';
  await page.getByLabel('Platform name', { exact: true }).fill(name);
  await page.getByLabel('Headline', { exact: true }).fill('Research, safely');
  await page.getByLabel('Logo (light)', { exact: true }).setInputFiles({ name: 'logo.png', mimeType: 'image/png', buffer: PNG });
  await expect(page.getByRole('img', { name: 'The logo for the light theme as it will be shown' })).toBeVisible();
  await save(page);

  const stored = await globals(request);
  expect(stored['instance.name']).toBe(name);
  expect(stored['instance.headline']).toBe('Research, safely');
  expect(JSON.parse(stored['instance.logo'])).toEqual({ light: expect.stringMatching(/^data:image\/png;base64,/), dark: null });
  expect(stored['instance.tags']).toBe('["genomics"]');
  expect(stored['instance.wireframeModeEnabled']).toBe('false');
  // CHORUS's own record agrees (the chorus flavor keeps a read five seconds).
  await expect
    .poll(
      async () => {
        const r = await request.get('/api/rest/v1/platform-settings');
        return ((await r.json()) as { result: { platformSettings: { title: string } } }).result.platformSettings.title;
      },
      { timeout: 12_000 },
    )
    .toBe(name);

  // The header: the name as text, the logo.
  const brand = page.getByTestId('header-brand');
  await expect(brand).toContainText(name);
  await expect(brand.getByTestId('brand-logo')).toBeVisible();
  await expect(page.locator('header b')).toHaveCount(0);

  // A browser that never signed in: the login page reads them in the background.
  const fresh = await browser.newContext({ baseURL });
  const login = await fresh.newPage();
  await login.goto('/login');
  await expect(login.getByRole('button', { name: 'Sign in', exact: true })).toBeVisible();
  const shown = login.getByTestId('login-brand');
  await expect(shown).toContainText(name);
  await expect(shown.getByTestId('brand-logo')).toBeVisible();
  await expect(login.locator('.login-brand b')).toHaveCount(0);
  // Its next visit shows them at once, from what it kept, even with the dev store unreachable.
  await login.route('**/api/rest/v1/devstore/**', (route) => route.abort());
  await login.reload();
  await expect(login.getByTestId('login-brand')).toContainText(name);
  await fresh.close();
});

test('a limit of sessions: a user who has that many is told so and cannot start another', async ({
  page,
  request,
  browser,
  baseURL,
}) => {
  const wendy = await apiLogin(request, 'wendy');
  const own = async () => {
    const r = await request.get('/api/rest/v1/workbenches?pagination.limit=100', { headers: { Authorization: `Bearer ${wendy}` } });
    expect(r.ok(), await r.text()).toBeTruthy();
    const rows = ((await r.json()) as { result: { workbenches?: { userId: string | number; status?: string }[] } }).result.workbenches ?? [];
    return rows.filter((w) => String(w.userId) === USERS.wendy.id && w.status !== 'deleted').length;
  };
  // Counted as made, not read again: CHORUS's list of sessions is kept a second (its cache), so
  // a list read right after the creates can still lack them.
  let count = await own();
  for (; count < 2; count += 1) {
    const r = await request.post('/api/rest/v1/workbenches', {
      headers: { Authorization: `Bearer ${wendy}` },
      data: { tenantId: '1', userId: USERS.wendy.id, workspaceId: WORKSPACES.demo.id, name: `Mine ${count}`, status: 'active' },
    });
    expect(r.ok(), await r.text()).toBeTruthy();
  }

  await loginAs(page, 'admin');
  await openSettings(page);
  await page.getByLabel('Sessions per user', { exact: true }).fill('x');
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(page.getByText('Sessions per user must be a whole number of 0 or more', { exact: false })).toBeVisible();
  await page.getByLabel('Sessions per user', { exact: true }).fill(String(count));
  await save(page);
  await apiLogin(request, 'admin');
  expect(JSON.parse((await globals(request))['instance.limits'])).toEqual({
    maxWorkspacesPerUser: null,
    maxSessionsPerUser: count,
    maxAppInstancesPerUser: null,
  });

  const ctx = await browser.newContext({ baseURL });
  const her = await ctx.newPage();
  await loginAs(her, 'wendy');
  const words = `You have ${count} of ${count} sessions: the platform's limit`;
  await her.goto('/sessions');
  await her.getByRole('button', { name: 'New session', exact: true }).click();
  await expect(her.getByTestId('limit-reached')).toHaveText(words);
  await expect(her.getByRole('button', { name: 'Start session', exact: true })).toBeDisabled();
  await her.goto(`/workspaces/${WORKSPACES.demo.id}`);
  await expect(her.getByTestId('limit-reached')).toHaveText(words);
  await expect(her.getByRole('button', { name: 'Start session', exact: true })).toBeDisabled();
  await ctx.close();
});

test('a bad logo is refused in words; stored values that cannot be read are said and kept', async ({ page, request }) => {
  await apiLogin(request, 'admin');
  await putGlobal(request, 'instance.name', 'Kept name');
  await putGlobal(request, 'instance.logo', 'not json');
  await putGlobal(request, 'instance.theme', '[1]');
  await loginAs(page, 'admin');
  await openSettings(page);
  const problems = page.getByTestId('stored-problems');
  await expect(problems).toContainText('The stored logos are not of the form the platform keeps');
  await expect(problems).toContainText('The stored theme colours are not of the form the platform keeps');
  // The rest loads.
  await expect(page.getByLabel('Platform name', { exact: true })).toHaveValue('Kept name');

  const logo = page.getByLabel('Logo (light)', { exact: true });
  await logo.setInputFiles({ name: 'logo.png', mimeType: 'image/png', buffer: Buffer.from('<script>alert(1)</script>') });
  await expect(page.getByText('This file is named as a PNG image but its content is not one. The logo must be a PNG, JPEG or WebP image of at most 512 KB.')).toBeVisible();
  const big = Buffer.concat([PNG, Buffer.alloc(600 * 1024)]);
  await logo.setInputFiles({ name: 'big.png', mimeType: 'image/png', buffer: big });
  await expect(page.getByText(/^This file is .*\. The logo must be a PNG, JPEG or WebP image of at most 512 KB\.$/)).toBeVisible();
  await logo.setInputFiles({ name: 'doc.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.4') });
  await expect(page.getByText('This file is of type application/pdf', { exact: false })).toBeVisible();

  // Only the touched field is written: the unreadable values stay as they were.
  await page.getByLabel('Tagline', { exact: true }).fill('Only this');
  await save(page);
  const stored = await globals(request);
  expect(stored['instance.tagline']).toBe('Only this');
  expect(stored['instance.logo']).toBe('not json');
  expect(stored['instance.theme']).toBe('[1]');
  expect(stored['instance.name']).toBe('Kept name');
});

test('a user without setPlatformSettings gets No access', async ({ page }) => {
  await loginAs(page, 'bob');
  await page.goto('/admin/settings');
  await expect(page.getByRole('heading', { level: 1, name: 'No access' })).toBeVisible();
  await expect(page.getByLabel('Platform name', { exact: true })).toHaveCount(0);
});
