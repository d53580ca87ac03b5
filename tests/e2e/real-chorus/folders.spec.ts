import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

import { expect, test } from '@playwright/test';

import { NOT_READY, PASSWORD, READY, USER, result, signIn, tokenOf } from './chorus-api';

// Issue 60, part 2, on a running CHORUS (real-chorus.config.ts): a folder of three levels and 50
// files (one of 6 MiB: several parts), with a hidden file and a .DS_Store that stay behind,
// uploaded through `Upload folder`; then the same folder again, which lands in `<name> (1)`.
// CHORUS_DISK, the disk store's `base_path`, compares every stored file byte for byte with the
// one sent (`<base>/workspaces/workspace<id>/<path>`); without it the sizes CHORUS lists are
// compared. Leaves behind a workspace `walk-folders-<time>` and its files.

test.skip(!READY, NOT_READY);

const DISK = process.env.CHORUS_DISK ?? '';

function bytes(size: number, seed: number): Buffer {
  const b = Buffer.alloc(size);
  let x = seed >>> 0 || 1;
  for (let i = 0; i + 4 <= size; i += 4) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    b.writeUInt32LE(x >>> 0, i);
  }
  return b;
}

const md5 = (b: Buffer) => createHash('md5').update(b).digest('hex');

test('a folder of three levels and 50 files arrives byte-identical, and again as “<name> (1)”', async ({ page, request }) => {
  test.setTimeout(15 * 60_000);
  const stamp = Date.now().toString(36);
  const tmp = await mkdtemp(join(tmpdir(), 'walk-folders-'));
  try {
    // 50 files over three levels, names with spaces, unicode, `#`, `?` and `%`.
    const files: Record<string, Buffer> = {};
    for (let i = 0; i < 50; i++) {
      const dir = ['', 'level one', 'level one/zwei ü', 'level one/zwei ü/drei #3'][i % 4];
      const name = i === 7 ? `odd ?${i}% #.bin` : `f${i}.bin`;
      files[dir ? `${dir}/${name}` : name] = bytes(i === 10 ? 6 * 1024 * 1024 + 3 : 1000 + i * 997, i + 1);
    }
    const root = join(tmp, 'walk tree');
    for (const [rel, body] of Object.entries(files)) {
      await mkdir(dirname(join(root, rel)), { recursive: true });
      await writeFile(join(root, rel), body);
    }
    await writeFile(join(root, '.hidden'), 'no');
    await writeFile(join(root, 'level one', '.DS_Store'), 'no');

    const steward = await tokenOf(request, USER, PASSWORD);
    const ws = ((await result(request, steward, 'POST', '/workspaces', { name: `walk-folders-${stamp}`, shortName: `f${stamp}`.slice(0, 10) })) as {
      workspace: { id: string };
    }).workspace.id;
    await signIn(page, USER, PASSWORD);
    await page.goto(`/workspaces/${ws}/data?store=disk`);
    await expect(page.getByRole('button', { name: 'Upload folder' })).toBeVisible({ timeout: 30_000 });

    for (const [run, stored] of [
      [0, 'walk tree'],
      [1, 'walk tree (1)'],
    ] as const) {
      await page.getByLabel('Folder to upload').setInputFiles(root);
      const dialog = page.getByRole('dialog', { name: 'Before you upload' });
      await expect(dialog).toContainText('walk tree: 50 files');
      await expect(dialog).toContainText('2 hidden or system files left out');
      const boxes = dialog.getByRole('checkbox');
      for (let i = 0; i < (await boxes.count()); i++) await boxes.nth(i).check();
      await dialog.getByRole('button', { name: 'Upload', exact: true }).click();
      const batch = page.getByTestId('transfers').locator(`li[data-folder="${stored}"]`);
      await expect(batch).toHaveAttribute('data-state', 'done', { timeout: 10 * 60_000 });
      await expect(batch).toContainText('Done: 50 files stored.');
      if (run === 1) await expect(batch).toContainText(`Saved as “walk tree (1)”`);

      for (const [rel, body] of Object.entries(files)) {
        const path = `${stored}/${rel}`;
        if (DISK) {
          const onDisk = await readFile(join(DISK, 'workspaces', `workspace${ws}`, path));
          expect(md5(onDisk), path).toBe(md5(body));
        } else {
          const dir = path.split('/').slice(0, -1).map(encodeURIComponent).join('/');
          const listed = (await result(request, steward, 'GET', `/workspaces/${ws}/files/disk/${dir}/`)) as {
            files: { name: string; size: string }[];
          };
          const name = path.split('/').pop();
          expect(listed.files.find((f) => f.name === name)?.size, path).toBe(String(body.length));
        }
      }
    }
    // The hidden file and the .DS_Store stayed on this computer.
    const top = (await result(request, steward, 'GET', `/workspaces/${ws}/files/disk/${encodeURIComponent('walk tree')}/`)) as {
      files: { name: string }[];
    };
    expect(top.files.map((f) => f.name)).not.toContain('.hidden');
  } finally {
    await rm(tmp, { recursive: true, force: true });
  }
});
