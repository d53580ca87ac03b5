import { test as base, expect, type Page } from '@playwright/test';

// Every spec imports `test` and `expect` from here, not from @playwright/test: the auto fixture
// below fails any test during which the app threw an uncaught error, crashed, or a wasm panic
// reached the console ("panicked at …" from console_error_panic_hook).
//
// It watches every page of the test's browser context (`page` and any page opened in `context`).
// A test that means to provoke such an error opts out with `test.use({ allowPageErrors: true })`.

/** Which dev server a project runs against (playwright.config.ts, `projects`). */
export type Flavor = 'default' | 'chorus' | 'mc';
export type Options = { allowPageErrors: boolean; flavor: Flavor };
type Fixtures = { pageErrorGuard: void; backendGuard: void; cpuThrottle: void; focusTrail: void };

/** How far the dev servers of parallel slot i are moved: port + i × SLOT_STRIDE. */
export const SLOT_STRIDE = 10;

/** `url` with its port moved to parallel slot `slot`'s servers (playwright.config.ts). */
export function slotURL(url: string | undefined, slot: number): string | undefined {
  if (!url || slot === 0) return url;
  const u = new URL(url);
  u.port = String(Number(u.port) + slot * SLOT_STRIDE);
  return u.origin;
}

export const test = base.extend<Options & Fixtures>({
  allowPageErrors: [false, { option: true }],
  flavor: ['default', { option: true }],
  // Each parallel worker talks to its own dev servers: `page` and `request` follow baseURL.
  baseURL: async ({ baseURL }, use, testInfo) => {
    await use(slotURL(baseURL, testInfo.parallelIndex));
  },

  // E2E_CPU_THROTTLE=4: every page of the test runs with its CPU slowed that many times
  // (Chromium's own emulation, as DevTools does), to run the suite as a loaded machine would
  // (issue 56: a test waits for its condition, never for a budget that load can exceed).
  cpuThrottle: [
    async ({ context }, use) => {
      const rate = Number(process.env.E2E_CPU_THROTTLE ?? '');
      if (Number.isFinite(rate) && rate > 1) {
        const slow = async (page: Page) => {
          try {
            const cdp = await context.newCDPSession(page);
            await cdp.send('Emulation.setCPUThrottlingRate', { rate });
          } catch {
            // A page closed at once: nothing to slow.
          }
        };
        await Promise.all(context.pages().map(slow));
        context.on('page', (page) => void slow(page));
      }
      await use();
    },
    { auto: true },
  ],

  pageErrorGuard: [
    async ({ context, allowPageErrors }, use, testInfo) => {
      const problems: string[] = [];
      const watch = (page: Page) => {
        page.on('pageerror', (error) => {
          problems.push(`uncaught error on ${page.url()}:\n${error.stack ?? error.message}`);
        });
        page.on('console', (message) => {
          const text = message.text();
          if (text.includes('panicked')) {
            problems.push(`wasm panic on ${page.url()} (console.${message.type()}):\n${text}`);
          }
        });
        page.on('crash', () => problems.push(`page crashed on ${page.url()}`));
      };
      context.pages().forEach(watch);
      context.on('page', watch);

      await use();

      if (problems.length > 0) {
        const report = problems.join('\n---\n');
        await testInfo.attach('page-errors.txt', { body: report, contentType: 'text/plain' });
        if (!allowPageErrors) {
          throw new Error(`the app had ${problems.length} uncaught error(s) or panic(s):\n${report}`);
        }
      }
    },
    { auto: true },
  ],

  // Where focus went, for a test that fails: every focus and blur of the test's pages (and
  // each time focus sat on <body>) with the page's clock, attached as text so that it prints
  // with the failure (a focus lost on a loaded CI machine once could not be seen otherwise).
  focusTrail: [
    async ({ context }, use, testInfo) => {
      await context.addInitScript(() => {
        const w = window as unknown as { __focusTrail?: string[] };
        const trail: string[] = (w.__focusTrail = []);
        const say = (t: EventTarget | null) => {
          if (!(t instanceof Element)) return String(t);
          const name = (t.getAttribute('aria-label') ?? t.textContent ?? '').trim().replace(/\s+/g, ' ').slice(0, 40);
          const flags = `${t.isConnected ? '' : ' (gone)'}${t.hasAttribute('disabled') ? ' (disabled)' : ''}`;
          return `${t.tagName.toLowerCase()}${t.id ? `#${t.id}` : ''} "${name}"${flags}`;
        };
        const at = () => `${Math.round(performance.now())} ms ${location.pathname}${location.search}`;
        const add = (line: string) => {
          trail.push(line);
          if (trail.length > 200) trail.shift();
        };
        addEventListener('focusin', (e) => add(`${at()} focus ${say(e.target)}`), true);
        addEventListener('focusout', (e) => add(`${at()} blur ${say(e.target)}`), true);
        let onBody = false;
        setInterval(() => {
          const now = document.activeElement === document.body;
          if (now && !onBody) add(`${at()} on <body>`);
          onBody = now;
        }, 50);
      });
      await use();
      if (testInfo.status === testInfo.expectedStatus) return;
      const parts: string[] = [];
      for (const page of context.pages()) {
        const trail = await page
          .evaluate(() => (window as unknown as { __focusTrail?: string[] }).__focusTrail ?? [])
          .catch(() => [] as string[]);
        const active = await page
          .evaluate(() => {
            const a = document.activeElement;
            return a ? `${a.tagName.toLowerCase()} "${(a.getAttribute('aria-label') ?? a.textContent ?? '').trim().slice(0, 40)}"` : 'none';
          })
          .catch(() => 'unknown');
        if (trail.length > 0) parts.push(`${page.url()} (focus now on ${active}):\n${trail.slice(-40).join('\n')}`);
      }
      if (parts.length > 0) {
        await testInfo.attach('focus-trail.txt', { body: parts.join('\n---\n'), contentType: 'text/plain' });
      }
    },
    { auto: true },
  ],

  // The dev server's chorus flavor stops, as CHORUS 0978bc77 exits, on a call that crashes it
  // (issue 45: a member's last workspace role through the workspace route): every test fails
  // whose browser sent one. Other flavors never stop; a server without the dev API is skipped.
  backendGuard: [
    async ({ baseURL }, use) => {
      await use();
      if (!baseURL) return;
      let stopped: unknown = null;
      try {
        const r = await fetch(new URL('/api/dev/stats', baseURL));
        if (r.ok) stopped = ((await r.json()) as { stopped?: unknown }).stopped ?? null;
      } catch {
        return;
      }
      if (stopped) throw new Error(`the console sent a call that stops CHORUS: ${String(stopped)}`);
    },
    { auto: true },
  ],
});

export { expect };
