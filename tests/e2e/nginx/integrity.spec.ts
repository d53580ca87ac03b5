import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { origin, ports } from '../nginx.config';
import { expect, test } from './fixtures';
import { WORKSPACES, loginAs, navLink, resetServer, workspaceLink } from '../helpers';

// Issue 55, point 4 (last bullet): code the console loads later is checked against a digest
// before it runs, as the first load is (index.html's integrity attributes). The chunk loader
// (chunk-loader-<hash>.js) comes by a script element with the digest the first load names
// (scripts/loader-stub.mjs), and it fetches each wasm chunk with that chunk's digest
// (scripts/place-split.mjs). No request interception: two copies of the release build are
// served by deploy/'s nginx, one with a changed `admin` chunk, one with a changed chunk loader
// (each still a working file: the old build ran them). The console must refuse them, and say
// that this part could not be loaded, with Reload (ui.md), never run them.

const dist = process.env.E2E_DIST ?? path.join(__dirname, '..', '..', '..', 'dist');
const files = fs.existsSync(dist) ? fs.readdirSync(dist) : [];
const adminChunk = files.find((f) => /^split_admin-[0-9a-f]+\.wasm$/.test(f));
const chunkLoader = files.find((f) => /^chunk-loader-[0-9a-f]+\.js$/.test(f));
const servers = { chunk: ports.tamperedChunk, loader: ports.tamperedLoader };

let root = '';
const children: ChildProcess[] = [];

/** A copy of the build with `file` changed by `change`, its precompressed copies gone. */
function tamperedCopy(name: string, file: string, change: (data: Buffer) => Buffer): string {
  const served = path.join(root, name, 'dist');
  fs.cpSync(dist, served, { recursive: true });
  const target = path.join(served, file);
  const before = fs.readFileSync(target);
  const after = change(before);
  expect(after.equals(before)).toBe(false);
  fs.writeFileSync(target, after);
  for (const suffix of ['.br', '.gz']) fs.rmSync(target + suffix, { force: true });
  return served;
}

async function waitUp(url: string): Promise<void> {
  for (let i = 0; i < 300; i++) {
    try {
      await fetch(url);
      return;
    } catch {
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  throw new Error(`${url} did not come up`);
}

function serve(name: string, served: string, port: number): void {
  const child = spawn(path.join(__dirname, 'start-nginx.sh'), [path.join(root, name, 'nginx')], {
    env: {
      ...process.env,
      CONSOLE_DIST: served,
      CONSOLE_LISTEN: `127.0.0.1:${port}`,
      BACKEND_URL: `http://127.0.0.1:${ports.devserver}`,
      CONSOLE_ORIGIN: origin(port),
      // No session is opened here: the streams may stay on the console's origin.
      ALLOW_SAME_ORIGIN_STREAMS: '1',
    },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  child.stderr?.on('data', (d) => process.stderr.write(d));
  children.push(child);
}

test.describe('changed code loaded later is refused', () => {
  test.describe.configure({ mode: 'default' });
  test.skip(!adminChunk || !chunkLoader, `${dist} is not a split release build (no split_admin-*.wasm or chunk-loader-*.js)`);

  test.beforeAll(async () => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'console-integrity-'));
    // A custom section appended to the chunk: still a valid module that runs as before.
    const section = Buffer.concat([Buffer.from([0x00, 0x0a, 0x01]), Buffer.from('xtampered')]);
    serve('chunk', tamperedCopy('chunk', adminChunk!, (data) => Buffer.concat([data, section])), servers.chunk);
    // A statement appended to the loader: still a module that runs, and says so.
    serve(
      'loader',
      tamperedCopy('loader', chunkLoader!, (data) => Buffer.concat([data, Buffer.from('\nglobalThis.__tamperedLoaderRan = true;\n')])),
      servers.loader,
    );
    await Promise.all(Object.values(servers).map((port) => waitUp(`http://127.0.0.1:${port}/config.json`)));
  });

  test.afterAll(async () => {
    for (const child of children) child.kill('SIGTERM');
    await new Promise((r) => setTimeout(r, 300));
    if (root) fs.rmSync(root, { recursive: true, force: true });
  });

  test('a changed chunk is not instantiated: its page says so with Reload, the others work', async ({ page }) => {
    test.setTimeout(90_000);
    await resetServer(page.request);
    await page.goto(`${origin(servers.chunk)}/login`);
    await loginAs(page, 'admin');
    await expect(page.getByRole('heading', { name: 'Workspaces', level: 1 })).toBeVisible();
    await navLink(page, 'Admin').click();
    await expect(page).toHaveURL(/\/admin$/);
    const failed = page.getByTestId('chunk-error');
    await expect(failed).toBeVisible();
    await expect(failed).toHaveAttribute('role', 'alert');
    await expect(failed).toContainText('This part of the console could not be loaded');
    await expect(failed.getByRole('button', { name: 'Reload', exact: true })).toBeVisible();
    // The rest of the console keeps working.
    await navLink(page, 'Workspaces').click();
    await workspaceLink(page, WORKSPACES.demo.name).click();
    await expect(page.getByRole('heading', { name: WORKSPACES.demo.name, level: 1 })).toBeVisible();
    await expect(page.getByTestId('chunk-error')).toHaveCount(0);
  });

  test('a changed chunk loader never runs: the console says it could not load, with Reload', async ({ page }) => {
    test.setTimeout(90_000);
    await resetServer(page.request);
    await page.goto(`${origin(servers.loader)}/login`);
    await loginAs(page, 'admin');
    const failed = page.getByTestId('chunk-error');
    await expect(failed).toBeVisible();
    await expect(failed).toContainText('This part of the console could not be loaded');
    await expect(failed.getByRole('button', { name: 'Reload', exact: true })).toBeVisible();
    expect(await page.evaluate(() => (globalThis as { __tamperedLoaderRan?: boolean }).__tamperedLoaderRan)).toBeUndefined();
  });
});
