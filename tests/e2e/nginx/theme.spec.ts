import type { APIRequestContext, Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { apiLogin, resetServer } from '../helpers';

// Issue 55, point 3: the platform's theme colours (`/admin/settings`, the dev store's
// `instance.theme`) show under the deployed Content-Security-Policy (`style-src 'self'`): the
// console sets them through the CSSOM, never as an inline `<style>`. The suite's guard
// (./fixtures.ts) fails the test on any policy violation the page reports.

const THEME = {
  light: { background: '#fdf6e3', primary: '#004488', foreground: '#222222' },
  // Only the background for the dark theme: the light theme's primary must not leak into it.
  dark: { background: '#101820' },
};

async function setTheme(request: APIRequestContext): Promise<void> {
  await apiLogin(request, 'admin');
  const reply = await request.post('/api/rest/v1/devstore/global', { data: { key: 'instance.theme', value: JSON.stringify(THEME) } });
  expect(reply.status(), await reply.text()).toBe(200);
}

/** The colours the page shows: the body's background and the root's variables. */
function colours(page: Page) {
  return page.evaluate(() => {
    const root = getComputedStyle(document.documentElement);
    return {
      background: getComputedStyle(document.body).backgroundColor,
      bg: root.getPropertyValue('--bg').trim(),
      accent: root.getPropertyValue('--accent').trim(),
      text: root.getPropertyValue('--text').trim(),
    };
  });
}

test.beforeEach(async ({ request }) => {
  await resetServer(request);
});

test('theme colours show in light and dark under the deployed policy, and follow the scheme', async ({ page }) => {
  await setTheme(page.request);
  await page.emulateMedia({ colorScheme: 'light' });
  await page.goto('/workspaces');
  await expect(page.getByRole('heading', { name: 'Workspaces', level: 1 })).toBeVisible();
  await expect.poll(() => colours(page)).toEqual({
    background: 'rgb(253, 246, 227)',
    bg: '#fdf6e3',
    accent: '#004488',
    text: '#222222',
  });
  await expect(page.locator('style')).toHaveCount(0);

  // The browser turns dark: the dark theme's colours, the console's own for the rest.
  await page.emulateMedia({ colorScheme: 'dark' });
  await expect.poll(() => colours(page)).toEqual({
    background: 'rgb(16, 24, 32)',
    bg: '#101820',
    accent: '#7aa2ff',
    text: '#e6e9ef',
  });
});

test.describe('in a browser that prefers dark', () => {
  test.use({ colorScheme: 'dark' });

  test('a page loaded dark shows the dark theme', async ({ page }) => {
    await setTheme(page.request);
    await page.goto('/workspaces');
    await expect(page.getByRole('heading', { name: 'Workspaces', level: 1 })).toBeVisible();
    await expect.poll(async () => (await colours(page)).background).toBe('rgb(16, 24, 32)');
    expect((await colours(page)).accent).toBe('#7aa2ff');
  });
});
