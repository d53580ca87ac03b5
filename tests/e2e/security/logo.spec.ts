import type { APIRequestContext, Page, Request } from '@playwright/test';

import { expect, test } from '../fixtures';
import { LOGIN_URL, apiLogin, appHeader, loginAs, resetServer } from '../helpers';

// Issue 55, point 4: the platform's logo is drawn only from an image data URI or a path of this
// site outside the API (src/domain/branding.rs, shown_logo). A stored logo naming an API path
// was asked, with each user's cookie, by every header and the login page. Both flavors;
// requests observed, never intercepted.

const NAME = 'Logo Check Platform';
const API_LOGO = '/api/rest/v1/users/me';
/** A page's title: where one is, then the platform's name (ui.md, "Everyone"). */
const BRANDED = new RegExp(`(^| · )${NAME}$`);
/** A 1 × 1 PNG. */
const PNG = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==';

test.beforeEach(async ({ request }) => {
  await resetServer(request);
});

async function putGlobal(request: APIRequestContext, key: string, value: string): Promise<void> {
  const r = await request.post('/api/rest/v1/devstore/global', { data: { key, value } });
  expect(r.status(), await r.text()).toBe(200);
}

/** The images the page asks for from now on (their paths). */
function images(page: Page): string[] {
  const asked: string[] = [];
  page.on('request', (r: Request) => {
    if (r.resourceType() === 'image') asked.push(new URL(r.url()).pathname);
  });
  return asked;
}

test('a logo naming an API path is never asked for, by the header nor the login page', async ({ page, request, browser, baseURL }) => {
  await apiLogin(request, 'admin');
  await putGlobal(request, 'instance.name', NAME);
  await putGlobal(request, 'instance.logo', JSON.stringify({ light: API_LOGO, dark: `${API_LOGO}?dark` }));
  const asked = images(page);

  // The header: the brand read (its name ends the page's title), no logo drawn.
  await loginAs(page, 'alice');
  await expect(page).toHaveTitle(BRANDED);
  await expect(appHeader(page).getByTestId('brand-logo')).toHaveCount(0);
  // A load with the brand as this browser kept it.
  await page.reload();
  await expect(page).toHaveTitle(BRANDED);
  await expect(appHeader(page).getByRole('button', { name: 'Sign out', exact: true })).toBeVisible();
  await expect(appHeader(page).getByTestId('brand-logo')).toHaveCount(0);
  // The login page after a sign-out (the kept brand, then read again).
  await appHeader(page).getByRole('button', { name: 'Sign out', exact: true }).click();
  await expect(page).toHaveURL(LOGIN_URL);
  await expect(page.getByText(NAME).first()).toBeVisible();
  await expect(page.getByTestId('brand-logo')).toHaveCount(0);
  expect(asked.filter((p) => p.startsWith('/api/')), 'images asked from the API').toEqual([]);

  // A browser that never signed in: its login page reads the brand in the background.
  const fresh = await browser.newContext({ baseURL });
  const visitor = await fresh.newPage();
  const theirs = images(visitor);
  await visitor.goto('/login');
  await expect(visitor.getByText(NAME).first()).toBeVisible();
  await expect(visitor.getByTestId('brand-logo')).toHaveCount(0);
  expect(theirs.filter((p) => p.startsWith('/api/'))).toEqual([]);

  // An image given as data is drawn.
  await putGlobal(request, 'instance.logo', JSON.stringify({ light: `data:image/png;base64,${PNG}`, dark: null }));
  await visitor.reload();
  await expect(visitor.getByTestId('brand-logo')).toBeVisible();
  await fresh.close();
});
