import { expect, test } from './fixtures';
import { WORKSPACES, createHealthySession, loginAs, resetServer } from './helpers';

// The desktop pool's memory, a report rather than a test: skipped unless BENCH=1,
//   cd tests/e2e && BENCH=1 BENCH_MINUTES=10 npx playwright test bench-desktops.spec.ts --project default
// Four ready sessions are kept alive (desktopPoolSize 4) while the page moves between them, the
// workspace page and the activity page for BENCH_MINUTES (default 10). Every minute it prints the
// JS heap in use (CDP Performance metrics, after a forced GC), the DOM node count, the frames
// alive and the desktop pages loaded since the start. It asserts only that the pool never holds
// more than four frames and that no desktop loaded twice.

const enabled = process.env.BENCH === '1';
const MINUTES = Number(process.env.BENCH_MINUTES ?? '10');
const DEMO = WORKSPACES.demo.id;


test('desktop pool: JS heap and DOM with four desktops over a long navigation', async ({ page, request }) => {
  test.skip(!enabled, 'a report: BENCH=1');
  test.setTimeout((MINUTES + 3) * 60_000);
  await resetServer(request);
  await loginAs(page, 'admin');
  const ids: string[] = [];
  for (let i = 1; i <= 4; i++) ids.push(await createHealthySession(page, `Bench desktop ${i}`));
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Performance.enable');
  await cdp.send('HeapProfiler.enable');
  let loads = 0;
  // Observed, not intercepted: every request for a desktop page.
  page.on('request', (r) => {
    if (/\/workbenches\/[^/]+\/stream\/$/.test(new URL(r.url()).pathname)) loads++;
  });
  const measure = async (label: string) => {
    await cdp.send('HeapProfiler.collectGarbage');
    const { metrics } = (await cdp.send('Performance.getMetrics')) as { metrics: { name: string; value: number }[] };
    const m = (n: string) => metrics.find((x) => x.name === n)?.value ?? 0;
    const frames = await page.locator('iframe.pooled-desktop').count();
    console.log(
      `${label}: JS heap ${(m('JSHeapUsedSize') / 1048576).toFixed(1)} MB, DOM nodes ${m('Nodes')}, ` +
        `documents ${m('Documents')}, frames alive ${frames}, desktop pages loaded ${loads}`,
    );
    expect(frames).toBeLessThanOrEqual(4);
  };

  await page.goto(`/workspaces/${DEMO}`);
  const open = async (id: string) => {
    await page.locator(`tr[data-workbench-id="${id}"] a`).first().click();
    await expect(page.getByTestId('session-iframe')).toHaveAttribute('data-session-id', id, { timeout: 30_000 });
  };
  const back = async () => {
    await page.getByRole('link', { name: 'Back to the workspace' }).click();
    await expect(page.getByTestId('workbench-table')).toBeVisible();
  };
  for (const id of ids) {
    await open(id);
    await back();
  }
  await measure('after opening 4');
  const start = Date.now();
  let minute = 1;
  let round = 0;
  while (Date.now() - start < MINUTES * 60_000) {
    const id = ids[round % ids.length];
    await open(id);
    await page.waitForTimeout(1500);
    if (round % 3 === 2) {
      await page.getByRole('link', { name: 'Activity', exact: true }).click();
      await page.waitForTimeout(500);
      await page.getByRole('link', { name: 'Workspaces', exact: true }).click();
      await page.getByRole('link', { name: WORKSPACES.demo.name }).first().click();
      await expect(page.getByTestId('workbench-table')).toBeVisible();
    } else {
      await back();
    }
    round++;
    if (Date.now() - start >= minute * 60_000) {
      await measure(`minute ${minute} (${round} visits)`);
      minute++;
    }
  }
  await measure(`end (${round} visits)`);
  expect(loads, 'each desktop loaded once').toBe(4);
});
