import { expect, test, type Locator, type Page } from '@playwright/test';

// A big folder on a running CHORUS (issue 50), run when CHORUS_BIG_FOLDER names it as
// `<workspace id>:<entries>`: a folder `big` of the workspace's `disk` store holding that many
// files named `sample-000001.csv`… (the walk cannot make 10,000 files through CHORUS's API in
// reasonable time; whoever runs CHORUS writes them into its disk store's directory, as
// README's "Running against a real CHORUS" shows). CHORUS lists a folder whole: the table
// draws a window of it, counts every row for screen readers, reaches the last one by End and
// by the filter, selects them all and renames the last one and back.

const USER = process.env.CHORUS_USER ?? '';
const PASSWORD = process.env.CHORUS_PASSWORD ?? '';
const [WS, COUNT] = (process.env.CHORUS_BIG_FOLDER ?? ':').split(':');
const N = Number(COUNT);

function sample(i: number): string {
  return `sample-${String(i).padStart(6, '0')}.csv`;
}

function row(page: Page, name: string): Locator {
  return page
    .getByTestId('files-table')
    .locator('tbody tr')
    .filter({ has: page.getByText(name, { exact: true }) });
}

async function signIn(page: Page): Promise<void> {
  await page.goto('/login');
  await page.getByLabel('Username', { exact: true }).fill(USER);
  await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  const box = page.getByRole('checkbox', { name: 'I have read and accept these terms' });
  const main = page.getByRole('navigation', { name: 'Main' });
  await expect(box.or(main).first()).toBeVisible({ timeout: 20_000 });
  if (await box.isVisible()) {
    await box.check();
    await page.getByRole('button', { name: 'Accept', exact: true }).click();
    await expect(box).toHaveCount(0, { timeout: 15_000 });
  }
}

test('a folder of thousands of files on CHORUS: a window of rows, End, the filter, select-all, a rename', async ({
  page,
}) => {
  test.skip(!USER || !WS || !(N > 0), 'CHORUS_BIG_FOLDER=<workspace id>:<entries> names no folder');
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await signIn(page);
  const listed = page.waitForResponse((r) => r.url().includes('/files/disk/big') && r.request().method() === 'GET');
  await page.goto(`/workspaces/${WS}/data?store=disk&path=big`);
  expect((await listed).status()).toBe(200);
  const table = page.getByTestId('files-table');
  await expect(row(page, sample(1))).toBeVisible();
  await expect(table).toHaveAttribute('aria-rowcount', String(N + 1));
  expect(await table.locator('tbody tr[aria-rowindex]').count()).toBeLessThan(120);

  // The last file by keyboard, in view.
  await row(page, sample(1)).focus();
  await page.keyboard.press('End');
  const last = row(page, sample(N));
  await expect(last).toBeFocused();
  await expect(last).toBeInViewport();
  await expect(last).toHaveAttribute('aria-rowindex', String(N + 1));

  // Every entry selected at once, then none.
  const all = page.getByRole('checkbox', { name: `Select all ${N.toLocaleString('en-US')} entries` });
  await all.check();
  await expect(page.getByRole('status').filter({ hasText: new RegExp(`^${N.toLocaleString('en-US')} selected`) })).toBeVisible();
  await all.uncheck();

  // The filter finds one file among them; renamed there and back, CHORUS lists it each time.
  const filter = page.getByLabel('Filter this folder');
  await filter.fill(sample(N));
  await expect(page.getByRole('status').filter({ hasText: `1 of ${N.toLocaleString('en-US')} entries matches.` })).toBeVisible();
  await last.getByRole('button', { name: `Rename ${sample(N)}` }).click();
  await page.getByLabel('New name').fill('zz-renamed.csv');
  await page.getByRole('button', { name: 'Rename', exact: true }).click();
  await expect(page.getByRole('status').filter({ hasText: `${sample(N)} renamed to zz-renamed.csv.` })).toBeVisible();
  await filter.fill('zz-renamed');
  const renamed = row(page, 'zz-renamed.csv');
  await expect(renamed).toBeVisible();
  await renamed.getByRole('button', { name: 'Rename zz-renamed.csv' }).click();
  await page.getByLabel('New name').fill(sample(N));
  await page.getByRole('button', { name: 'Rename', exact: true }).click();
  await expect(page.getByRole('status').filter({ hasText: `zz-renamed.csv renamed to ${sample(N)}.` })).toBeVisible();
  await filter.press('Escape');
  await expect(table).toHaveAttribute('aria-rowcount', String(N + 1));
  expect(errors).toEqual([]);
});
