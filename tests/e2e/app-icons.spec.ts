import type { APIRequestContext, Locator, Page } from '@playwright/test';

import { expect, test } from './fixtures';
import { apiLogin, clearConfig, loginAs, resetServer, setConfig } from './helpers';

// Issue 55, point 5: an app icon that cannot show says so. The deployed `img-src` shows icons given
// as data and those on the hosts the deployment allows (`iconHosts` in config.json, none by
// default; deploy/README.md): the app form takes an uploaded image (PNG, JPEG or WebP, checked
// by its first bytes, at most 200 KB, kept as a data URI) or a web address on such a host, and
// says so; the catalogue and the admin table draw the app's letter where an icon cannot show or
// fails to load. Both flavors.

const APPS = '/api/rest/v1/apps';
/** A 1 × 1 PNG. */
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==',
  'base64',
);

test.beforeEach(async ({ request }) => {
  await resetServer(request);
  await clearConfig(request);
});

test.afterEach(async ({ request }) => {
  await clearConfig(request);
});

function field(page: Page, label: string): Locator {
  return page.getByLabel(label, { exact: true });
}

function card(page: Page, name: string): Locator {
  return page.locator('article[data-app-id]').filter({ has: page.getByRole('heading', { level: 2, name, exact: true }) });
}

/** Adds an active app through the API as the platform admin; its id. */
async function addApp(request: APIRequestContext, name: string, iconURL: string): Promise<string> {
  await apiLogin(request, 'admin');
  const r = await request.post(APPS, {
    data: {
      name,
      description: `${name} app`,
      status: 'active',
      dockerImageRegistry: '',
      dockerImageName: `apps/${name.toLowerCase()}`,
      dockerImageTag: '1.0',
      iconURL,
      iconBackgroundColor: '',
      stabilityStatus: 'ready',
      category: 'Icons',
    },
  });
  expect(r.status(), await r.text()).toBe(200);
  return String(((await r.json()) as { result: { app: { id: string | number } } }).result.app.id);
}

test('the app form takes an uploaded icon and refuses an address the deployment would block, in words', async ({
  page,
  request,
}) => {
  await loginAs(page, 'admin');
  await page.goto('/admin/apps');
  await expect(page.getByRole('heading', { level: 1, name: 'App catalogue' })).toBeVisible();
  const posts: string[] = [];
  page.on('request', (r) => {
    if (r.method() === 'POST' && new URL(r.url()).pathname === APPS) posts.push(r.url());
  });
  await page.getByRole('button', { name: 'New app', exact: true }).click();
  await field(page, 'Name').fill('Iconic');
  await field(page, 'Image name').fill('apps/iconic');
  await field(page, 'Image tag').fill('1.0');
  await expect(page.locator('#app-icon-hint')).toContainText('this deployment shows icons from no other site');

  // A web address elsewhere: refused before sending, next to Icon URL.
  await field(page, 'Icon URL').fill('https://icons.example.org/iconic.png');
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(page.locator('#app-icon-error')).toContainText(
    'This deployment shows no icons from other sites, icons.example.org included: upload the image as a file instead.',
  );
  expect(posts).toEqual([]);

  // Files that are not small raster images: said, nothing read into the field.
  const file = field(page, 'Icon file');
  await file.setInputFiles({ name: 'icon.svg', mimeType: 'image/svg+xml', buffer: Buffer.from('<svg/>') });
  await expect(page.locator('#app-icon-file-error')).toContainText('This file is of type image/svg+xml');
  await file.setInputFiles({ name: 'icon.png', mimeType: 'image/png', buffer: Buffer.from('<script>alert(1)</script>') });
  await expect(page.locator('#app-icon-file-error')).toContainText('not a PNG, JPEG or WebP image');
  await file.setInputFiles({ name: 'big.png', mimeType: 'image/png', buffer: Buffer.alloc(201 * 1024, 1) });
  await expect(page.locator('#app-icon-file-error')).toContainText('at most 200 KB');
  await expect(field(page, 'Icon URL')).toHaveValue('https://icons.example.org/iconic.png');

  // An image: kept in Icon URL as a data URI, shown as the catalogue will.
  await file.setInputFiles({ name: 'icon.png', mimeType: 'image/png', buffer: PNG });
  await expect(page.locator('#app-icon-file-error')).toHaveCount(0);
  await expect(field(page, 'Icon URL')).toHaveValue(`data:image/png;base64,${PNG.toString('base64')}`);
  const preview = page.getByTestId('app-icon-preview');
  await expect(preview.locator('[data-icon="image"] img')).toBeVisible();
  await expect(preview).not.toContainText('cannot be shown');
  const created = page.waitForResponse((r) => r.request().method() === 'POST' && new URL(r.url()).pathname === APPS);
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  const id = ((await (await created).json()) as { result: { app: { id: string } } }).result.app.id;
  const row = page.getByTestId('apps-table').locator(`tbody tr[data-app-id="${id}"]`);
  await expect(row.locator('[data-icon="image"] img')).toBeVisible();
  await expect(row.locator('td.app-name')).toHaveText('Iconic');

  // The researchers' catalogue draws it.
  // (CHORUS lists the catalogue from a 5-second cache: read again until the new app is there.)
  await expect(async () => {
    await page.goto('/apps');
    await expect(card(page, 'Iconic').locator('[data-icon="image"] img')).toBeVisible({ timeout: 2_000 });
  }).toPass({ timeout: 30_000 });
  expect(await card(page, 'Iconic').locator('img').evaluate((img) => (img as HTMLImageElement).naturalWidth)).toBe(1);
});

test('an icon that cannot show is drawn as the app’s letter in the catalogue and the admin table, and said to the admin', async ({
  page,
  request,
}) => {
  const broken = await addApp(request, 'Broken', 'data:image/png;base64,AAAA');
  const remote = await addApp(request, 'Remote', 'https://icons.example.org/remote.png');
  const elsewhere: string[] = [];
  page.on('request', (r) => {
    if (/^https?:/.test(r.url()) && !new URL(r.url()).host.startsWith('127.0.0.1')) elsewhere.push(r.url());
  });

  await loginAs(page, 'alice');
  await page.goto('/apps');
  // Not an image: it fails to load, the letter takes its place.
  await expect(card(page, 'Broken').locator('[data-icon="letter"]')).toHaveText('B');
  // On a host the deployment does not allow: the letter, and nothing asked of that host.
  await expect(card(page, 'Remote').locator('[data-icon="letter"]')).toHaveText('R');
  await expect(card(page, 'Remote').locator('img')).toHaveCount(0);
  expect(elsewhere).toEqual([]);

  await page.context().clearCookies();
  await loginAs(page, 'admin');
  await page.goto('/admin/apps');
  for (const [id, letter] of [
    [broken, 'B'],
    [remote, 'R'],
  ]) {
    const row = page.getByTestId('apps-table').locator(`tbody tr[data-app-id="${id}"]`);
    await expect(row.locator('[data-icon="letter"]')).toHaveText(letter);
    await expect(row).toContainText('Icon not shown');
  }
  // Its form says why, and what to do.
  await page.getByRole('button', { name: 'Edit Remote 1.0', exact: true }).click();
  await expect(page.getByTestId('app-icon-preview')).toContainText('This icon cannot be shown here');
  expect(elsewhere).toEqual([]);
});

test('a host the deployment allows (iconHosts) is said in the form, accepted, and drawn; the letter where it fails', async ({
  page,
  request,
}) => {
  // An allowed host that does not answer: the icon is asked for, fails, and the letter shows.
  await setConfig(request, { iconHosts: ['127.0.0.1:9'] });
  await addApp(request, 'Hosted', 'http://127.0.0.1:9/hosted.png');
  await loginAs(page, 'admin');
  await page.goto('/admin/apps');
  await page.getByRole('button', { name: 'New app', exact: true }).click();
  await expect(page.locator('#app-icon-hint')).toContainText('A web address must be on 127.0.0.1:9');
  await field(page, 'Name').fill('Allowed');
  await field(page, 'Image name').fill('apps/allowed');
  await field(page, 'Image tag').fill('1.0');
  await field(page, 'Icon URL').fill('http://127.0.0.1:9/allowed.png');
  const created = page.waitForResponse((r) => r.request().method() === 'POST' && new URL(r.url()).pathname === APPS);
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  expect((await created).status()).toBe(200);
  await expect(page.locator('#app-icon-error')).toHaveCount(0);

  await page.goto('/apps');
  await expect(card(page, 'Hosted').locator('[data-icon="letter"]')).toHaveText('H');
});
