import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';

import type { APIRequestContext, Locator, Page } from '@playwright/test';

import { expect, test } from './fixtures';
import {
  WORKSPACES,
  clearFaults,
  expectNoA11yViolations,
  loginAs,
  resetServer,
  setFaults,
  showDiskStore,
} from './helpers';

// Issue 60, part 2 (ui.md, "folder upload", "folder search"): a whole folder uploaded through
// `Upload folder`, its hidden and system files left out and counted, one compliance dialog,
// folders made first, a root that exists saved as `<name> (1)`, the batch with its own progress
// and Cancel; `Search subfolders` walks the folders below, and `Stop search` stops it. Both
// flavors: on CHORUS's an existing folder answers 409 as CHORUS does (api.md, "Folders").

const DEMO = WORKSPACES.demo.id;
const DATA = `/workspaces/${DEMO}/data`;
const ODD = 'ü #1 ?50% ok.txt';

test.beforeEach(async ({ request }) => {
  await resetServer(request);
});

/** A folder of three levels under a temp dir: `tree/{top.txt, .hidden, a/{a1.csv, .DS_Store, b/{deep-note.txt, ODD, c/leaf.bin}}}`. */
async function makeTree(root: string, name: string, files: Record<string, Buffer | string>): Promise<string> {
  const base = path.join(root, name);
  for (const [rel, body] of Object.entries(files)) {
    const at = path.join(base, rel);
    await mkdir(path.dirname(at), { recursive: true });
    await writeFile(at, body);
  }
  return base;
}

const TREE: Record<string, string | Buffer> = {
  'top.txt': 'top level\n',
  '.hidden': 'never sent',
  'a/a1.csv': 'id,value\n1,2\n',
  'a/.DS_Store': 'finder',
  'a/b/deep-note.txt': 'two levels down',
  [`a/b/${ODD}`]: 'odd name',
  'a/b/c/leaf.bin': Buffer.alloc(70_000, 7),
};
const SENT = Object.keys(TREE).filter((k) => !k.split('/').some((s) => s.startsWith('.')));

function transfers(page: Page): Locator {
  return page.getByTestId('transfers');
}

function batch(page: Page, root: string): Locator {
  return transfers(page).locator(`li[data-folder="${root}"]`);
}

async function openData(page: Page, flavor: string): Promise<void> {
  await loginAs(page, flavor === 'default' ? 'alice' : 'admin');
  await page.goto(DATA);
  await expect(page.getByRole('heading', { name: 'Data', level: 1 })).toBeVisible();
  // The table comes after the stores' reply, with the `Store` select when there is more than
  // one store: asked before it, the select may not be there yet, and the upload would go to
  // the first store (the full run found the files listed nowhere on the disk store).
  await showDiskStore(page);
}

/** Picks a folder with `Upload folder`, checks the dialog says `says`, confirms, and starts it. */
async function uploadFolder(page: Page, dir: string, says: string | RegExp): Promise<void> {
  const opener = page.getByRole('button', { name: 'Upload folder' });
  await expect(opener).toBeVisible();
  // As a user does: the button opens the browser's folder picker (the input it opens is
  // `Folder to upload`, `webkitdirectory`).
  await expect(page.getByLabel('Folder to upload')).toHaveAttribute('webkitdirectory', '');
  const chooser = page.waitForEvent('filechooser');
  await opener.focus();
  await page.keyboard.press('Enter');
  await (await chooser).setFiles(dir);
  const dialog = page.getByRole('dialog', { name: 'Before you upload' });
  await expect(dialog).toBeVisible();
  await expect(dialog).toContainText(says);
  await expect(page.getByRole('dialog')).toHaveCount(1);
  const boxes = dialog.getByRole('checkbox');
  for (let i = 0; i < (await boxes.count()); i++) await boxes.nth(i).check();
  await dialog.getByRole('button', { name: 'Upload', exact: true }).click();
  await expect(dialog).toHaveCount(0);
}

async function listed(request: APIRequestContext, folder: string): Promise<{ name: string; size: string }[]> {
  const segs = folder.split('/').map(encodeURIComponent).join('/');
  const r = await request.get(`/api/rest/v1/workspaces/${DEMO}/files/disk/${segs}/`);
  expect(r.status(), `list ${folder}`).toBe(200);
  return ((await r.json()) as { result: { files: { name: string; size: string }[] } }).result.files;
}

test('a folder of three levels goes up whole: hidden files left out and counted, every file at its path, again as “tree (1)”', async ({
  page,
  flavor,
}) => {
  test.setTimeout(120_000);
  const tmp = await mkdtemp(path.join(tmpdir(), 'folders-'));
  try {
    const dir = await makeTree(tmp, 'tree', TREE);
    await openData(page, flavor);
    await uploadFolder(page, dir, `tree: ${SENT.length} files`);
    // The dialog said what it left out (a hidden file and a .DS_Store).
    const b = batch(page, 'tree');
    await expect(b).toHaveAttribute('data-state', 'done', { timeout: 60_000 });
    await expect(b).toContainText(`Done: ${SENT.length} files stored.`);
    for (const rel of SENT) {
      const item = b.locator(`li[data-file="${rel}"]`);
      await expect(item).toHaveAttribute('data-state', 'done');
      const size = Buffer.byteLength(TREE[rel] as string);
      await expect(item).toContainText(size === 70_000 ? '70 KB of 70 KB' : `${size} bytes of ${size} bytes`);
    }
    await expect(transfers(page).locator('li[data-file$=".hidden"], li[data-file$=".DS_Store"]')).toHaveCount(0);
    // On the backend, at its path, with its size; the odd name kept as it is.
    const deep = await listed(page.request, 'tree/a/b');
    expect(deep.map((f) => f.name).sort()).toEqual(['c', 'deep-note.txt', ODD].sort());
    expect((await listed(page.request, 'tree/a/b/c'))[0]).toMatchObject({ name: 'leaf.bin', size: '70000' });
    expect((await listed(page.request, 'tree/a')).map((f) => f.name).sort()).toEqual(['a1.csv', 'b']);
    const row = page.getByTestId('files-table').locator('tbody tr[data-kind="folder"]').filter({ hasText: 'tree' });
    await expect(row.getByRole('link', { name: 'tree', exact: true })).toBeVisible();
    await expectNoA11yViolations(page);

    // The same folder again: a root that is there becomes `tree (1)`, nothing is mixed in.
    await uploadFolder(page, dir, 'left out');
    const again = batch(page, 'tree (1)');
    await expect(again).toHaveAttribute('data-state', 'done', { timeout: 60_000 });
    await expect(again).toContainText('Saved as “tree (1)”');
    expect((await listed(page.request, 'tree (1)/a/b/c'))[0]).toMatchObject({ name: 'leaf.bin', size: '70000' });
    expect((await listed(page.request, 'tree')).map((f) => f.name).sort()).toEqual(['a', 'top.txt']);
    // Focus went back to the opener after the dialog.
    await expect(page.getByRole('button', { name: 'Upload folder' })).toBeFocused();
  } finally {
    await rm(tmp, { recursive: true, force: true });
  }
});

test('an existing folder is fine for the backend, and a cancelled folder stops and says what was stored', async ({
  page,
  request,
  flavor,
}) => {
  test.setTimeout(120_000);
  // The backend answers 409 for a folder that is there (api.md, "Folders"; CHORUS said so).
  await openData(page, flavor);
  const make = () =>
    page.request.post(`/api/rest/v1/workspaces/${DEMO}/file`, {
      data: { path: '/disk/made/', name: 'made', isDirectory: true },
    });
  expect((await make()).status()).toBe(200);
  const second = await make();
  expect(second.status()).toBe(409);
  expect(await second.text()).toContain('File already exists at path /disk/made/');

  const tmp = await mkdtemp(path.join(tmpdir(), 'folders-'));
  try {
    const files: Record<string, string> = {};
    for (let i = 0; i < 6; i++) files[`part/f${i}.txt`] = `file ${i}\n`;
    const dir = await makeTree(tmp, 'slowtree', files);
    // Each call about its files waits: the batch is caught while it runs.
    await setFaults(request, { latencyMs: 1_500, pathPrefix: `/api/rest/v1/workspaces/${DEMO}/file/disk/slowtree` });
    await uploadFolder(page, dir, 'slowtree: 6 files');
    const b = batch(page, 'slowtree');
    await expect(b.locator('li[data-state="uploading"]')).toHaveCount(1, { timeout: 20_000 });
    await page.getByRole('button', { name: 'Cancel slowtree' }).click();
    await expect(b).toHaveAttribute('data-state', 'cancelled', { timeout: 30_000 });
    await expect(b).toContainText(/Cancelled: (no file of this folder was stored|\d of 6 files stored)/);
    await expect(b.locator('li[data-state="cancelled"]')).not.toHaveCount(0);
    await expect(page.getByRole('button', { name: 'Cancel slowtree' })).toHaveCount(0);
    await clearFaults(request);
    const stored = (await listed(page.request, 'slowtree/part')).length;
    await expect(b.locator('li[data-state="done"]')).toHaveCount(stored);
    expect(stored).toBeLessThan(6);
  } finally {
    await clearFaults(request);
    await rm(tmp, { recursive: true, force: true });
  }
});

test('Search subfolders finds a file two levels down, says when nothing matches, and Stop search stops', async ({
  page,
  request,
  flavor,
}) => {
  test.setTimeout(120_000);
  await openData(page, flavor);
  // Three levels made through the API (as another client would).
  for (const p of ['/disk/s1/', '/disk/s1/s2/']) {
    const r = await page.request.post(`/api/rest/v1/workspaces/${DEMO}/file`, {
      data: { path: p, name: 'x', isDirectory: true },
    });
    expect(r.status()).toBe(200);
  }
  const r = await page.request.post(`/api/rest/v1/workspaces/${DEMO}/file`, {
    data: { path: '/disk/s1/s2/needle #1.txt', name: 'needle #1.txt', content: Buffer.from('hay').toString('base64') },
  });
  expect(r.status()).toBe(200);
  await page.reload();
  await expect(page.getByTestId('files-table')).toBeVisible();

  const filter = page.getByLabel('Filter this folder');
  await filter.fill('NEEDLE');
  await page.getByRole('button', { name: 'Search subfolders' }).click();
  const results = page.getByTestId('search-results');
  await expect(results.locator('tbody tr')).toHaveCount(1);
  await expect(results.getByRole('link', { name: 's1/s2/needle #1.txt' })).toBeVisible();
  await expect(page.getByTestId('search-status')).toContainText('Searched every folder below');
  await results.getByRole('link', { name: 's1/s2/needle #1.txt' }).click();
  await expect(page).toHaveURL(/path=s1%2Fs2$/);
  await expect(page.getByTestId('files-table').locator('tbody tr')).toContainText('needle #1.txt');

  await page.goto(`${DATA}?store=disk`);
  await filter.fill('nothing-like-this');
  await page.getByRole('button', { name: 'Search subfolders' }).click();
  await expect(page.getByTestId('search-status')).toContainText('no name holds “nothing-like-this”');
  await expect(page.getByTestId('search-results').locator('tbody tr')).toHaveCount(0);

  // A slow backend: the walk is stopped by hand, and says how far it got.
  await setFaults(request, { latencyMs: 2_000, pathPrefix: `/api/rest/v1/workspaces/${DEMO}/files/disk/s1` });
  try {
    await page.getByRole('button', { name: 'Search subfolders' }).click();
    const stop = page.getByRole('button', { name: 'Stop search' });
    await expect(stop).toBeVisible();
    await stop.click();
    await expect(page.getByTestId('search-status')).toContainText('Search stopped');
    await expect(page.getByRole('button', { name: 'Search subfolders' })).toBeVisible();
  } finally {
    await clearFaults(request);
  }
});
