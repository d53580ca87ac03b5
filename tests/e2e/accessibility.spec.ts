import type { APIRequestContext, Page } from '@playwright/test';
import { test, expect } from './fixtures';
import { apiLogin, resetServer, WORKSPACES } from './helpers';

// Issue 57: what every page owes a keyboard or screen-reader user (ui.md, "Everyone:
// accessibility the tests check"). The axe-core stage is tests/e2e/a11y (its own config); these
// are the behaviours axe cannot see.

test.beforeEach(async ({ request }) => {
  await resetServer(request);
});

/** The element that has focus, described (tag, name), for assertions. */
async function focused(page: Page): Promise<string> {
  return page.evaluate(() => {
    const a = document.activeElement as HTMLElement | null;
    if (!a) return 'none';
    const name = a.getAttribute('aria-label') ?? a.innerText ?? '';
    return `${a.tagName.toLowerCase()}:${name.trim().slice(0, 60)}`;
  });
}

async function focusInside(page: Page, selector: string): Promise<boolean> {
  return page.evaluate((s) => {
    const root = document.querySelector(s);
    return !!root && !!document.activeElement && root.contains(document.activeElement);
  }, selector);
}

async function putGlobal(request: APIRequestContext, key: string, value: string): Promise<void> {
  const r = await request.post('/api/rest/v1/devstore/global', { data: { key, value } });
  expect(r.status(), await r.text()).toBe(200);
}

test('the skip link puts focus inside main: the next Tab stays there', async ({ page }) => {
  await apiLogin(page.request, 'admin');
  await page.goto('/workspaces');
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  await page.keyboard.press('Tab');
  await expect(page.getByRole('link', { name: 'Skip to content' })).toBeFocused();
  await page.keyboard.press('Enter');
  expect(await focusInside(page, 'main')).toBe(true);
  await page.keyboard.press('Tab');
  expect(await focusInside(page, 'main'), `after Tab: ${await focused(page)}`).toBe(true);
  expect(await focusInside(page, 'header'), 'the next Tab went to the header').toBe(false);
});

test('each page has its own title, most specific first, then the platform name', async ({ page, request }) => {
  await apiLogin(request, 'admin');
  await putGlobal(request, 'instance.name', 'Test Platform');
  await apiLogin(page.request, 'admin');
  await page.goto(`/workspaces/${WORKSPACES.demo.id}/data`);
  await expect(page).toHaveTitle('Data · Demo · Test Platform');
  await page.goto('/admin/users');
  await expect(page).toHaveTitle('Users · Administration · Test Platform');
  await page.goto('/admin/roles');
  await expect(page).toHaveTitle('Roles · Administration · Test Platform');
  await page.goto(`/workspaces/${WORKSPACES.demo.id}/members`);
  await expect(page).toHaveTitle('Members · Demo · Test Platform');
});

test('after a navigation inside the app focus is on the new page heading, never on body', async ({ page }) => {
  await apiLogin(page.request, 'admin');
  await page.goto('/workspaces');
  const link = page.getByRole('link', { name: WORKSPACES.demo.name, exact: true }).first();
  await link.focus();
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(new RegExp(`/workspaces/${WORKSPACES.demo.id}$`));
  await expect(page.locator('main h1')).toBeFocused();
  // Through the header too (the link stays, focus moves on).
  await page.getByRole('banner').getByRole('link', { name: 'Activity', exact: true }).focus();
  await page.keyboard.press('Enter');
  await expect(page.locator('main h1')).toBeFocused();
  await expect(page.locator('main h1')).toHaveAttribute('tabindex', '-1');
});

test('tabs follow the ARIA pattern: arrows move and select, Home and End', async ({ page }) => {
  // Demo's approver (devserver/README.md): `To review` is offered.
  await apiLogin(page.request, 'wendy');
  await page.goto('/requests');
  const mine = page.getByRole('tab', { name: 'Mine' });
  const review = page.getByRole('tab', { name: /^To review/ });
  await expect(review).toBeVisible();
  await expect(review).toHaveAttribute('tabindex', '-1');
  await mine.focus();
  await page.keyboard.press('ArrowRight');
  await expect(review).toBeFocused();
  await expect(review).toHaveAttribute('aria-selected', 'true');
  await expect(review).toHaveAttribute('tabindex', '0');
  await page.keyboard.press('Home');
  await expect(mine).toBeFocused();
  await expect(mine).toHaveAttribute('aria-selected', 'true');
  await page.keyboard.press('End');
  await expect(review).toBeFocused();
});

test('an inline form takes focus on open and gives it back on Escape and Cancel', async ({ page }) => {
  await apiLogin(page.request, 'admin');
  await page.goto('/workspaces');
  const opener = page.getByRole('button', { name: 'New workspace', exact: true });
  await opener.focus();
  await page.keyboard.press('Enter');
  await expect(page.getByLabel('Name', { exact: true })).toBeFocused();
  await page.keyboard.press('Escape');
  await expect(page.getByLabel('Short name', { exact: true })).toHaveCount(0);
  await expect(opener).toBeFocused();

  await page.goto('/admin/roles');
  const newRole = page.getByRole('button', { name: 'New role', exact: true });
  await expect(newRole).toBeEnabled();
  await newRole.focus();
  await page.keyboard.press('Enter');
  await expect(page.getByLabel('Name', { exact: true })).toBeFocused();
  await page.getByRole('button', { name: 'Cancel', exact: true }).focus();
  await page.keyboard.press('Enter');
  await expect(newRole).toBeFocused();

  // A submit with a problem puts focus on the field said to be wrong.
  await newRole.press('Enter');
  await expect(page.getByLabel('Name', { exact: true })).toBeFocused();
  await page.getByRole('button', { name: 'Create role', exact: true }).focus();
  await page.keyboard.press('Enter');
  await expect(page.getByLabel('Name', { exact: true })).toBeFocused();
  await expect(page.getByLabel('Name', { exact: true })).toHaveAttribute('aria-invalid', 'true');
});

test('the upload dialog is modal: Tab stays inside, the page behind is inert, Escape gives focus back', async ({ page }) => {
  await apiLogin(page.request, 'alice');
  await page.goto(`/workspaces/${WORKSPACES.demo.id}/data`);
  const upload = page.getByRole('button', { name: 'Upload files', exact: true });
  await upload.focus();
  const chooser = page.waitForEvent('filechooser');
  await page.keyboard.press('Enter');
  await (await chooser).setFiles({ name: 'kb.txt', mimeType: 'text/plain', buffer: Buffer.from('hello') });
  const dialog = page.getByRole('dialog', { name: 'Before you upload' });
  await expect(dialog).toBeVisible();
  await expect(dialog).toHaveAttribute('aria-modal', 'true');
  expect(await focusInside(page, '[role="dialog"]')).toBe(true);
  await expect(page.locator('header.app-header')).toHaveAttribute('inert', '');
  for (let i = 0; i < 8; i++) {
    await page.keyboard.press('Tab');
    expect(await focusInside(page, '[role="dialog"]'), `Tab ${i + 1}: ${await focused(page)}`).toBe(true);
  }
  await page.keyboard.press('Shift+Tab');
  expect(await focusInside(page, '[role="dialog"]')).toBe(true);
  await page.keyboard.press('Escape');
  await expect(dialog).toHaveCount(0);
  await expect(upload).toBeFocused();
  await expect(page.locator('header.app-header')).not.toHaveAttribute('inert', '');
});

test('transfers say their start and end in a polite live region', async ({ page }) => {
  await apiLogin(page.request, 'alice');
  await page.goto(`/workspaces/${WORKSPACES.demo.id}/data`);
  const said = page.getByTestId('transfers-said');
  await expect(said).toHaveAttribute('aria-live', 'polite');
  await page.evaluate(() => {
    const el = document.querySelector('[data-testid="transfers-said"]')!;
    const w = window as unknown as { said: string[] };
    w.said = [];
    new MutationObserver(() => w.said.push(el.textContent ?? '')).observe(el, {
      childList: true,
      characterData: true,
      subtree: true,
    });
  });
  await page.getByLabel('Files to upload').setInputFiles({ name: 'said.txt', mimeType: 'text/plain', buffer: Buffer.from('x') });
  const dialog = page.getByRole('dialog', { name: 'Before you upload' });
  for (const box of await dialog.getByRole('checkbox').all()) await box.check();
  await dialog.getByRole('button', { name: 'Upload', exact: true }).click();
  await expect
    .poll(() => page.evaluate(() => (window as unknown as { said: string[] }).said.join(' | ')))
    .toMatch(/Started: said\.txt.*Finished: said\.txt|Finished: said\.txt/);
  const all = await page.evaluate(() => (window as unknown as { said: string[] }).said.join(' | '));
  expect(all).toContain('said.txt');
});

test('text follows the browser font size; input borders reach 3:1 in light and dark', async ({ page }) => {
  await apiLogin(page.request, 'admin');
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Page.setFontSizes', { fontSizes: { standard: 24 } });
  await page.goto('/workspaces');
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  expect(await page.evaluate(() => getComputedStyle(document.documentElement).fontSize)).toBe('24px');
  await cdp.send('Page.setFontSizes', { fontSizes: { standard: 16 } });

  await page.getByRole('button', { name: 'New workspace', exact: true }).click();
  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    const ratio = await page.getByLabel('Short name', { exact: true }).evaluate((input) => {
      const rgb = (c: string) => (c.match(/[\d.]+/g) ?? []).slice(0, 3).map(Number);
      const lum = ([r, g, b]: number[]) => {
        const f = (v: number) => ((v /= 255) <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4);
        return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
      };
      let el: Element | null = input.parentElement;
      let bg = 'rgba(0, 0, 0, 0)';
      while (el && /rgba\(.*, 0\)$|transparent/.test(bg)) {
        bg = getComputedStyle(el).backgroundColor;
        el = el.parentElement;
      }
      const a = lum(rgb(getComputedStyle(input).borderTopColor));
      const b = lum(rgb(bg));
      return (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
    });
    expect(ratio, `${scheme}: input border contrast`).toBeGreaterThanOrEqual(3);
  }
});

test('a table that scrolls sideways is focusable and named', async ({ page }) => {
  await apiLogin(page.request, 'admin');
  await page.setViewportSize({ width: 375, height: 700 });
  await page.goto('/activity');
  const wrap = page.locator('.table-wrap').filter({ has: page.getByTestId('builds-table') });
  await expect(wrap).toHaveAttribute('tabindex', '0');
  await expect(wrap).toHaveAttribute('aria-label', /\S/);
});

test('the sticky header never covers the focused element (/admin/apps)', async ({ page }) => {
  await apiLogin(page.request, 'admin');
  await page.setViewportSize({ width: 1280, height: 600 });
  await page.goto('/admin/apps');
  await expect(page.getByTestId('apps-table')).toBeVisible();
  const hidden: string[] = [];
  for (let i = 0; i < 60; i++) {
    await page.keyboard.press('Tab');
    const covered = await page.evaluate(() => {
      const a = document.activeElement as HTMLElement | null;
      const header = document.querySelector('.app-header');
      // The skip link shows over the header on purpose.
      if (!a || !header || header.contains(a) || a === document.body || a.classList.contains('skip-link')) return null;
      const r = a.getBoundingClientRect();
      if (r.height === 0) return null;
      return r.top < header.getBoundingClientRect().bottom - 1 ? `${a.tagName} ${a.innerText ?? ''}`.slice(0, 60) : null;
    });
    if (covered) hidden.push(covered);
  }
  expect(hidden, 'focused elements under the sticky header').toEqual([]);
});
