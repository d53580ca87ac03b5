import { execFileSync } from 'node:child_process';

import { expect, test } from '@playwright/test';

import { NOT_READY, PASSWORD, READY, USER, result, signIn, tokenOf } from './chorus-api';

// Issue 59 on a running CHORUS (real-chorus.config.ts): the desktop frame's address carries the
// Xpra client's parameters (api.md, "The desktop's parameters"), and applying a setting reloads
// that frame alone, with nothing sent to the backend.
//
// Without Kubernetes a CHORUS session never gets ready (its `k8sStatus` stays empty), so the page
// never draws a frame. CHORUS_DB (a libpq connection string to CHORUS's own database, e.g.
// postgresql://admin:password@127.0.0.1:5432/chorus) lets the walk write what CHORUS's cluster
// watcher would (`k8sStatus` Running, `serverPodStatus` Ready) on the session it made: CHORUS then
// answers the session as ready, and the console draws its frame (whose page cannot connect: there
// is no pod). Without CHORUS_DB the test is skipped. Leaves behind a workspace `dp-<time>` and its
// session.

const DB = process.env.CHORUS_DB ?? '';

test.skip(!READY, NOT_READY);
test.skip(!DB, 'CHORUS_DB is not set (the walk marks its session ready in CHORUS database)');
test.use({ locale: 'fr-CH' });

test('a ready session on CHORUS: the desktop address carries the parameters, and a setting reloads the frame alone', async ({ page, request }) => {
  const stamp = Date.now().toString(36);
  const steward = await tokenOf(request, USER, PASSWORD);
  const ws = ((await result(request, steward, 'POST', '/workspaces', { name: `dp-${stamp}`, shortName: `d${stamp}`.slice(0, 10) })) as {
    workspace: { id: string };
  }).workspace.id;

  await signIn(page, USER, PASSWORD);
  await page.goto(`/workspaces/${ws}`);
  await page.getByLabel('Session name', { exact: true }).fill(`dp-${stamp}`);
  await page.getByRole('button', { name: 'Start session', exact: true }).click();
  await expect(page).toHaveURL(/\/sessions\/\d+$/);
  const id = /\/sessions\/(\d+)$/.exec(new URL(page.url()).pathname)?.[1] ?? '';
  await expect(page.getByTestId('session-overlay')).toBeVisible();

  // What CHORUS's cluster watcher writes when the desktop answers.
  execFileSync('psql', [
    DB,
    '-v',
    'ON_ERROR_STOP=1',
    '-c',
    `UPDATE workbenches SET k8sstatus = 'Running', serverpodstatus = 'Ready' WHERE id = ${Number(id)}`,
  ]);
  const frame = page.locator(`iframe.pooled-desktop[data-session-id="${id}"]`);
  await expect(frame).toBeAttached({ timeout: 60_000 });
  const src = (await frame.getAttribute('src')) ?? '';
  const params = new URL(src).searchParams;
  // The browser's language (fr-CH) gives the Swiss layout; the workspace's clipboard (CHORUS's
  // default: disabled) and the deployment (no file transfer) close the rest.
  expect(Object.fromEntries(params)).toMatchObject({
    keyboard_layout: 'ch',
    clipboard: 'false',
    file_transfer: 'false',
    printing: 'false',
  });
  expect(await frame.getAttribute('allow')).not.toContain('clipboard-write');
  const heading = await page.locator('main h1').textContent();

  // German, Apply and reconnect: the frame's address changes, nothing goes to CHORUS.
  const writes: string[] = [];
  page.on('request', (r) => {
    if (r.method() !== 'GET' && new URL(r.url()).pathname.startsWith('/api/')) writes.push(`${r.method()} ${r.url()}`);
  });
  await page.getByRole('button', { name: 'Desktop settings', exact: true }).click();
  const panel = page.getByRole('dialog', { name: 'Desktop settings' });
  await panel.getByLabel('Keyboard layout', { exact: true }).selectOption({ label: 'German' });
  await panel.getByRole('button', { name: 'Apply and reconnect', exact: true }).click();
  await expect(panel).toHaveCount(0);
  await expect(frame).toHaveAttribute('src', /keyboard_layout=de/);
  const after = new URL((await frame.getAttribute('src')) ?? '');
  // Only the layout moved: the same host and path, the other parameters as they were.
  expect(after.origin + after.pathname).toBe(new URL(src).origin + new URL(src).pathname);
  params.set('keyboard_layout', 'de');
  expect(Object.fromEntries(after.searchParams)).toEqual(Object.fromEntries(params));
  // Nothing else of the session page changed.
  await expect(page.locator('main h1')).toHaveText(heading ?? '');
  await expect(page).toHaveURL(new RegExp(`/sessions/${id}$`));
  expect(writes).toEqual([]);
});
