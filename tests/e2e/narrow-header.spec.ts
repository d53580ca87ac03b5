import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { WORKSPACES, appHeader, createHealthySession, expectNoA11yViolations, loginAs, resetServer } from './helpers';

// Issue 47, point 8: at 375 px the header's links wrapped to several rows (156 of 667 px) and a
// session's desktop started 259 px down at 375 × 700. On a narrow screen (≤ 600 px) the header
// keeps one row with a `Menu` button that shows the links (and the profile link) as a panel;
// the activity indicator, the bell and `Sign out` stay in the row. Issue 58: between 601 and
// 1279 px the header wrapped to two or three rows (97–167 px), and a signed-in page moved down by
// the rows beyond the room kept for it: it keeps one row there too (the links behind `Menu` up to
// 1139 px; from 1140 px in the row, the platform's name then kept for screen readers).

test.beforeEach(async ({ request }) => {
  await resetServer(request);
});

const ALL_LINKS = ['Home', 'Workspaces', 'Data', 'Activity', 'Requests', 'Admin'];
// `Requests` shows where the backend has the approval service for the user (not the admin on the
// chorus flavor's seed): the other links everywhere.
const linksOf = (flavor: string) => (flavor === 'chorus' ? ALL_LINKS.filter((l) => l !== 'Requests') : ALL_LINKS);

function menuButton(page: Page) {
  return appHeader(page).getByRole('button', { name: 'Menu', exact: true });
}

function headerLink(page: Page, name: string) {
  return appHeader(page).getByRole('link', { name, exact: true });
}

async function headerHeight(page: Page): Promise<number> {
  return (await appHeader(page).boundingBox())!.height;
}

test('at 375 × 667 the header is one row and its links are behind Menu', async ({ page, flavor }) => {
  const LINKS = linksOf(flavor);
  await page.setViewportSize({ width: 375, height: 667 });
  await loginAs(page, 'admin');
  await page.goto('/workspaces');
  const menu = menuButton(page);
  await expect(menu).toBeVisible();
  await expect(appHeader(page).getByTestId('activity-indicator')).toBeVisible();
  await expect(appHeader(page).getByRole('button', { name: 'Notifications', exact: true })).toBeVisible();
  await expect(appHeader(page).getByRole('button', { name: 'Sign out', exact: true })).toBeVisible();
  for (const path of ['/workspaces', '/', '/activity', `/workspaces/${WORKSPACES.demo.id}`, '/admin/users']) {
    await page.goto(path);
    await expect(menu).toBeVisible();
    await expect.poll(() => headerHeight(page), { message: `the header's height on ${path}` }).toBeLessThanOrEqual(64);
  }

  // Closed: the links are hidden; the button says so and names its panel.
  await expect(menu).toHaveAttribute('aria-expanded', 'false');
  const panelId = await menu.getAttribute('aria-controls');
  expect(panelId).toBeTruthy();
  const panel = page.locator(`#${panelId}`);
  for (const name of LINKS) await expect(headerLink(page, name)).toBeHidden();

  // Open: every link and the profile link, within the screen, over the page.
  await menu.click();
  await expect(menu).toHaveAttribute('aria-expanded', 'true');
  for (const name of LINKS) {
    const link = panel.getByRole('link', { name, exact: true });
    await expect(link).toBeVisible();
    const box = (await link.boundingBox())!;
    expect(box.y + box.height, `${name} on the screen`).toBeLessThanOrEqual(667);
    expect(box.x + box.width, `${name} on the screen`).toBeLessThanOrEqual(375);
  }
  await expect(panel.locator('a[href="/profile"]')).toBeVisible();
  // The row keeps its height while the panel is open (the panel lies over the page).
  expect(await headerHeight(page)).toBeLessThanOrEqual(64);
  await expectNoA11yViolations(page);

  // Escape closes it and gives the focus back to the button.
  await page.keyboard.press('Tab');
  await expect(panel.getByRole('link', { name: 'Home', exact: true })).toBeFocused();
  await page.keyboard.press('Escape');
  await expect(menu).toHaveAttribute('aria-expanded', 'false');
  await expect(headerLink(page, 'Home')).toBeHidden();
  await expect(menu).toBeFocused();

  // The keyboard opens it; choosing a link goes there and closes it.
  await page.keyboard.press('Enter');
  await expect(menu).toHaveAttribute('aria-expanded', 'true');
  await panel.getByRole('link', { name: 'Activity', exact: true }).click();
  await expect(page).toHaveURL(/\/activity$/);
  await expect(menu).toHaveAttribute('aria-expanded', 'false');
  await expect(headerLink(page, 'Activity')).toBeHidden();

  // The link of the page shown closes it too (no navigation).
  await menu.click();
  await panel.getByRole('link', { name: 'Activity', exact: true }).click();
  await expect(menu).toHaveAttribute('aria-expanded', 'false');

  // Every link leads where it should from the menu.
  for (const [name, url] of [
    ['Workspaces', /\/workspaces$/],
    ['Admin', /\/admin$/],
    ['Data', /\/data$/],
    ['Requests', /\/requests/],
    ['Home', /\/$/],
  ] as const) {
    if (!LINKS.includes(name)) continue;
    await menu.click();
    await panel.getByRole('link', { name, exact: true }).click();
    await expect(page).toHaveURL(url);
    await expect(menu).toHaveAttribute('aria-expanded', 'false');
  }
  await menu.click();
  await panel.locator('a[href="/profile"]').click();
  await expect(page).toHaveURL(/\/profile$/);
  await expect(menu).toHaveAttribute('aria-expanded', 'false');

  // Sign out needs no menu.
  await appHeader(page).getByRole('button', { name: 'Sign out', exact: true }).click();
  await expect(page).toHaveURL(/\/login/);
});

test('at 1280 px there is no Menu: the links stand in the header', async ({ page, flavor }) => {
  const LINKS = linksOf(flavor);
  await page.setViewportSize({ width: 1280, height: 800 });
  await loginAs(page, 'admin');
  await page.goto('/workspaces');
  await expect(appHeader(page).getByRole('button', { name: 'Sign out', exact: true })).toBeVisible();
  await expect(menuButton(page)).toHaveCount(0);
  for (const name of LINKS) await expect(headerLink(page, name)).toBeVisible();
  // One profile link (the menu's copy is for narrow screens).
  await expect(appHeader(page).getByRole('link').and(page.locator('[href="/profile"]'))).toHaveCount(1);
  expect(await headerHeight(page)).toBeLessThanOrEqual(64);
});

test('between 601 and 1279 px the header keeps one row: the links behind Menu up to 1139 px, in the row from 1140', async ({
  page,
  flavor,
}) => {
  const LINKS = linksOf(flavor);
  await loginAs(page, 'admin');
  for (const width of [601, 768, 1024, 1139, 1140, 1279]) {
    await page.setViewportSize({ width, height: 800 });
    await page.goto(`/workspaces/${WORKSPACES.demo.id}`);
    const signOut = appHeader(page).getByRole('button', { name: 'Sign out', exact: true });
    await expect(signOut).toBeVisible();
    await expect(appHeader(page).getByTestId('activity-indicator')).toBeVisible();
    await expect(appHeader(page).getByRole('button', { name: 'Notifications', exact: true })).toBeVisible();
    await expect.poll(() => headerHeight(page), { message: `the header's height at ${width} px` }).toBeLessThanOrEqual(64);
    // The platform's name stays the brand link's name where the mark stands alone.
    await expect(appHeader(page).getByTestId('header-brand')).toHaveAccessibleName(/Research Console/);
    // The user's link stands in the row (the menu's copy is for the narrowest screens).
    const profile = appHeader(page).locator('a[href="/profile"]').filter({ visible: true });
    await expect(profile, `${width} px: one profile link shown`).toHaveCount(1);
    const row = (await appHeader(page).boundingBox())!;
    for (const shown of [signOut, profile]) {
      const box = (await shown.boundingBox())!;
      expect(box.x + box.width, `${width} px: within the screen`).toBeLessThanOrEqual(width);
      expect(box.y + box.height, `${width} px: within the row`).toBeLessThanOrEqual(row.y + row.height);
    }
    if (width <= 1139) {
      const menu = menuButton(page);
      await expect(menu).toBeVisible();
      for (const name of LINKS) await expect(headerLink(page, name)).toBeHidden();
      await menu.click();
      const panel = page.locator('#header-menu');
      for (const name of LINKS) {
        const link = panel.getByRole('link', { name, exact: true });
        await expect(link).toBeVisible();
        const box = (await link.boundingBox())!;
        expect(box.y + box.height, `${name} on the screen at ${width} px`).toBeLessThanOrEqual(800);
      }
      expect(await headerHeight(page), 'the row keeps its height while the panel is open').toBeLessThanOrEqual(64);
      await page.keyboard.press('Escape');
      await expect(menu).toHaveAttribute('aria-expanded', 'false');
      await expect(menu).toBeFocused();
    } else {
      await expect(menuButton(page)).toHaveCount(0);
      for (const name of LINKS) {
        const link = headerLink(page, name);
        await expect(link).toBeVisible();
        const box = (await link.boundingBox())!;
        expect(box.y + box.height, `${name} in the row at ${width} px`).toBeLessThanOrEqual(row.y + row.height);
      }
    }
  }
});

test('at 375 × 700 the ready desktop starts where the header and the session bar end', async ({ page }) => {
  await page.setViewportSize({ width: 375, height: 700 });
  await loginAs(page, 'admin');
  const id = await createHealthySession(page, 'Narrow desk');
  await page.goto(`/workspaces/${WORKSPACES.demo.id}/sessions/${id}`);
  const frame = page.getByTestId('session-iframe');
  await expect(frame).toHaveCount(1, { timeout: 30_000 });
  await expect(page.getByTestId('session-overlay')).toHaveCount(0, { timeout: 10_000 });
  const header = (await appHeader(page).boundingBox())!;
  expect(header.height, "the header's one row").toBeLessThanOrEqual(64);
  const bar = (await page.getByTestId('session-bar').boundingBox())!;
  const box = (await frame.boundingBox())!;
  expect(Math.abs(box.y - (header.y + header.height + bar.height)), `desktop at ${box.y}px`).toBeLessThanOrEqual(2);
  expect(box.y + box.height).toBeLessThanOrEqual(701);
  expect(box.height).toBeGreaterThanOrEqual(700 - header.height - bar.height - 4);

  // The menu opens over the desktop, and a link from it leaves the page.
  await menuButton(page).click();
  const workspaces = page.locator('#header-menu').getByRole('link', { name: 'Workspaces', exact: true });
  await expect(workspaces).toBeVisible();
  const link = (await workspaces.boundingBox())!;
  expect(link.y + link.height, 'the link on the screen').toBeLessThanOrEqual(700);
  const onTop = await page.evaluate(
    ([x, y]) => document.elementFromPoint(x, y)?.closest('#header-menu') != null,
    [link.x + link.width / 2, link.y + link.height / 2],
  );
  expect(onTop, 'the panel lies over the desktop').toBe(true);
  await workspaces.click();
  await expect(page).toHaveURL(/\/workspaces$/);
});
