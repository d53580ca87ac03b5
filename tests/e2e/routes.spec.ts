import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { LOGIN_URL, WORKSPACES, loginAs, pathIs, resetServer } from './helpers';

// Issue 49: few routes, each page picked by a segment (src/app.rs; `top_page`, `admin_page` and
// `workspace_section` in src/pages/lazy.rs). A segment no page has is "Page not found" to
// everyone, signed in or not (as the routes' fallback is); another segment under the same route
// builds its page anew, the same segment with another id keeps its page, which follows the id.

test.beforeEach(async ({ request }) => {
  await resetServer(request);
});

/** Paths that no route's page has: no route at all, and an unknown segment under each route. */
const UNKNOWN = ['/no/such/page', '/nope', '/admin/nope', '/workspaces/1/nope'];

async function expectNotFound(page: Page, path: string): Promise<void> {
  await page.goto(path);
  await expect(page.getByRole('heading', { name: 'Page not found', level: 1 })).toBeVisible();
  await expect(page, `${path} stays where it is`).toHaveURL(pathIs(path));
}

/** Follows a link the way a click on one of the app's own does (the router takes it). */
async function followLink(page: Page, href: string): Promise<void> {
  await page.evaluate((to) => {
    const a = document.createElement('a');
    a.href = to;
    a.textContent = 'e2e link';
    a.id = 'e2e-link';
    document.getElementById('e2e-link')?.remove();
    document.body.append(a);
  }, href);
  await page.locator('#e2e-link').click();
}

/** Marks this document: the mark is gone after a full load. */
async function markDocument(page: Page): Promise<void> {
  await page.evaluate(() => {
    (window as unknown as { e2eMark?: number }).e2eMark = 1;
  });
}

async function documentKept(page: Page): Promise<boolean> {
  return page.evaluate(() => (window as unknown as { e2eMark?: number }).e2eMark === 1);
}

test('an unknown path or section is "Page not found" to a signed-out visitor, never the login page', async ({
  page,
}) => {
  for (const path of UNKNOWN) {
    await expectNotFound(page, path);
    await expect(page).not.toHaveURL(LOGIN_URL);
  }
  // A known section still asks for the login first.
  await page.goto('/admin/users');
  await expect(page).toHaveURL(LOGIN_URL);
});

test('an unknown path or section is "Page not found" to a signed-in user', async ({ page }) => {
  await loginAs(page, 'admin');
  for (const path of UNKNOWN) {
    await expectNotFound(page, path);
  }
});

test('/admin/users → /admin/roles → /admin/users by the admin links, in one document', async ({ page }) => {
  await loginAs(page, 'admin');
  await page.goto('/admin/users');
  await expect(page.getByRole('heading', { name: 'Users', level: 1 })).toBeVisible();
  await expect(page.getByTestId('users-table')).toBeVisible();
  await markDocument(page);

  await page.getByRole('link', { name: 'Roles', exact: true }).click();
  await expect(page).toHaveURL(pathIs('/admin/roles'));
  await expect(page.getByRole('heading', { name: 'Roles and permissions' })).toBeVisible();
  await expect(page.getByTestId('users-table')).toHaveCount(0);

  await page.getByRole('link', { name: 'Users', exact: true }).click();
  await expect(page).toHaveURL(pathIs('/admin/users'));
  await expect(page.getByTestId('users-table')).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Roles and permissions' })).toHaveCount(0);
  expect(await documentKept(page), 'the router changed the page, no full load').toBe(true);

  // And to an unknown section of the same route.
  await followLink(page, '/admin/nope');
  await expect(page.getByRole('heading', { name: 'Page not found', level: 1 })).toBeVisible();
  await followLink(page, '/admin/roles');
  await expect(page.getByRole('heading', { name: 'Roles and permissions' })).toBeVisible();
});

test("/workspaces/1/data → /workspaces/2/data shows the other workspace's data, and back", async ({ page }) => {
  const { demo, genomics } = WORKSPACES;
  await loginAs(page, 'alice');
  await page.goto(`/workspaces/${demo.id}/data`);
  const crumb = page.locator('.breadcrumb a');
  await expect(page.getByRole('heading', { name: 'Data', level: 1 })).toBeVisible();
  await expect(crumb).toHaveText(demo.name);
  await expect(page.getByText(`The files of ${demo.name}.`, { exact: false })).toBeVisible();
  await markDocument(page);

  await followLink(page, `/workspaces/${genomics.id}/data`);
  await expect(page).toHaveURL(pathIs(`/workspaces/${genomics.id}/data`));
  await expect(crumb).toHaveText(genomics.name);
  await expect(page.getByText(`The files of ${genomics.name}.`, { exact: false })).toBeVisible();

  await page.goBack();
  await expect(page).toHaveURL(pathIs(`/workspaces/${demo.id}/data`));
  await expect(crumb).toHaveText(demo.name);
  // The page back in full (its folder listed) before the next link: in one full run (fdf60a7) a
  // link clicked 80 ms after Back fetched its page's chunks but the router never showed it (not
  // seen again in 30 runs of this test on that build and the one before).
  await expect(page.getByTestId('files-table')).toBeVisible();

  // Another section of the same workspace, then the workspace's page itself.
  await followLink(page, `/workspaces/${demo.id}/members`);
  await expect(page).toHaveURL(pathIs(`/workspaces/${demo.id}/members`));
  await expect(page.getByRole('heading', { name: 'Data', level: 1 })).toHaveCount(0);
  expect(await documentKept(page), 'the router changed the page, no full load').toBe(true);
});
