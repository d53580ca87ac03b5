import { test, expect } from '../fixtures';
import { apiLogin, resetServer } from '../helpers';
import { axeEverywhere, pageShown, routerPages, violationWords } from './run';

// Every route the router knows (src/routes.rs, `PAGES`, kept complete by a native test in
// src/pages/lazy/routes_tests.rs), as a platform admin (`admin`) and as a researcher (`alice`),
// at 1280, 375 and 320 px, light and dark: no WCAG 2.2 A/AA violation (axe-core). The pages
// before the sign-in are visited signed out.

/** A route's `:params` filled from the demo data (devserver/README.md, "Demo data"). */
const PARAMS: Record<string, string> = { workspaceId: '1', sessionId: '1', requestId: '1' };
const SIGNED_OUT = new Set(['/login', '/oauthredirect', '/register']);

function concrete(pattern: string): string {
  return pattern.replace(/:([A-Za-z]+)/g, (_, name: string) => PARAMS[name] ?? '1');
}

test.beforeEach(async ({ request }) => {
  await resetServer(request);
});

for (const { pattern } of routerPages()) {
  for (const user of ['admin', 'alice'] as const) {
    if (SIGNED_OUT.has(pattern) && user === 'alice') continue;
    const who = SIGNED_OUT.has(pattern) ? 'signed-out' : user;
    test(`${pattern} (${who})`, async ({ page }) => {
      if (!SIGNED_OUT.has(pattern)) await apiLogin(page.request, user);
      await page.goto(concrete(pattern));
      if (pattern !== '/oauthredirect') await pageShown(page);
      else await expect(page.locator('main')).toBeVisible();
      const record = await axeEverywhere(page, pattern, who);
      const words = violationWords(record);
      expect(words, `WCAG violations on ${pattern} as ${who}:\n${words}`).toBe('');
    });
  }
}
