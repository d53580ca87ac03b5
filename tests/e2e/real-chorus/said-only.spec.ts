import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { expect, test, type APIRequestContext } from '@playwright/test';

import { writePatternFile } from '../pattern-file';
import { CHORUS, NOT_READY, PASSWORD, READY, USER, call, result, signIn, tokenOf } from './chorus-api';

// Issue 56, points 2 and 3, on a running CHORUS (real-chorus.config.ts):
// - a role change on a stale Members page (a role given, then all taken, behind its back through
//   the API with another login) ends with what it says, and CHORUS holds what was said;
// - an upload interrupted by a restart of CHORUS is said in words and started again, and the file
//   arrives byte-identical. That step needs a CHORUS the walk may restart: CHORUS_RESTART names a
//   command that stops and starts it (never the CHORUS others use: a second process of the same
//   binary on another port, README's walk section), CHORUS_DISK its disk store's `base_path`
//   (where the file is compared). Without them that test is skipped and the step is the manual one
//   of the README.
// Leaves behind a workspace and a user named `s56-<time>`, and the uploaded file.

test.skip(!READY, NOT_READY);

type Assignment = { id: string; name: string; context: Record<string, string> };

async function rolesIn(request: APIRequestContext, token: string, uid: string, ws: string): Promise<Assignment[]> {
  const u = (await result(request, token, 'GET', `/users/${uid}`)).user as { rolesWithContext: Assignment[] };
  return u.rolesWithContext.filter((a) => a.context.workspace === ws && !a.context.workbench);
}

test('a role change on a stale Members page ends with what it says', async ({ page, request }) => {
  const stamp = Date.now().toString(36);
  const steward = await tokenOf(request, USER, PASSWORD);
  const ws = ((await result(request, steward, 'POST', '/workspaces', { name: `s56-${stamp}`, shortName: `s${stamp}`.slice(0, 10) })) as {
    workspace: { id: string };
  }).workspace.id;
  const username = `s56${stamp}`;
  const uid = ((await result(request, steward, 'POST', '/users', {
    username,
    firstName: 'Stale',
    lastName: stamp,
    email: `${username}@example.org`,
    password: `S56-${stamp}-pw1`,
    source: 'internal',
    status: 'active',
  })) as { user: { id: string } }).user.id;
  await call(request, steward, 'POST', `/workspaces/${ws}/user/${uid}/role`, { role: { name: 'WorkspaceGuest' } });

  await signIn(page, USER, PASSWORD);
  await page.goto(`/workspaces/${ws}/members`);
  const row = page.getByTestId('members-table').locator(`tr[data-user-id="${uid}"]`);
  await expect(row.locator('td').nth(2)).toHaveText('WorkspaceGuest');

  // Behind the page's back (another login: a token of the steward's own): WorkspaceMember too.
  const other = await tokenOf(request, USER, PASSWORD);
  await call(request, other, 'POST', `/users/${uid}/role`, { role: { name: 'WorkspaceMember', context: { workspace: ws } } });
  await page.getByLabel(`Role for ${username}`).selectOption('WorkspaceMember');
  await page.getByRole('group', { name: 'Confirm role change' }).getByRole('button', { name: 'Change role', exact: true }).click();
  const said = page.getByRole('status').filter({ hasText: username });
  await expect(said).toContainText('had changed since this page loaded', { timeout: 30_000 });
  await expect(said).toContainText(`${username} is now WorkspaceMember here.`);
  // CHORUS holds what was said (read past its one-second user cache): the role once.
  await expect
    .poll(async () => (await rolesIn(request, other, uid, ws)).map((a) => a.name), { timeout: 10_000 })
    .toEqual(['WorkspaceMember']);

  // Behind its back again: every role here taken (the user route, which leaves CHORUS up).
  for (const a of await rolesIn(request, other, uid, ws)) {
    await call(request, other, 'DELETE', `/users/${uid}/role/${a.id}`);
  }
  const sent: string[] = [];
  page.on('request', (r) => {
    if (r.method() !== 'GET') sent.push(`${r.method()} ${new URL(r.url()).pathname}`);
  });
  await page.getByLabel(`Role for ${username}`).selectOption('WorkspaceGuest');
  await page.getByRole('group', { name: 'Confirm role change' }).getByRole('button', { name: 'Change role', exact: true }).click();
  await expect(page.getByRole('status').filter({ hasText: username })).toContainText(
    `${username} is no longer a member here (removed since this page loaded): nothing was changed.`,
    { timeout: 30_000 },
  );
  expect(sent.filter((s) => s.includes('/role'))).toEqual([]);
  expect(await rolesIn(request, other, uid, ws)).toEqual([]);
  const health = await request.get(`${CHORUS}/api/rest/v1/health`);
  expect(health.status(), 'CHORUS still answers').toBe(200);
});

const RESTART = process.env.CHORUS_RESTART ?? '';
const DISK = process.env.CHORUS_DISK ?? '';

test('an upload interrupted by a restart is started again and arrives byte-identical', async ({ page, request }) => {
  test.skip(!RESTART || !DISK, 'CHORUS_RESTART and CHORUS_DISK name no CHORUS the walk may restart');
  test.setTimeout(15 * 60_000);
  const stamp = Date.now().toString(36);
  const dir = await mkdtemp(join(tmpdir(), 's56-'));
  try {
    const name = `s56-${stamp}.bin`;
    const file = join(dir, name);
    const size = 200 * 1024 * 1024;
    await writePatternFile(file, size, 56);
    const md5 = createHash('md5').update(await readFile(file)).digest('hex');
    const steward = await tokenOf(request, USER, PASSWORD);
    const ws = ((await result(request, steward, 'POST', '/workspaces', { name: `s56-up-${stamp}`, shortName: `u${stamp}`.slice(0, 10) })) as {
      workspace: { id: string };
    }).workspace.id;
    await signIn(page, USER, PASSWORD);
    await page.goto(`/workspaces/${ws}/data?store=disk`);
    await expect(page.getByTestId('files-table').or(page.getByText('This folder is empty.')).first()).toBeVisible({ timeout: 30_000 });
    await page.getByLabel('Files to upload').setInputFiles(file);
    const dialog = page.getByRole('dialog', { name: 'Before you upload' });
    const boxes = dialog.getByRole('checkbox');
    for (let i = 0; i < (await boxes.count()); i++) await boxes.nth(i).check();
    await dialog.getByRole('button', { name: 'Upload', exact: true }).click();
    const t = page.getByTestId('transfers').locator(`li[data-file="${name}"]`);
    // About half way, CHORUS stops and starts again.
    await expect
      .poll(async () => Number(await t.locator('progress').getAttribute('value')), { timeout: 5 * 60_000 })
      .toBeGreaterThan(size / 2);
    execFileSync(RESTART, { stdio: 'inherit', timeout: 120_000 });
    await expect(t).toHaveAttribute('data-state', 'failed', { timeout: 120_000 });
    // The first failure (the backend gone) may offer Retry; the one after it is the forgotten one.
    const retry = page.getByRole('button', { name: `Retry ${name}` });
    if (await retry.isVisible()) await retry.click();
    await expect(t).toContainText('The platform no longer has this upload', { timeout: 120_000 });
    await expect(retry).toHaveCount(0);
    await page.getByRole('button', { name: `Start again ${name}` }).click();
    await expect(t).toHaveAttribute('data-state', 'done', { timeout: 10 * 60_000 });
    const kept = await readFile(join(DISK, 'workspaces', `workspace${ws}`, name));
    expect(kept.length).toBe(size);
    expect(createHash('md5').update(kept).digest('hex')).toBe(md5);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
