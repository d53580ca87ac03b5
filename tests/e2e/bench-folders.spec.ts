import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Browser, CDPSession, Page } from '@playwright/test';
import { expect, test } from './fixtures';

// Big folders (issue 50, item 3), a report rather than a test: skipped unless BENCH=1.
//   cargo build -p devserver && cd tests/e2e && \
//   BENCH=1 E2E_DIST=/work/dist-before npx playwright test bench-folders.spec.ts --project default
// It starts its own dev server (E2E_DEVSERVER, default target/debug/devserver) on BENCH_PORT
// (default 4280) serving E2E_DIST (default dist/), seeds Demo's `disk` store with a folder `big`
// of 1,000, 10,000 and 100,000 files (BENCH_SIZES, comma-separated; `POST /api/dev/folder`), and
// for each, in a fresh browser context (BENCH_RUNS times, default 1), opens
// `/workspaces/1/data?store=disk&path=big` as alice and reports:
// - navigation → first rows: from the navigation's start to the first frame painted after the
//   row of `sample-000001.csv` (found by its `data-path`) is in the DOM;
// - reply → first rows: from the list reply's last byte (Resource Timing) to that frame;
// - the reply's size and the server's time to its first byte;
// - DOM nodes (CDP `Nodes`, after a collection) and elements (`*`);
// - JS heap in use (CDP `Runtime.getHeapUsage`, after a collection) and wasm memory (the module's
//   `memory.buffer.byteLength`, caught as the page instantiates it);
// - scrolling from top to bottom: the folder's scroll container (the document or the first
//   scrollable ancestor of the rows) moves one viewport per animation frame, in at most 300 steps
//   (a longer folder takes longer steps), until the last file is on screen; frames over 50 ms
//   and the longest frame (requestAnimationFrame deltas);
// - frames over 50 ms while the page sits untouched for BENCH_IDLE_S (default 10; the polls).
// A page that shows no rows (a wasm trap, or BENCH_ROWS_TIMEOUT_S, default 300) is reported so.
// BENCH_LISTS=1 adds the other lists CHORUS returns whole (docs/measurements.md, "Big folders"):
// Demo's members (`--extra-users` BENCH_EXTRA_USERS, a third of them Demo's), its sessions
// (BENCH_SESSIONS), the workspaces (BENCH_WORKSPACES), a request's files (BENCH_REQUEST_FILES)
// and the `Open app` menu (BENCH_APPS more apps, `POST /api/dev/apps`), as admin but the request.
// Figures go to the output and, as JSON, to BENCH_OUT (default test-results/bench-folders.json).
// It asserts only that the page works.

const enabled = process.env.BENCH === '1';
const port = Number(process.env.BENCH_PORT ?? 4280);
const base = `http://127.0.0.1:${port}`;
const repoRoot = path.resolve(__dirname, '..', '..');
const devserver = process.env.E2E_DEVSERVER ?? path.join(repoRoot, 'target', 'debug', 'devserver');
const dist = process.env.E2E_DIST ?? path.join(repoRoot, 'dist');
const sizes = (process.env.BENCH_SIZES ?? '1000,10000,100000').split(',').map(Number);
const runs = Math.max(1, Number(process.env.BENCH_RUNS ?? 1));
const out = process.env.BENCH_OUT ?? path.join(__dirname, 'test-results', 'bench-folders.json');
const lists = process.env.BENCH_LISTS === '1';
const rowsTimeout = Number(process.env.BENCH_ROWS_TIMEOUT_S ?? 300) * 1000;
const idleMs = Number(process.env.BENCH_IDLE_S ?? 10) * 1000;
// The other lists: Demo's members (every third generated user is one), sessions, workspaces, the
// files of one request.
const extraUsers = Number(process.env.BENCH_EXTRA_USERS ?? 7500);
const sessionCount = Number(process.env.BENCH_SESSIONS ?? 1000);
const workspaceCount = Number(process.env.BENCH_WORKSPACES ?? 1000);
const requestFiles = Number(process.env.BENCH_REQUEST_FILES ?? 2000);
const appCount = Number(process.env.BENCH_APPS ?? 1000);
const ADMIN = { username: 'admin', password: 'admin123' };

/** One measurement (navToRows, replyToRows: -1 when no rows came). */
export type Figures = {
  label: string;
  navToRows: number;
  replyToRows: number;
  replyBytes: number;
  serverMs: number;
  nodes: number;
  elements: number;
  heapMb: number;
  wasmMb: number;
  scrollSteps: number;
  scrollFrames: number;
  slowFrames: number;
  longestFrame: number;
  scrollMs: number;
  lastOnScreen: boolean;
  /** Frames over 50 ms while the page sat untouched for BENCH_IDLE_S (polls re-render). */
  idleSlowFrames: number;
  idleLongestFrame: number;
  /** The text of `note` (e.g. the pager's count), if asked for. */
  note: string;
  /** The page's uncaught errors (a wasm trap is `unreachable`). */
  errors: string[];
  /** No rows came: the page failed or BENCH_ROWS_TIMEOUT_S passed. */
  failed: boolean;
};

const results: Figures[] = [];

/** What the init script keeps on `window`. */
type Probe = {
  __benchWasm: WebAssembly.Memory[];
  __benchMarker?: string;
  __benchRowsAt?: number;
  __benchPaintAt?: number;
};

/** Catches the wasm memory and the first frame after the marked row is in the DOM. */
export async function instrument(page: Page, marker: string): Promise<void> {
  await page.addInitScript((m) => {
    const w = window as unknown as Probe;
    w.__benchWasm = [];
    w.__benchMarker = m;
    const keep = (instance: WebAssembly.Instance) => {
      for (const v of Object.values(instance.exports)) {
        if (v instanceof WebAssembly.Memory && !w.__benchWasm.includes(v)) w.__benchWasm.push(v);
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
    const seen = () => {
      if (w.__benchRowsAt !== undefined || !w.__benchMarker) return;
      if (!document.querySelector(w.__benchMarker)) return;
      w.__benchRowsAt = performance.now();
      observer.disconnect();
      // The frame that shows it: the first task after the next animation frame.
      requestAnimationFrame(() => setTimeout(() => (w.__benchPaintAt = performance.now()), 0));
    };
    const observer = new MutationObserver(seen);
    observer.observe(document, { childList: true, subtree: true });
  }, marker);
}

async function collected(cdp: CDPSession): Promise<{ heap: number; nodes: number }> {
  await cdp.send('HeapProfiler.collectGarbage');
  await cdp.send('HeapProfiler.collectGarbage');
  const { usedSize } = (await cdp.send('Runtime.getHeapUsage')) as { usedSize: number };
  const { metrics } = (await cdp.send('Performance.getMetrics')) as { metrics: { name: string; value: number }[] };
  return { heap: usedSize, nodes: metrics.find((x) => x.name === 'Nodes')?.value ?? 0 };
}

/** Scrolls the rows' container from top to bottom, a step per frame; the frames' lengths. */
async function scrollThrough(page: Page, marker: string, last: string) {
  return page.evaluate(
    async ({ marker, last }) => {
      const row = document.querySelector(marker);
      let box: Element | null = row?.parentElement ?? null;
      while (box && box !== document.body) {
        const s = getComputedStyle(box);
        if (/(auto|scroll)/.test(s.overflowY) && box.scrollHeight > box.clientHeight + 10) break;
        box = box.parentElement;
      }
      const el = box && box !== document.body ? box : (document.scrollingElement ?? document.documentElement);
      const view = el === document.scrollingElement ? window.innerHeight : el.clientHeight;
      const frame = () => new Promise<number>((r) => requestAnimationFrame(r));
      el.scrollTop = 0;
      await frame();
      await frame();
      const t0 = performance.now();
      let prev = await frame();
      const deltas: number[] = [];
      let steps = 0;
      const onScreen = () => {
        const e = document.querySelector(last);
        if (!e) return false;
        const r = e.getBoundingClientRect();
        return r.bottom > 0 && r.top < window.innerHeight;
      };
      while (steps < 2000) {
        const step = Math.max(view, Math.ceil((el.scrollHeight - view) / 300));
        const before = el.scrollTop;
        el.scrollTop = before + step;
        steps++;
        const now = await frame();
        deltas.push(now - prev);
        prev = now;
        if (el.scrollTop === before || el.scrollTop + view >= el.scrollHeight - 1) break;
      }
      // A scroll box of its own may end below the window's fold: the window goes down too.
      const page = document.scrollingElement ?? document.documentElement;
      if (el !== page) page.scrollTop = page.scrollHeight;
      // Two frames more: whatever the last step rendered.
      for (let i = 0; i < 2; i++) {
        const now = await frame();
        deltas.push(now - prev);
        prev = now;
      }
      return {
        steps,
        frames: deltas.length,
        slow: deltas.filter((d) => d > 50).length,
        longest: Math.round(Math.max(...deltas)),
        ms: Math.round(performance.now() - t0),
        lastOnScreen: onScreen(),
      };
    },
    { marker, last },
  );
}

/** Frames over 50 ms (and the longest) while nobody touches the page for `ms`. */
async function idleFrames(page: Page, ms: number) {
  return page.evaluate(async (ms) => {
    const frame = () => new Promise<number>((r) => requestAnimationFrame(r));
    const end = performance.now() + ms;
    let prev = await frame();
    let slow = 0;
    let longest = 0;
    while (prev < end) {
      const now = await frame();
      if (now - prev > 50) slow++;
      longest = Math.max(longest, now - prev);
      prev = now;
    }
    return { slow, longest: Math.round(longest) };
  }, ms);
}

/**
 * Opens `url` in a fresh context logged in as `user`, waits for the element `marker` (a CSS
 * selector), measures, scrolls to `last`. `reply` matches the list request's URL.
 */
export async function measure(
  browser: Browser,
  label: string,
  url: string,
  marker: string,
  last: string,
  reply: RegExp,
  user = { username: 'alice', password: 'alice123' },
  note = '',
  /** After the navigation, before the rows (e.g. opening a menu): then timed from its click. */
  open?: (page: Page) => Promise<void>,
): Promise<Figures> {
  const context = await browser.newContext({ baseURL: base, viewport: { width: 1280, height: 800 } });
  try {
    const page = await context.newPage();
    const errors: string[] = [];
    let failedAt: (() => void) | undefined;
    const trapped = new Promise<void>((r) => (failedAt = r));
    page.on('pageerror', (e) => {
      console.log(`BENCH page error: ${e.message}`);
      errors.push(e.message);
      failedAt?.();
    });
    page.on('crash', () => {
      errors.push('page crashed');
      failedAt?.();
    });
    await page.goto('/login');
    await page.getByLabel('Username', { exact: true }).fill(user.username);
    await page.getByLabel('Password', { exact: true }).fill(user.password);
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await expect(page).not.toHaveURL(/\/login/);
    await instrument(page, marker);
    await page.goto(url);
    if (open) {
      await page.evaluate(() =>
        window.addEventListener(
          'click',
          () => ((window as unknown as { __benchClickAt?: number }).__benchClickAt ??= performance.now()),
          true,
        ),
      );
      await open(page);
    }
    const shown = await Promise.race([
      page
        .waitForFunction(() => (window as unknown as Probe).__benchPaintAt !== undefined, undefined, {
          timeout: rowsTimeout,
          polling: 200,
        })
        .then(
          () => true,
          () => false,
        ),
      // A trap leaves the page as it was: no rows will come (a moment for the rest of its errors).
      trapped.then(() => new Promise<boolean>((r) => setTimeout(() => r(false), 3000))),
    ]);
    const t = await page.evaluate((src) => {
      const w = window as unknown as Probe;
      const entry = performance
        .getEntriesByType('resource')
        .map((e) => e as PerformanceResourceTiming)
        .filter((e) => new RegExp(src).test(e.name))
        .pop();
      const from = (window as unknown as { __benchClickAt?: number }).__benchClickAt ?? 0;
      return {
        paint: (w.__benchPaintAt ?? 0) - from,
        from,
        replyEnd: entry?.responseEnd ?? 0,
        serverMs: entry ? entry.responseStart - entry.requestStart : 0,
        bytes: entry?.encodedBodySize ?? 0,
        elements: document.getElementsByTagName('*').length,
        wasm: w.__benchWasm.reduce((s, m) => s + m.buffer.byteLength, 0),
      };
    }, reply.source);
    const cdp = await context.newCDPSession(page);
    await cdp.send('Performance.enable');
    const mem = await collected(cdp);
    const scroll = shown
      ? await scrollThrough(page, marker, last)
      : { steps: 0, frames: 0, slow: 0, longest: 0, ms: 0, lastOnScreen: false };
    const idle = shown && idleMs > 0 ? await idleFrames(page, idleMs) : { slow: 0, longest: 0 };
    const noted = note
      ? await page.evaluate((sel) => document.querySelector(sel)?.textContent?.trim() ?? '', note)
      : '';
    const f: Figures = {
      label,
      navToRows: Math.round(t.paint),
      replyToRows: Math.round(t.paint + t.from - Math.max(t.replyEnd, t.from)),
      replyBytes: t.bytes,
      serverMs: Math.round(t.serverMs),
      nodes: mem.nodes,
      elements: t.elements,
      heapMb: Number((mem.heap / 1048576).toFixed(1)),
      wasmMb: Number((t.wasm / 1048576).toFixed(1)),
      scrollSteps: scroll.steps,
      scrollFrames: scroll.frames,
      slowFrames: scroll.slow,
      longestFrame: scroll.longest,
      scrollMs: scroll.ms,
      lastOnScreen: scroll.lastOnScreen,
      idleSlowFrames: idle.slow,
      idleLongestFrame: idle.longest,
      note: noted,
      errors,
      failed: !shown,
    };
    if (!shown) {
      f.navToRows = -1;
      f.replyToRows = -1;
      console.log(
        `BENCH ${label}: NO ROWS (${errors.length ? `page error: ${errors[0]}` : `none within ${rowsTimeout / 1000} s`}); ` +
          `reply ${(f.replyBytes / 1e6).toFixed(2)} MB, server ${f.serverMs} ms; DOM nodes ${f.nodes}; ` +
          `JS heap ${f.heapMb} MB; wasm ${f.wasmMb} MB`,
      );
      results.push(f);
      return f;
    }
    console.log(
      `BENCH ${label}: navigation → first rows ${f.navToRows} ms, reply → first rows ${f.replyToRows} ms ` +
        `(reply ${(f.replyBytes / 1e6).toFixed(2)} MB, server ${f.serverMs} ms); DOM nodes ${f.nodes} ` +
        `(${f.elements} elements); JS heap ${f.heapMb} MB; wasm ${f.wasmMb} MB; scroll ${f.scrollSteps} steps, ` +
        `${f.scrollFrames} frames in ${f.scrollMs} ms, ${f.slowFrames} over 50 ms, longest ${f.longestFrame} ms, ` +
        `last entry on screen: ${f.lastOnScreen}; idle ${idleMs / 1000} s: ${f.idleSlowFrames} frames over 50 ms ` +
        `(longest ${f.idleLongestFrame} ms)${f.note ? `; "${f.note}"` : ''}`,
    );
    expect(t.replyEnd, `the list reply of ${label} was seen`).toBeGreaterThan(0);
    results.push(f);
    return f;
  } finally {
    await context.close();
  }
}

/** A call of the platform API as `user` on the benchmark's server (`null` for no body). */
async function api(token: string, method: string, pathname: string, body: unknown): Promise<any> {
  const r = await fetch(`${base}/api/rest/v1${pathname}`, {
    method,
    headers: { 'content-type': 'application/json', cookie: `jwttoken=${token}` },
    body: body === null ? undefined : JSON.stringify(body),
  });
  const text = await r.text();
  if (!r.ok) throw new Error(`${method} ${pathname}: ${r.status} ${text}`);
  return text ? JSON.parse(text) : null;
}

async function token(user: { username: string; password: string }): Promise<string> {
  const r = await fetch(`${base}/api/rest/v1/authentication/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(user),
  });
  if (!r.ok) throw new Error(`login of ${user.username}: ${r.status}`);
  return ((await r.json()) as { result: { token: string } }).result.token;
}

/** `POST /api/dev/…` on the benchmark's server. */
export async function dev(pathname: string, body: unknown): Promise<unknown> {
  const r = await fetch(`${base}/api/dev/${pathname}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  const text = await r.text();
  if (!r.ok) throw new Error(`POST /api/dev/${pathname}: ${r.status} ${text}`);
  return text ? JSON.parse(text) : null;
}

// One worker runs these in order: they share the server the file's beforeAll starts.
test.describe.configure({ mode: 'default' });
let server: ChildProcess | undefined;

test.beforeAll(async () => {
  if (!enabled) return;
  const flags = ['--addr', `127.0.0.1:${port}`, '--static', dist, '--quiet'];
  if (lists) flags.push('--extra-users', String(extraUsers));
  server = spawn(devserver, flags, { stdio: 'ignore' });
  for (let i = 0; i < 150; i++) {
    try {
      const r = await fetch(`${base}/api/dev/requests`);
      if (r.ok) return;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error('the benchmark dev server did not start');
});

test.afterAll(() => {
  if (!enabled) return;
  server?.kill();
  mkdirSync(path.dirname(out), { recursive: true });
  writeFileSync(out, JSON.stringify({ dist, devserver, results }, null, 2));
  console.log(`BENCH figures written to ${out}`);
});

test.describe('big folders benchmark (BENCH=1)', () => {
  test.skip(!enabled, 'set BENCH=1 to run the benchmark');

  test('a folder of four entries (the seed)', async ({ browser }) => {
    test.setTimeout(120_000);
    for (let run = 0; run < runs; run++) {
      await measure(
        browser,
        'folder of 4',
        '/workspaces/1/data?store=disk',
        '[data-path="/disk/notes.txt"]',
        '[data-path="/disk/scratch/"]',
        /\/workspaces\/1\/files\/disk\/?$/,
      );
    }
  });

  for (const n of sizes) {
    test(`a folder of ${n.toLocaleString('en')} files`, async ({ browser }) => {
      test.setTimeout(20 * 60_000);
      const seeded = await dev('folder', { workspaceId: '1', store: 'disk', path: 'big', files: n });
      expect(seeded).toEqual({ path: 'big', files: n });
      const lastName = `sample-${String(n).padStart(6, '0')}.csv`;
      for (let run = 0; run < runs; run++) {
        const f = await measure(
          browser,
          `folder of ${n}`,
          '/workspaces/1/data?store=disk&path=big',
          '[data-path="/disk/big/sample-000001.csv"]',
          `[data-path="/disk/big/${lastName}"]`,
          /\/workspaces\/1\/files\/disk\/big\/?$/,
        );
        if (!f.failed) expect(f.lastOnScreen, `${lastName} on screen after scrolling`).toBe(true);
      }
    });
  }
});

test.describe('other whole lists benchmark (BENCH=1 BENCH_LISTS=1)', () => {
  test.skip(!enabled || !lists, 'set BENCH=1 BENCH_LISTS=1 to run the benchmark of the other lists');

  test(`members of a workspace (${Math.floor(extraUsers / 3)} generated + the demo's)`, async ({ browser }) => {
    test.setTimeout(10 * 60_000);
    // Paged by the console (20 a page) after fetching every page of 100: first rows only.
    await measure(
      browser,
      `members (${Math.floor(extraUsers / 3)}+)`,
      '/workspaces/1/members',
      '[data-testid="members-table"] tr[data-user-id]',
      '[data-testid="members-table"] tbody tr:last-child',
      /\/users\?.*filter\.workspaceIDs=1/,
      ADMIN,
      '.pager .muted',
    );
  });

  test(`sessions of a workspace (${sessionCount})`, async ({ browser }) => {
    test.setTimeout(15 * 60_000);
    const t = await token(ADMIN);
    for (let i = 1; i <= sessionCount; i++) {
      await api(t, 'POST', '/workbenches', {
        tenantId: '1',
        userId: '1',
        workspaceId: '1',
        name: `Bench ${String(i).padStart(5, '0')}`,
        status: 'active',
      });
    }
    await dev('advance', { seconds: 600 });
    await measure(
      browser,
      `sessions (${sessionCount})`,
      '/workspaces/1',
      '[data-testid="workbench-table"] tr[data-workbench-id]',
      '[data-testid="workbench-table"] tbody tr:last-child',
      /\/workbenches\?.*filter\.workspaceIdsIn=1/,
      ADMIN,
    );
  });

  test(`workspaces (${workspaceCount})`, async ({ browser }) => {
    test.setTimeout(15 * 60_000);
    const t = await token(ADMIN);
    for (let i = 1; i <= workspaceCount; i++) {
      await api(t, 'POST', '/workspaces', { name: `Bench ${String(i).padStart(5, '0')}` });
    }
    await measure(
      browser,
      `workspaces (${workspaceCount})`,
      '/workspaces',
      'li.workspace-card',
      'li.workspace-card:last-child',
      /\/workspaces\?/,
      ADMIN,
    );
  });

  test(`a request with ${requestFiles} files`, async ({ browser }) => {
    test.setTimeout(15 * 60_000);
    await dev('folder', { workspaceId: '1', store: 'disk', path: 'asked', files: requestFiles });
    const t = await token({ username: 'alice', password: 'alice123' });
    const files = Array.from({ length: requestFiles }, (_, i) => `/disk/asked/sample-${String(i + 1).padStart(6, '0')}.csv`);
    const made = await api(t, 'POST', '/approval-requests/data-extraction', {
      sourceWorkspaceId: '1',
      title: 'Bench: many files',
      description: 'issue 50',
      filePaths: files,
    });
    const id = String(made.result.approvalRequest.id);
    await measure(
      browser,
      `request files (${requestFiles})`,
      `/requests/${id}`,
      '[data-testid="request-files"] tr[data-path]',
      '[data-testid="request-files"] tbody tr[data-path]:last-of-type',
      new RegExp(`/approval-requests/${id}$`),
    );
  });
});

test.describe('the Open app menu benchmark (BENCH=1 BENCH_LISTS=1)', () => {
  test.skip(!enabled || !lists, 'set BENCH=1 BENCH_LISTS=1 to run the benchmark of the other lists');

  test(`apps in Open app (${appCount} more)`, async ({ browser }) => {
    test.setTimeout(10 * 60_000);
    await dev('apps', { count: appCount });
    const t = await token(ADMIN);
    const made = await api(t, 'POST', '/workbenches', {
      tenantId: '1',
      userId: '1',
      workspaceId: '1',
      name: 'Bench apps',
      status: 'active',
    });
    const id = String(made.result.workbench.id);
    await dev('advance', { seconds: 600 });
    // navigation → rows is here the click on `Open app` → the menu's items; reply → rows from the
    // catalogue's reply if it came after the click.
    await measure(
      browser,
      `Open app (${appCount} + the seed's), from the click`,
      `/workspaces/1/sessions/${id}`,
      '.open-app-list li',
      '.open-app-list li:last-child',
      /\/apps$/,
      ADMIN,
      '',
      async (page) => {
        const button = page.getByRole('button', { name: 'Open app', exact: true });
        await expect(button).toBeVisible({ timeout: 60_000 });
        await button.click();
      },
    );
  });
});
