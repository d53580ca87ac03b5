import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';

import type { APIRequestContext, CDPSession, Page } from '@playwright/test';

import { expect, test } from './fixtures';
import { WORKSPACES, apiLogin, loginAs, resetServer } from '../helpers';
import { writePatternFile } from '../pattern-file';
import { origin, ports } from '../nginx.config';

// Upload benchmark (issue 39, item 7; a report, never a pass/fail): the release build through
// nginx with deploy/'s configuration in front of the dev server on loopback (nginx.config.ts).
// For each size (UPLOADBENCH_SIZES_MB, default "20,200"):
//   - the console: a user picks the file on the data page, confirms the statements and uploads
//     it; the time from `Upload` to the transfer's `done`, and the page's memory before (after a
//     garbage collection), at its highest during (sampled every 200 ms) and after (collected
//     again): the JS heap (DevTools `Runtime.getHeapUsage`) and the wasm memory (the module's
//     `memory.buffer.byteLength`, caught when the page instantiates it);
//   - curl: the same bytes in the same parts (the part size the backend chose) through the same
//     nginx, two parts at a time as the console sends them, each part's JSON written to disk
//     beforehand (so curl's figure has no encoding in it: the console's does);
// then the console's throughput as a share of curl's (goal ≥ 80 %) and the memory growth (goal
// ≤ 16 MB, the same for every size). Written to playwright-report/upload-bench.json too.
//
//   E2E_UPLOADBENCH=1 npx playwright test -c nginx.config.ts

const SIZES_MB = (process.env.UPLOADBENCH_SIZES_MB ?? '20,200')
  .split(',')
  .map((s) => Number(s.trim()))
  .filter((n) => n > 0);
const DEMO = WORKSPACES.demo.id;
const MB = 1024 * 1024;

test.beforeEach(async ({ request }) => {
  await resetServer(request);
});

type Memory = { heap: number; wasm: number };

async function memory(page: Page, cdp: CDPSession): Promise<Memory> {
  const { usedSize } = (await cdp.send('Runtime.getHeapUsage')) as { usedSize: number };
  const wasm = await page.evaluate(() => {
    const all = (window as unknown as { __benchWasmMemories?: WebAssembly.Memory[] }).__benchWasmMemories ?? [];
    return all.reduce((sum, m) => sum + m.buffer.byteLength, 0);
  });
  return { heap: usedSize, wasm };
}

async function collected(page: Page, cdp: CDPSession): Promise<Memory> {
  await cdp.send('HeapProfiler.collectGarbage');
  await page.waitForTimeout(300);
  await cdp.send('HeapProfiler.collectGarbage');
  return memory(page, cdp);
}

/** Runs `command` and resolves with its standard output (rejects on a non-zero exit). */
function run(command: string, args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err += d));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve(out) : reject(new Error(`${command}: exit ${code}: ${err}`))));
  });
}

/** The same bytes in the same parts through the same nginx, by curl, two parts at a time. */
async function curlUpload(
  request: APIRequestContext,
  dir: string,
  file: string,
  name: string,
  size: number,
): Promise<number> {
  const token = await apiLogin(request, 'alice');
  const base = `${origin(ports.console)}/api/rest/v1/workspaces/${DEMO}/file/disk/${name}/upload`;
  const auth = { authorization: `Bearer ${token}` };
  const bytes = await readFile(file);
  const started = performance.now();
  const init = await request.post(`${base}?complianceMessage=bench`, {
    headers: auth,
    data: { path: `/disk/${name}`, name, size: String(size), mimeType: 'application/octet-stream' },
  });
  expect(init.status(), await init.text()).toBe(200);
  const { uploadId, partSize, totalParts } = ((await init.json()) as {
    result: { uploadId: string; partSize: string; totalParts: string };
  }).result;
  const setupMs = performance.now() - started;
  // Each part's JSON on disk first: curl only sends.
  const parts: string[] = [];
  for (let n = 1; n <= Number(totalParts); n += 1) {
    const from = (n - 1) * Number(partSize);
    const data = bytes.subarray(from, Math.min(size, from + Number(partSize))).toString('base64');
    const p = path.join(dir, `part-${n}.json`);
    await writeFile(p, JSON.stringify({ partNumber: String(n), data }));
    parts.push(p);
  }
  const sendStarted = performance.now();
  const etags: { partNumber: string; etag: string }[] = [];
  let next = 0;
  const worker = async () => {
    while (next < parts.length) {
      const n = (next += 1);
      const reply = await run('curl', [
        '-sS',
        '--fail-with-body',
        '-X',
        'PUT',
        '-H',
        `authorization: Bearer ${token}`,
        '-H',
        'content-type: application/json',
        '--data-binary',
        `@${parts[n - 1]}`,
        `${base}/${encodeURIComponent(uploadId)}`,
      ]);
      const etag = (JSON.parse(reply) as { result: { part: { etag: string } } }).result.part.etag;
      etags.push({ partNumber: String(n), etag });
    }
  };
  await Promise.all([worker(), worker()]);
  etags.sort((a, b) => Number(a.partNumber) - Number(b.partNumber));
  const done = await request.post(`${base}/${encodeURIComponent(uploadId)}/complete`, { headers: auth, data: etags });
  expect(done.status(), await done.text()).toBe(200);
  return setupMs + (performance.now() - sendStarted);
}

type Row = {
  sizeMb: number;
  consoleMs: number;
  curlMs: number;
  share: number;
  before: Memory;
  peak: Memory;
  after: Memory;
};

const rows: Row[] = [];

for (const [i, sizeMb] of SIZES_MB.entries()) {
  test(`upload of ${sizeMb} MB: the console against curl, and the page's memory`, async ({ page, request }) => {
    test.setTimeout(15 * 60_000);
    const dir = await mkdtemp(path.join(tmpdir(), 'upload-bench-'));
    try {
      const size = sizeMb * MB;
      const file = path.join(dir, `bench-${sizeMb}.bin`);
      await writePatternFile(file, size, 11 + i);

      const curlMs = await curlUpload(request, dir, file, `curl-${sizeMb}.bin`, size);

      // The module's memory, caught as the page instantiates it (nothing of the app changes).
      await page.addInitScript(() => {
        const w = window as unknown as { __benchWasmMemories: WebAssembly.Memory[] };
        w.__benchWasmMemories = [];
        const keep = (instance: WebAssembly.Instance) => {
          for (const v of Object.values(instance.exports)) {
            if (v instanceof WebAssembly.Memory && !w.__benchWasmMemories.includes(v)) w.__benchWasmMemories.push(v);
          }
        };
        const streaming = WebAssembly.instantiateStreaming;
        WebAssembly.instantiateStreaming = async (...args) => {
          const r = await streaming(...args);
          keep(r.instance);
          return r;
        };
        const plain = WebAssembly.instantiate as (...a: unknown[]) => Promise<unknown>;
        (WebAssembly as unknown as { instantiate: unknown }).instantiate = async (...args: unknown[]) => {
          const r = await plain(...args);
          keep(r instanceof WebAssembly.Instance ? r : (r as { instance: WebAssembly.Instance }).instance);
          return r;
        };
      });
      await loginAs(page, 'alice');
      await page.goto(`/workspaces/${DEMO}/data?store=disk`);
      await expect(page.getByTestId('files-table')).toBeVisible();
      const cdp = await page.context().newCDPSession(page);
      const before = await collected(page, cdp);
      expect(before.wasm, 'the wasm memory was caught').toBeGreaterThan(0);

      await page.getByLabel('Files to upload').setInputFiles(file);
      const dialog = page.getByRole('dialog', { name: 'Before you upload' });
      const boxes = dialog.getByRole('checkbox');
      for (let b = 0; b < (await boxes.count()); b += 1) await boxes.nth(b).check();
      const row = page.getByTestId('transfers').locator(`li[data-file="bench-${sizeMb}.bin"]`);
      const peak: Memory = { ...before };
      let sampling = true;
      const sampler = (async () => {
        while (sampling) {
          const m = await memory(page, cdp).catch(() => before);
          peak.heap = Math.max(peak.heap, m.heap);
          peak.wasm = Math.max(peak.wasm, m.wasm);
          await new Promise((r) => setTimeout(r, 200));
        }
      })();
      const started = performance.now();
      await dialog.getByRole('button', { name: 'Upload', exact: true }).click();
      await expect(row).toHaveAttribute('data-state', 'done', { timeout: 14 * 60_000 });
      const consoleMs = performance.now() - started;
      sampling = false;
      await sampler;
      const after = await collected(page, cdp);
      rows.push({ sizeMb, consoleMs, curlMs, share: curlMs / consoleMs, before, peak, after });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
}

test.afterAll(async () => {
  if (rows.length === 0) return;
  const mb = (b: number) => (b / MB).toFixed(1);
  const rate = (sizeMb: number, ms: number) => ((sizeMb * 1000) / ms).toFixed(1);
  const lines = [
    '',
    'Upload through nginx to the dev server on loopback (release build, Chromium headless)',
    'size    console       curl (same parts, 2 at once)   console/curl   JS heap MB before/peak/after   wasm MB before/peak/after   growth MB (peak - before, heap + wasm)',
  ];
  for (const r of rows) {
    const growth = r.peak.heap - r.before.heap + (r.peak.wasm - r.before.wasm);
    lines.push(
      `${String(r.sizeMb).padStart(4)} MB  ${(r.consoleMs / 1000).toFixed(1).padStart(6)} s ${rate(r.sizeMb, r.consoleMs).padStart(6)} MB/s` +
        `   ${(r.curlMs / 1000).toFixed(1).padStart(6)} s ${rate(r.sizeMb, r.curlMs).padStart(6)} MB/s` +
        `               ${(r.share * 100).toFixed(0).padStart(4)} %` +
        `          ${mb(r.before.heap)} / ${mb(r.peak.heap)} / ${mb(r.after.heap)}` +
        `            ${mb(r.before.wasm)} / ${mb(r.peak.wasm)} / ${mb(r.after.wasm)}` +
        `            ${mb(growth)}`,
    );
  }
  console.log(lines.join('\n'));
  await writeFile(
    path.join(__dirname, '..', 'playwright-report', 'upload-bench.json'),
    JSON.stringify({ at: new Date().toISOString(), rows }, null, 2),
  );
});
