import type { Browser, Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { WORKSPACES, apiLogin, resetServer } from '../helpers';

// Cold-load benchmark (a report, never a pass/fail; scripts/test.sh prints it in its bench stage):
// Chromium with an empty cache, through the nginx setup (same-origin layout, precompressed files),
// on a throttled link emulated with the DevTools protocol: 10 Mbit/s both ways, 40 ms round trip,
// CPU 4× slower. For each of RUNS fresh browser contexts (empty cache, new connections):
//   - login page usable: navigation start → the `Sign in` button is rendered by the app and enabled
//     (with the Username and Password fields);
//   - workspace page: navigation start (already logged in) → /workspaces/1 shows its heading and its
//     workbench table.
// Prints the median, minimum and maximum of each, and the bytes transferred.
//
//   E2E_COLDLOAD=1 npx playwright test -c nginx.config.ts      (COLDLOAD_RUNS=10 by default)

const RUNS = Number(process.env.COLDLOAD_RUNS ?? 10);
const LINK = { latencyMs: 40, bitsPerSecond: 10_000_000, cpuSlowdown: 4 };

type Sample = { ms: number; bytes: number; requests: number };

async function throttledPage(browser: Browser, baseURL: string, loggedIn: boolean): Promise<Page> {
  const context = await browser.newContext({ baseURL });
  if (loggedIn) await apiLogin(context.request, 'alice');
  const page = await context.newPage();
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

/** Time since navigation start when `ready` first holds (checked every animation frame). */
async function timeUntil(page: Page, path: string, ready: () => number | false): Promise<Sample> {
  await page.goto(path, { waitUntil: 'commit' });
  const ms = await (await page.waitForFunction(ready, undefined, { polling: 'raf', timeout: 60_000 })).jsonValue();
  const { bytes, requests } = await page.evaluate(() => {
    const entries = [
      ...performance.getEntriesByType('navigation'),
      ...performance.getEntriesByType('resource'),
    ] as PerformanceResourceTiming[];
    return { bytes: entries.reduce((sum, e) => sum + (e.transferSize || 0), 0), requests: entries.length };
  });
  return { ms: Number(ms), bytes, requests };
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

function stats(samples: Sample[]): string {
  const ms = samples.map((s) => s.ms).sort((a, b) => a - b);
  const mid = Math.floor(ms.length / 2);
  const median = ms.length % 2 ? ms[mid] : (ms[mid - 1] + ms[mid]) / 2;
  const kb = samples.reduce((sum, s) => sum + s.bytes, 0) / samples.length / 1024;
  const requests = Math.round(samples.reduce((sum, s) => sum + s.requests, 0) / samples.length);
  return (
    `median ${Math.round(median)} ms (min ${Math.round(ms[0])}, max ${Math.round(ms[ms.length - 1])}) ` +
    `over ${samples.length} cold loads; ${kb.toFixed(1)} KB in ${requests} requests`
  );
}

test('cold load through nginx on a throttled link', async ({ browser, baseURL, request }) => {
  await resetServer(request);
  const login: Sample[] = [];
  const workspace: Sample[] = [];
  for (let i = 0; i < RUNS; i++) {
    const page = await throttledPage(browser, baseURL!, false);
    login.push(await timeUntil(page, '/login', loginUsable));
    await page.context().close();

    const logged = await throttledPage(browser, baseURL!, true);
    workspace.push(await timeUntil(logged, `/workspaces/${WORKSPACES.demo.id}`, workspaceShown));
    await logged.context().close();
  }
  const link = `${LINK.bitsPerSecond / 1e6} Mbit/s, ${LINK.latencyMs} ms RTT, CPU ${LINK.cpuSlowdown}× slower`;
  const report = [
    `cold load through nginx (${link}; ${new Date().toISOString().slice(0, 10)}):`,
    `  login page usable:  ${stats(login)}`,
    `  workspace page:     ${stats(workspace)}`,
  ].join('\n');
  console.log(report);
  test.info().annotations.push({ type: 'coldload', description: report });
  expect(login).toHaveLength(RUNS);
});
