import type { APIRequestContext, Locator, Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { apiLogin, appHeader, loginAs, resetServer } from './helpers';

// Issue 60, point 7 (ui.md, "bookmarks"; api.md, "Bookmarks"): the header's `Bookmark this page`
// and the bar `<nav aria-label="Bookmarks">`, kept in the user's dev store `user.bookmarks`
// (chorus-web-ui's key). The address keeps its query; the order changes by buttons; at most 50,
// said in words; a stored value the console cannot read is said and never written over. Both
// flavors.

const KEY = 'user.bookmarks';

type Stored = Array<{ route: string; label: string; addedAt?: string }>;

test.beforeEach(async ({ request }) => {
  await resetServer(request);
});

async function stored(request: APIRequestContext): Promise<string | null> {
  const r = await request.get(`/api/rest/v1/devstore/user/${KEY}`);
  if (r.status() === 404) return null;
  expect(r.status(), await r.text()).toBe(200);
  return ((await r.json()) as { result: { value: string } }).result.value;
}

async function put(request: APIRequestContext, value: string): Promise<void> {
  const r = await request.post('/api/rest/v1/devstore/user', { data: { key: KEY, value } });
  expect(r.status(), await r.text()).toBe(200);
}

function bar(page: Page): Locator {
  return page.getByRole('navigation', { name: 'Bookmarks', exact: true });
}

function star(page: Page): Locator {
  return appHeader(page).getByRole('button', { name: 'Bookmark this page', exact: true });
}

async function labels(page: Page): Promise<string[]> {
  return bar(page).getByRole('link').allTextContents();
}

/** Opens `path` and waits for the header's bookmarks to be read. */
async function open(page: Page, path: string): Promise<void> {
  await page.goto(path);
  await expect(star(page)).toBeVisible();
  await expect(star(page)).not.toHaveAttribute('aria-disabled', 'true');
}

test('a page is bookmarked with its query, renamed, moved by buttons, removed, and kept after a reload', async ({ page }) => {
  await loginAs(page, 'alice');
  await apiLogin(page.request, 'alice');
  await open(page, '/messages?tab=all');
  await expect(star(page)).toHaveAttribute('aria-pressed', 'false');
  await star(page).click();
  await expect(star(page)).toHaveAttribute('aria-pressed', 'true');
  const first = bar(page).locator('a[href="/messages?tab=all"]');
  await expect(first).toBeVisible();
  const label = (await first.textContent())!.trim();
  expect(label.length).toBeGreaterThan(0);
  const saved = JSON.parse((await stored(page.request))!) as Stored;
  expect(saved).toEqual([{ route: '/messages?tab=all', label, addedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/) }]);

  for (const path of ['/apps', '/activity']) {
    await open(page, path);
    await star(page).click();
    await expect(bar(page).locator(`a[href="${path}"]`)).toBeVisible();
  }
  const [, apps, activity] = await labels(page);

  // Rename: a small form (Escape closes it, focus back on its opener); checked before saving;
  // after a save, focus on the bookmark's Rename.
  const rename = bar(page).getByRole('button', { name: `Rename ${label}`, exact: true });
  await rename.click();
  await expect(bar(page).getByLabel(`Label of ${label}`, { exact: true })).toBeFocused();
  await page.keyboard.press('Escape');
  await expect(bar(page).getByLabel(`Label of ${label}`, { exact: true })).toHaveCount(0);
  await expect(rename).toBeFocused();
  await rename.click();
  const input = bar(page).getByLabel(`Label of ${label}`, { exact: true });
  await expect(input).toBeFocused();
  await input.fill('');
  await bar(page).getByRole('button', { name: 'Save', exact: true }).click();
  await expect(bar(page).getByRole('alert')).toHaveText('A label is needed (1 to 50 characters).');
  await input.fill('x'.repeat(51));
  await bar(page).getByRole('button', { name: 'Save', exact: true }).click();
  await expect(bar(page).getByRole('alert')).toHaveText('A label is at most 50 characters; this one has 51.');
  await input.fill('My inbox <b>all</b>');
  await bar(page).getByRole('button', { name: 'Save', exact: true }).click();
  const renamed = bar(page).getByRole('button', { name: 'Rename My inbox <b>all</b>', exact: true });
  await expect(renamed).toBeFocused();
  expect(await labels(page)).toEqual(['My inbox <b>all</b>', apps, activity]);

  // Move by buttons (focus follows the bookmark); the first cannot go up, the last not down.
  await expect(bar(page).getByRole('button', { name: 'Move My inbox <b>all</b> up', exact: true })).toBeDisabled();
  await expect(bar(page).getByRole('button', { name: `Move ${activity} down`, exact: true })).toBeDisabled();
  await bar(page).getByRole('button', { name: 'Move My inbox <b>all</b> down', exact: true }).click();
  await expect.poll(() => labels(page)).toEqual([apps, 'My inbox <b>all</b>', activity]);
  await expect(bar(page).getByRole('button', { name: 'Move My inbox <b>all</b> down', exact: true })).toBeFocused();
  await bar(page).getByRole('button', { name: `Move ${activity} up`, exact: true }).click();
  await expect.poll(() => labels(page)).toEqual([apps, activity, 'My inbox <b>all</b>']);

  // Remove.
  await bar(page).getByRole('button', { name: `Remove ${apps}`, exact: true }).click();
  await expect.poll(() => labels(page)).toEqual([activity, 'My inbox <b>all</b>']);
  expect((JSON.parse((await stored(page.request))!) as Stored).map((b) => b.route)).toEqual([
    '/activity',
    '/messages?tab=all',
  ]);

  // Kept after a reload, and a bookmark opens its page with the query.
  await page.reload();
  await expect.poll(() => labels(page)).toEqual([activity, 'My inbox <b>all</b>']);
  await bar(page).getByRole('link', { name: 'My inbox <b>all</b>', exact: true }).click();
  await expect(page).toHaveURL(/\/messages\?tab=all$/);
  await expect(star(page)).toHaveAttribute('aria-pressed', 'true');
  // Pressed again: removed.
  await star(page).click();
  await expect(star(page)).toHaveAttribute('aria-pressed', 'false');
  await expect.poll(() => labels(page)).toEqual([activity]);
});

test('the 51st bookmark is refused in words', async ({ page }) => {
  await loginAs(page, 'alice');
  await apiLogin(page.request, 'alice');
  const fifty: Stored = Array.from({ length: 50 }, (_, i) => ({
    route: `/workspaces?n=${i}`,
    label: `Place ${i}`,
    addedAt: '2026-11-26T10:00:00.000Z',
  }));
  await put(page.request, JSON.stringify(fifty));
  await open(page, '/apps');
  await expect(bar(page).getByText('50 of 50 bookmarks: the most there can be.')).toBeVisible();
  await star(page).click();
  await expect(bar(page).getByRole('alert')).toHaveText(
    'You have 50 bookmarks, the most there can be: remove one to bookmark this page.',
  );
  await expect(star(page)).toHaveAttribute('aria-pressed', 'false');
  expect(JSON.parse((await stored(page.request))!)).toHaveLength(50);
});

test("another tab's change is kept; a hostile route is text, never a link", async ({ page }) => {
  await loginAs(page, 'alice');
  await apiLogin(page.request, 'alice');
  await put(
    page.request,
    JSON.stringify([{ route: 'javascript:alert(1)', label: '<img src=x onerror=alert(1)>', addedAt: '2026-01-01', color: 'red' }]),
  );
  await open(page, '/apps');
  await expect(bar(page).getByText('<img src=x onerror=alert(1)> (javascript:alert(1))')).toBeVisible();
  await expect(bar(page).locator('a[href^="javascript"]')).toHaveCount(0);
  // Another tab adds /activity meanwhile: bookmarking /apps here keeps it (and what the console
  // does not know).
  const now = JSON.parse((await stored(page.request))!) as Stored;
  await put(page.request, JSON.stringify([...now, { route: '/activity', label: 'Activity', addedAt: '2026-01-02' }]));
  await star(page).click();
  await expect(star(page)).toHaveAttribute('aria-pressed', 'true');
  const after = JSON.parse((await stored(page.request))!) as Array<Record<string, unknown>>;
  expect(after.map((b) => b.route)).toEqual(['javascript:alert(1)', '/activity', '/apps']);
  expect(after[0].color).toBe('red');
  await expect(bar(page).getByRole('link', { name: 'Activity', exact: true })).toBeVisible();
});

test('a stored value that cannot be read is said in words and kept', async ({ page }) => {
  await loginAs(page, 'alice');
  await apiLogin(page.request, 'alice');
  await put(page.request, '{"route": "/apps"');
  await page.goto('/apps');
  await expect(bar(page).getByRole('alert')).toContainText('Your stored bookmarks could not be read');
  await expect(bar(page).getByRole('alert')).toContainText('They are kept as they are');
  await expect(star(page)).toHaveAttribute('aria-disabled', 'true');
  // Pressed anyway (aria-disabled keeps it focusable): nothing is written.
  await star(page).focus();
  await page.keyboard.press('Enter');
  await expect(star(page)).toHaveAttribute('aria-pressed', 'false');
  expect(await stored(page.request)).toBe('{"route": "/apps"');
});
