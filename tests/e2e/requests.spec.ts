import { createHash } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';

import type { APIRequestContext, Browser, Locator, Page } from '@playwright/test';

import { expect, test } from './fixtures';
import { USERS, WORKSPACES, apiLogin, appHeader, loginAs, resetServer } from './helpers';

// Issue 40 (ui.md, "new request", "requests", "request page", "requests link"): data requests,
// the airlock. Both flavors: alice asks; Demo's data manager decides (wendy, its admin, in ours;
// admin, its creator and data manager, in the chorus flavor, as on a running CHORUS).

const DEMO = WORKSPACES.demo.id;
const GENOMICS = WORKSPACES.genomics.id;

test.beforeEach(async ({ request }) => {
  await resetServer(request);
});

function approverOf(flavor: string): 'wendy' | 'admin' {
  return flavor === 'chorus' ? 'admin' : 'wendy';
}

/** A second browser (its own cookies) signed in as `user`. */
async function otherBrowser(browser: Browser, baseURL: string | undefined, user: 'wendy' | 'admin'): Promise<Page> {
  const context = await browser.newContext({ baseURL });
  const page = await context.newPage();
  await loginAs(page, user);
  return page;
}

/** The bytes of a Demo file as the dev server keeps it (`/api/dev/stores` says where). */
async function demoBytes(request: APIRequestContext, rel: string): Promise<Buffer> {
  const r = await request.get('/api/dev/stores');
  const dir = ((await r.json()) as { directory: string }).directory;
  return readFile(path.join(dir, 'disk', 'workspaces', `workspace${DEMO}`, rel));
}

function md5(b: Buffer): string {
  return createHash('md5').update(b).digest('hex');
}

/** On Demo's data page, selects `names` in folder `folder` (`''`: the store's root). */
async function selectFiles(page: Page, folder: string, names: string[]): Promise<void> {
  const q = folder ? `?store=disk&path=${encodeURIComponent(folder)}` : '?store=disk';
  await page.goto(`/workspaces/${DEMO}/data${q}`);
  for (const name of names) {
    await page.getByRole('checkbox', { name: `Select ${name}`, exact: true }).check();
  }
  await expect(page.getByRole('status').filter({ hasText: `${names.length} selected` })).toBeVisible();
}

/** Fills the open request form and submits it; returns the new request's id (its page opens). */
async function submitRequest(page: Page, title: string, description = 'For the report'): Promise<string> {
  await page.getByLabel('Title', { exact: true }).fill(title);
  await page.getByLabel('Description', { exact: true }).fill(description);
  await page.getByRole('button', { name: 'Submit request' }).click();
  await expect(page).toHaveURL(/\/requests\/[^/?#]+$/);
  return decodeURIComponent(new URL(page.url()).pathname.split('/').pop() ?? '');
}

function steps(page: Page): Locator {
  return page.getByTestId('approval-steps');
}

async function decide(page: Page, id: string, approve: boolean, comment: string): Promise<void> {
  await page.goto(`/requests/${id}`);
  await page.getByLabel('Comment', { exact: true }).fill(comment);
  await page.getByRole('button', { name: approve ? 'Approve' : 'Reject', exact: true }).click();
  await expect(page.getByTestId('request-status')).toHaveText(approve ? 'Approved' : 'Rejected');
}

test('a researcher asks for two files; the approver sees the count, rejects with a comment, then approves; the files come back the same', async ({
  page,
  browser,
  baseURL,
  flavor,
  request,
}) => {
  test.setTimeout(120_000);
  await loginAs(page, 'alice');
  await selectFiles(page, 'raw', ['measurements.csv', 'samples.csv']);
  await page.getByRole('button', { name: 'Request extraction' }).click();
  const form = page.locator('form.request-form');
  await expect(form.getByRole('row')).toHaveCount(3);
  // Nothing without a title.
  await page.getByRole('button', { name: 'Submit request' }).click();
  await expect(form.getByRole('alert')).toContainText('A title is needed.');
  const title = '<img src=x onerror=alert(1)> Quarterly results';
  const first = await submitRequest(page, title);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(title);
  await expect(page.getByTestId('request-status')).toHaveText('Waiting for approval');
  await expect(page.getByTestId('request-files').locator('tbody tr')).toHaveCount(2);
  await expect(steps(page).locator('li[data-step="1"]')).toHaveAttribute('data-status', 'waiting');
  await expect(page.locator('img[src="x"]')).toHaveCount(0);
  // The requester cannot decide, and downloads nothing yet.
  await expect(page.getByRole('button', { name: 'Approve', exact: true })).toHaveCount(0);
  await expect(page.getByRole('button', { name: /^Download / })).toHaveCount(0);

  // The approver: the header's count (the seeded request and this one), the `To review` tab.
  const approver = await otherBrowser(browser, baseURL, approverOf(flavor));
  await approver.goto('/workspaces');
  await expect(appHeader(approver).getByTestId('requests-count')).toHaveText('2', { timeout: 15_000 });
  await appHeader(approver).getByRole('link', { name: /^Requests/ }).click();
  await approver.getByRole('tab', { name: /To review/ }).click();
  await expect(approver.getByTestId('review-count')).toHaveText('2');
  const row = approver.getByTestId('requests-table').locator(`tr[data-request-id="${first}"]`);
  await expect(row).toHaveAttribute('data-status', 'pending');
  await row.getByRole('link').click();
  await expect(approver.getByRole('heading', { level: 1 })).toHaveText(title);
  // A rejection needs a comment.
  await approver.getByRole('button', { name: 'Reject', exact: true }).click();
  await expect(approver.getByLabel('Comment', { exact: true })).toHaveAttribute('aria-invalid', 'true');
  const why = 'Row 3 <b>identifies</b> a person: aggregate it first.';
  await approver.getByLabel('Comment', { exact: true }).fill(why);
  await approver.getByRole('button', { name: 'Reject', exact: true }).click();
  await expect(approver.getByTestId('request-status')).toHaveText('Rejected');
  await expect(appHeader(approver).getByTestId('requests-count')).toHaveText('1');

  // The requester's page follows without a reload.
  await expect(page.getByTestId('request-status')).toHaveText('Rejected', { timeout: 15_000 });
  await expect(steps(page).locator('li[data-step="1"]')).toHaveAttribute('data-status', 'rejected');
  if (flavor === 'chorus') {
    // CHORUS keeps no comment: the page says so rather than showing nothing.
    await expect(steps(page)).toContainText('does not keep the approver');
  } else {
    await expect(steps(page).locator('.step-comment')).toHaveText(why);
  }

  // Asked again; approved this time.
  await selectFiles(page, 'raw', ['measurements.csv', 'samples.csv']);
  await page.getByRole('button', { name: 'Request extraction' }).click();
  const second = await submitRequest(page, 'Quarterly results, aggregated');
  await decide(approver, second, true, 'Fine now.');
  await expect(page.getByTestId('request-status')).toHaveText('Approved', { timeout: 15_000 });
  for (const name of ['measurements.csv', 'samples.csv']) {
    const button = page.getByRole('button', { name: `Download /disk/raw/${name}`, exact: true });
    const [download] = await Promise.all([page.waitForEvent('download'), button.click()]);
    expect(download.suggestedFilename()).toBe(name);
    const got = await readFile((await download.path()) ?? '');
    expect(md5(got)).toBe(md5(await demoBytes(request, `raw/${name}`)));
  }
  await expect(page.getByTestId('transfers').locator('li[data-file="samples.csv"]')).toHaveAttribute(
    'data-state',
    'done',
  );

  // Both requests in alice's list, newest first, with their statuses.
  await page.goto('/requests');
  const rows = page.getByTestId('requests-table').locator('tbody tr');
  await expect(rows.first()).toHaveAttribute('data-request-id', second);
  await expect(page.getByTestId('requests-table').locator(`tr[data-request-id="${first}"]`)).toHaveAttribute(
    'data-status',
    'rejected',
  );
  // Narrowed to one status, through the URL.
  await page.goto('/requests?status=rejected');
  await expect(rows).toHaveCount(1);
  await expect(page.getByRole('tab', { name: /To review/ })).toHaveCount(0);
  await approver.context().close();
});

test('the approver previews a small text file before deciding: its text, markup as text; the requester has none', async ({
  page,
  browser,
  baseURL,
  flavor,
  request,
}) => {
  // A note with markup beside the seeded files, written where the dev server keeps Demo's store.
  const r = await request.get('/api/dev/stores');
  const dir = ((await r.json()) as { directory: string }).directory;
  const note = '<script>window.pwned=1</script>\n<b>not bold</b>, row 3 removed\n';
  await writeFile(path.join(dir, 'disk', 'workspaces', `workspace${DEMO}`, 'raw', 'notes.txt'), note);
  await loginAs(page, 'alice');
  await selectFiles(page, 'raw', ['measurements.csv', 'notes.txt']);
  await page.getByRole('button', { name: 'Request extraction' }).click();
  const id = await submitRequest(page, 'With a note');
  // The requester: no preview (the request is the airlock).
  await expect(page.getByTestId('request-files').locator('tbody tr[data-path]')).toHaveCount(2);
  await expect(page.getByRole('button', { name: /^Preview / })).toHaveCount(0);

  const approver = await otherBrowser(browser, baseURL, approverOf(flavor));
  await approver.goto(`/requests/${id}`);
  const files = approver.getByTestId('request-files');
  const csvPath = (await files.locator('tbody tr[data-path$="measurements.csv"]').getAttribute('data-path')) ?? '';
  const notePath = (await files.locator('tbody tr[data-path$="notes.txt"]').getAttribute('data-path')) ?? '';
  const show = approver.getByRole('button', { name: `Preview ${csvPath}`, exact: true });
  await show.click();
  await expect(show).toHaveAttribute('aria-expanded', 'true');
  const csv = (await demoBytes(request, 'raw/measurements.csv')).toString('utf8');
  await expect(approver.getByLabel(`Preview of ${csvPath}`, { exact: true })).toHaveText(csv, { useInnerText: false });
  await approver.getByRole('button', { name: `Preview ${notePath}`, exact: true }).click();
  const shown = approver.getByLabel(`Preview of ${notePath}`, { exact: true });
  await expect(shown).toContainText('<script>window.pwned=1</script>');
  await expect(shown).toContainText('<b>not bold</b>');
  await expect(shown.locator('script, b')).toHaveCount(0);
  expect(await approver.evaluate(() => (window as unknown as { pwned?: number }).pwned)).toBeUndefined();
  // Hidden again with the same button; the decision is still there to make.
  await show.click();
  await expect(approver.getByLabel(`Preview of ${csvPath}`, { exact: true })).toHaveCount(0);
  await expect(approver.getByRole('button', { name: 'Approve', exact: true })).toBeVisible();
  await approver.context().close();
});

test('a transfer to another workspace arrives there once approved', async ({ page, browser, baseURL, flavor, request }) => {
  test.setTimeout(90_000);
  // Genomics gets a data manager (the seed has none): the approver of the `upload` step too.
  await apiLogin(request, 'admin');
  const who = approverOf(flavor);
  const role = flavor === 'chorus' ? 'WorkspaceDataManager' : 'WorkspaceAdmin';
  const g = await request.post(`/api/rest/v1/users/${USERS[who].id}/role`, {
    data: { role: { name: role, context: { workspace: GENOMICS } } },
  });
  expect(g.ok(), await g.text()).toBeTruthy();

  await loginAs(page, 'alice');
  await selectFiles(page, '', ['notes.txt']);
  await page.getByRole('button', { name: 'Request transfer' }).click();
  await page.getByLabel('Title', { exact: true }).fill('Notes for Genomics');
  await page.getByRole('button', { name: 'Submit request' }).click();
  await expect(page.locator('form.request-form').getByRole('alert')).toContainText('Choose the workspace');
  await page.getByLabel('Destination workspace').selectOption({ label: WORKSPACES.genomics.name });
  await expect(page.getByLabel('Destination workspace').locator('option', { hasText: WORKSPACES.demo.name })).toHaveCount(0);
  const id = await submitRequest(page, 'Notes for Genomics');
  await expect(steps(page).locator('li')).toHaveCount(2);

  const approver = await otherBrowser(browser, baseURL, who);
  await decide(approver, id, true, 'Both sides agree.');
  await expect(steps(approver).locator('li[data-status="approved"]')).toHaveCount(2);
  await expect(page.getByTestId('request-status')).toHaveText('Approved', { timeout: 15_000 });
  await page.goto(`/workspaces/${GENOMICS}/data?store=disk`);
  // Genomics has a notes.txt of its own: the one that came gets a new name beside it.
  await expect(page.getByTestId('files-table').locator('tr[data-path^="/disk/notes_"]')).toHaveCount(1);
  await approver.context().close();
});

test('files deleted meanwhile, a decision another approver made first, someone else’s request: said in words', async ({
  page,
  browser,
  baseURL,
  flavor,
  request,
}) => {
  test.setTimeout(90_000);
  await loginAs(page, 'alice');
  // A selected file deleted before the request is sent.
  await selectFiles(page, 'docs', ['README.txt']);
  await apiLogin(request, 'admin');
  const del = await request.delete(`/api/rest/v1/workspaces/${DEMO}/file/disk/docs/README.txt`);
  expect(del.ok(), await del.text()).toBeTruthy();
  await page.getByRole('button', { name: 'Request extraction' }).click();
  await page.getByLabel('Title', { exact: true }).fill('Gone meanwhile');
  await page.getByRole('button', { name: 'Submit request' }).click();
  await expect(page.getByRole('alert').filter({ hasText: 'could not be read' })).toBeVisible();
  await expect(page).toHaveURL(/\/data/);
  await expect(page.getByLabel('Title', { exact: true })).toHaveValue('Gone meanwhile');

  // The seeded request 1: its approver opens it, and the decision comes from elsewhere first.
  const who = approverOf(flavor);
  const approver = await otherBrowser(browser, baseURL, who);
  await approver.goto('/requests/1');
  await expect(approver.getByRole('button', { name: 'Approve', exact: true })).toBeVisible();
  const token = await apiLogin(approver.request, who);
  expect(token).toBeTruthy();
  const r = await approver.request.post('/api/rest/v1/approval-requests/1/approve', { data: { approve: true, comment: 'ok' } });
  expect(r.ok(), await r.text()).toBeTruthy();
  await approver.getByLabel('Comment', { exact: true }).fill('late');
  await approver.getByRole('button', { name: 'Reject', exact: true }).click();
  await expect(approver.getByRole('alert').filter({ hasText: 'decided meanwhile' })).toBeVisible();
  await expect(approver.getByTestId('request-status')).toHaveText('Approved');

  // Someone else's request: nora (in no workspace) may not read it.
  await page.goto('/requests/1');
  await expect(page.getByTestId('request-status')).toHaveText('Approved');
  await page.context().clearCookies();
  await loginAs(page, 'nora');
  await page.goto('/requests/1');
  await expect(page.getByRole('alert')).toContainText('This request does not exist, or you may not see it.');
  await approver.context().close();
});

test('the requester cancels a pending request where the backend lets them; the approver’s page says it is gone', async ({
  page,
  browser,
  baseURL,
  flavor,
}) => {
  test.skip(flavor === 'chorus', 'CHORUS 0978bc77 lets no requester cancel (deleteRequest binds a request no role names)');
  await loginAs(page, 'alice');
  const approver = await otherBrowser(browser, baseURL, 'wendy');
  await approver.goto('/requests/1');
  await expect(approver.getByRole('button', { name: 'Approve', exact: true })).toBeVisible();
  await page.goto('/requests/1');
  await page.getByRole('button', { name: 'Cancel request' }).click();
  await page.getByRole('alertdialog').getByRole('button', { name: 'Cancel request' }).click();
  await expect(page).toHaveURL(/\/requests$/);
  await approver.getByLabel('Comment', { exact: true }).fill('ok');
  await approver.getByRole('button', { name: 'Approve', exact: true }).click();
  await expect(approver.getByRole('alert').filter({ hasText: 'not there any more' })).toBeVisible();
  await approver.context().close();
});

test('a request notification is listed in words with a link to the request', async ({ page, browser, baseURL, flavor }) => {
  await loginAs(page, 'alice');
  await selectFiles(page, '', ['notes.txt']);
  await page.getByRole('button', { name: 'Request extraction' }).click();
  const id = await submitRequest(page, 'Notes, <i>please</i>');
  const approver = await otherBrowser(browser, baseURL, approverOf(flavor));
  await approver.goto('/workspaces');
  await appHeader(approver).getByRole('button', { name: /Notifications/ }).click();
  const note = approver.locator('li.notification[data-kind="request"]').filter({ hasText: 'Notes, <i>please</i>' });
  await expect(note).toBeVisible({ timeout: 40_000 });
  await note.getByRole('link').click();
  await expect(approver).toHaveURL(new RegExp(`/requests/${id}$`));
  await approver.context().close();
});

test('a request of 300 files draws the rows in view; End reaches the last file, Home the first', async ({ page, request }) => {
  // Issue 50: a folder seeded at once (`POST /api/dev/folder`), asked for whole through the API.
  const seeded = await request.post('/api/dev/folder', {
    data: { workspaceId: DEMO, store: 'disk', path: 'asked', files: 300 },
  });
  expect(seeded.ok(), await seeded.text()).toBeTruthy();
  await apiLogin(request, 'alice');
  const paths = Array.from({ length: 300 }, (_, i) => `/disk/asked/sample-${String(i + 1).padStart(6, '0')}.csv`);
  const made = await request.post('/api/rest/v1/approval-requests/data-extraction', {
    data: { sourceWorkspaceId: DEMO, title: 'Many files', description: 'issue 50', filePaths: paths },
  });
  expect(made.ok(), await made.text()).toBeTruthy();
  const id = String(((await made.json()) as { result: { approvalRequest: { id: string | number } } }).result.approvalRequest.id);

  await loginAs(page, 'alice');
  await page.goto(`/requests/${id}`);
  const files = page.getByTestId('request-files');
  await expect(files).toHaveAttribute('aria-rowcount', '301');
  const rows = files.locator('tbody tr[data-path]');
  await expect(rows.first()).toHaveAttribute('data-path', paths[0]);
  const drawn = await rows.count();
  expect(drawn, 'only the rows in view and a margin are drawn').toBeLessThan(300);
  await expect(page.getByText('300 files,', { exact: false })).toBeVisible();

  await rows.first().focus();
  await page.keyboard.press('End');
  const last = files.locator(`tbody tr[data-path="${paths[299]}"]`);
  await expect(last).toBeFocused();
  await expect(last).toHaveAttribute('aria-rowindex', '301');
  await expect(last).toBeInViewport();
  await page.keyboard.press('Home');
  await expect(files.locator(`tbody tr[data-path="${paths[0]}"]`)).toBeFocused();
});
