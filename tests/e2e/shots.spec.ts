import { test, expect } from '@playwright/test';
const shots = process.env.SHOTS_DIR ?? '/tmp/shots';
const variants = [
  { name: 'light-1280', width: 1280, height: 800, scheme: 'light' as const },
  { name: 'dark-1280', width: 1280, height: 800, scheme: 'dark' as const },
  { name: 'light-375', width: 375, height: 700, scheme: 'light' as const },
];
async function login(page, u, p) {
  await page.goto('/login');
  await page.getByLabel('Username', { exact: true }).fill(u);
  await page.getByLabel('Password', { exact: true }).fill(p);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await expect(page).not.toHaveURL(/login/);
}
for (const v of variants) {
  test(`shots ${v.name}`, async ({ browser, request }) => {
    await request.post('/api/dev/reset', { data: {} });
    const ctx = await browser.newContext({ viewport: { width: v.width, height: v.height }, colorScheme: v.scheme });
    const page = await ctx.newPage();
    await login(page, 'bob', 'bob12345');
    await page.goto('/workspaces/1');
    await expect(page.getByText('You may look')).toBeVisible();
    await page.screenshot({ path: `${shots}/workspace-bob-${v.name}.png`, fullPage: true });
    await ctx.clearCookies();
    await login(page, 'admin', 'admin123');
    await request.put('/api/dev/scenario', { data: { scenario: 'image-pull' } });
    await page.goto('/workspaces/1');
    await page.getByLabel('Session name', { exact: true }).fill('Broken image');
    await page.getByRole('button', { name: 'Start session', exact: true }).click();
    await expect(page.getByRole('button', { name: /Start new session|Retry/ })).toBeVisible({ timeout: 30000 });
    await page.screenshot({ path: `${shots}/failed-${v.name}.png` });
    await request.put('/api/dev/scenario', { data: { scenario: 'slow' } });
    await page.goto('/workspaces/1');
    await page.getByLabel('Session name', { exact: true }).fill('Removed soon');
    await page.getByRole('button', { name: 'Start session', exact: true }).click();
    await expect(page).toHaveURL(/sessions\/\d+$/);
    const id = page.url().split('/').pop();
    await ctx.setOffline(true);
    await expect(page.getByTestId('connection-banner')).toContainText('offline');
    await page.screenshot({ path: `${shots}/offline-${v.name}.png` });
    await ctx.setOffline(false);
    await request.post(`/api/dev/workbenches/${id}/remove`, { data: {} });
    await expect(page.getByTestId('session-gone')).toBeVisible({ timeout: 15000 });
    await page.screenshot({ path: `${shots}/gone-${v.name}.png` });
    await ctx.close();
  });
}
