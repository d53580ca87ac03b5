import type { APIRequestContext, Locator, Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { WORKSPACES, apiLogin, loginAs, resetServer } from './helpers';

// Issue 56, point 1: no lost update. CHORUS replaces a record whole on every PUT, and both dev
// server flavors do the same for these records. Each test: the page loads a form; meanwhile a
// second client (the API through `request`, logged in with its own token) changes a field; then
// (a) the user changes another field and saves: both changes are kept, read back through the
// API; (b) the user changes the same field: the conflict panel names it with both values,
// nothing is sent until a choice, and each choice ends with the chosen value read back.
// Runs in both flavors (the chorus flavor adds CHORUS's caches).

test.beforeEach(async ({ request }) => {
  await resetServer(request);
});

const DEMO = WORKSPACES.demo;
const CHOICES = ['Keep mine', 'Take theirs'] as const;

type Json = Record<string, unknown>;

/** The PUT/POST bodies to `path` (a pathname or a test of it) the page sends from now on. */
function watchWrites(page: Page, method: string, path: string | RegExp): unknown[] {
  const sent: unknown[] = [];
  page.on('request', (r) => {
    const p = new URL(r.url()).pathname;
    if (r.method() === method && (typeof path === 'string' ? p === path : path.test(p))) {
      sent.push(r.postData());
    }
  });
  return sent;
}

/** The conflict panel, after a save held back: it names `label` with both values as text. */
async function expectConflict(page: Page, label: string, mine: string, theirs: string): Promise<Locator> {
  const panel = page.getByRole('alert').filter({ hasText: 'while you were editing it' });
  await expect(panel).toBeVisible();
  await expect(panel.getByRole('heading', { level: 2 })).toBeFocused();
  const field = panel.getByRole('group', { name: label, exact: true });
  await expect(field.locator('.conflict-mine')).toHaveText(mine);
  await expect(field.locator('.conflict-theirs')).toHaveText(theirs);
  return field;
}

// ---------------------------------------------------------------------------------------------
// Workspaces: the settings page and `Edit workspace` (PUT /workspaces, the whole row).

async function workspace(request: APIRequestContext, id: string): Promise<Json> {
  const r = await request.get(`/api/rest/v1/workspaces/${id}`);
  expect(r.status(), await r.text()).toBe(200);
  return ((await r.json()) as { result: { workspace: Json } }).result.workspace;
}

/** Another client's edit: the workspace as it reads it, with `changes`, sent whole. */
async function changeWorkspace(request: APIRequestContext, id: string, changes: Json): Promise<void> {
  const w = await workspace(request, id);
  const keys = ['id', 'name', 'shortName', 'description', 'status', 'isMain', 'networkPolicy', 'allowedFqdns', 'clipboard', 'visibility', 'contactUserId'];
  const body: Json = {};
  for (const k of keys) if (w[k] !== undefined && w[k] !== null) body[k] = w[k];
  const r = await request.put('/api/rest/v1/workspaces', { data: { ...body, ...changes } });
  expect(r.status(), await r.text()).toBe(200);
}

/** What the API holds of `keys` (past CHORUS's one-second cache: polled). */
async function expectWorkspace(request: APIRequestContext, id: string, want: Json): Promise<void> {
  await expect
    .poll(async () => {
      const w = await workspace(request, id);
      return Object.fromEntries(Object.keys(want).map((k) => [k, w[k]]));
    })
    .toEqual(want);
}

async function openWorkspaceSettings(page: Page): Promise<void> {
  await page.goto(`/workspaces/${DEMO.id}/settings`);
  await expect(page.getByRole('heading', { level: 1, name: 'Workspace settings' })).toBeVisible();
  await expect(page.getByLabel('Name', { exact: true })).toHaveValue(DEMO.name);
}

test.describe('workspace settings', () => {
  test('another tab changed the description: my short name goes on top, both are kept', async ({ page, request }) => {
    await loginAs(page, 'admin');
    await openWorkspaceSettings(page);
    await apiLogin(request, 'admin');
    await changeWorkspace(request, DEMO.id, { description: 'Changed in another tab' });
    await page.getByLabel('Short name', { exact: true }).fill('demo-two');
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await expect(page.getByRole('status').filter({ hasText: 'Saved.' })).toBeVisible();
    await expectWorkspace(request, DEMO.id, { shortName: 'demo-two', description: 'Changed in another tab' });
    // The form shows what was read back.
    await expect(page.getByLabel('Description', { exact: true })).toHaveValue('Changed in another tab');
  });

  for (const choice of CHOICES) {
    test(`both changed the description: the conflict is said, nothing is sent, ${choice} saves that`, async ({ page, request }) => {
      await loginAs(page, 'admin');
      await openWorkspaceSettings(page);
      await apiLogin(request, 'admin');
      await changeWorkspace(request, DEMO.id, { description: 'Theirs' });
      const sent = watchWrites(page, 'PUT', '/api/rest/v1/workspaces');
      await page.getByLabel('Description', { exact: true }).fill('Mine');
      await page.getByLabel('Short name', { exact: true }).fill('demo-mine');
      await page.getByRole('button', { name: 'Save', exact: true }).click();
      const field = await expectConflict(page, 'Description', 'Mine', 'Theirs');
      await expect(page.getByRole('status').filter({ hasText: 'Saved.' })).toHaveCount(0);
      expect(sent).toHaveLength(0);
      await field.getByRole('button', { name: choice, exact: true }).click();
      await expect(page.getByRole('status').filter({ hasText: 'Saved.' })).toBeVisible();
      const description = choice === 'Keep mine' ? 'Mine' : 'Theirs';
      await expectWorkspace(request, DEMO.id, { description, shortName: 'demo-mine' });
      await expect(page.getByLabel('Description', { exact: true })).toHaveValue(description);
    });
  }
});

// The about text lives in the workspace's dev-store key `config` (JSON with `descriptionMarkdown`),
// written after the row: it takes part in the same three-way comparison.
async function workspaceAbout(request: APIRequestContext, id: string): Promise<string> {
  const r = await request.get(`/api/rest/v1/devstore/workspace/${id}/config`);
  expect(r.status(), await r.text()).toBe(200);
  const value = ((await r.json()) as { result: { value?: string } }).result.value;
  return value ? (JSON.parse(value) as { descriptionMarkdown?: string }).descriptionMarkdown ?? '' : '';
}

async function changeWorkspaceAbout(request: APIRequestContext, id: string, about: string): Promise<void> {
  const value = JSON.stringify({ descriptionMarkdown: about, resources: { preset: 'kept' } });
  const r = await request.post(`/api/rest/v1/devstore/workspace/${id}`, { data: { key: 'config', value } });
  expect(r.status(), await r.text()).toBe(200);
}

test.describe('workspace settings: the about text', () => {
  test('another tab changed the about text: my description goes on top, both are kept', async ({ page, request }) => {
    await loginAs(page, 'admin');
    await openWorkspaceSettings(page);
    await apiLogin(request, 'admin');
    await changeWorkspaceAbout(request, DEMO.id, 'Their about');
    const about = watchWrites(page, 'POST', `/api/rest/v1/devstore/workspace/${DEMO.id}`);
    await page.getByLabel('Description', { exact: true }).fill('My description');
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await expect(page.getByRole('status').filter({ hasText: 'Saved.' })).toBeVisible();
    await expectWorkspace(request, DEMO.id, { description: 'My description' });
    expect(await workspaceAbout(request, DEMO.id)).toBe('Their about');
    expect(about).toHaveLength(0);
    await expect(page.getByLabel('About this workspace', { exact: true })).toHaveValue('Their about');
  });

  for (const choice of CHOICES) {
    test(`both changed the about text: the conflict is said, nothing is sent, ${choice} saves that`, async ({ page, request }) => {
      await loginAs(page, 'admin');
      await openWorkspaceSettings(page);
      await apiLogin(request, 'admin');
      await changeWorkspaceAbout(request, DEMO.id, 'Their about');
      const rows = watchWrites(page, 'PUT', '/api/rest/v1/workspaces');
      const about = watchWrites(page, 'POST', `/api/rest/v1/devstore/workspace/${DEMO.id}`);
      await page.getByLabel('About this workspace', { exact: true }).fill('My about');
      await page.getByRole('button', { name: 'Save', exact: true }).click();
      const field = await expectConflict(page, 'About this workspace', 'My about', 'Their about');
      await expect(page.getByRole('status').filter({ hasText: 'Saved.' })).toHaveCount(0);
      expect([...rows, ...about]).toHaveLength(0);
      await field.getByRole('button', { name: choice, exact: true }).click();
      await expect(page.getByRole('status').filter({ hasText: 'Saved.' })).toBeVisible();
      const want = choice === 'Keep mine' ? 'My about' : 'Their about';
      await expect.poll(() => workspaceAbout(request, DEMO.id)).toBe(want);
      await expect(page.getByLabel('About this workspace', { exact: true })).toHaveValue(want);
      if (choice === 'Keep mine') {
        // Written over what is stored now: the other keys of `config` are kept.
        const r = await request.get(`/api/rest/v1/devstore/workspace/${DEMO.id}/config`);
        const value = ((await r.json()) as { result: { value: string } }).result.value;
        expect(JSON.parse(value).resources).toEqual({ preset: 'kept' });
      } else {
        expect(about).toHaveLength(0);
      }
    });
  }
});

test.describe('Edit workspace', () => {
  async function openEdit(page: Page): Promise<void> {
    await page.goto(`/workspaces/${DEMO.id}`);
    await expect(page.getByRole('heading', { level: 1, name: DEMO.name })).toBeVisible();
    await page.getByRole('button', { name: 'Edit workspace', exact: true }).click();
    await expect(page.getByLabel('Name', { exact: true })).toHaveValue(DEMO.name);
  }

  test('another tab changed the description: my rename goes on top, both are kept', async ({ page, request }) => {
    await loginAs(page, 'admin');
    await openEdit(page);
    await apiLogin(request, 'admin');
    await changeWorkspace(request, DEMO.id, { description: 'Changed in another tab', clipboard: 'to-server' });
    await page.getByLabel('Name', { exact: true }).fill('Demo Renamed');
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Demo Renamed' })).toBeVisible();
    await expectWorkspace(request, DEMO.id, { name: 'Demo Renamed', description: 'Changed in another tab', clipboard: 'to-server' });
  });

  for (const choice of CHOICES) {
    test(`both renamed it: the conflict is said, nothing is sent, ${choice} saves that`, async ({ page, request }) => {
      await loginAs(page, 'admin');
      await openEdit(page);
      await apiLogin(request, 'admin');
      await changeWorkspace(request, DEMO.id, { name: 'Demo Theirs' });
      const sent = watchWrites(page, 'PUT', '/api/rest/v1/workspaces');
      await page.getByLabel('Name', { exact: true }).fill('Demo Mine');
      await page.getByRole('button', { name: 'Save', exact: true }).click();
      const field = await expectConflict(page, 'Name', 'Demo Mine', 'Demo Theirs');
      expect(sent).toHaveLength(0);
      await field.getByRole('button', { name: choice, exact: true }).click();
      const name = choice === 'Keep mine' ? 'Demo Mine' : 'Demo Theirs';
      await expect(page.getByRole('heading', { level: 1, name })).toBeVisible();
      await expectWorkspace(request, DEMO.id, { name });
    });
  }
});

// ---------------------------------------------------------------------------------------------
// Platform settings: the dev store's `instance.*` keys and CHORUS's record (replaced whole).

async function platformRecord(request: APIRequestContext): Promise<Json> {
  const r = await request.get('/api/rest/v1/platform-settings');
  expect(r.status(), await r.text()).toBe(200);
  return ((await r.json()) as { result: { platformSettings: Json } }).result.platformSettings;
}

async function globals(request: APIRequestContext): Promise<Record<string, string>> {
  const r = await request.get('/api/rest/v1/devstore/global');
  expect(r.status(), await r.text()).toBe(200);
  return ((await r.json()) as { result: { entries: Record<string, string> } }).result.entries;
}

/** Another admin's save of the tagline: the dev-store key and the record (whole), as a console does. */
async function changeTagline(request: APIRequestContext, tagline: string): Promise<void> {
  const put = await request.post('/api/rest/v1/devstore/global', { data: { key: 'instance.tagline', value: tagline } });
  expect(put.status(), await put.text()).toBe(200);
  const rec = await platformRecord(request);
  const body = { ...rec, tagline };
  const r = await request.put('/api/rest/v1/platform-settings', { data: { platformSettings: body } });
  expect(r.status(), await r.text()).toBe(200);
}

async function expectPlatform(request: APIRequestContext, want: { headline?: string; tagline: string }): Promise<void> {
  await expect
    .poll(async () => {
      const g = await globals(request);
      return { headline: g['instance.headline'], tagline: g['instance.tagline'] };
    })
    .toMatchObject(want);
  // CHORUS keeps its record five seconds and a put does not clear that.
  await expect
    .poll(async () => {
      const r = await platformRecord(request);
      return { headline: r.headline, tagline: r.tagline };
    }, { timeout: 15_000 })
    .toMatchObject(want);
}

async function openPlatformSettings(page: Page): Promise<void> {
  await page.goto('/admin/settings');
  await expect(page.getByRole('heading', { level: 1, name: 'Platform settings' })).toBeVisible();
  await expect(page.getByLabel('Platform name', { exact: true })).toBeVisible();
}

test.describe('platform settings', () => {
  test('another admin changed the tagline: my headline goes on top, both are kept (dev store and record)', async ({ page, request }) => {
    await loginAs(page, 'admin');
    await openPlatformSettings(page);
    await apiLogin(request, 'admin');
    await changeTagline(request, 'Theirs tagline');
    await page.getByLabel('Headline', { exact: true }).fill('My headline');
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await expect(page.getByText('The platform settings are saved.')).toBeVisible();
    await expectPlatform(request, { headline: 'My headline', tagline: 'Theirs tagline' });
    await expect(page.getByLabel('Tagline', { exact: true })).toHaveValue('Theirs tagline');
  });

  for (const choice of CHOICES) {
    test(`both changed the tagline: the conflict is said, nothing is sent, ${choice} saves that`, async ({ page, request }) => {
      await loginAs(page, 'admin');
      await openPlatformSettings(page);
      await apiLogin(request, 'admin');
      await changeTagline(request, 'Theirs tagline');
      const puts = watchWrites(page, 'PUT', '/api/rest/v1/platform-settings');
      const posts = watchWrites(page, 'POST', '/api/rest/v1/devstore/global');
      await page.getByLabel('Tagline', { exact: true }).fill('My tagline');
      await page.getByRole('button', { name: 'Save', exact: true }).click();
      const field = await expectConflict(page, 'Tagline', 'My tagline', 'Theirs tagline');
      await expect(page.getByText('The platform settings are saved.')).toHaveCount(0);
      expect([...puts, ...posts]).toHaveLength(0);
      await field.getByRole('button', { name: choice, exact: true }).click();
      await expect(page.getByText('The platform settings are saved.')).toBeVisible();
      const tagline = choice === 'Keep mine' ? 'My tagline' : 'Theirs tagline';
      await expectPlatform(request, { tagline });
      await expect(page.getByLabel('Tagline', { exact: true })).toHaveValue(tagline);
    });
  }
});

// ---------------------------------------------------------------------------------------------
// An app of the catalogue (PUT /apps, the whole row).

const APPS = '/api/rest/v1/apps';

async function app(request: APIRequestContext, id: string): Promise<Json> {
  const r = await request.get(`${APPS}/${id}`);
  expect(r.status(), await r.text()).toBe(200);
  return ((await r.json()) as { result: { app: Json } }).result.app;
}

async function changeApp(request: APIRequestContext, id: string, changes: Json): Promise<void> {
  const a = await app(request, id);
  delete a.groupedVersions;
  const r = await request.put(APPS, { data: { ...a, ...changes } });
  expect(r.status(), await r.text()).toBe(200);
}

async function expectApp(request: APIRequestContext, id: string, want: Json): Promise<void> {
  await expect.poll(async () => app(request, id)).toMatchObject(want);
}

async function openAppEdit(page: Page): Promise<void> {
  await page.goto('/admin/apps');
  await expect(page.getByRole('heading', { level: 1, name: 'App catalogue' })).toBeVisible();
  await page.getByRole('button', { name: 'Edit JupyterLab 4.2', exact: true }).click();
  await expect(page.getByLabel('Description', { exact: true })).toHaveValue('Notebooks for Python, R and Julia');
}

test.describe('app', () => {
  test('another admin changed the description: my category goes on top, both are kept', async ({ page, request }) => {
    await loginAs(page, 'admin');
    await openAppEdit(page);
    await apiLogin(request, 'admin');
    await changeApp(request, '1', { description: 'Theirs words' });
    await page.getByLabel('Category', { exact: true }).fill('My category');
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await expect(page.getByRole('status').filter({ hasText: 'JupyterLab 4.2 was saved.' })).toBeVisible();
    await expectApp(request, '1', { description: 'Theirs words', category: 'My category' });
  });

  for (const choice of CHOICES) {
    test(`both changed the description: the conflict is said, nothing is sent, ${choice} saves that`, async ({ page, request }) => {
      await loginAs(page, 'admin');
      await openAppEdit(page);
      await apiLogin(request, 'admin');
      await changeApp(request, '1', { description: 'Theirs words' });
      const sent = watchWrites(page, 'PUT', APPS);
      await page.getByLabel('Description', { exact: true }).fill('My words');
      await page.getByRole('button', { name: 'Save', exact: true }).click();
      const field = await expectConflict(page, 'Description', 'My words', 'Theirs words');
      expect(sent).toHaveLength(0);
      await field.getByRole('button', { name: choice, exact: true }).click();
      await expect(page.getByRole('status').filter({ hasText: 'JupyterLab 4.2 was saved.' })).toBeVisible();
      await expectApp(request, '1', { description: choice === 'Keep mine' ? 'My words' : 'Theirs words' });
    });
  }
});

// ---------------------------------------------------------------------------------------------
// An organization (PUT /organizations/{id}, the whole row; CHORUS keeps a read five seconds).

const ORGS = '/api/rest/v1/organizations';
const ORG = { name: 'Geneva Centre', description: 'Hospital research centre', country: 'CH', city: 'Geneva', websiteUrl: 'https://example.org' };

async function createOrganization(request: APIRequestContext): Promise<string> {
  const r = await request.post(ORGS, { data: ORG });
  expect(r.status(), await r.text()).toBe(200);
  return String(((await r.json()) as { result: { organization: { id: string } } }).result.organization.id);
}

async function changeOrganization(request: APIRequestContext, id: string, changes: Json): Promise<void> {
  const r = await request.put(`${ORGS}/${id}`, { data: { ...ORG, ...changes } });
  expect(r.status(), await r.text()).toBe(200);
}

async function expectOrganization(request: APIRequestContext, id: string, want: Json): Promise<void> {
  await expect
    .poll(async () => {
      const r = await request.get(`${ORGS}/${id}`);
      return ((await r.json()) as { result: { organization: Json } }).result.organization;
    }, { timeout: 15_000 })
    .toMatchObject(want);
}

async function openOrganizationEdit(page: Page): Promise<void> {
  await page.goto('/admin/organizations');
  await page.getByRole('button', { name: `Edit ${ORG.name}`, exact: true }).click();
  await expect(page.getByLabel('City', { exact: true })).toHaveValue(ORG.city);
}

test.describe('organization', () => {
  test('another admin changed the description: my city goes on top, both are kept', async ({ page, request }) => {
    await apiLogin(request, 'admin');
    const id = await createOrganization(request);
    await loginAs(page, 'admin');
    await openOrganizationEdit(page);
    await changeOrganization(request, id, { description: 'Theirs words' });
    await page.getByLabel('City', { exact: true }).fill('Lausanne');
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await expectOrganization(request, id, { description: 'Theirs words', city: 'Lausanne' });
  });

  for (const choice of CHOICES) {
    test(`both changed the description: the conflict is said, nothing is sent, ${choice} saves that`, async ({ page, request }) => {
      await apiLogin(request, 'admin');
      const id = await createOrganization(request);
      await loginAs(page, 'admin');
      await openOrganizationEdit(page);
      await changeOrganization(request, id, { description: 'Theirs words' });
      const sent = watchWrites(page, 'PUT', `${ORGS}/${id}`);
      await page.getByLabel('Description', { exact: true }).fill('My words');
      await page.getByRole('button', { name: 'Save', exact: true }).click();
      const field = await expectConflict(page, 'Description', 'My words', 'Theirs words');
      expect(sent).toHaveLength(0);
      await field.getByRole('button', { name: choice, exact: true }).click();
      await expectOrganization(request, id, { description: choice === 'Keep mine' ? 'My words' : 'Theirs words' });
    });
  }
});

// ---------------------------------------------------------------------------------------------
// A user (PUT /users, the profile whole).

const BOB = '3';

async function user(request: APIRequestContext, id: string): Promise<Json> {
  const r = await request.get(`/api/rest/v1/users/${id}`);
  expect(r.status(), await r.text()).toBe(200);
  return ((await r.json()) as { result: { user: Json } }).result.user;
}

async function changeUser(request: APIRequestContext, id: string, changes: Json): Promise<void> {
  const u = await user(request, id);
  const body: Json = {};
  for (const k of ['id', 'username', 'firstName', 'lastName', 'email', 'status', 'source']) body[k] = u[k];
  const r = await request.put('/api/rest/v1/users', { data: { ...body, ...changes } });
  expect(r.status(), await r.text()).toBe(200);
}

async function expectUser(request: APIRequestContext, id: string, want: Json): Promise<void> {
  await expect.poll(async () => user(request, id)).toMatchObject(want);
}

async function openUserEdit(page: Page): Promise<string> {
  await page.goto('/admin/users');
  await page.getByRole('button', { name: 'Edit bob', exact: true }).click();
  const first = page.getByLabel('First name', { exact: true });
  await expect(first).not.toHaveValue('');
  return first.inputValue();
}

test.describe('user', () => {
  test('another admin changed the last name: my email goes on top, both are kept', async ({ page, request }) => {
    await loginAs(page, 'admin');
    await openUserEdit(page);
    await apiLogin(request, 'admin');
    await changeUser(request, BOB, { lastName: 'Theirs' });
    await page.getByLabel('Email', { exact: true }).fill('bob.mine@example.org');
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await expect(page.getByRole('heading', { name: /^Edit user/ })).toHaveCount(0);
    await expectUser(request, BOB, { lastName: 'Theirs', email: 'bob.mine@example.org' });
  });

  for (const choice of CHOICES) {
    test(`both changed the last name: the conflict is said, nothing is sent, ${choice} saves that`, async ({ page, request }) => {
      await loginAs(page, 'admin');
      await openUserEdit(page);
      await apiLogin(request, 'admin');
      await changeUser(request, BOB, { lastName: 'Theirs' });
      const sent = watchWrites(page, 'PUT', '/api/rest/v1/users');
      await page.getByLabel('Last name', { exact: true }).fill('Mine');
      await page.getByRole('button', { name: 'Save', exact: true }).click();
      const field = await expectConflict(page, 'Last name', 'Mine', 'Theirs');
      expect(sent).toHaveLength(0);
      await field.getByRole('button', { name: choice, exact: true }).click();
      await expect(page.getByRole('heading', { name: /^Edit user/ })).toHaveCount(0);
      await expectUser(request, BOB, { lastName: choice === 'Keep mine' ? 'Mine' : 'Theirs' });
    });
  }
});

// ---------------------------------------------------------------------------------------------
// `Edit session` on a session's page (PUT /workbenches: name and description whole).

async function createSession(request: APIRequestContext, name: string): Promise<string> {
  const r = await request.post('/api/rest/v1/workbenches', {
    data: { tenantId: '1', userId: '2', workspaceId: DEMO.id, name, description: 'First words', status: 'active' },
  });
  expect(r.ok(), await r.text()).toBeTruthy();
  return String(((await r.json()) as { result: { workbench: { id: string | number } } }).result.workbench.id);
}

async function workbench(request: APIRequestContext, id: string): Promise<Json> {
  const r = await request.get(`/api/rest/v1/workbenches/${id}`);
  expect(r.status(), await r.text()).toBe(200);
  return ((await r.json()) as { result: { workbench: Json } }).result.workbench;
}

async function changeSession(request: APIRequestContext, id: string, changes: Json): Promise<void> {
  const w = await workbench(request, id);
  const r = await request.put('/api/rest/v1/workbenches', {
    data: { id: w.id, name: w.name, shortName: w.shortName ?? '', description: w.description ?? '', ...changes },
  });
  expect(r.status(), await r.text()).toBe(200);
}

async function openSessionEdit(page: Page, id: string): Promise<void> {
  await page.goto(`/workspaces/${DEMO.id}/sessions/${id}`);
  await expect(page.getByRole('heading', { name: 'Before', level: 1 })).toBeVisible();
  await page.getByRole('button', { name: 'Edit session', exact: true }).click();
  await expect(page.getByLabel('Session name', { exact: true })).toHaveValue('Before');
}

test.describe('session edit', () => {
  test('another tab changed the description: my new name goes on top, both are kept', async ({ page }) => {
    await apiLogin(page.request, 'alice');
    const id = await createSession(page.request, 'Before');
    await openSessionEdit(page, id);
    await changeSession(page.request, id, { description: 'Theirs words' });
    await page.getByLabel('Session name', { exact: true }).fill('After');
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await expect(page.getByRole('heading', { name: 'After', level: 1 })).toBeVisible();
    await expect.poll(async () => workbench(page.request, id)).toMatchObject({ name: 'After', description: 'Theirs words' });
  });

  for (const choice of CHOICES) {
    test(`both changed the description: the conflict is said, nothing is sent, ${choice} saves that`, async ({ page }) => {
      await apiLogin(page.request, 'alice');
      const id = await createSession(page.request, 'Before');
      await openSessionEdit(page, id);
      await changeSession(page.request, id, { description: 'Theirs words' });
      const sent = watchWrites(page, 'PUT', '/api/rest/v1/workbenches');
      await page.getByLabel('Description', { exact: true }).fill('My words');
      await page.getByRole('button', { name: 'Save', exact: true }).click();
      const field = await expectConflict(page, 'Description', 'My words', 'Theirs words');
      expect(sent).toHaveLength(0);
      await field.getByRole('button', { name: choice, exact: true }).click();
      await expect(page.getByRole('button', { name: 'Edit session', exact: true })).toBeFocused();
      await expect
        .poll(async () => workbench(page.request, id))
        .toMatchObject({ description: choice === 'Keep mine' ? 'My words' : 'Theirs words' });
    });
  }
});

// ---------------------------------------------------------------------------------------------
// A service's parameters (PUT /workspace-service-instances, the whole row; values key by key).

const SERVICES = '/api/rest/v1/workspace-service-instances';

async function addService(request: APIRequestContext, values: string): Promise<string> {
  const r = await request.post(SERVICES, {
    data: {
      workspaceId: DEMO.id,
      name: 'postgres',
      state: 'Running',
      chartRegistry: 'harbor.int.chorus-tre.ch',
      chartRepository: 'services/postgres',
      chartTag: '0.0.4',
      valuesOverrideJson: values,
    },
  });
  expect(r.status(), await r.text()).toBe(200);
  return String(((await r.json()) as { result: { workspaceServiceInstance: Json } }).result.workspaceServiceInstance.id);
}

async function service(request: APIRequestContext, id: string): Promise<Json> {
  const r = await request.get(`${SERVICES}/${id}`);
  expect(r.status(), await r.text()).toBe(200);
  return ((await r.json()) as { result: { workspaceServiceInstance: Json } }).result.workspaceServiceInstance;
}

async function changeValues(request: APIRequestContext, id: string, values: string): Promise<void> {
  const s = await service(request, id);
  const r = await request.put(SERVICES, { data: { ...s, valuesOverrideJson: values } });
  expect(r.status(), await r.text()).toBe(200);
}

async function storedValues(request: APIRequestContext, id: string): Promise<unknown> {
  return JSON.parse(String((await service(request, id)).valuesOverrideJson));
}

async function openParameters(page: Page): Promise<Locator> {
  await page.goto(`/workspaces/${DEMO.id}/services`);
  const row = page.getByTestId('services-table').locator('tr[data-service-id]').filter({
    has: page.locator('td.service-name', { hasText: /^postgres$/ }),
  });
  await row.getByRole('button', { name: 'Parameters', exact: true }).click();
  await expect(row.getByLabel('Values (JSON)')).toHaveValue(/"replicas": 1/);
  return row;
}

test.describe('service parameters', () => {
  const BEFORE = '{"auth": {"database": "app"}, "replicas": 1}';

  test('another admin changed replicas: my database goes on top, both are kept', async ({ page, request }) => {
    await apiLogin(request, 'wendy');
    const id = await addService(request, BEFORE);
    await loginAs(page, 'wendy');
    const row = await openParameters(page);
    await changeValues(request, id, '{"auth": {"database": "app"}, "replicas": 2}');
    await row.getByLabel('Values (JSON)').fill('{"auth": {"database": "science"}, "replicas": 1}');
    await row.getByRole('button', { name: 'Save', exact: true }).click();
    await expect(page.getByRole('status').filter({ hasText: 'The parameters of postgres were saved.' })).toBeVisible();
    await expect.poll(() => storedValues(request, id)).toEqual({ auth: { database: 'science' }, replicas: 2 });
  });

  for (const choice of CHOICES) {
    test(`both changed replicas: the conflict is said, nothing is sent, ${choice} saves that`, async ({ page, request }) => {
      await apiLogin(request, 'wendy');
      const id = await addService(request, BEFORE);
      await loginAs(page, 'wendy');
      const row = await openParameters(page);
      await changeValues(request, id, '{"auth": {"database": "app"}, "replicas": 2}');
      const sent = watchWrites(page, 'PUT', SERVICES);
      await row.getByLabel('Values (JSON)').fill('{"auth": {"database": "app"}, "replicas": 3}');
      await row.getByRole('button', { name: 'Save', exact: true }).click();
      const field = await expectConflict(page, 'replicas', '3', '2');
      expect(sent).toHaveLength(0);
      await field.getByRole('button', { name: choice, exact: true }).click();
      await expect(page.getByRole('status').filter({ hasText: 'The parameters of postgres were saved.' })).toBeVisible();
      await expect
        .poll(() => storedValues(request, id))
        .toEqual({ auth: { database: 'app' }, replicas: choice === 'Keep mine' ? 3 : 2 });
    });
  }
});

// ---------------------------------------------------------------------------------------------
// A role in the permission matrix (PUT /authorization/roles/{name}, its permissions whole: an
// extension of ours, so the default flavor only). A cell is granted or not: no conflict.

test.describe('role', () => {
  test('another admin granted a permission meanwhile: my toggle goes on top, both are kept', async ({ page, request, flavor }) => {
    test.skip(flavor === 'chorus', 'CHORUS cannot edit roles');
    await loginAs(page, 'admin');
    await page.goto('/admin/roles');
    const cell = (p: string) => page.getByTestId('permission-matrix').getByRole('checkbox', { name: `DataSteward: ${p}`, exact: true });
    await expect(cell('createWorkbench')).not.toBeChecked();
    await apiLogin(request, 'admin');
    const got = await request.get('/api/rest/v1/authorization/roles/DataSteward');
    expect(got.status(), await got.text()).toBe(200);
    const role = ((await got.json()) as { result: { role: Json } }).result.role;
    const theirs = [...(role.permissions as string[]), 'listUsers'];
    const put = await request.put('/api/rest/v1/authorization/roles/DataSteward', { data: { role: { ...role, permissions: theirs } } });
    expect(put.status(), await put.text()).toBe(200);
    await cell('createWorkbench').check();
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await expect(page.getByText('Saved DataSteward.')).toBeVisible();
    await expect
      .poll(async () => {
        const r = await request.get('/api/rest/v1/authorization/roles/DataSteward');
        return ((await r.json()) as { result: { role: { permissions: string[] } } }).result.role.permissions;
      })
      .toEqual(expect.arrayContaining(['listUsers', 'createWorkbench', 'getWorkspace']));
    await expect(cell('listUsers')).toBeChecked();
  });
});
