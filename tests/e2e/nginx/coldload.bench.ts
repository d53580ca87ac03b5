import type { APIRequestContext, Browser, Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { WORKSPACES, apiLogin, resetServer } from '../helpers';
import { baselineDist, benchOrigin, coldloadHttp2, ports } from '../nginx.config';

// Cold-load benchmark (a report, never a pass/fail; scripts/test.sh prints it in its bench stage):
// Chromium with an empty cache, through the nginx setup (same-origin layout, precompressed files),
// on a throttled link emulated with the DevTools protocol: 10 Mbit/s both ways, 40 ms round trip,
// CPU 4× slower. For each of RUNS fresh browser contexts (empty cache, new connections):
//   - login page usable: navigation start → the `Sign in` button is rendered by the app and enabled
//     (with the Username and Password fields);
//   - workspace page, returning user: navigation start (logged in, and `localStorage` holds
//     what the app left there on one earlier load of the page — the signed-in hint
//     `console.signedIn`, the GETs that load asked first — as on a browser where the user opened
//     it before) → /workspaces/1 shows its heading and its workbench table. With the hint the
//     start-up script preloads the `app` chunk and sends those GETs beside the first wasm;
//   - workspace page, cookie only: the same without the hint (the login cookie alone, e.g. a
//     browser that never ran the console): the app learns from /users/me that someone is signed
//     in, then fetches the chunk;
//   - a new user's first sign-in (issue 46): the login cookie of a user made for the run, who has
//     not accepted the terms of use, no hint (a browser that never ran the console) →
//     /workspaces shows the terms page in its place, its text, the checkbox and `Accept`;
//   - Data page, returning user (issue 46): as the returning user above, at
//     /workspaces/1/data → its heading and the files table.
// Prints the median, minimum and maximum of each, the bytes and requests the page had started
// by then (the document included), when the `app` chunk (`split_app-*.wasm`) was requested if
// the build has one, and the page errors, console errors and failed requests seen.
//
// With COLDLOAD_BASELINE_DIST=<a previous release bundle> (nginx.config.ts serves it through a
// second nginx of the same configuration, same dev server) the run measures both builds, one
// load of this build then one of the previous for each measure and run (drift hits both), and
// prints them side by side with the difference of the medians. A build that ignores the hint
// loads the same way with and without it.
//
//   E2E_COLDLOAD=1 [COLDLOAD_BASELINE_DIST=/path/to/dist] npx playwright test -c nginx.config.ts
//   (COLDLOAD_RUNS=10 by default; COLDLOAD_TRACE=1 also prints each load's requests;
//   COLDLOAD_RTT_MS and COLDLOAD_CPU_SLOWDOWN change the link; COLDLOAD_HTTP2=1 serves both
//   builds over https and HTTP/2, as deploy/README.md's TLS example does, instead of plain http,
//   where Chromium opens at most six connections per host)

const RUNS = Number(process.env.COLDLOAD_RUNS ?? 10);
/** The emulated link; COLDLOAD_RTT_MS and COLDLOAD_CPU_SLOWDOWN change it (e.g. a distant
 * backend: 150 ms, 1×). */
const LINK = {
  latencyMs: Number(process.env.COLDLOAD_RTT_MS ?? 40),
  bitsPerSecond: 10_000_000,
  cpuSlowdown: Number(process.env.COLDLOAD_CPU_SLOWDOWN ?? 4),
};
/** The app's hint that this browser has a signed-in user (src/pages/lazy.rs, `SIGNED_IN_HINT`). */
const SIGNED_IN_HINT = 'console.signedIn';

type Sample = { ms: number; bytes: number; requests: number; appChunkAt: number | null };
type User = 'anonymous' | 'returning' | 'cookieOnly' | 'newUser';
type Measure = { label: string; user: User; path: string; ready: () => number | false };
type Build = {
  name: string;
  baseURL: string;
  samples: Sample[][];
  problems: Map<string, number>;
  /** The returning user's `localStorage` for each path (from one earlier load, [`returningStorage`]). */
  returning: Map<string, Record<string, string>>;
};

/** Pages whose load was measured: what their closing aborts is not a problem of the load. */
const measured = new WeakSet<Page>();

/** Counts a problem seen on a load of `build` (reported after the figures, never a failure). */
function note(build: Build, what: string) {
  build.problems.set(what, (build.problems.get(what) ?? 0) + 1);
}

/** How long after the sign-in check the app keeps the list of what the page asked first
 * (src/state/start_gets.rs, `KEEP_AFTER`), with a margin. */
const START_GETS_KEPT_AFTER_MS = 3_500;

/** What a returning user's browser holds for `build`: the `localStorage` the app left after one
 * earlier, unthrottled load of `path` by a signed-in user with the hint (the hint itself, the
 * GETs that load asked first, …). */
async function returningStorage(browser: Browser, build: Build, path: string, ready: () => number | false) {
  const context = await browser.newContext({ baseURL: build.baseURL, ignoreHTTPSErrors: coldloadHttp2 });
  try {
    await apiLogin(context.request, 'alice');
    await context.addInitScript((key) => localStorage.setItem(key, '1'), SIGNED_IN_HINT);
    const page = await context.newPage();
    await page.goto(path);
    await page.waitForFunction(ready, undefined, { polling: 'raf', timeout: 60_000 });
    await page.waitForTimeout(START_GETS_KEPT_AFTER_MS);
    return await page.evaluate(() => Object.fromEntries(Object.entries(localStorage)));
  } finally {
    await context.close();
  }
}

/** The line a measured page writes to its console when its `ready` first holds ([`recorder`]). */
const READY_LINE = 'coldload: ready at ';

/** The script installed in a measured page before any of its own: it checks `ready` every
 * animation frame, as `page.waitForFunction(ready, { polling: 'raf' })` does, and writes one console
 * line ([`READY_LINE`] and the time) when it first holds. The test only listens for that line, so
 * nothing of Playwright runs in the page while it loads: `waitForFunction` injects Playwright's own
 * script into the page as soon as the document exists, some 80 ms of main thread at CPU 4× that
 * came before the page's own start-up script (a trace showed the console's `init-*.js`, which
 * starts a returning user's chunks and GETs, run about 100 ms later for it). */
function recorder(ready: () => number | false): string {
  const line = JSON.stringify(READY_LINE);
  return `(() => {
    const ready = ${ready.toString()};
    const check = () => {
      const at = ready();
      if (at === false) requestAnimationFrame(check);
      else console.debug(${line} + at);
    };
    requestAnimationFrame(check);
  })();`;
}

/** A user made for the run (the demo users accepted the terms in the seed; this one has not). */
const NEW_USER = { username: 'coldnew', password: 'coldnew12345' };

async function makeNewUser(request: APIRequestContext): Promise<void> {
  await apiLogin(request, 'admin');
  const r = await request.post('/api/rest/v1/users', {
    data: { ...NEW_USER, firstName: 'Cold', lastName: 'Start', email: 'coldnew@example.org', status: 'active', source: 'internal' },
  });
  expect(r.status(), await r.text()).toBe(200);
}

async function throttledPage(
  browser: Browser,
  build: Build,
  measure: Measure,
): Promise<Page> {
  const { user, ready } = measure;
  const context = await browser.newContext({ baseURL: build.baseURL, ignoreHTTPSErrors: coldloadHttp2 });
  await context.addInitScript({ content: recorder(ready) });
  if (user === 'newUser') await apiLogin(context.request, NEW_USER);
  else if (user !== 'anonymous') await apiLogin(context.request, 'alice');
  if (user === 'returning') {
    const kept = build.returning.get(measure.path) ?? { [SIGNED_IN_HINT]: '1' };
    await context.addInitScript((items) => {
      for (const [key, value] of Object.entries(items)) localStorage.setItem(key, value);
    }, kept);
  }
  const page = await context.newPage();
  // What went wrong on the way, until the load was measured.
  const problem = (what: string) => measured.has(page) || note(build, what);
  page.on('pageerror', (error) => problem(`page error: ${error.message}`));
  // The login page asks who is signed in: its 401 (and Chromium's console line about it) is the
  // answer, not a failure.
  const expected = (status: number, url: string) =>
    user === 'anonymous' && status === 401 && new URL(url, build.baseURL).pathname.startsWith('/api/');
  page.on('console', (message) => {
    if (message.type() !== 'error') return;
    if (/status of 401/.test(message.text()) && expected(401, message.location().url)) return;
    problem(`console error: ${message.text()} (${message.location().url})`);
  });
  page.on('requestfailed', (request) =>
    problem(`request failed: ${new URL(request.url()).pathname} (${request.failure()?.errorText})`),
  );
  page.on('response', (response) => {
    if (response.status() >= 400 && !expected(response.status(), response.url())) {
      problem(`HTTP ${response.status()}: ${new URL(response.url()).pathname}`);
    }
  });
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
  await cdp.send('Network.emulateNetworkConditions', {
    offline: false,
    latency: LINK.latencyMs,
    downloadThroughput: LINK.bitsPerSecond / 8,
    uploadThroughput: LINK.bitsPerSecond / 8,
  });
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: LINK.cpuSlowdown });
  return page;
}

/** Time since navigation start when `ready` first holds (checked every animation frame), and
 * what the page had requested by then (from the Resource Timing entries that started before). */
async function timeUntil(page: Page, path: string): Promise<Sample> {
  const readyLine = page.waitForEvent('console', {
    predicate: (message) => message.text().startsWith(READY_LINE),
    timeout: 60_000,
  });
  await page.goto(path, { waitUntil: 'commit' });
  const ms = Number((await readyLine).text().slice(READY_LINE.length));
  const entries = await page.evaluate(() =>
    [...performance.getEntriesByType('navigation'), ...performance.getEntriesByType('resource')].map((e) => {
      const timing = e as PerformanceResourceTiming;
      const path = new URL(timing.name).pathname;
      return { path, start: timing.startTime, end: timing.responseEnd, bytes: timing.transferSize || 0 };
    }),
  );
  // Requests made after the page was ready (the login page's idle prefetch) are not its cost.
  const before = entries.filter((e) => e.start <= ms);
  const appChunk = before.find((e) => /^\/split_app-[^/]*\.wasm$/.test(e.path));
  if (process.env.COLDLOAD_TRACE) {
    const list = entries.map((e) => `${Math.round(e.start)}–${Math.round(e.end)} ms ${e.bytes} B ${e.path}`);
    console.log(`${page.url()}: ready at ${Math.round(ms)} ms\n  ${list.join('\n  ')}`);
  }
  return {
    ms,
    bytes: before.reduce((sum, e) => sum + e.bytes, 0),
    requests: before.length,
    appChunkAt: appChunk ? appChunk.start : null,
  };
}

function loginUsable(): number | false {
  const button = Array.from(document.querySelectorAll('button')).find((b) => b.textContent?.trim() === 'Sign in');
  const fields = document.querySelectorAll('input').length >= 2;
  return button && !button.disabled && fields ? performance.now() : false;
}

function workspaceShown(): number | false {
  const table = document.querySelector('[data-testid="workbench-table"]');
  const heading = Array.from(document.querySelectorAll('h1')).some((h) => h.textContent?.trim() === 'Demo');
  return table && heading ? performance.now() : false;
}

function termsShown(): number | false {
  const heading = Array.from(document.querySelectorAll('h1')).some((h) => h.textContent?.trim() === 'Terms of use');
  const text = document.querySelector('.terms-text')?.textContent?.trim();
  const accept = Array.from(document.querySelectorAll('button')).some((b) => b.textContent?.trim() === 'Accept');
  const box = document.querySelector('.terms-accept input[type="checkbox"]');
  return heading && text && accept && box ? performance.now() : false;
}

function dataShown(): number | false {
  const table = document.querySelector('[data-testid="files-table"]');
  const heading = Array.from(document.querySelectorAll('h1')).some((h) => h.textContent?.trim() === 'Data');
  return table && heading ? performance.now() : false;
}

const MEASURES: Measure[] = [
  { label: 'login page usable', user: 'anonymous', path: '/login', ready: loginUsable },
  {
    label: 'workspace page, returning user (signed in, with the hint)',
    user: 'returning',
    path: `/workspaces/${WORKSPACES.demo.id}`,
    ready: workspaceShown,
  },
  {
    label: 'workspace page, cookie only (signed in, no hint)',
    user: 'cookieOnly',
    path: `/workspaces/${WORKSPACES.demo.id}`,
    ready: workspaceShown,
  },
  {
    label: "new user's first sign-in: the terms page (cookie, terms not accepted, no hint)",
    user: 'newUser',
    path: '/workspaces',
    ready: termsShown,
  },
  {
    label: 'Data page, returning user (signed in, with the hint)',
    user: 'returning',
    path: `/workspaces/${WORKSPACES.demo.id}/data`,
    ready: dataShown,
  },
];

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

const mean = (values: number[]) => values.reduce((sum, v) => sum + v, 0) / values.length;
const kb = (samples: Sample[]) => mean(samples.map((s) => s.bytes)) / 1024;
const requests = (samples: Sample[]) => Math.round(mean(samples.map((s) => s.requests)));

function stats(samples: Sample[]): string {
  if (samples.length === 0) return 'no load finished';
  const ms = samples.map((s) => s.ms);
  const chunk = samples.map((s) => s.appChunkAt).filter((at): at is number => at !== null);
  return (
    `median ${Math.round(median(ms))} ms (min ${Math.round(Math.min(...ms))}, max ${Math.round(Math.max(...ms))}) ` +
    `over ${samples.length} cold loads; ${kb(samples).toFixed(1)} KB in ${requests(samples)} requests` +
    (chunk.length ? `; app chunk requested at ${Math.round(median(chunk))} ms (median of ${chunk.length})` : '')
  );
}

const signed = (value: number, digits = 0) =>
  `${value > 0 ? '+' : value < 0 ? '−' : '±'}${Math.abs(value).toFixed(digits)}`;

/** This build against the previous one: difference of the medians, of the bytes and requests. */
function difference(now: Sample[], before: Sample[]): string {
  if (now.length === 0 || before.length === 0) return '-';
  const a = median(now.map((s) => s.ms));
  const b = median(before.map((s) => s.ms));
  return (
    `${signed(a - b)} ms (${signed(((a - b) / b) * 100, 1)} %) median; ` +
    `${signed(kb(now) - kb(before), 1)} KB; ${signed(requests(now) - requests(before))} requests`
  );
}

test('cold load through nginx on a throttled link', async ({ browser, baseURL, request }) => {
  const newBuild = (name: string, url: string): Build => ({
    name,
    baseURL: url,
    samples: MEASURES.map(() => []),
    problems: new Map(),
    returning: new Map(),
  });
  // This build, and the previous one when COLDLOAD_BASELINE_DIST is set (nginx.config.ts).
  const builds = [newBuild('this build', baseURL!)];
  if (baselineDist) builds.push(newBuild('previous', benchOrigin(ports.baseline)));
  test.setTimeout(Math.max(600_000, RUNS * builds.length * MEASURES.length * 30_000));
  await resetServer(request);
  if (MEASURES.some((m) => m.user === 'newUser')) await makeNewUser(request);
  for (const build of builds) {
    for (const m of MEASURES.filter((m) => m.user === 'returning')) {
      build.returning.set(m.path, await returningStorage(browser, build, m.path, m.ready));
    }
  }
  for (let i = 0; i < RUNS; i++) {
    for (const [m, measure] of MEASURES.entries()) {
      for (const build of builds) {
        const page = await throttledPage(browser, build, measure);
        try {
          build.samples[m].push(await timeUntil(page, measure.path));
        } catch (error) {
          // Reported with the figures; the test then fails on the missing sample.
          const message = (error instanceof Error ? error.message : String(error)).split('\n')[0];
          note(build, `load failed, ${measure.label}: ${message}`);
        }
        measured.add(page);
        await page.context().close();
      }
    }
  }

  const link = `${LINK.bitsPerSecond / 1e6} Mbit/s, ${LINK.latencyMs} ms RTT, CPU ${LINK.cpuSlowdown}× slower, ${coldloadHttp2 ? 'https and HTTP/2' : 'http (HTTP/1.1)'}`;
  const date = new Date().toISOString().slice(0, 10);
  const lines: string[] = [];
  if (builds.length === 1) {
    const [build] = builds;
    lines.push(`cold load through nginx (${link}; ${date}):`);
    const width = Math.max(...MEASURES.map((m) => m.label.length)) + 1;
    MEASURES.forEach((m, i) => lines.push(`  ${`${m.label}:`.padEnd(width)} ${stats(build.samples[i])}`));
  } else {
    const [now, before] = builds;
    lines.push(
      `cold load through nginx (${link}; ${date}), this build and the previous one interleaved, ${RUNS} runs:`,
      `  this build: ${process.env.E2E_DIST ?? 'dist/'}`,
      `  previous:   ${baselineDist}`,
    );
    MEASURES.forEach((m, i) => {
      lines.push(
        `  ${m.label}:`,
        `    this build: ${stats(now.samples[i])}`,
        `    previous:   ${stats(before.samples[i])}`,
        `    difference: ${difference(now.samples[i], before.samples[i])}`,
      );
    });
  }
  for (const build of builds) {
    const label = builds.length > 1 ? ` (${build.name})` : '';
    if (build.problems.size === 0) {
      lines.push(`  errors seen${label}: none`);
    } else {
      lines.push(`  errors seen${label}:`);
      for (const [what, count] of build.problems) lines.push(`    ${count}× ${what}`);
    }
  }
  const report = lines.join('\n');
  console.log(report);
  test.info().annotations.push({ type: 'coldload', description: report });
  for (const build of builds) build.samples.forEach((samples) => expect(samples).toHaveLength(RUNS));
});
