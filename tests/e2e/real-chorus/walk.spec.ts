import { expect, test, type BrowserContext, type ConsoleMessage, type Page } from '@playwright/test';
import { createHmac } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { writePatternFile } from '../pattern-file';

// A new user's walk on a running CHORUS (issue 38), run by real-chorus.config.ts only when
// CHORUS_URL and the steward's login are given. What it checks is what broke there while every
// test of our imitation was green: a panic when signing out from Members, a refusal of one's own
// new session, `Stop` offered where CHORUS has none, an empty bell, the header's `Idle` while a
// session starts; and sign-in, a wrong password, a new workspace, members, a platform user
// manager, sharing, sign-out twice. Issue 39: the workspace's data there (a folder, three uploads
// of which one 200 MB and one cancelled, a rename, a download CHORUS cannot give, a member who may
// not upload).

const USER = process.env.CHORUS_USER ?? '';
const PASSWORD = process.env.CHORUS_PASSWORD ?? '';
const LOGIN_URL = /\/login(?:[?#].*)?$/;
const PANIC = /panicked|unreachable/i;

test.skip(!process.env.CHORUS_URL || !USER || !PASSWORD, 'CHORUS_URL, CHORUS_USER and CHORUS_PASSWORD are not all set');

/** Console lines and page errors that say the app panicked, for every page of `context`. */
function watchPanics(context: BrowserContext): string[] {
  const seen: string[] = [];
  const watch = (page: Page) => {
    page.on('console', (m: ConsoleMessage) => {
      if (PANIC.test(m.text())) seen.push(`${page.url()}: ${m.text()}`);
    });
    page.on('pageerror', (e) => {
      if (PANIC.test(String(e))) seen.push(`${page.url()}: ${String(e)}`);
    });
  };
  context.pages().forEach(watch);
  context.on('page', watch);
  return seen;
}

/** A token of the steward's, straight from CHORUS (for what the walk sets through the API). */
async function stewardToken(page: Page): Promise<string> {
  const r = await page.request.post(`${process.env.CHORUS_URL}/api/rest/v1/authentication/login`, {
    data: { username: USER, password: PASSWORD },
  });
  expect(r.status(), await r.text()).toBe(200);
  return ((await r.json()) as { result: { token: string } }).result.token;
}

async function signIn(page: Page, user: string, password: string): Promise<void> {
  await page.goto('/login');
  await page.getByLabel('Username', { exact: true }).fill(user);
  await page.getByLabel('Password', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
}

/** `name` in `dir`, `size` bytes that differ from part to part. */
async function bigFile(dir: string, name: string, size: number, seed: number): Promise<string> {
  const file = path.join(dir, name);
  await writePatternFile(file, size, seed);
  return file;
}

async function signOut(page: Page): Promise<void> {
  await page.getByRole('banner').getByRole('button', { name: 'Sign out', exact: true }).click();
  await expect(page).toHaveURL(LOGIN_URL, { timeout: 10_000 });
  await expect(page.getByRole('button', { name: 'Sign in', exact: true })).toBeVisible();
}

/** Accepts the terms of use when the console shows them (a CHORUS with a published version). */
async function acceptTermsIfAsked(page: Page): Promise<boolean> {
  // The checkbox, not the heading: /admin/terms is headed `Terms of use` too.
  const box = page.getByRole('checkbox', { name: 'I have read and accept these terms' });
  // Either the terms, or the console's own navigation (shown once the gate is open) for a while.
  const main = page.getByRole('navigation', { name: 'Main' });
  await expect(box.or(main).first()).toBeVisible({ timeout: 20_000 });
  const asked = await box.waitFor({ timeout: 3_000 }).then(
    () => true,
    () => false,
  );
  if (!asked) return false;
  await box.check();
  await page.getByRole('button', { name: 'Accept', exact: true }).click();
  await expect(box).toHaveCount(0, { timeout: 15_000 });
  return true;
}

/** RFC 6238 (HMAC-SHA1, 30 s, 6 digits) of a base32 secret. */
function totp(secret: string, ms = Date.now()): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = '';
  for (const c of secret.replace(/[\s=]/g, '').toUpperCase()) bits += alphabet.indexOf(c).toString(2).padStart(5, '0');
  const bytes: number[] = [];
  for (let i = 0; i + 8 <= bits.length; i += 8) bytes.push(parseInt(bits.slice(i, i + 8), 2));
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(Math.floor(ms / 30_000)));
  const mac = createHmac('sha1', Buffer.from(bytes)).update(counter).digest();
  const offset = mac[mac.length - 1] & 0x0f;
  return String((mac.readUInt32BE(offset) & 0x7fffffff) % 1_000_000).padStart(6, '0');
}

test('a new user walks the console on a running CHORUS', async ({ browser }) => {
  const stamp = Date.now().toString(36);
  const steward = await browser.newContext();
  const panics = watchPanics(steward);
  const page = await steward.newPage();

  await test.step('a wrong password is said in words', async () => {
    await signIn(page, USER, `${PASSWORD}-wrong`);
    await expect(page.getByRole('alert')).toBeVisible();
    await expect(page).toHaveURL(LOGIN_URL);
  });

  await test.step('sign in', async () => {
    await signIn(page, USER, PASSWORD);
    await expect(page).not.toHaveURL(LOGIN_URL);
    // A version published since the steward last accepted (another spec's, or an admin's).
    await acceptTermsIfAsked(page);
    await expect(page.getByRole('heading', { name: 'Workspaces' })).toBeVisible();
  });

  const workspace = `walk-${stamp}`;
  let workspacePath = '';
  await test.step('a new workspace', async () => {
    await page.getByRole('button', { name: 'New workspace', exact: true }).click();
    await page.getByLabel('Name', { exact: true }).fill(workspace);
    await page.getByLabel('Short name', { exact: true }).fill(`w${stamp}`.slice(0, 10));
    await page.getByRole('button', { name: 'Create workspace', exact: true }).click();
    await expect(page).toHaveURL(/\/workspaces\/\d+$/);
    workspacePath = new URL(page.url()).pathname;
  });

  await test.step('data: a folder, three uploads (one 200 MB, one cancelled), a rename, no download', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'walk-data-'));
    try {
      const big = await bigFile(dir, 'big.bin', 200 * 1024 * 1024, 7);
      const cancel = await bigFile(dir, 'cancel.bin', 200 * 1024 * 1024, 9);
      const small = path.join(dir, 'small.csv');
      await writeFile(small, 'id,value\n1,2\n');
      await page.goto(workspacePath);
      await page.locator('main').getByRole('link', { name: 'Data', exact: true }).click();
      await expect(page.getByRole('heading', { name: 'Data', level: 1 })).toBeVisible();
      const table = page.getByTestId('files-table');
      // CHORUS answers 500 for the root of a store never written to: an empty folder, in words.
      await expect(page.getByText(/Nothing here yet: this store holds no file of this workspace/)).toBeVisible();
      // Issue 47: a success message goes once later work replaces it, or another folder opens.
      const said = page.locator('.data-page .alert-ok');
      for (const folder of ['results 2025', 'results 2026']) {
        await page.getByRole('button', { name: 'New folder' }).click();
        await page.getByLabel('Folder name').fill(folder);
        await page.getByRole('button', { name: 'Create folder' }).click();
        await expect(said).toHaveText(`Folder ${folder} created.`);
      }
      await table.getByRole('link', { name: 'results 2026' }).click();
      await expect(said).toHaveCount(0);
      await expect(page).toHaveURL(/path=results%202026/);

      await page.getByLabel('Files to upload').setInputFiles([
        cancel,
        big,
        small,
      ]);
      const dialog = page.getByRole('dialog', { name: 'Before you upload' });
      const boxes = dialog.getByRole('checkbox');
      for (let i = 0; i < (await boxes.count()); i++) await boxes.nth(i).check();
      await dialog.getByRole('button', { name: 'Upload', exact: true }).click();
      const transfer = (name: string) => page.getByTestId('transfers').locator(`li[data-file="${name}"]`);
      await expect(transfer('cancel.bin')).toHaveAttribute('data-state', 'uploading');
      // The page encodes parts as fast as the machine lets it: on a busy machine a click can wait
      // for the renderer more than the default 10 s.
      await page.getByRole('button', { name: 'Cancel cancel.bin' }).click({ timeout: 30_000 });
      await expect(transfer('cancel.bin')).toHaveAttribute('data-state', 'cancelled', { timeout: 30_000 });
      await expect(transfer('big.bin').locator('progress')).toHaveAttribute('max', String(200 * 1024 * 1024));
      // A rate and a time left while it runs.
      await expect(transfer('big.bin')).toContainText(/\/s/, { timeout: 30_000 });
      for (const name of ['big.bin', 'small.csv']) {
        await expect(transfer(name)).toHaveAttribute('data-state', 'done', { timeout: 180_000 });
      }
      await page.reload();
      await expect(table.getByText('big.bin', { exact: true })).toBeVisible();
      await expect(table.getByText('small.csv', { exact: true })).toBeVisible();
      await expect(table.getByText('cancel.bin', { exact: true })).toHaveCount(0);

      await page.getByRole('button', { name: 'Rename small.csv' }).click();
      await page.getByLabel('New name').fill('small-renamed.csv');
      await page.getByRole('button', { name: 'Rename', exact: true }).click();
      await expect(table.getByText('small-renamed.csv', { exact: true })).toBeVisible();
      // CHORUS sends no file's contents: found out before anyone presses it (issue 47), so never
      // offered; the way that works is said instead.
      await expect(page.getByTestId('download-note')).toContainText('Request extraction');
      await expect(page.getByRole('button', { name: 'Download small-renamed.csv' })).toHaveCount(0);
      await page.getByRole('button', { name: 'Delete big.bin' }).click();
      await page.getByRole('button', { name: 'Delete', exact: true }).click();
      await expect(table.getByText('big.bin', { exact: true })).toHaveCount(0);

      // Issue 47: an empty file's bar is full next to `Done`; it moves over to the folder beside.
      await page.getByLabel('Files to upload').setInputFiles([{ name: 'empty.txt', mimeType: 'text/plain', buffer: Buffer.alloc(0) }]);
      const boxes2 = dialog.getByRole('checkbox');
      for (let i = 0; i < (await boxes2.count()); i++) await boxes2.nth(i).check();
      await dialog.getByRole('button', { name: 'Upload', exact: true }).click();
      await expect(transfer('empty.txt')).toHaveAttribute('data-state', 'done');
      const bar = transfer('empty.txt').locator('progress');
      await expect(bar).toHaveAttribute('value', (await bar.getAttribute('max')) ?? 'none');
      await page.getByRole('button', { name: 'Move empty.txt' }).click();
      await page.getByRole('combobox', { name: 'Move to' }).selectOption({ label: 'Over to results 2025 (beside results 2026)' });
      await page.getByRole('button', { name: 'Move', exact: true }).click();
      await expect(said).toHaveText('empty.txt moved to results 2025.');
      await expect(table.getByText('empty.txt', { exact: true })).toHaveCount(0);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  let sessionPath = '';
  await test.step('a session started the instant the page appears is not refused', async () => {
    await page.goto(workspacePath);
    const start = page.getByRole('button', { name: 'Start session', exact: true });
    await expect(start).toBeEnabled();
    await page.getByLabel('Session name', { exact: true }).fill(`walk-${stamp}`);
    await start.click();
    await expect(page).toHaveURL(/\/sessions\/\d+$/);
    sessionPath = new URL(page.url()).pathname;
    await expect(page.getByTestId('activity-indicator')).toContainText(`Starting session (walk-${stamp})`);
    for (let i = 0; i < 12; i += 1) {
      await expect(page.getByText('You do not have access to this session')).toHaveCount(0);
      await page.waitForTimeout(500);
    }
    await expect(page.getByTestId('session-overlay')).toBeVisible();
    await expect(page.getByTestId('session-bar').getByRole('button', { name: 'Stop', exact: true })).toHaveCount(0);
  });

  await test.step('no Stop in the workspace either', async () => {
    await page.goto(workspacePath);
    const table = page.getByTestId('workbench-table');
    await expect(table.locator('tr[data-workbench-id]').first()).toBeVisible();
    await expect(table.getByRole('button', { name: 'Stop', exact: true })).toHaveCount(0);
  });

  const member = `walk${stamp}`;
  const memberPassword = `Walk-${stamp}-pw1`;
  await test.step('a new user with PlatformUserManager', async () => {
    await page.goto('/admin/users');
    await page.getByRole('button', { name: 'New user', exact: true }).click();
    await page.getByLabel('Username', { exact: true }).fill(member);
    await page.getByLabel('First name', { exact: true }).fill('Walk');
    await page.getByLabel('Last name', { exact: true }).fill(stamp);
    await page.getByLabel('Email', { exact: true }).fill(`${member}@example.org`);
    await page.getByLabel('Password', { exact: true }).fill(memberPassword);
    await page.getByLabel('Role PlatformUserManager', { exact: true }).check();
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await expect(page.getByRole('status').filter({ hasText: `Created user ${member}.` })).toBeVisible({ timeout: 20_000 });
    // A CHORUS kept for trying things has more users than the table's first page: find them.
    await page.getByRole('searchbox', { name: 'Search users' }).fill(member);
    await expect(page.getByTestId('users-table').getByText(member, { exact: true })).toBeVisible({ timeout: 20_000 });
  });

  await test.step('the new user joins the workspace', async () => {
    await page.goto(`${workspacePath}/members`);
    await expect(page.getByTestId('members-table')).toBeVisible();
    await page.getByRole('button', { name: 'Add member', exact: true }).click();
    await page.getByLabel('Find a user', { exact: true }).fill(member);
    await page.getByRole('button', { name: new RegExp(`\\(${member}\\)`) }).or(page.getByRole('option', { name: new RegExp(`\\(${member}\\)`) })).first().click();
    await page.getByRole('button', { name: 'Add', exact: true }).click();
    await expect(page.getByTestId('members-table').getByText(member, { exact: true })).toBeVisible({ timeout: 20_000 });
  });

  await test.step('the session is shared with them, and their bell says so', async () => {
    await page.goto(sessionPath);
    await page.getByRole('button', { name: 'Share', exact: true }).click();
    await page.getByLabel('Find a user', { exact: true }).fill(member);
    await page.getByRole('button', { name: new RegExp(`\\(${member}\\)`) }).or(page.getByRole('option', { name: new RegExp(`\\(${member}\\)`) })).first().click();
    await page.getByLabel('Access', { exact: true }).selectOption({ label: 'Use' });
    await page.locator('#share-panel').getByRole('button', { name: 'Share', exact: true }).click();
    await expect(page.getByRole('button', { name: `Stop sharing with ${member}` })).toBeVisible({ timeout: 20_000 });
    await page.keyboard.press('Escape');
    await expect(page.locator('#share-panel')).toHaveCount(0);

    const other = await browser.newContext();
    panics.push(...watchPanics(other));
    const theirs = await other.newPage();
    await signIn(theirs, member, memberPassword);
    await expect(theirs).not.toHaveURL(LOGIN_URL);
    await acceptTermsIfAsked(theirs);
    // A WorkspaceMember lists the workspace's files and may not upload: no button for it.
    await theirs.goto(`${workspacePath}/data`);
    await expect(theirs.getByTestId('files-table').getByText('results 2026', { exact: true })).toBeVisible();
    await expect(theirs.getByRole('button', { name: 'Upload files' })).toHaveCount(0);
    await expect(theirs.getByRole('button', { name: 'New folder' })).toHaveCount(0);
    await expect(theirs.getByTestId('notification-count')).toBeVisible({ timeout: 45_000 });
    await theirs.getByRole('button', { name: 'Notifications', exact: true }).click();
    const link = theirs.locator('#notification-panel').getByRole('link', { name: `You can now use the session walk-${stamp}` });
    await expect(link).toBeVisible();
    await link.click();
    await expect(theirs).toHaveURL(new RegExp(`${sessionPath}$`));
    await signOut(theirs);
    await other.close();
  });

  await test.step('a data request: asked, rejected with a comment, asked again, approved, downloaded; a transfer arrives', async () => {
    const other = await browser.newContext();
    panics.push(...watchPanics(other));
    const theirs = await other.newPage();
    await signIn(theirs, member, memberPassword);
    await expect(theirs).not.toHaveURL(LOGIN_URL);
    await acceptTermsIfAsked(theirs);
    const ask = async (title: string, transferTo?: string): Promise<string> => {
      await theirs.goto(`${workspacePath}/data?store=disk&path=results%202026`);
      await theirs.getByRole('checkbox', { name: 'Select small-renamed.csv', exact: true }).check();
      await theirs.getByRole('button', { name: transferTo ? 'Request transfer' : 'Request extraction' }).click();
      await theirs.getByLabel('Title', { exact: true }).fill(title);
      if (transferTo) await theirs.getByLabel('Destination workspace').selectOption({ label: transferTo });
      await theirs.getByRole('button', { name: 'Submit request' }).click();
      await expect(theirs).toHaveURL(/\/requests\/\d+$/, { timeout: 20_000 });
      return new URL(theirs.url()).pathname;
    };
    const decide = async (at: string, approve: boolean, comment: string): Promise<void> => {
      await page.goto(at);
      await page.getByLabel('Comment', { exact: true }).fill(comment);
      await page.getByRole('button', { name: approve ? 'Approve' : 'Reject', exact: true }).click();
      await expect(page.getByTestId('request-status')).toHaveText(approve ? 'Approved' : 'Rejected');
    };
    const first = await ask(`walk ${stamp} <b>results</b>`);
    await expect(theirs.getByTestId('request-status')).toHaveText('Waiting for approval');
    // The steward made the workspace: CHORUS made them its data manager, the approver.
    await page.goto('/workspaces');
    await expect(page.getByTestId('requests-count')).toBeVisible({ timeout: 45_000 });
    // Before deciding, the steward reads the small file: CHORUS lets who may download from the
    // source read a pending extraction's files.
    await page.goto(first);
    const file = '/disk/results 2026/small-renamed.csv';
    await page.getByRole('button', { name: `Preview ${file}`, exact: true }).click();
    await expect(page.getByLabel(`Preview of ${file}`, { exact: true })).toHaveText('id,value\n1,2\n', { useInnerText: false });
    // Issue 47, point 3: the member may not cancel (CHORUS asks a permission no workspace role
    // gives): said where they look; the steward is told before writing that CHORUS drops the
    // comment, and an empty Reject is said at the field.
    await expect(theirs.getByTestId('cancel-not-offered')).toContainText('You cannot cancel this request here');
    await expect(page.getByTestId('comment-not-kept')).toContainText('does not keep the comment');
    await page.getByRole('button', { name: 'Reject', exact: true }).click();
    await expect(page.getByLabel('Comment', { exact: true })).toHaveAttribute('aria-invalid', 'true');
    await decide(first, false, 'Aggregate it first.');
    await expect(theirs.getByTestId('request-status')).toHaveText('Rejected', { timeout: 15_000 });
    await expect(theirs.getByTestId('approval-steps')).toContainText('does not keep the approver');
    // Who decided, by name where the member may read users (this one is a PlatformUserManager),
    // else "an approver": never an id.
    await expect(theirs.getByTestId('approval-steps')).toContainText(/Rejected by (an approver|\S.*\(\S+\))/);
    await expect(theirs.getByTestId('approval-steps')).not.toContainText(/user \d/);
    // The steward's "pending your approval" notification is answered: read.
    const firstId = first.split('/').pop() ?? '';
    const stewardBearer = { Authorization: `Bearer ${await stewardToken(page)}` };
    await expect
      .poll(async () => {
        const r = await page.request.get(`${process.env.CHORUS_URL}/api/rest/v1/notifications?isRead=false&pagination.offset=0&pagination.limit=100`, {
          headers: stewardBearer,
        });
        const list = ((await r.json()) as { result: { content?: { approvalRequestNotification?: { approvalRequestId?: string } } }[] }).result;
        return list.filter((n) => n.content?.approvalRequestNotification?.approvalRequestId === firstId).length;
      }, { timeout: 15_000 })
      .toBe(0);
    const second = await ask(`walk ${stamp} aggregated`);
    await decide(second, true, 'Fine.');
    await expect(theirs.getByTestId('request-status')).toHaveText('Approved', { timeout: 15_000 });
    const [download] = await Promise.all([
      theirs.waitForEvent('download'),
      theirs.getByRole('button', { name: 'Download /disk/results 2026/small-renamed.csv', exact: true }).click(),
    ]);
    expect(download.suggestedFilename()).toBe('small-renamed.csv');
    expect(await readFile((await download.path()) ?? '', 'utf8')).toBe('id,value\n1,2\n');

    // A second workspace, the member in it too; a transfer there.
    const target = `walk-${stamp}-b`;
    await page.goto('/workspaces');
    await page.getByRole('button', { name: 'New workspace', exact: true }).click();
    await page.getByLabel('Name', { exact: true }).fill(target);
    await page.getByLabel('Short name', { exact: true }).fill(`b${stamp}`.slice(0, 10));
    await page.getByRole('button', { name: 'Create workspace', exact: true }).click();
    await expect(page).toHaveURL(/\/workspaces\/\d+$/);
    const targetPath = new URL(page.url()).pathname;

    // Its settings survive a rename through `Edit workspace` (issue 45: CHORUS's PUT resets every
    // setting left out of the body). The settings are set through the API as chorus-web-ui does.
    const targetId = targetPath.split('/').pop() ?? '';
    const api = `${process.env.CHORUS_URL}/api/rest/v1`;
    const bearer = { Authorization: `Bearer ${await stewardToken(page)}` };
    const read = async () =>
      ((await (await page.request.get(`${api}/workspaces/${targetId}`, { headers: bearer })).json()) as {
        result: { workspace: Record<string, unknown> };
      }).result.workspace;
    const settings = {
      networkPolicy: 'FQDNAllowlist',
      allowedFqdns: ['pypi.org'],
      clipboard: 'both',
      visibility: 'WORKSPACE_VISIBILITY_PUBLIC',
      contactUserId: (await read()).userId,
    };
    const current = await read();
    const put = await page.request.put(`${api}/workspaces`, {
      headers: bearer,
      data: {
        id: targetId,
        name: current.name,
        shortName: current.shortName,
        description: current.description,
        status: current.status,
        isMain: current.isMain,
        ...settings,
      },
    });
    expect(put.status(), await put.text()).toBe(200);
    // CHORUS serves `GET /workspaces/{id}` from a cache for a second after an update: the page
    // is loaded once the backend's copy has the settings (a form filled from the stale copy
    // would send the old settings back, as it should).
    await expect.poll(async () => (await read()).networkPolicy).toBe('FQDNAllowlist');
    await page.reload();
    await page.getByRole('button', { name: 'Edit workspace', exact: true }).click();
    await page.getByLabel('Name', { exact: true }).fill(`${target} renamed`);
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await expect(page.getByRole('heading', { level: 1, name: `${target} renamed` })).toBeVisible();
    await expect.poll(async () => {
      const w = await read();
      return { name: w.name, networkPolicy: w.networkPolicy, allowedFqdns: w.allowedFqdns, clipboard: w.clipboard, visibility: w.visibility, contactUserId: w.contactUserId };
    }).toEqual({ name: `${target} renamed`, ...settings });
    await page.goto(`${targetPath}/members`);
    await page.getByRole('button', { name: 'Add member', exact: true }).click();
    await page.getByLabel('Find a user', { exact: true }).fill(member);
    await page.getByRole('button', { name: new RegExp(`\\(${member}\\)`) }).or(page.getByRole('option', { name: new RegExp(`\\(${member}\\)`) })).first().click();
    await page.getByRole('button', { name: 'Add', exact: true }).click();
    await expect(page.getByTestId('members-table').getByText(member, { exact: true })).toBeVisible({ timeout: 20_000 });
    // The member's list of workspaces follows the new role: at the next notification poll (a
    // `refreshJWTRequired` renews the login), or a reload once CHORUS's user cache has it.
    await expect(async () => {
      await theirs.reload();
      await theirs.goto(`${workspacePath}/data?store=disk&path=results%202026`);
      await theirs.getByRole('checkbox', { name: 'Select small-renamed.csv', exact: true }).check();
      await theirs.getByRole('button', { name: 'Request transfer' }).click();
      await expect(theirs.getByLabel('Destination workspace').locator('option', { hasText: target })).toHaveCount(1, { timeout: 5_000 });
    }).toPass({ timeout: 60_000 });
    const third = await ask(`walk ${stamp} to ${target}`, `${target} renamed`);
    await expect(theirs.getByTestId('approval-steps').locator('li')).toHaveCount(2);
    await decide(third, true, 'Both sides agree.');
    await page.goto(`${targetPath}/data?store=disk&path=results%202026`);
    await expect(page.getByTestId('files-table').getByText('small-renamed.csv', { exact: true })).toBeVisible({ timeout: 20_000 });

    // The member removed from the second workspace (issue 45): the steward may take roles through
    // the user route, which leaves CHORUS up (the workspace route's last role stops it).
    await page.goto(`${targetPath}/members`);
    const deletes: string[] = [];
    const onDelete = (r: { method(): string; url(): string }) => {
      if (r.method() === 'DELETE') deletes.push(new URL(r.url()).pathname);
    };
    page.on('request', onDelete);
    await page.getByRole('button', { name: `Remove ${member}`, exact: true }).click();
    await page.getByRole('button', { name: 'Remove', exact: true }).click();
    await expect(page.getByRole('status').filter({ hasText: `${member} is no longer a member.` })).toBeVisible({ timeout: 20_000 });
    page.off('request', onDelete);
    expect(deletes.length).toBeGreaterThan(0);
    for (const p of deletes) expect(p).toMatch(/\/api\/rest\/v1\/users\/\d+\/role\/\d+$/);
    const health = await page.request.get(`${process.env.CHORUS_URL}/api/rest/v1/health`);
    expect(health.status(), 'CHORUS still answers after a member was removed').toBe(200);
    await expect(async () => {
      await page.reload();
      await expect(page.getByTestId('members-table')).toBeVisible();
      await expect(page.getByTestId('members-table').getByText(member, { exact: true })).toHaveCount(0);
    }).toPass({ timeout: 20_000 });
    await signOut(theirs);
    await other.close();
  });

  await test.step('terms of use published, asked on a deep link; the audit filtered and downloaded; a password and two-factor sign-in', async () => {
    // A new version, published by the steward (its super admin), with a live preview.
    await page.goto('/admin/terms');
    await acceptTermsIfAsked(page);
    // A CHORUS that never had terms says so ("No versions yet.") and has no table until a draft.
    await page.getByRole('button', { name: 'New version', exact: true }).click();
    await page.getByLabel('Terms text', { exact: true }).fill(`# Walk ${stamp}\n\nUse the data *only* for the project. <script>alert(1)</script>`);
    await expect(page.locator('.terms-preview h2')).toHaveText(`Walk ${stamp}`);
    await page.getByRole('button', { name: 'Save draft', exact: true }).click();
    const draft = page.getByTestId('terms-versions').locator('tr[data-status="draft"]').first();
    await draft.getByRole('button', { name: /^Publish/ }).click();
    await draft.getByRole('button', { name: 'Publish', exact: true }).click();
    await expect(page.getByTestId('terms-versions').locator('tr[data-status="draft"]')).toHaveCount(0);

    // The member, on a deep link: the terms first, then the page asked for.
    const other = await browser.newContext();
    panics.push(...watchPanics(other));
    const theirs = await other.newPage();
    await theirs.goto(`${workspacePath}/data`);
    await theirs.getByLabel('Username', { exact: true }).fill(member);
    await theirs.getByLabel('Password', { exact: true }).fill(memberPassword);
    await theirs.getByRole('button', { name: 'Sign in', exact: true }).click();
    await expect(theirs.getByRole('heading', { name: 'Terms of use', level: 1 })).toBeVisible();
    await expect(theirs.locator('main')).toContainText(`Walk ${stamp}`);
    await expect(theirs.locator('main script')).toHaveCount(0);
    expect(await acceptTermsIfAsked(theirs)).toBe(true);
    await expect(theirs).toHaveURL(new RegExp(`${workspacePath}/data$`));
    await expect(theirs.getByRole('heading', { name: 'Data', level: 1 })).toBeVisible();

    // The steward's audit of the workspace: one person's uploads, and its CSV.
    await page.goto(`${workspacePath}/audit`);
    await acceptTermsIfAsked(page);
    const table = page.getByTestId('audit-table');
    await expect(table.locator('tbody tr[data-action]').first()).toBeVisible({ timeout: 20_000 });
    await page.getByLabel('Action', { exact: true }).selectOption('CreateDataExtractionRequest');
    await expect(table.locator('tbody tr[data-action]').first()).toHaveAttribute('data-action', 'CreateDataExtractionRequest');
    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Download CSV', exact: true }).click();
    const csv = await readFile((await (await download).path()) ?? '', 'utf8');
    // Every cell quoted (issue 55, point 5: `domain/audit_csv.rs`).
    expect(csv.startsWith('\uFEFF"When (UTC)","Who",')).toBeTruthy();
    const lines = csv.trim().split('\r\n');
    expect(lines.length).toBeGreaterThan(1);
    expect(lines.slice(1).every((l) => l.includes('CreateDataExtractionRequest'))).toBeTruthy();

    // The platform's log, past a page by now (every sign-in of the walk is an entry): the next
    // page comes as one scrolls to the end, no click.
    await page.goto('/admin/audit');
    const shown = page.getByRole('status').filter({ hasText: /^Showing \d+ of \d+ entries/ });
    await expect(shown).toContainText(/^Showing 20 of \d+ entries/);
    await page.getByTestId('audit-table').locator('tbody tr[data-action]').last().scrollIntoViewIfNeeded();
    await page.mouse.wheel(0, 4000);
    // The next page at least: 40, or 60 when the wheel reached the end of the second page too
    // (it did on a loaded machine).
    await expect(shown).toContainText(/^Showing [46]0 of \d+ entries/);

    // The member's own account: a wrong current password said in words, then a new one; then
    // two-factor sign-in with a code computed from the secret, and a sign-in that asks for it.
    const newPassword = `Walk-${stamp}-Pw2!xyz`;
    await theirs.goto('/profile');
    await theirs.getByLabel('Current password', { exact: true }).fill('not-my-password');
    await theirs.getByLabel('New password', { exact: true }).fill(newPassword);
    await theirs.getByLabel('Repeat new password', { exact: true }).fill(newPassword);
    await theirs.getByRole('button', { name: 'Change password', exact: true }).click();
    await expect(theirs.getByRole('alert')).toBeVisible();
    await expect(theirs).toHaveURL(/\/profile$/);
    await theirs.getByLabel('Current password', { exact: true }).fill(memberPassword);
    await theirs.getByRole('button', { name: 'Change password', exact: true }).click();
    await expect(theirs.getByRole('status').filter({ hasText: /changed/i })).toBeVisible();
    await theirs.getByRole('button', { name: 'Set up two-factor sign-in', exact: true }).click();
    await theirs.getByLabel('Password', { exact: true }).fill(newPassword);
    await theirs.getByRole('button', { name: 'Continue', exact: true }).click();
    await expect(theirs.getByRole('img', { name: 'QR code for your authenticator app' })).toBeVisible();
    const secret = (await theirs.getByTestId('totp-secret').textContent()) ?? '';
    await theirs.getByLabel('One-time code', { exact: true }).fill(totp(secret));
    await theirs.getByRole('button', { name: 'Enable', exact: true }).click();
    await expect(theirs.getByTestId('totp-status')).toContainText('on');
    await signOut(theirs);
    await theirs.getByLabel('Username', { exact: true }).fill(member);
    await theirs.getByLabel('Password', { exact: true }).fill(newPassword);
    await theirs.getByRole('button', { name: 'Sign in', exact: true }).click();
    const code = theirs.getByLabel('One-time code', { exact: true });
    await expect(code).toBeVisible();
    await code.fill(totp(secret));
    await theirs.getByRole('button', { name: 'Sign in', exact: true }).click();
    await expect(theirs).not.toHaveURL(LOGIN_URL);
    await signOut(theirs);
    await other.close();
  });

  await test.step('sign out from Members lands on the login page', async () => {
    await page.goto(`${workspacePath}/members`);
    // The steward published new terms: accepted once, on whatever page asks.
    await acceptTermsIfAsked(page);
    await expect(page.getByTestId('members-table')).toBeVisible();
    await signOut(page);
  });

  await test.step('sign in and out again, and a reload after it stays signed out', async () => {
    await signIn(page, USER, PASSWORD);
    await expect(page).not.toHaveURL(LOGIN_URL);
    await page.goto(sessionPath);
    await expect(page.getByTestId('session-bar')).toBeVisible();
    await signOut(page);
    await page.reload();
    await expect(page).toHaveURL(LOGIN_URL);
  });

  expect(panics, 'no panic anywhere').toEqual([]);
  await steward.close();
});
