import type { APIRequestContext, Locator, Page } from '@playwright/test';

import { expect, test } from './fixtures';
import { apiLogin, expectNoA11yViolations, loginAs, resetServer } from './helpers';

// Issue 49, point 2 (ui.md, "apps admin"; api.md §1): `/admin/apps` lists every version of every
// app (inactive ones too), `New app` and `Edit <name> <tag>` open one form whose quantities are
// checked as Kubernetes reads them before anything is sent, an edit sends back every field it
// does not show (CHORUS replaces the whole row), `Deactivate` and `Delete` (soft; a registry
// sync may bring it back). Both flavors: the chorus flavor takes no image registry (CHORUS with
// its OCI client off), ours takes `registry.example.org` and says an image tagged `missing`
// does not exist.

test.beforeEach(async ({ request }) => {
  await resetServer(request);
});

const APPS = '/api/rest/v1/apps';

function table(page: Page): Locator {
  return page.getByTestId('apps-table');
}

function row(page: Page, id: string): Locator {
  return table(page).locator(`tbody tr[data-app-id="${id}"]`);
}

function button(page: Page, name: string): Locator {
  return page.getByRole('button', { name, exact: true });
}

function field(page: Page, label: string): Locator {
  return page.getByLabel(label, { exact: true });
}

/** The app as stored (`GET /apps/{id}`, as the platform admin). */
async function stored(request: APIRequestContext, id: string): Promise<Record<string, unknown>> {
  await apiLogin(request, 'admin');
  const r = await request.get(`${APPS}/${id}`);
  expect(r.status(), await r.text()).toBe(200);
  return ((await r.json()) as { result: { app: Record<string, unknown> } }).result.app;
}

/** Waits until the app as stored matches `want`: the chorus flavor answers `GET /apps/{id}` from
 * CHORUS's one-second cache, which the page's own read just before its write filled. */
async function expectStored(request: APIRequestContext, id: string, want: Record<string, unknown>): Promise<void> {
  await expect.poll(() => stored(request, id)).toMatchObject(want);
}

async function openCatalogue(page: Page): Promise<void> {
  await loginAs(page, 'admin');
  await page.goto('/admin/apps');
  await expect(page.getByRole('heading', { level: 1, name: 'App catalogue' })).toBeVisible();
  await expect(row(page, '1')).toBeVisible();
}

test('the steward adds an app with a custom size, edits it (what the form does not show survives), deactivates and deletes it', async ({
  page,
  request,
  flavor,
}) => {
  // Three writes, each followed by CHORUS's 5-s list cache (the last one waited for).
  test.setTimeout(120_000);
  await openCatalogue(page);
  const registry = flavor === 'chorus' ? '' : 'registry.example.org/';
  // Every version, inactive ones too, with their words.
  await expect(row(page, '1')).toContainText(`${registry}apps/jupyterlab:4.2`);
  await expect(row(page, '7')).toContainText('apps/orthanc:1.0');
  await expect(row(page, '8')).toContainText('apps/orthanc:2.0');
  await expect(row(page, '9')).toContainText('Inactive');
  await expect(row(page, '5')).toContainText('Beta');
  await expect(row(page, '6')).toContainText('Alpha');
  await expectNoA11yViolations(page);

  const posts: string[] = [];
  page.on('request', (r) => {
    if (r.method() === 'POST' && new URL(r.url()).pathname.startsWith(APPS)) posts.push(r.url());
  });
  await button(page, 'New app').click();
  await expect(page.getByRole('heading', { level: 2, name: 'New app' })).toBeVisible();
  const name = 'Walk <b>app</b>';
  await field(page, 'Name').fill(name);
  await field(page, 'Description').fill('First words');
  await field(page, 'Image name').fill('walk/app');
  await field(page, 'Image tag').fill('1.0');
  await field(page, 'Category').fill('Imaging');
  await field(page, 'Stability').selectOption('Beta');
  await field(page, 'Resources').selectOption('Small');
  await expect(field(page, 'Minimum CPU')).toHaveValue('500m');
  await expect(field(page, 'Shared memory')).toHaveValue('2Gi');
  // A quantity Kubernetes would not read, then a minimum above its maximum: said, nothing sent.
  await field(page, 'Minimum CPU').fill('1.5.5Gi');
  await expect(field(page, 'Resources')).toHaveValue('Custom');
  await button(page, 'Save').click();
  await expect(page.locator('#app-min-cpu-error')).toContainText('“1.5.5Gi” has more than one decimal point');
  await expect(field(page, 'Minimum CPU')).toHaveAttribute('aria-invalid', 'true');
  await field(page, 'Minimum CPU').fill('2');
  await field(page, 'Maximum CPU').fill('1500m');
  await field(page, 'Minimum memory').fill('1Gi');
  await field(page, 'Maximum memory').fill('1000Mi');
  await button(page, 'Save').click();
  await expect(page.locator('#app-min-cpu-error')).toHaveText('The minimum CPU (2) is above the maximum (1500m).');
  await expect(page.locator('#app-min-memory-error')).toHaveText('The minimum memory (1Gi) is above the maximum (1000Mi).');
  await expectNoA11yViolations(page);
  expect(posts).toEqual([]);
  await field(page, 'Minimum CPU').fill('1');
  await field(page, 'Maximum memory').fill('2Gi');
  await field(page, 'Shared memory').fill('1Gi');
  const created = page.waitForResponse((r) => r.request().method() === 'POST' && new URL(r.url()).pathname === APPS);
  await button(page, 'Save').click();
  const reply = (await (await created).json()) as { result: { app: { id: string } } };
  const id = reply.result.app.id;
  await expect(page.getByRole('status').filter({ hasText: `${name} 1.0 was saved.` })).toBeVisible();
  // The new row at once (CHORUS's list comes from a 5-s cache), its name as text.
  await expect(row(page, id).locator('td.app-name')).toHaveText(name);
  await expect(row(page, id)).toContainText('walk/app:1.0');
  let app = await stored(request, id);
  expect(app).toMatchObject({
    name,
    status: 'active',
    dockerImageRegistry: '',
    minCPU: '1',
    maxCPU: '1500m',
    minMemory: '1Gi',
    maxMemory: '2Gi',
    shmSize: '1Gi',
    minEphemeralStorage: '1Gi',
    maxEphemeralStorage: '10Gi',
    stabilityStatus: 'beta',
    category: 'Imaging',
  });

  // A kiosk login set outside the console (the list, from CHORUS's cache, does not have it yet:
  // the form is filled from the app read afresh): an edit of the description keeps it, and the
  // category and stability.
  const put = await request.put(APPS, {
    data: { ...app, browserConfigJWTURL: 'https://jwt.example/token', browserConfigJWTOIDCClientID: 'kiosk', groupedVersions: undefined },
  });
  expect(put.status(), await put.text()).toBe(200);
  // The chorus flavor keeps `GET /apps/{id}` a second (CHORUS's GetApp cache, filled by the read
  // above): the form's read sees the login once this one does, as on a running CHORUS.
  await expectStored(request, id, { browserConfigJWTURL: 'https://jwt.example/token' });
  await button(page, `Edit ${name} 1.0`).click();
  await expect(page.getByRole('heading', { level: 2, name: `Edit ${name} 1.0` })).toBeVisible();
  await expect(field(page, 'Resources')).toHaveValue('Custom');
  await expect(field(page, 'Login token address')).toHaveValue('https://jwt.example/token');
  await field(page, 'Description').fill('Second words');
  await button(page, 'Save').click();
  await expect(page.getByRole('status').filter({ hasText: `${name} 1.0 was saved.` })).toBeVisible();
  await expectStored(request, id, {
    description: 'Second words',
    category: 'Imaging',
    stabilityStatus: 'beta',
    browserConfigJWTURL: 'https://jwt.example/token',
    browserConfigJWTOIDCClientID: 'kiosk',
    minCPU: '1',
    shmSize: '1Gi',
    status: 'active',
  });

  // Deactivate: the whole row goes back with only the status changed; then active again.
  await button(page, `Deactivate ${name} 1.0`).click();
  await expect(row(page, id).locator('td').nth(2)).toHaveText('Inactive');
  await expectStored(request, id, { status: 'inactive', description: 'Second words', category: 'Imaging' });
  // The list's replies the page reads from now on (CHORUS's cache makes it read again 5.5 s
  // after each write).
  let reread = 0;
  page.on('requestfinished', (r) => {
    if (r.method() === 'GET' && new URL(r.url()).pathname === '/api/rest/v1/apps') reread++;
  });
  await button(page, `Activate ${name} 1.0`).click();
  await expect(row(page, id).locator('td').nth(2)).toHaveText('Active');
  await expectStored(request, id, { status: 'active' });

  // Delete, after a confirmation that says a registry sync may bring it back.
  await button(page, `Delete ${name} 1.0`).click();
  const confirm = page.getByRole('group', { name: 'Confirm the deletion' });
  await expect(confirm).toContainText('registry sync may add it again');
  // The list read again once CHORUS's cache let go of the activation leaves the question open,
  // its answer in focus (the full run found it gone: every row was drawn anew).
  await expect.poll(() => reread, { timeout: 30_000 }).toBeGreaterThanOrEqual(1);
  // The reply read, the page drawn after it.
  await page.evaluate(() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done))));
  await expect(confirm).toBeVisible();
  await expect(confirm.getByRole('button', { name: 'Delete', exact: true })).toBeFocused();
  await confirm.getByRole('button', { name: 'Delete', exact: true }).click();
  await expect(row(page, id)).toHaveCount(0);
  await expect(page.getByRole('status').filter({ hasText: 'was deleted' })).toBeVisible();
  await expectStored(request, id, { status: 'deleted' });
  app = await stored(request, id);
  expect(String(app.name)).toMatch(/^Walk <b>app<\/b>-[0-9a-f-]{36}$/);
});

// CHORUS keeps `GET /apps/{id}` a second, filled by any read and not cleared by a write
// (fixtures/chorus/apps_catalogue.json, `getAfterUpdate`): the form's read just before its save
// was answered again for a second after it. `Deactivate` clicked in that second sent that copy
// back whole, undoing the edit while it said the app was inactive, and `Edit` showed the words
// from before the save.
async function editDescription(page: Page, words: string): Promise<void> {
  await openCatalogue(page);
  await button(page, 'Edit JupyterLab 4.2').click();
  await field(page, 'Description').fill(words);
  await button(page, 'Save').click();
  await expect(page.getByRole('status').filter({ hasText: 'JupyterLab 4.2 was saved.' })).toBeVisible();
}

test('Deactivate right after an edit keeps the edit', async ({ page, request, flavor }) => {
  test.skip(flavor !== 'chorus', "CHORUS's GetApp cache: the chorus flavor");
  await editDescription(page, 'Edited words');
  await button(page, 'Deactivate JupyterLab 4.2').click();
  // The read past CHORUS's cache takes a second: said, by its text and its name.
  await expect(button(page, 'Deactivating JupyterLab 4.2…')).toHaveText('Deactivating…');
  await expect(row(page, '1').locator('td').nth(2)).toHaveText('Inactive');
  await expectStored(request, '1', { status: 'inactive', description: 'Edited words' });
  await expect(page.getByRole('status').filter({ hasText: 'JupyterLab 4.2 is inactive' })).toBeVisible();
});

test('Edit right after a save shows the saved words, and saves on top of them', async ({ page, request, flavor }) => {
  test.skip(flavor !== 'chorus', "CHORUS's GetApp cache: the chorus flavor");
  await editDescription(page, 'Edited words');
  await button(page, 'Edit JupyterLab 4.2').click();
  await expect(field(page, 'Description')).toHaveValue('Edited words');
  await field(page, 'Category').fill('Notebooks');
  await button(page, 'Save').click();
  // No conflict with itself: saved, both changes kept.
  await expect(page.getByRole('status').filter({ hasText: 'JupyterLab 4.2 was saved.' })).toBeVisible();
  await expectStored(request, '1', { description: 'Edited words', category: 'Notebooks' });
});

test('the backend refusing the image is said next to the image fields and nothing typed is lost; empty name, tag and a 2 MB icon are said before sending', async ({
  page,
  flavor,
}) => {
  await openCatalogue(page);
  await button(page, 'New app').click();
  await button(page, 'Save').click();
  await expect(page.locator('#app-name-error')).toHaveText('Give the app a name.');
  await expect(page.locator('#app-tag-error')).toContainText('Give the image');
  await field(page, 'Name').fill('Refused');
  await field(page, 'Image name').fill('walk/refused');
  await field(page, 'Image tag').fill('1.0');
  await field(page, 'Icon URL').fill(`data:image/png;base64,${'A'.repeat(2_000_000)}`);
  await button(page, 'Save').click();
  await expect(page.locator('#app-icon-error')).toContainText('2.0 MB; at most 274 KB is accepted');
  await field(page, 'Icon URL').fill('');
  await field(page, 'Image registry').fill('elsewhere.example');
  await button(page, 'Save').click();
  const refusal = page.locator('#app-image-refusal');
  if (flavor === 'chorus') {
    await expect(refusal).toContainText('The backend takes no image registry');
  } else {
    await expect(refusal).toContainText('only from the registry registry.example.org');
  }
  await expect(field(page, 'Name')).toHaveValue('Refused');
  await expect(field(page, 'Image registry')).toHaveValue('elsewhere.example');
  if (flavor === 'default') {
    await field(page, 'Image registry').fill('registry.example.org');
    await field(page, 'Image tag').fill('missing');
    await button(page, 'Save').click();
    await expect(refusal).toHaveText('The registry has no such image: check the image\'s name and tag.');
  }
  await field(page, 'Image registry').fill('');
  await field(page, 'Image tag').fill('2.0');
  await button(page, 'Save').click();
  await expect(page.getByRole('status').filter({ hasText: 'Refused 2.0 was saved.' })).toBeVisible();
  await expect(table(page).getByText('walk/refused:2.0', { exact: true })).toBeVisible();
});

test('a researcher without createApp gets No access', async ({ page }) => {
  await loginAs(page, 'alice');
  await page.goto('/admin/apps');
  await expect(page.getByRole('heading', { level: 1, name: 'No access' })).toBeVisible();
  await expect(table(page)).toHaveCount(0);
});
