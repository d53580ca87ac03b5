import { chromium } from '@playwright/test';
const base = 'http://127.0.0.1:6390';
const post = (p, d) => fetch(base + p, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(d) });
for (let i = 1; i <= 24; i++) await post('/api/dev/notifications', { username: 'nora', message: i % 5 ? `Message number ${i}: your results are ready for download.` : `A longer message number ${i} that wraps over more than one line on a narrow screen, to see how the table behaves.` });
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox'] });
for (const [w, h] of [[1280, 800], [375, 700]]) for (const scheme of ['light', 'dark']) {
  const ctx = await browser.newContext({ viewport: { width: w, height: h }, colorScheme: scheme, baseURL: base });
  const page = await ctx.newPage();
  await page.goto('/login');
  await page.getByLabel('Username', { exact: true }).fill('nora');
  await page.getByLabel('Password', { exact: true }).fill('nora1234');
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await page.waitForURL((u) => !u.pathname.startsWith('/login'));
  await page.goto('/messages');
  await page.getByTestId('messages-table').waitFor();
  await page.getByLabel('Search messages').focus();
  await page.screenshot({ path: `/tmp/inbox-shots/messages-${w}-${scheme}.png`, fullPage: false });
  await ctx.close();
}
await browser.close();
