import { expect, test, type Locator, type Page } from '@playwright/test';
import { NOT_READY, READY, USER, PASSWORD, call, result, signIn, tokenOf, type Json } from './chorus-api';

// Issue 49, point 2, on a running CHORUS (real-chorus.config.ts; skipped without CHORUS_URL and the
// steward's login): the steward adds an app with a custom size at /admin/apps, edits its
// description (its category, stability and kiosk login survive: CHORUS replaces the whole row),
// deactivates and deletes it; a registry is refused as CHORUS refuses it with its OCI client off
// (every non-empty one), said next to the image fields; a plain user gets No access. CHORUS
// answers the list from a 5-s cache: the page shows what was saved from the reply. Leaves an app
// `walk-<time>-…` (deleted, renamed) and a user `walkapps<time>` behind.

test.skip(!READY, NOT_READY);

function button(page: Page, name: string): Locator {
  return page.getByRole('button', { name, exact: true });
}

function field(page: Page, label: string): Locator {
  return page.getByLabel(label, { exact: true });
}

test('the steward manages the app catalogue on a running CHORUS', async ({ browser, page, request }) => {
  const stamp = Date.now().toString(36);
  const steward = await tokenOf(request, USER, PASSWORD);
  const app = async (id: string): Promise<Json> => (await result(request, steward, 'GET', `/apps/${id}`)).app as Json;

  await signIn(page, USER, PASSWORD);
  await page.goto('/admin/apps');
  await expect(page.getByRole('heading', { level: 1, name: 'App catalogue' })).toBeVisible();
  await expect(page.getByTestId('apps-table')).toBeVisible();

  const posts: string[] = [];
  page.on('request', (r) => {
    if (r.method() === 'POST' && new URL(r.url()).pathname.startsWith('/api/rest/v1/apps')) posts.push(r.url());
  });
  await button(page, 'New app').click();
  const name = `walk-${stamp} <i>app</i>`;
  await field(page, 'Name').fill(name);
  await field(page, 'Description').fill('First words');
  await field(page, 'Image name').fill(`walk/${stamp}`);
  await field(page, 'Image tag').fill('1.0');
  await field(page, 'Category').fill('Walks');
  await field(page, 'Stability').selectOption('Alpha');
  await field(page, 'Resources').selectOption('Custom');
  await field(page, 'Minimum CPU').fill('1.5.5Gi');
  await field(page, 'Maximum CPU').fill('1');
  await button(page, 'Save').click();
  await expect(page.locator('#app-min-cpu-error')).toContainText('more than one decimal point');
  await field(page, 'Minimum CPU').fill('1500m');
  await button(page, 'Save').click();
  await expect(page.locator('#app-min-cpu-error')).toHaveText('The minimum CPU (1500m) is above the maximum (1).');
  expect(posts).toEqual([]);
  // CHORUS with its OCI client off takes no registry.
  await field(page, 'Minimum CPU').fill('250m');
  await field(page, 'Minimum memory').fill('256Mi');
  await field(page, 'Maximum memory').fill('1Gi');
  await field(page, 'Image registry').fill('registry.example');
  await button(page, 'Save').click();
  await expect(page.locator('#app-image-refusal')).toContainText('The backend takes no image registry');
  await expect(field(page, 'Name')).toHaveValue(name);
  await field(page, 'Image registry').fill('');
  const created = page.waitForResponse((r) => r.request().method() === 'POST' && new URL(r.url()).pathname === '/api/rest/v1/apps');
  await button(page, 'Save').click();
  const reply = (await (await created).json()) as { result: { app: { id: string } } };
  const id = reply.result.app.id;
  await expect(page.getByRole('status').filter({ hasText: `${name} 1.0 was saved.` })).toBeVisible();
  const row = page.getByTestId('apps-table').locator(`tbody tr[data-app-id="${id}"]`);
  await expect(row.locator('td.app-name')).toHaveText(name);
  expect(await app(id)).toMatchObject({
    name,
    status: 'active',
    minCPU: '250m',
    maxCPU: '1',
    minMemory: '256Mi',
    maxMemory: '1Gi',
    stabilityStatus: 'alpha',
    category: 'Walks',
  });

  // A kiosk login set outside the console survives an edit of the description.
  const before = await app(id);
  delete before.groupedVersions;
  await call(request, steward, 'PUT', '/apps', { ...before, browserConfigJWTURL: 'https://jwt.example/t', browserConfigJWTOIDCClientID: 'walk' });
  // CHORUS keeps GetApp 1 s: the console's re-read (its form is filled from it) sees the login once
  // this does.
  await expect.poll(async () => (await app(id)).browserConfigJWTURL, { timeout: 10_000 }).toBe('https://jwt.example/t');
  await button(page, `Edit ${name} 1.0`).click();
  await expect(field(page, 'Login token address')).toHaveValue('https://jwt.example/t');
  await field(page, 'Description').fill('Second words');
  await button(page, 'Save').click();
  await expect(page.getByRole('status').filter({ hasText: `${name} 1.0 was saved.` })).toBeVisible();
  // Deactivated at once, within the second CHORUS keeps the form's read from just before its
  // save (GetApp's cache): the edit stays (the toggle sent that copy back whole before).
  await button(page, `Deactivate ${name} 1.0`).click();
  await expect(row.locator('td').nth(2)).toHaveText('Inactive');
  await expect.poll(async () => (await app(id)).status, { timeout: 10_000 }).toBe('inactive');
  expect(await app(id)).toMatchObject({
    description: 'Second words',
    category: 'Walks',
    stabilityStatus: 'alpha',
    browserConfigJWTURL: 'https://jwt.example/t',
    browserConfigJWTOIDCClientID: 'walk',
    minCPU: '250m',
  });

  // Another admin changes the category while CHORUS still keeps a copy from before it: a read
  // fills GetApp's cache until the wall clock's next second (freecache counts whole seconds), so
  // both come at the start of one, and `Activate` is clicked at once, within that second. The
  // toggle sends the whole row back: from that copy, it undid the other admin's change.
  await expect.poll(() => Date.now() % 1000, { intervals: [5] }).toBeLessThan(150);
  const theirs = await app(id);
  delete theirs.groupedVersions;
  await call(request, steward, 'PUT', '/apps', { ...theirs, category: 'Theirs' });
  await button(page, `Activate ${name} 1.0`).click();
  await expect(row.locator('td').nth(2)).toHaveText('Active');
  await expect.poll(async () => (await app(id)).status, { timeout: 10_000 }).toBe('active');
  expect(await app(id)).toMatchObject({ category: 'Theirs', description: 'Second words' });

  await button(page, `Delete ${name} 1.0`).click();
  const confirm = page.getByRole('group', { name: 'Confirm the deletion' });
  await expect(confirm).toContainText('registry sync may add it again');
  await confirm.getByRole('button', { name: 'Delete', exact: true }).click();
  await expect(row).toHaveCount(0);
  await expect.poll(async () => (await app(id)).status, { timeout: 10_000 }).toBe('deleted');
  expect(String((await app(id)).name)).toMatch(new RegExp(`^walk-${stamp} <i>app</i>-[0-9a-f-]{36}$`));

  // A plain user: No access.
  const username = `walkapps${stamp}`;
  const password = `Walk-apps-${stamp}-Pw1`;
  await call(request, steward, 'POST', '/users', {
    username,
    firstName: 'Walk',
    lastName: stamp,
    email: `${username}@example.org`,
    password,
    status: 'active',
    source: 'internal',
  });
  const plain = await browser.newPage();
  await signIn(plain, username, password);
  await plain.goto('/admin/apps');
  await expect(plain.getByRole('heading', { level: 1, name: 'No access' })).toBeVisible();
  await plain.close();
});
