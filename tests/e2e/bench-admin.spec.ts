import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { expect, test } from './fixtures';

// Users-page benchmark against 10,000 users. Skipped unless BENCH=1:
//   cd tests/e2e && BENCH=1 npx playwright test bench-admin.spec.ts
// (needs target/debug/devserver and dist/, like the other specs). It starts its own dev server
// with --extra-users 10000 on BENCH_PORT (default 4174) and prints the timings; it asserts only
// that the page works.

const enabled = process.env.BENCH === '1';
const port = Number(process.env.BENCH_PORT ?? 4174);
const base = `http://127.0.0.1:${port}`;
const repoRoot = path.resolve(__dirname, '..', '..');

test.describe('users page benchmark (BENCH=1)', () => {
  // One worker runs these in order: they share the server their beforeAll starts.
  test.describe.configure({ mode: 'default' });
  test.skip(!enabled, 'set BENCH=1 to run the benchmark');
  let server: ChildProcess | undefined;

  test.beforeAll(async () => {
    server = spawn(
      path.join(repoRoot, 'target', 'debug', 'devserver'),
      ['--addr', `127.0.0.1:${port}`, '--static', path.join(repoRoot, 'dist'), '--extra-users', '10000', '--quiet'],
      { stdio: 'ignore' },
    );
    for (let i = 0; i < 100; i++) {
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
    server?.kill();
  });

  test('show a page of users and a search result', async ({ page }) => {
    test.setTimeout(120_000);
    await page.goto(`${base}/login`);
    await page.getByLabel('Username', { exact: true }).fill('admin');
    await page.getByLabel('Password', { exact: true }).fill('admin123');
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await expect(page).not.toHaveURL(/\/login/);

    const rows = page.getByTestId('users-table').locator('tr[data-user-id]');
    let t = Date.now();
    await page.goto(`${base}/admin/users`);
    await expect(rows).toHaveCount(20);
    await expect(page.getByText(/of 10,?003/)).toBeVisible();
    const firstPage = Date.now() - t;

    t = Date.now();
    await page.getByRole('button', { name: 'Next', exact: true }).click();
    await expect(page.getByText(/Showing 21–40/)).toBeVisible();
    const nextPage = Date.now() - t;

    t = Date.now();
    await page.getByLabel('Rows per page').selectOption('50');
    await expect(rows).toHaveCount(50);
    const page50 = Date.now() - t;

    t = Date.now();
    await page.getByLabel('Search users').fill('user09999');
    await expect(rows).toHaveCount(1);
    const search = Date.now() - t; // includes the 300 ms debounce

    console.log(
      `BENCHMARK users page (10,003 users): first page ${firstPage} ms (navigation included), ` +
        `next page ${nextPage} ms, 50 rows ${page50} ms, search result ${search} ms (300 ms debounce included)`,
    );
  });
});
