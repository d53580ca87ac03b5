import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import type { APIRequestContext, Locator, Page } from '@playwright/test';

import { expect, test } from './fixtures';
import { WORKSPACES, clearFaults, loginAs, resetServer, setFaults } from './helpers';
import { writePatternFile } from './pattern-file';

// Issue 56, points 3 and 4: an upload the backend forgot (a restart: CHORUS's disk store keeps
// uploads under way in memory) is said in words, with `Start again` and `Remove`; a transfer
// that waits for a paused backend says so and for how long. The dev server imitates both
// (`POST /api/dev/restart`, `POST /api/dev/pause?ms=…`: devserver/README.md). Both flavors.
// Files are given by path (made under the system's temporary folder), never as a buffer.

const DEMO = WORKSPACES.demo.id;
const MB = 1024 * 1024;

let dir = '';

test.beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'upload-restart-'));
});

test.afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

test.beforeEach(async ({ request }) => {
  await resetServer(request);
});

function transfer(page: Page, name: string): Locator {
  return page.getByTestId('transfers').locator(`li[data-file="${name}"]`);
}

/** The data page of Demo, in the `disk` store, as who may upload in this flavor. */
async function openData(page: Page, flavor: string): Promise<void> {
  // On CHORUS a plain member may not upload: its super admin does.
  await loginAs(page, flavor === 'chorus' ? 'admin' : 'alice');
  await page.goto(`/workspaces/${DEMO}/data?store=disk`);
  await expect(page.getByTestId('files-table')).toBeVisible();
}

/** A file of `size` bytes under the temporary folder; its path and MD5. */
async function bigFile(name: string, size: number, seed: number): Promise<{ path: string; md5: string }> {
  const path = join(dir, name);
  await writePatternFile(path, size, seed);
  return { path, md5: createHash('md5').update(await readFile(path)).digest('hex') };
}

/** Picks the file by path, confirms every statement, starts it. */
async function upload(page: Page, path: string): Promise<void> {
  await page.getByLabel('Files to upload').setInputFiles(path);
  const dialog = page.getByRole('dialog', { name: 'Before you upload' });
  const boxes = dialog.getByRole('checkbox');
  const n = await boxes.count();
  for (let i = 0; i < n; i++) await boxes.nth(i).check();
  await dialog.getByRole('button', { name: 'Upload', exact: true }).click();
  await expect(dialog).toHaveCount(0);
}

async function dev(request: APIRequestContext, what: string): Promise<void> {
  const r = await request.post(`/api/dev/${what}`, { data: {} });
  expect(r.status(), await r.text()).toBe(200);
}

/** Waits until the backend acknowledged a part of the running upload (and not all of them). */
async function partsAcknowledged(t: Locator): Promise<void> {
  await expect(t).toHaveAttribute('data-state', 'uploading', { timeout: 30_000 });
  await expect
    .poll(async () => Number((await t.locator('progress').getAttribute('value')) ?? '0'), { timeout: 30_000 })
    .toBeGreaterThan(0);
}

/** Each part of `name` waits a second: the upload is caught while it runs. */
async function slowParts(request: APIRequestContext, name: string): Promise<void> {
  await setFaults(request, { latencyMs: 2_000, pathPrefix: `/api/rest/v1/workspaces/${DEMO}/file/disk/${name}` });
}

test('an upload the backend forgot in a restart is said in words and started again from the first byte', async ({
  page,
  request,
  flavor,
}) => {
  test.setTimeout(120_000);
  const file = await bigFile('restart.bin', 24 * MB + 3, 56);
  await openData(page, flavor);
  await slowParts(request, 'restart.bin');
  await upload(page, file.path);
  const t = transfer(page, 'restart.bin');
  await partsAcknowledged(t);
  // The backend restarts mid-upload: it no longer knows the upload.
  await dev(request, 'restart');
  await expect(t).toHaveAttribute('data-state', 'failed', { timeout: 30_000 });
  await expect(t).toContainText('The platform no longer has this upload');
  // No Retry that cannot help; the way on instead. The backend's words behind Technical details.
  await expect(page.getByRole('button', { name: 'Retry restart.bin' })).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Remove restart.bin' })).toBeVisible();
  await expect(t.getByText('Technical details')).toBeVisible();
  // The backend's words: a part refused, or (when every part had gone before the restart) the
  // completion.
  const words = /Unable to (upload part number|complete multipart upload)/;
  await expect(t.locator('.transfer-note')).not.toContainText(words);
  await t.getByText('Technical details').click();
  await expect(t).toContainText(words);
  await clearFaults(request);
  await page.getByRole('button', { name: 'Start again restart.bin' }).click();
  await expect(t).toHaveAttribute('data-state', 'done', { timeout: 60_000 });
  await expect(t).toContainText('Started again from the first byte');
  // The same bytes arrived: our flavor serves them back; CHORUS lists the size (it serves no
  // file's content to the browser).
  if (flavor === 'default') {
    const raw = await page.request.get(`/api/rest/v1/workspaces/${DEMO}/raw/disk/restart.bin`);
    expect(createHash('md5').update(await raw.body()).digest('hex')).toBe(file.md5);
  } else {
    const listed = await page.request.get(`/api/rest/v1/workspaces/${DEMO}/files/disk/`);
    const files = ((await listed.json()) as { result: { files: { name: string; size: string }[] } }).result.files;
    expect(files.find((f) => f.name === 'restart.bin')?.size).toBe(String(24 * MB + 3));
  }
});

test('an upload the backend forgot can be removed from the list', async ({ page, request, flavor }) => {
  test.setTimeout(120_000);
  const file = await bigFile('forgotten.bin', 16 * MB, 57);
  await openData(page, flavor);
  await slowParts(request, 'forgotten.bin');
  await upload(page, file.path);
  const t = transfer(page, 'forgotten.bin');
  await partsAcknowledged(t);
  await dev(request, 'restart');
  await expect(t).toHaveAttribute('data-state', 'failed', { timeout: 30_000 });
  await page.getByRole('button', { name: 'Remove forgotten.bin' }).click();
  await expect(t).toHaveCount(0);
});

test('a transfer that waits for a paused backend says so and for how long, then goes on', async ({
  page,
  request,
  flavor,
}) => {
  test.setTimeout(120_000);
  // Parts enough that some are still to send when the pause comes: with 24 MB (five parts, two
  // at a time, each held two seconds), a loaded machine saw the first part acknowledged only
  // once every part was on its way, and the upload ended before the pause.
  const file = await bigFile('paused.bin', 64 * MB, 58);
  await openData(page, flavor);
  await slowParts(request, 'paused.bin');
  await upload(page, file.path);
  const t = transfer(page, 'paused.bin');
  await partsAcknowledged(t);
  // The backend holds every reply for a while: no part is acknowledged.
  const r = await request.post('/api/dev/pause?ms=12000', { data: {} });
  expect(r.status(), await r.text()).toBe(200);
  await expect(t).toContainText(/Waiting for the platform for \d+ s/, { timeout: 20_000 });
  await expect(t).not.toContainText('left');
  // The backend goes on: the upload ends, the wait is no longer said.
  await expect(t).toHaveAttribute('data-state', 'done', { timeout: 60_000 });
  await expect(t).not.toContainText('Waiting for the platform');
});
