import type { APIRequestContext, Page } from '@playwright/test';

import { expect, test } from '../fixtures';
import {
  type DemoUser,
  LOGIN_URL,
  USERS,
  WORKSPACES,
  appHeader,
  clearFaults,
  currentSeq,
  expireLogins,
  loginAs,
  requestsSince,
  resetServer,
  setFaults,
  workspaceLink,
} from '../helpers';

// Issue 45: a sign-out forgets everything of the user. Without an end-session page the console
// goes to the login page without a reload, so whoever signs in next in that tab must find
// nothing of the previous user: no transfer, no Retry of a failed upload, no question of a name
// clash (either would put the first user's file into the first user's workspace under the next
// user's login). Both flavors; SECURITY.md lists it.

const DEMO = WORKSPACES.demo.id;
const SECRET = 'a-secret-upload.bin';
const PARTS = `/api/rest/v1/workspaces/${DEMO}/file/disk/${SECRET}/upload/`;

test.beforeEach(async ({ request }) => {
  await resetServer(request);
});

/** From the workspace page to Demo's data page, in the app (no page load), in store `disk`. */
async function openData(page: Page): Promise<void> {
  await appHeader(page).getByRole('link', { name: 'Workspaces', exact: true }).click();
  await workspaceLink(page, WORKSPACES.demo.name).click();
  await page.locator('main').getByRole('link', { name: 'Data', exact: true }).click();
  await expect(page.getByRole('heading', { name: 'Data', level: 1 })).toBeVisible();
  // The `Store` select comes with the table, after the stores' reply: not looked for before.
  await expect(page.getByTestId('files-table')).toBeVisible();
  const select = page.getByLabel('Store', { exact: true });
  if ((await select.count()) > 0 && (await select.inputValue()) !== 'disk') {
    await select.selectOption('disk');
    await expect(page).toHaveURL(/store=disk/);
  }
}

/** Picks files, confirms every statement, and starts the batch. */
async function upload(page: Page, name: string, buffer: Buffer): Promise<void> {
  await page.getByLabel('Files to upload').setInputFiles([{ name, mimeType: 'application/octet-stream', buffer }]);
  const dialog = page.getByRole('dialog', { name: 'Before you upload' });
  await expect(dialog).toBeVisible();
  const boxes = dialog.getByRole('checkbox');
  const n = await boxes.count();
  for (let i = 0; i < n; i++) await boxes.nth(i).check();
  await dialog.getByRole('button', { name: 'Upload', exact: true }).click();
  await expect(dialog).toHaveCount(0);
}

/** Who uploads to Demo (alice here, a maintainer on CHORUS), and who signs in next and may list
 * Demo's files (bob views Demo here; alice is a member on CHORUS). */
function users(flavor: string): readonly ['alice' | 'admin', 'bob' | 'alice'] {
  return flavor === 'default' ? (['alice', 'bob'] as const) : (['admin', 'alice'] as const);
}

/** The first user leaves a failed upload (its upload open on the backend, with Retry) and a name
 * clash (its question, with Replace) on Demo's data page; the page is marked to tell that no
 * page load comes between the two users. */
async function leaveUploads(page: Page, request: APIRequestContext, user: DemoUser): Promise<void> {
  await loginAs(page, user);
  await openData(page);
  await setFaults(request, { errorRate: 1, pathPrefix: PARTS });
  await upload(page, SECRET, Buffer.alloc(6 * 1024 * 1024 + 7, 7));
  const failed = page.getByTestId('transfers').locator(`li[data-file="${SECRET}"]`);
  await expect(failed).toHaveAttribute('data-state', 'failed', { timeout: 30_000 });
  await expect(page.getByRole('button', { name: `Retry ${SECRET}` })).toBeVisible();
  await clearFaults(request);
  await upload(page, 'notes.txt', Buffer.from("the first user's words"));
  await expect(page.getByRole('button', { name: 'Replace notes.txt' })).toBeVisible();
  await page.evaluate(() => ((window as unknown as { sameTab: number }).sameTab = 45));
}

/** The next user signs in on the login page the tab shows, then finds no trace of the first
 * one's uploads, and the backend sees no write to a file from then on. */
async function nextUserFindsNothing(page: Page, request: APIRequestContext, user: DemoUser): Promise<void> {
  const since = await currentSeq(request);
  await page.getByLabel('Username', { exact: true }).fill(USERS[user].username);
  await page.getByLabel('Password', { exact: true }).fill(USERS[user].password);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await expect(page).not.toHaveURL(LOGIN_URL);
  await expect(appHeader(page).getByRole('button', { name: 'Sign out', exact: true })).toBeVisible();

  // No trace: no transfers in the header, none on the data page, no Retry, no Replace.
  await expect(appHeader(page).getByTestId('transfers-button')).toHaveCount(0);
  await openData(page);
  await expect(page.getByTestId('files-table')).toBeVisible();
  await expect(page.locator('[data-testid="transfers"] li')).toHaveCount(0);
  await expect(page.getByRole('button', { name: /^(Retry|Replace|Keep both|Skip) / })).toHaveCount(0);
  await expect(page.getByText(SECRET)).toHaveCount(0);
  expect(await page.evaluate(() => (window as unknown as { sameTab?: number }).sameTab), 'no page load').toBe(45);

  // The backend never saw the next user's login on the first user's files.
  const sent = (await requestsSince(request, since)).requests.filter(
    (r) => r.method !== 'GET' && /\/file(\/|$)/.test(r.path),
  );
  expect(sent).toEqual([]);
}

test('after a sign-out the next user of the tab finds nothing of the previous one\'s uploads, which were abandoned on the backend', async ({
  page,
  request,
  flavor,
}) => {
  test.setTimeout(90_000);
  const [first, next] = users(flavor);
  await leaveUploads(page, request, first);

  const beforeSignOut = await currentSeq(request);
  await appHeader(page).getByRole('button', { name: 'Sign out', exact: true }).click();
  await expect(page).toHaveURL(LOGIN_URL);
  // The upload left open was abandoned on the backend while the first login still allowed it.
  const out = (await requestsSince(request, beforeSignOut)).requests;
  const abort = out.findIndex((r) => r.method === 'DELETE' && r.path.startsWith(PARTS));
  const logout = out.findIndex((r) => r.path === '/api/rest/v1/authentication/logout');
  expect(abort, JSON.stringify(out)).toBeGreaterThanOrEqual(0);
  expect(out[abort].status, 'the backend dropped the parts').toBeLessThan(300);
  expect(abort, 'before the logout').toBeLessThan(logout);

  await nextUserFindsNothing(page, request, next);
});

test('a lost login, then another user signs in on the login page: nothing of the first user is left', async ({
  page,
  request,
  flavor,
}) => {
  test.setTimeout(90_000);
  const [first, next] = users(flavor);
  await leaveUploads(page, request, first);

  // No sign-out: the login ends on the server, and the next request sends the tab to the login page.
  await expireLogins(request);
  // A navigation inside the app asks the backend; a poll's 401 may have taken the header away
  // first (then there is nothing to click, and the tab is on its way to the login page).
  await page.evaluate(() => document.querySelector<HTMLElement>('header a[href="/workspaces"]')?.click());
  await expect(page).toHaveURL(LOGIN_URL);
  await expect(page.getByRole('button', { name: 'Sign in', exact: true })).toBeVisible();

  await nextUserFindsNothing(page, request, next);
});

/** The `console.*` keys of both storages, sorted. */
async function consoleKeys(page: Page): Promise<string[]> {
  return page.evaluate(() =>
    [...Object.keys(localStorage), ...Object.keys(sessionStorage)].filter((k) => k.startsWith('console.')).sort(),
  );
}

// Issue 55, point 4: a sign-out forgets every key of the user in the browser's storage, whatever
// page load left it; only the platform's (its name and logo, for the login page) and the next
// sign-in's stay (src/domain/stored_keys.rs says which and why).
test('a sign-out leaves no key of the user in localStorage or sessionStorage', async ({ page, flavor }) => {
  await loginAs(page, flavor === 'default' ? 'alice' : 'admin');
  await expect(appHeader(page).getByRole('button', { name: 'Sign out', exact: true })).toBeVisible();
  // What earlier page loads of this user left (as the console writes them).
  await page.evaluate((demo) => {
    localStorage.setItem('console.refreshedFor', '12,13');
    localStorage.setItem(`console.missingExtensions:${location.origin}`, '0.1.0:33');
    localStorage.setItem(`console.startTimes.${demo}`, '41000:ab12');
    localStorage.setItem('console.termsAccepted', '2:7:1760000000000');
    localStorage.setItem('console.startGets', JSON.stringify([['/workspaces', ['/api/rest/v1/users/me']]]));
    localStorage.setItem('console.aKeyAddedLater', 'x');
    localStorage.setItem('other.site', 'not ours');
  }, DEMO);
  await expect.poll(() => consoleKeys(page)).toEqual(expect.arrayContaining(['console.refreshedFor', 'console.signedIn']));

  await appHeader(page).getByRole('button', { name: 'Sign out', exact: true }).click();
  await expect(page).toHaveURL(LOGIN_URL);
  await expect(page.getByRole('button', { name: 'Sign in', exact: true })).toBeVisible();
  const kept = /^console\.(brand\.(name|logo)|login\..+)$/;
  await expect
    .poll(async () => (await consoleKeys(page)).filter((k) => !kept.test(k)), { message: 'the user’s keys after the sign-out' })
    .toEqual([]);
  // What is not the console's is not touched.
  expect(await page.evaluate(() => localStorage.getItem('other.site'))).toBe('not ours');
});
