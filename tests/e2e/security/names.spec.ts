import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';

import type { APIRequestContext, Browser, Locator, Page } from '@playwright/test';

import { expect, test } from '../fixtures';
import { USERS, WORKSPACES, apiLogin, currentSeq, loginAs, requestsSince, resetServer } from '../helpers';

// Issue 45, item 4: names that lie about themselves. A bidirectional control (U+202E, the
// right-to-left override, and the like) makes `counts‮slx.txt` read as `countstxt.xls`. The
// console shows every such character in a name, a path, a title, an audit text or a
// notification as a visible marker (`<U+202E>`, domain/text.rs), and refuses to make a name
// holding one. Both flavors.

const DEMO = WORKSPACES.demo.id;
/** The example: on screen, unmarked, it reads `countstxt.xls`. */
const LIAR = 'counts\u202eslx.txt';
const MARKED = 'counts<U+202E>slx.txt';
/** Any bidirectional control (what must never reach the screen raw). */
const BIDI = /[\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]/;

test.beforeEach(async ({ request }) => {
  await resetServer(request);
});

/** Writes `name` into Demo's folder `raw`, where the dev server keeps Demo's files. */
async function seedFile(request: APIRequestContext, name: string, text: string): Promise<void> {
  const r = await request.get('/api/dev/stores');
  const dir = ((await r.json()) as { directory: string }).directory;
  await writeFile(path.join(dir, 'disk', 'workspaces', `workspace${DEMO}`, 'raw', name), text);
}

/** The text a person reads in `scope` holds no bidirectional control. */
async function expectNoRawControls(scope: Locator): Promise<void> {
  expect(await scope.innerText()).not.toMatch(BIDI);
}

async function otherBrowser(browser: Browser, baseURL: string | undefined, user: 'wendy' | 'admin'): Promise<Page> {
  const context = await browser.newContext({ baseURL });
  const page = await context.newPage();
  await loginAs(page, user);
  return page;
}

test('a file named with a right-to-left override shows a marker on the data page and on the request, to the requester and the reviewer', async ({
  page,
  browser,
  baseURL,
  flavor,
  request,
}) => {
  await seedFile(request, LIAR, 'a,b\n1,2\n');
  await loginAs(page, 'alice');
  await page.goto(`/workspaces/${DEMO}/data?store=disk&path=raw`);
  const files = page.getByTestId('files-table');
  await expect(files.getByText(MARKED, { exact: true })).toBeVisible();
  await expectNoRawControls(files);

  // Selected and asked for as it is (the path holds the real character).
  await page.getByRole('checkbox', { name: `Select ${MARKED}`, exact: true }).check();
  await page.getByRole('button', { name: 'Request extraction' }).click();
  const form = page.locator('form.request-form');
  await expect(form.locator('td.file-name')).toContainText(MARKED);
  await expectNoRawControls(form);
  await page.getByLabel('Title', { exact: true }).fill('Counts');
  await page.getByRole('button', { name: 'Submit request' }).click();
  await expect(page).toHaveURL(/\/requests\/[^/?#]+$/);
  const id = decodeURIComponent(new URL(page.url()).pathname.split('/').pop() ?? '');
  const mine = page.getByTestId('request-files');
  await expect(mine.locator('td.file-name')).toContainText(MARKED);
  await expect(mine.locator('tbody tr[data-path]')).toHaveAttribute('data-path', new RegExp(`${LIAR.replace('.', '\\.')}$`));
  await expectNoRawControls(page.locator('main'));

  // The reviewer sees the marker in the row, the preview's button and its title.
  const reviewer = await otherBrowser(browser, baseURL, flavor === 'chorus' ? 'admin' : 'wendy');
  await reviewer.goto(`/requests/${id}`);
  const theirs = reviewer.getByTestId('request-files');
  await expect(theirs.locator('td.file-name')).toContainText(MARKED);
  const shownPath = (await theirs.locator('td.file-name').innerText()).trim();
  expect(shownPath.endsWith(MARKED)).toBeTruthy();
  await reviewer.getByRole('button', { name: `Preview ${shownPath}`, exact: true }).click();
  await expect(reviewer.getByLabel(`Preview of ${shownPath}`, { exact: true })).toContainText('1,2');
  await expectNoRawControls(reviewer.locator('main'));
  await reviewer.context().close();
});

test('the console refuses to make a name that would read as something else, in words, sending nothing', async ({
  page,
  request,
  flavor,
}) => {
  await loginAs(page, flavor === 'default' ? 'alice' : 'admin');
  await page.goto(`/workspaces/${DEMO}/data?store=disk`);
  const files = page.getByTestId('files-table');
  await expect(files.getByText('notes.txt', { exact: true })).toBeVisible();
  const since = await currentSeq(request);
  const refusal = /A name cannot contain invisible characters that change the direction of text/;

  // A new folder.
  await page.getByRole('button', { name: 'New folder' }).click();
  await page.getByLabel('Folder name', { exact: true }).fill('report\u202efdp.exe');
  await page.getByRole('button', { name: 'Create folder' }).click();
  await expect(page.getByRole('alert').filter({ hasText: refusal })).toBeVisible();
  await page.getByRole('button', { name: 'Cancel', exact: true }).click();

  // A rename.
  await page.getByRole('button', { name: 'Rename notes.txt', exact: true }).click();
  await page.getByLabel('New name', { exact: true }).fill('notes\u2066.txt');
  await page.getByRole('button', { name: 'Rename', exact: true }).click();
  await expect(page.getByRole('alert').filter({ hasText: refusal })).toBeVisible();
  await page.getByRole('button', { name: 'Cancel', exact: true }).click();

  // An upload: said on its transfer row (the name shown with its marker).
  await page.getByLabel('Files to upload').setInputFiles([
    { name: 'invoice\u202efdp.exe', mimeType: 'application/octet-stream', buffer: Buffer.from('x') },
  ]);
  const dialog = page.getByRole('dialog', { name: 'Before you upload' });
  await expect(dialog).toContainText('invoice<U+202E>fdp.exe');
  const boxes = dialog.getByRole('checkbox');
  for (let i = 0; i < (await boxes.count()); i++) await boxes.nth(i).check();
  await dialog.getByRole('button', { name: 'Upload', exact: true }).click();
  const row = page.getByTestId('transfers').locator('li[data-file="invoice<U+202E>fdp.exe"]');
  await expect(row).toHaveAttribute('data-state', 'failed');
  await expect(row).toContainText(refusal);
  await expect(row).toContainText('Rename the file on this computer');

  // A request's title.
  await page.getByRole('checkbox', { name: 'Select notes.txt', exact: true }).check();
  await page.getByRole('button', { name: 'Request extraction' }).click();
  await page.getByLabel('Title', { exact: true }).fill('Counts\u202e');
  await page.getByRole('button', { name: 'Submit request' }).click();
  await expect(page.locator('.form-problems')).toContainText('A title cannot contain invisible characters');

  // A session's name.
  await page.goto(`/workspaces/${DEMO}`);
  await page.getByLabel('Session name', { exact: true }).fill('Invoice\u202efdp.exe');
  await page.getByRole('button', { name: 'Start session', exact: true }).click();
  await expect(page.locator('#new-session-name-error')).toContainText('The name cannot contain invisible characters');

  const sent = (await requestsSince(request, since)).requests.filter(
    (r) => r.method !== 'GET' && /\/(workspaces|workbenches|requests|approval)/.test(r.path),
  );
  expect(sent.map((r) => `${r.method} ${r.path}`)).toEqual([]);
});

test('audit texts and notifications show bidirectional controls as markers; the CSV too, and guards hidden formulas', async ({
  page,
  request,
}) => {
  for (const description of [`deleted /disk/raw/${LIAR}`, '\ufeff\uff1dHYPERLINK("http://x")']) {
    const made = await request.post('/api/dev/audit', {
      data: {
        actorId: USERS.wendy.id,
        action: 'UpdateWorkspace',
        workspaceId: DEMO,
        description,
        details: { file: `/disk/raw/${LIAR}` },
      },
    });
    expect(made.ok(), await made.text()).toBeTruthy();
  }
  const note = await request.post('/api/dev/notifications', {
    data: { username: 'wendy', message: `Your file ${LIAR} was checked` },
  });
  expect(note.status()).toBe(200);

  await loginAs(page, 'wendy');
  await page.goto(`/workspaces/${DEMO}/audit`);
  const table = page.getByTestId('audit-table');
  const row = table.locator('tbody tr[data-action]').filter({ hasText: `deleted /disk/raw/${MARKED}` });
  await expect(row).toBeVisible();
  await row.getByRole('button', { name: 'Details' }).click();
  await expect(table.locator('.audit-details dd').filter({ hasText: `/disk/raw/${MARKED}` }).first()).toBeVisible();
  await expectNoRawControls(table);

  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Download CSV', exact: true }).click();
  const csv = await readFile((await (await download).path()) ?? '', 'utf8');
  expect(csv).toContain(`deleted /disk/raw/${MARKED}`);
  expect(csv).not.toMatch(BIDI);
  // A formula behind a byte order mark, in a full-width form, is guarded like any.
  expect(csv).toContain(`"'\ufeff\uff1dHYPERLINK(""http://x"")"`);

  const bell = page.getByRole('button', { name: 'Notifications', exact: true });
  await bell.click();
  const panel = page.getByRole('region', { name: 'Notifications' });
  await expect(panel.getByText(`Your file ${MARKED} was checked`)).toBeVisible();
  await expectNoRawControls(panel);
});

test('a session named with a right-to-left override shows its marker in the workspace’s list and on its page', async ({
  page,
}) => {
  await loginAs(page, 'alice');
  // Made through the API (the console refuses such a name, as above).
  const response = await page.request.post('/api/rest/v1/workbenches', {
    data: { tenantId: '1', userId: USERS.alice.id, workspaceId: DEMO, name: 'Invoice\u202efdp.exe', status: 'active' },
  });
  expect(response.status(), 'POST /api/rest/v1/workbenches').toBe(200);
  const id = String(((await response.json()) as { result: { workbench: { id: string } } }).result.workbench.id);
  await page.goto(`/workspaces/${DEMO}`);
  await expect(page.getByRole('link', { name: 'Invoice<U+202E>fdp.exe', exact: true })).toBeVisible();
  await page.goto(`/workspaces/${DEMO}/sessions/${id}`);
  await expect(page.locator('h1.session-name')).toHaveText('Invoice<U+202E>fdp.exe');
});

// Issue 55, point 4: the pages of issue 49 showed them raw: the users table (and the delete
// question, whose username a dev server cannot hold: both flavors check usernames; its words are
// domain::user::deletion_words, tested natively), the app catalogue's admin table and its labels,
// organization rows and cards.

test('a user, an app and an organization whose texts hold a right-to-left override show its marker', async ({
  page,
  request,
  flavor,
}) => {
  await apiLogin(request, 'admin');
  // An app (neither flavor checks an app's name).
  const app = await request.post('/api/rest/v1/apps', {
    data: {
      name: 'Viewer\u202egnp.exe',
      description: 'reads \u202etxt.exe',
      status: 'active',
      dockerImageRegistry: '',
      dockerImageName: 'apps/bidi',
      dockerImageTag: '1.0',
      iconURL: '',
      iconBackgroundColor: '',
      stabilityStatus: 'ready',
      category: 'tools\u2066',
    },
  });
  expect(app.status(), await app.text()).toBe(200);
  const appId = String(((await app.json()) as { result: { app: { id: string | number } } }).result.app.id);
  // An organization: CHORUS checks its name and city (generalstring), not its website.
  const org = await request.post('/api/rest/v1/organizations', {
    data: {
      name: 'Bidi Centre',
      description: '',
      country: 'CH',
      city: 'Geneva',
      contactUserId: '0',
      websiteUrl: 'https://example.org/\u202egnp.exe',
    },
  });
  expect(org.status(), await org.text()).toBe(200);
  const shown = await request.post('/api/rest/v1/devstore/global', { data: { key: 'instance.displayOrganizations', value: 'true' } });
  expect(shown.ok(), await shown.text()).toBeTruthy();
  // A user: CHORUS checks every name of a user (generalstring); ours only the username.
  if (flavor === 'default') {
    const user = await request.post('/api/rest/v1/users', {
      data: {
        username: 'eve-bidi',
        firstName: 'Eve',
        lastName: 'Nimda\u202e',
        email: 'eve@example.org',
        password: 'a-long-password-1234',
        status: 'active',
        source: 'internal',
      },
    });
    expect(user.status(), await user.text()).toBe(200);
  }

  await loginAs(page, 'admin');
  if (flavor === 'default') {
    await page.goto('/admin/users');
    const users = page.getByTestId('users-table');
    await expect(users.getByText('Eve Nimda<U+202E>', { exact: true })).toBeVisible();
    await page.getByRole('button', { name: 'Delete eve-bidi', exact: true }).click();
    await expect(page.getByRole('alertdialog', { name: 'Delete user eve-bidi?' })).toBeVisible();
    await expectNoRawControls(page.locator('main'));
  }

  await page.goto('/admin/apps');
  const row = page.getByTestId('apps-table').locator(`tr[data-app-id="${appId}"]`);
  await expect(row.locator('td.app-name')).toContainText('Viewer<U+202E>gnp.exe');
  await expect(row).toContainText('tools<U+2066>');
  await expect(page.getByRole('button', { name: 'Edit Viewer<U+202E>gnp.exe 1.0', exact: true })).toBeVisible();
  await page.getByRole('button', { name: 'Delete Viewer<U+202E>gnp.exe 1.0', exact: true }).click();
  await expect(row.getByText('Delete Viewer<U+202E>gnp.exe 1.0?', { exact: false })).toBeVisible();
  await row.getByRole('button', { name: 'Cancel', exact: true }).click();
  await expectNoRawControls(page.locator('main'));

  await page.goto('/admin/organizations');
  const orgRow = page.getByTestId('organizations-table').locator('tr[data-organization-id]').filter({ hasText: 'Bidi Centre' });
  await expect(orgRow).toContainText('https://example.org/<U+202E>gnp.exe');
  await expectNoRawControls(page.locator('main'));

  await page.goto('/organizations');
  const card = page.locator('li.org-card').filter({ hasText: 'Bidi Centre' });
  await expect(card).toContainText('https://example.org/<U+202E>gnp.exe');
  await expectNoRawControls(page.locator('main'));
});
