import { chromium } from '@playwright/test';
const base = 'http://127.0.0.1:6540';
const out = '/tmp/links-shots';
const browser = await chromium.launch();
const req = await (await browser.newContext({ baseURL: base })).request;
await req.post('/api/dev/reset');
await req.post('/api/rest/v1/authentication/login', { data: { username: 'admin', password: 'admin123' } });
await req.post('/api/rest/v1/devstore/global', { data: { key: 'external_webapps', value: JSON.stringify([
  { id: 'a', name: 'Lab wiki', url: 'https://wiki.example.org/start', description: 'How we work, our protocols and the rota.' },
  { id: 'b', name: 'Issue tracker', url: 'https://tracker.example.org' },
  { id: 'c', name: 'Old intranet', url: 'http://intranet.example.org' },
]) } });
await req.post('/api/rest/v1/devstore/user', { data: { key: 'user.bookmarks', value: JSON.stringify([
  { route: '/messages?tab=all', label: 'All my messages', addedAt: '2026-11-26T10:00:00Z' },
  { route: '/apps', label: 'Apps', addedAt: '2026-11-26T10:00:00Z' },
  { route: '/workspaces/1/data?path=raw', label: 'Demo raw data with a long label here', addedAt: '2026-11-26T10:00:00Z' },
]) } });
for (const scheme of ['light', 'dark']) {
  for (const width of [1280, 375]) {
    const ctx = await browser.newContext({ baseURL: base, viewport: { width, height: 900 }, colorScheme: scheme });
    const page = await ctx.newPage();
    await page.goto('/login');
    await page.getByLabel('Username', { exact: true }).fill('admin');
    await page.getByLabel('Password', { exact: true }).fill('admin123');
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await page.waitForURL((u) => !u.pathname.startsWith('/login'));
    for (const [name, path] of [['apps', '/apps'], ['admin', '/admin/apps?tab=weblinks']]) {
      await page.goto(path);
      await page.getByRole('navigation', { name: 'Bookmarks' }).getByRole('link').first().waitFor();
      await page.waitForTimeout(1500);
      const h = await page.getByRole('banner').boundingBox();
      console.log(scheme, width, name, 'header height', h?.height);
      await page.screenshot({ path: `${out}/${name}-${width}-${scheme}.png`, fullPage: name === 'apps' ? false : true });
      if (name === 'apps') {
        await page.getByRole('region', { name: 'Web links' }).scrollIntoViewIfNeeded();
        await page.screenshot({ path: `${out}/${name}-cards-${width}-${scheme}.png` });
      }
    }
    await ctx.close();
  }
}
await browser.close();
